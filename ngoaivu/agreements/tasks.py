from __future__ import annotations

from ngoaivu.agreements.services import remind_agreements
from ngoaivu.core.tasks import task


@task()
def remind_agreements_job() -> dict[str, int]:
    """Periodic job (settings.NGOAIVU_PERIODIC_JOBS): legal-step, milestone, dormant and expiry reminders;
    marks agreements past their end date as expired. Idempotent."""
    return remind_agreements()
