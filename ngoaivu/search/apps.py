from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "ngoaivu.search"
    label = "search"
    verbose_name = "Tìm kiếm"

    def ready(self) -> None:
        from ngoaivu.search import signals

        signals.connect()
