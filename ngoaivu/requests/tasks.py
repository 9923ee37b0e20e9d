from __future__ import annotations

from ngoaivu.core.tasks import task
from ngoaivu.requests.services import escalate_overdue, remind_and_autoclose


@task()
def escalate_overdue_requests() -> int:
    """Periodic job (see settings.NGOAIVU_PERIODIC_JOBS): notifies each deadline breach once."""
    return escalate_overdue()


@task()
def remind_and_autoclose_requests() -> dict[str, int]:
    """Periodic job: 75 % reminders and closing answers left unrated past the rating period."""
    return remind_and_autoclose()
