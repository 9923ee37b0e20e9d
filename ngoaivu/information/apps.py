from django.apps import AppConfig


class InformationConfig(AppConfig):
    name = "ngoaivu.information"
    label = "information"
    verbose_name = "Thông tin, tham mưu"
