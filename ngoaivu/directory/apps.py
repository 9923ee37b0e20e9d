from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "ngoaivu.directory"
    label = "directory"
    verbose_name = "Danh bạ"
