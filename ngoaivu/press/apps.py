from django.apps import AppConfig


class PressConfig(AppConfig):
    name = "ngoaivu.press"
    label = "press"
    verbose_name = "Phóng viên nước ngoài"
