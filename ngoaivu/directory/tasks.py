from __future__ import annotations

from ngoaivu.core.tasks import task
from ngoaivu.directory.services import remind_calendar_missing


@task()
def remind_calendar_missing_job() -> dict[str, int]:
    """Periodic job (settings.NGOAIVU_PERIODIC_JOBS): reminds the site administrators, once per ISO week, while
    the working-day calendar lacks this year's or (from 1 October) next year's holidays. Idempotent."""
    return remind_calendar_missing()
