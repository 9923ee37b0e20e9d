from django.apps import AppConfig


class DelegationsConfig(AppConfig):
    name = "ngoaivu.delegations"
    label = "delegations"
    verbose_name = "Đoàn ra, đoàn vào, hội nghị quốc tế"
