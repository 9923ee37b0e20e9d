"""Makers for the site's query-count test (`core/tests/test_query_counts.py`): a national review asked for by the
ministry's officer, queued (the worker is not run), with a period label of its own as the row's marker."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from ngoaivu.reports import services

_numbers = itertools.count(1)


def _run(w: Any) -> Any:
    label = f"Kỳ đếm truy vấn {next(_numbers)}"
    run = services.report_run_create(
        actor=w.users["ministry"],
        data=services.RunInput(
            kind="national_review",
            period_from=dt.date(2025, 12, 15),
            period_to=dt.date(2026, 5, 31),
            period_label=label,
        ),
    )
    run.marker = label  # type: ignore[attr-defined]
    return run


MAKERS = {"report_run": _run}
