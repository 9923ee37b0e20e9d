from django.apps import AppConfig


class AidConfig(AppConfig):
    name = "ngoaivu.aid"
    label = "aid"
    verbose_name = "Viện trợ phi chính phủ nước ngoài"
