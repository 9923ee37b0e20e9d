from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "ngoaivu.events"
    label = "events"
    verbose_name = "Sự kiện xúc tiến"
