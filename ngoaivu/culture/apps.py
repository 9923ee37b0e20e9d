from django.apps import AppConfig


class CultureConfig(AppConfig):
    name = "ngoaivu.culture"
    label = "culture"
    verbose_name = "Văn hóa, UNESCO"
