from __future__ import annotations

from ngoaivu.core.tasks import task
from ngoaivu.requests.services import escalate_overdue


@task()
def escalate_overdue_requests() -> int:
    """Periodic job (see settings.NGOAIVU_PERIODIC_JOBS): notifies each deadline breach once."""
    return escalate_overdue()
