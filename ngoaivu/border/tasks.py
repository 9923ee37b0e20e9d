from __future__ import annotations

from ngoaivu.border.services import remind_commitments
from ngoaivu.core.tasks import task


@task()
def remind_commitments_job() -> dict[str, int]:
    """Periodic job (to be listed in settings.NGOAIVU_PERIODIC_JOBS, hourly — asked in REQUESTS.md): reminders of
    border meetings' commitments due soon (the `border_commitment_reminder` rule's days) or overdue. Idempotent."""
    return remind_commitments()
