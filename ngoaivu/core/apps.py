from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "ngoaivu.core"
    label = "core"
    verbose_name = "Lõi"
