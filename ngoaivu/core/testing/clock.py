"""Time in tests: a fixed "today" for tests that depend on it, and a shifted clock for the whole suite.

A suite must pass on any date (ARCHITECTURE §13). Tests that compare against "today" freeze time with
freezegun, either with their own ``freeze_time(...)`` or with the ``frozen_today`` fixture, which pins
``FROZEN_TODAY``: a working Monday in a year whose public holidays the calendar knows, so working-day
arithmetic gives the same answer whatever the real date.

To prove it, ``NGOAIVU_TEST_CLOCK=2029-02-01 pytest`` (or ``make test-clocks``) runs the whole suite on a
ticking clock that starts at that instant: ``ngoaivu/conftest.py`` starts ``shifted_clock()`` once tests are
collected and every project module is imported (``import_project_modules``), in every xdist worker. freezegun rather than
libfaketime: it is already a test dependency, needs no OS package, and nests, so tests that freeze time
themselves keep working inside the shifted session (freezegun restores the outer, ticking clock when an
inner ``freeze_time`` stops). libfaketime (``apt-get install faketime``) would also move C-level clocks,
but it is not installed here, and under LD_PRELOAD it would also shift Chromium and the PostgreSQL client.
freezegun moves Python's clock only: PostgreSQL's ``now()`` and Chromium's clock stay real. The code reads
"today" from Python (``timezone.now()``/``localdate()``), and the browser tests pass under a shifted clock,
so none is skipped; asyncio and Playwright keep real time so that their timeouts work.
"""

from __future__ import annotations

import datetime as dt
import functools
import importlib
import os
import pkgutil

from freezegun import freeze_time
from freezegun.api import _freeze_time

ENV = "NGOAIVU_TEST_CLOCK"
FROZEN_TODAY = "2026-06-01 10:00:00+07:00"  # a Monday, not a holiday, in a year the holiday data covers
FROZEN_DATE = dt.date(2026, 6, 1)
# asyncio and Playwright keep real time so that their timeouts work; pytest's runner and terminal keep it
# so that durations are real (freezegun's own defaults spell these with a trailing dot, matching none).
REAL_TIME_MODULES = ["asyncio", "playwright", "_pytest.runner", "_pytest.terminal"]


def shifted_clock_value() -> str | None:
    """The instant ``NGOAIVU_TEST_CLOCK`` asks for (ISO 8601 date or date-time), or None when unset."""
    value = os.environ.get(ENV, "").strip()
    if not value:
        return None
    try:
        dt.datetime.fromisoformat(value)
    except ValueError as exc:
        raise ValueError(f"{ENV}={value!r} is not an ISO 8601 date or date-time") from exc
    return value


@functools.cache
def import_project_modules() -> None:
    """Imports every ngoaivu module but tests and migrations, and the URLconf with its API.

    freezegun replaces ``datetime.date``/``datetime.datetime`` with subclasses while it runs; a pydantic
    schema whose class is first built then would be built on ``FakeDate`` and fail. Importing everything
    before the session clock, a ``today`` marker or ``frozen_today`` starts keeps those classes on the real
    types (the URLconf is otherwise first loaded by whichever test sends the first request). Once per process."""
    import ngoaivu

    skip = (".tests", ".migrations", ".conftest")
    for module in pkgutil.walk_packages(ngoaivu.__path__, "ngoaivu."):
        if not any(part in module.name for part in skip) and not module.name.endswith(("wsgi", "asgi")):
            importlib.import_module(module.name)
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - builds the URLconf and the API now


def shifted_clock() -> _freeze_time | None:
    """A ticking freezegun clock for the whole session, not yet started; None when the variable is unset."""
    value = shifted_clock_value()
    if value is None:
        return None
    return freeze_time(value, tick=True, ignore=REAL_TIME_MODULES)
