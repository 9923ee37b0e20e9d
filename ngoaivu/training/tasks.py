from __future__ import annotations

from ngoaivu.core.tasks import task
from ngoaivu.training.importer import purge_stale_previews
from ngoaivu.training.services import remind_nominations


@task()
def remind_nominations_job() -> dict[str, int]:
    """Periodic job (settings.NGOAIVU_PERIODIC_JOBS, hourly — see REQUESTS.md): reminders before courses'
    nomination deadlines, to the provinces given a quota and to the heads with proposals to approve.
    Idempotent. Also empties the rows (personal data) of Excel previews left unconfirmed for a day."""
    return {**remind_nominations(), "previews_emptied": purge_stale_previews()}
