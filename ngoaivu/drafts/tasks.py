from __future__ import annotations

from ngoaivu.core.tasks import task
from ngoaivu.drafts.services import drafts_purge


@task()
def purge_drafts_job() -> dict[str, int]:
    """Daily job (settings.NGOAIVU_PERIODIC_JOBS): drafts untouched for 30 days are dropped. Idempotent."""
    return {"drafts": drafts_purge()}
