from __future__ import annotations

from ngoaivu.core.tasks import task
from ngoaivu.culture.services import remind_unesco_steps


@task()
def remind_unesco_steps_job() -> dict[str, int]:
    """Periodic job (to be listed in settings.NGOAIVU_PERIODIC_JOBS, daily): reminders of the next steps of
    UNESCO dossiers. Idempotent (dedupe keys)."""
    return remind_unesco_steps()
