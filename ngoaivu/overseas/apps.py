from django.apps import AppConfig


class OverseasConfig(AppConfig):
    name = "ngoaivu.overseas"
    label = "overseas"
    verbose_name = "Người Việt Nam ở nước ngoài"
