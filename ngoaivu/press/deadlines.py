"""The press deadlines, from the deadline rules of the province (agreements' `rule_for`, working days through
`core.calendar`, Tết included): the answer due after the application (`press_answer`), the check that the
application came early enough before entry (`press_application`), and the personal-data retention cutoff
(`press_personal_data_retention`, months after the visit ends)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ngoaivu.agreements.models import DeadlineRule
from ngoaivu.agreements.selectors import add_months, due_date, rule_for
from ngoaivu.core.selectors import working_calendar


def answer_due(province_code: str, received_on: dt.date) -> tuple[dt.date, str]:
    """The day the province must answer by: N working days after the application was received."""
    rule = rule_for(DeadlineRule.Key.PRESS_ANSWER, province_code)
    return due_date(rule, received_on), rule.describe()[:300]


@dataclass(frozen=True)
class ApplicationCheck:
    late: bool
    working_days: int  # working days from the application to entry
    required: int  # the rule's minimum


def application_check(province_code: str, received_on: dt.date, entry_on: dt.date | None) -> ApplicationCheck:
    """Whether the application came at least `press_application` working days before entry (a warning, not a
    refusal: the province may still agree)."""
    rule = rule_for(DeadlineRule.Key.PRESS_APPLICATION, province_code)
    if entry_on is None:
        return ApplicationCheck(False, 0, rule.days)
    if rule.unit == DeadlineRule.Unit.WORKING:
        days = working_calendar().working_days_between(received_on, entry_on)
    else:
        days = (entry_on - received_on).days
    return ApplicationCheck(days < rule.days, days, rule.days)


def retention_cutoff(today: dt.date) -> dt.date:
    """Visits that ended before this day have had their reporters' personal data kept long enough."""
    rule = rule_for(DeadlineRule.Key.PRESS_PERSONAL_DATA_RETENTION)
    return add_months(today, -rule.days)
