from django.apps import AppConfig


class AgreementsConfig(AppConfig):
    name = "ngoaivu.agreements"
    label = "agreements"
    verbose_name = "Thỏa thuận quốc tế"
