from django.apps import AppConfig


class DraftsConfig(AppConfig):
    name = "ngoaivu.drafts"
    label = "drafts"
    verbose_name = "Bản nháp"
