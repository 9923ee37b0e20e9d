from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "ngoaivu.core"
    label = "core"
    verbose_name = "Lõi"

    def ready(self) -> None:
        from django.core.signals import request_started
        from django.db.models.signals import post_delete, post_save

        from ngoaivu.core.models import CalendarDay
        from ngoaivu.core.selectors import forget_covered_years

        # the years the working-day calendar covers are kept briefly (core.selectors.covered_years)
        request_started.connect(forget_covered_years, dispatch_uid="ngoaivu-calendar-request")
        post_save.connect(forget_covered_years, sender=CalendarDay, dispatch_uid="ngoaivu-calendar-save")
        post_delete.connect(forget_covered_years, sender=CalendarDay, dispatch_uid="ngoaivu-calendar-delete")
