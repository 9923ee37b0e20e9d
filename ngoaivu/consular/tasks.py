from __future__ import annotations

from ngoaivu.consular.services import purge_personal_data, remind_notifications
from ngoaivu.core.tasks import task


@task()
def remind_notifications_job() -> dict[str, int]:
    """Periodic job (hourly): nudges the mission before the 1-working-day notification is due and flags the
    breach to the mission and the consular unit. Idempotent (dedupe keys)."""
    return remind_notifications()


@task()
def purge_personal_data_job() -> dict[str, int]:
    """Daily job: anonymises citizens' personal data past `citizen_personal_data_retention`. Idempotent."""
    return purge_personal_data()
