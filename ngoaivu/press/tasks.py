from __future__ import annotations

from ngoaivu.core.tasks import task
from ngoaivu.press.personal import purge_personal_data
from ngoaivu.press.services import remind_answers


@task()
def remind_press_answers_job() -> dict[str, int]:
    """Periodic job (hourly): reminders of press applications whose answer is due soon or overdue. Idempotent."""
    return remind_answers()


@task()
def purge_press_personal_data_job() -> dict[str, int]:
    """Daily job: anonymises reporters' personal data past the `press_personal_data_retention` rule.
    Idempotent."""
    return purge_personal_data()
