from django.apps import AppConfig


class PartneringConfig(AppConfig):
    name = "ngoaivu.partnering"
    label = "partnering"
    verbose_name = "Hồ sơ địa phương và kết nối đối tác"
