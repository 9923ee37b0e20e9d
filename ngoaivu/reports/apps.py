from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "ngoaivu.reports"
    label = "reports"
    verbose_name = "Báo cáo, bảng điều khiển, bản đồ"
