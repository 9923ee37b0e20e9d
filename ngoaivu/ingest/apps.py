from django.apps import AppConfig


class IngestConfig(AppConfig):
    name = "ngoaivu.ingest"
    label = "ingest"
    verbose_name = "Tài liệu, tin tức"
