from django.apps import AppConfig


class RequestsConfig(AppConfig):
    name = "ngoaivu.requests"
    label = "requests"
    verbose_name = "Đặt hàng"
