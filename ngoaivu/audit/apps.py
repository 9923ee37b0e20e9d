from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "ngoaivu.audit"
    label = "audit"
    verbose_name = "Nhật ký"
