"""The due dates of delegations and conferences, from the deadline rules of the province (agreements'
`rule_for`), and the personal-data retention cutoff."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from ngoaivu.agreements.models import DeadlineRule
from ngoaivu.agreements.selectors import add_months, due_date, rule_for
from ngoaivu.core.selectors import working_calendar


def _today() -> dt.date:
    return timezone.localdate()


def report_due(province_code: str, returns_on: dt.date) -> tuple[dt.date, str]:
    rule = rule_for(DeadlineRule.Key.DELEGATION_REPORT, province_code)
    return due_date(rule, returns_on), rule.describe()[:300]


def latest_dossier_date(level: str, province_code: str, starts_on: dt.date) -> tuple[dt.date, str]:
    """The dossier must reach the approver N calendar days before the opening day (Decision 06/2020); when
    that day is a day off, the working day before it."""
    key = (
        DeadlineRule.Key.CONFERENCE_DOSSIER_PM if level == "pm" else DeadlineRule.Key.CONFERENCE_DOSSIER_CHAIR
    )
    rule = rule_for(key, province_code)
    # a date from a form is not bounded below; a year-1 opening day must not overflow (500)
    earliest = dt.date(1900, 1, 1) + dt.timedelta(days=rule.days)
    day = working_calendar().previous_working_day(max(starts_on, earliest) - dt.timedelta(days=rule.days))
    return day, rule.describe()[:300]


def passport_needed_until(province_code: str, returns_on: dt.date) -> dt.date:
    rule = rule_for(DeadlineRule.Key.PASSPORT_VALIDITY, province_code)
    return add_months(returns_on, rule.days)


def retention_cutoff(today: dt.date) -> dt.date:
    """Trips that ended before this day have had their members' personal data kept long enough."""
    rule = rule_for(DeadlineRule.Key.PERSONAL_DATA_RETENTION)
    return add_months(today, -rule.days)
