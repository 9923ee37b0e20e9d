from __future__ import annotations

from ngoaivu.core.tasks import task
from ngoaivu.events.services import remind_follow_ups


@task()
def remind_follow_ups_job() -> dict[str, int]:
    """Periodic job (settings.NGOAIVU_PERIODIC_JOBS, hourly): reminders of promotion events' follow-up tasks due
    soon or overdue. Idempotent."""
    return remind_follow_ups()
