from __future__ import annotations

from ngoaivu.core.tasks import task
from ngoaivu.delegations.services import purge_personal_data, remind_delegations


@task()
def remind_delegations_job() -> dict[str, int]:
    """Periodic job (settings.NGOAIVU_PERIODIC_JOBS): trip states by date, outcome-report, follow-up and
    conference reminders. Idempotent."""
    return remind_delegations()


@task()
def purge_personal_data_job() -> dict[str, int]:
    """Daily job: anonymises members' personal data past the retention rule. Idempotent."""
    return purge_personal_data()
