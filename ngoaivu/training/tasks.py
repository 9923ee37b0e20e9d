from __future__ import annotations

from ngoaivu.core.tasks import task
from ngoaivu.training.services import remind_nominations


@task()
def remind_nominations_job() -> dict[str, int]:
    """Periodic job (settings.NGOAIVU_PERIODIC_JOBS, hourly — see REQUESTS.md): reminders before courses'
    nomination deadlines, to the provinces given a quota and to the heads with proposals to approve.
    Idempotent."""
    return remind_nominations()
