from __future__ import annotations

from typing import Any

import pytest
from freezegun import freeze_time

from ngoaivu.core.testing.clock import (
    ENV,
    FROZEN_TODAY,
    REAL_TIME_MODULES,
    import_project_modules,
    shifted_clock,
    shifted_clock_value,
)
from ngoaivu.core.testing.world import World, build_world

_SHIFTED_CLOCK = pytest.StashKey[Any]()


def pytest_collection_finish(session: pytest.Session) -> None:
    """Imports every project module, then NGOAIVU_TEST_CLOCK=2029-02-01 runs the tests on a ticking clock
    from that instant (core/testing/clock.py).

    Importing first means classes built at import time (pydantic schemas with date fields, the URLconf's
    API) see the real date types even when a test's own freeze_time is the first to send a request."""
    import_project_modules()
    clock = shifted_clock()
    if clock is not None and _SHIFTED_CLOCK not in session.config.stash:
        clock.start()
        session.config.stash[_SHIFTED_CLOCK] = clock


# The combinatorial suites: every route or operation × every role (leaks, the API fuzz and its boundary cases,
# If-Match on every write, the Vietnamese-screen walk). They exercise the same Python per database, so
# `make test` runs them on PostgreSQL — the production database, stricter on lengths and ranges — and leaves
# them out of the SQLite run (`-m "not matrix"`); `make test-sqlite-all` runs them on SQLite too.
MATRIX_FILES = {"test_leaks.py", "test_import_leaks.py", "test_if_match.py"}
MATRIX_TESTS = {
    "test_openapi.py": {"test_api_fuzz", "test_api_boundaries"},
    "test_screens.py": {"test_every_page_reads_as_vietnamese"},
}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        name = item.path.name
        function = getattr(item, "originalname", item.name)
        if name in MATRIX_FILES or function in MATRIX_TESTS.get(name, ()):
            item.add_marker(pytest.mark.matrix)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "today(when=FROZEN_TODAY): run the test, its fixtures included, on a clock starting at `when` "
        "(ticking; default Monday 2026-06-01 10:00 in Hanoi), for tests that depend on today",
    )


@pytest.fixture(autouse=True)
def _today_marker(request: pytest.FixtureRequest) -> Any:
    """`@pytest.mark.today(...)` on a test, a class or a module's pytestmark: freezegun from before the
    test's own fixtures (so `world` is built on that day) to its end. A freeze_time inside the test nests."""
    marker = request.node.get_closest_marker("today")
    if marker is None:
        yield None
        return
    import_project_modules()
    when = marker.args[0] if marker.args else FROZEN_TODAY
    with freeze_time(when, tick=True, ignore=REAL_TIME_MODULES) as clock:
        yield clock


def pytest_unconfigure(config: pytest.Config) -> None:
    clock = config.stash.get(_SHIFTED_CLOCK, None)
    if clock is not None:
        clock.stop()


def pytest_report_header(config: pytest.Config) -> str | None:
    value = shifted_clock_value()
    return f"ngoaivu: clock shifted to {value} by {ENV}" if value else None


@pytest.fixture
def frozen_today() -> Any:
    """Time frozen at FROZEN_TODAY (Monday 2026-06-01, 10:00 in Hanoi) for a test that depends on "today";
    the freezegun factory it yields can move_to() or tick()."""
    import_project_modules()
    with freeze_time(FROZEN_TODAY, ignore=REAL_TIME_MODULES) as frozen:
        yield frozen


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: Any, django_db_blocker: Any) -> None:
    """Reference data (provinces, countries, missions, calendar, organisations) loaded once per test database."""
    from ngoaivu.core.management.commands.load_reference import load_all_reference_data

    with django_db_blocker.unblock():
        load_all_reference_data()


@pytest.fixture
def reference(db: Any) -> None:
    """Reloads the reference data if a transactional test has flushed it."""
    from ngoaivu.core.management.commands.load_reference import load_all_reference_data
    from ngoaivu.directory.models import Province

    if not Province.objects.exists():
        load_all_reference_data()


@pytest.fixture
def world(reference: None) -> World:
    return build_world()


@pytest.fixture(autouse=True)
def _site_language() -> Any:
    """Every test starts in the site's language (Vietnamese): a test that switches to English through a view or
    the test client leaves that language active in its worker thread, and a later test asserting a Vietnamese
    message would fail only when xdist happens to run it after that one."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)
