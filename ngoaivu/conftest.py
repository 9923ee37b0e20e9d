from __future__ import annotations

from typing import Any

import pytest

from ngoaivu.core.testing.world import World, build_world


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
