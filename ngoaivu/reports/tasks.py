from __future__ import annotations

from ngoaivu.core.tasks import task
from ngoaivu.reports.services import report_run_build


@task()
def report_run_build_task(run_id: int) -> str:
    """Build a report run (enqueued after the request that asked for it commits). Idempotent."""
    return report_run_build(run_id)
