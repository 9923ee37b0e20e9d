"""Decree 09/2019 reporting periods (DOMAIN.md §6): cut-offs on the 14th, the default period of each kind for a
date, the presets a report form offers, and "since the last national conference"."""

from __future__ import annotations

import datetime as dt

import pytest
from freezegun import freeze_time

from ngoaivu.reports import periods as P

D = dt.date


def test_default_periods_close_on_the_14th() -> None:
    cases = [
        # (kind, day) → (start, end)
        (P.MONTHLY, D(2026, 6, 14), D(2026, 5, 15), D(2026, 6, 14)),
        (P.MONTHLY, D(2026, 6, 15), D(2026, 6, 15), D(2026, 7, 14)),
        (P.MONTHLY, D(2026, 12, 20), D(2026, 12, 15), D(2027, 1, 14)),
        (P.MONTHLY, D(2026, 1, 3), D(2025, 12, 15), D(2026, 1, 14)),
        (P.QUARTERLY, D(2026, 1, 3), D(2025, 12, 15), D(2026, 3, 14)),
        (P.QUARTERLY, D(2026, 3, 15), D(2026, 3, 15), D(2026, 6, 14)),
        (P.QUARTERLY, D(2026, 12, 14), D(2026, 9, 15), D(2026, 12, 14)),
        (P.QUARTERLY, D(2026, 12, 15), D(2026, 12, 15), D(2027, 3, 14)),
        (P.SIX_MONTHLY, D(2026, 6, 1), D(2025, 12, 15), D(2026, 6, 14)),
        (P.SIX_MONTHLY, D(2025, 12, 15), D(2025, 12, 15), D(2026, 6, 14)),
        # no six-monthly period contains the second half: the one just ended
        (P.SIX_MONTHLY, D(2026, 9, 30), D(2025, 12, 15), D(2026, 6, 14)),
        (P.YEARLY, D(2026, 12, 14), D(2025, 12, 15), D(2026, 12, 14)),
        (P.YEARLY, D(2026, 12, 15), D(2026, 12, 15), D(2027, 12, 14)),
    ]
    for kind, day, start, end in cases:
        period = P.default_period(kind, day)
        assert (period.start, period.end) == (start, end), (kind, day)
        assert period.start <= period.end
    assert P.default_period(P.QUARTERLY, D(2026, 5, 2)).label == "Quý II năm 2026"
    assert P.default_period(P.SIX_MONTHLY, D(2026, 5, 2)).label == "6 tháng đầu năm 2026"


def test_previous_periods_touch() -> None:
    for kind in P.KINDS:
        for day in (D(2026, 1, 1), D(2026, 6, 14), D(2026, 6, 15), D(2026, 12, 31)):
            current = P.default_period(kind, day)
            before = P.previous(current)
            assert before.kind == kind
            if kind != P.SIX_MONTHLY:  # six-monthly periods are a year apart, the others follow each other
                assert before.end + dt.timedelta(days=1) == current.start, (kind, day)
            else:
                assert before.end.replace(year=before.end.year + 1) == current.end


@freeze_time("2026-12-07 09:00:00+07:00")
def test_presets_of_a_report_form() -> None:
    from django.utils import timezone

    presets = {p.key: p for p in P.presets(timezone.localdate())}
    assert list(presets)[:2] == ["monthly", "monthly_previous"]
    assert presets["yearly"].label == "Năm 2026 (15/12/2025 – 14/12/2026)"
    assert presets["yearly_previous"].period.end == D(2025, 12, 14)
    assert presets["six_monthly"].period.end == D(2026, 6, 14)
    conference = presets["since_conference"].period
    assert (conference.start, conference.end) == (D(2021, 12, 13), D(2026, 12, 7))
    assert P.since_conference(D(2026, 12, 7), D(2016, 8, 21)).start == D(2016, 8, 21)
    # a report's title names a Decree 09 period by its name, other dates by the dates
    assert P.named(D(2025, 12, 15), D(2026, 6, 14)) == "6 tháng đầu năm 2026"
    assert P.named(D(2025, 12, 15), D(2026, 12, 14)) == "năm 2026"
    assert P.named(D(2026, 3, 15), D(2026, 6, 14)) == "quý II năm 2026"
    assert P.named(D(2026, 1, 1), D(2026, 6, 30)) == "từ ngày 01/01/2026 đến ngày 30/06/2026"


def test_one_period_rule_for_every_entry_point() -> None:
    """The builder's service, the national-review API and `figures.build` refuse the same dates, each naming
    the field to fix; a period ending within a year of today and up to 15 years long passes."""
    from ngoaivu.core.exceptions import ServiceError
    from ngoaivu.reports.periods import check_period

    today = D(2026, 6, 20)
    check_period(D(2021, 12, 13), D(2027, 6, 20), today=today)
    for start, end, field in (
        (None, D(2026, 1, 1), "from"),
        (D(2026, 1, 1), None, "to"),
        (D(1989, 12, 31), D(2026, 1, 1), "from"),
        (D(2026, 1, 2), D(2026, 1, 1), "to"),
        (D(2026, 1, 1), D(2027, 6, 22), "to"),  # today + 366 days is the last day allowed
        (D(2006, 1, 1), D(2026, 12, 31), "from"),
    ):
        with pytest.raises(ServiceError) as refused:
            check_period(start, end, today=today)
        assert list(refused.value.errors) == [field], (start, end)
