from django.apps import AppConfig


class BorderConfig(AppConfig):
    name = "ngoaivu.border"
    label = "border"
    verbose_name = "Hợp tác biên giới"
