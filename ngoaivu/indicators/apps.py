from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "ngoaivu.indicators"
    label = "indicators"
    verbose_name = "Chỉ tiêu kinh tế đối ngoại"
