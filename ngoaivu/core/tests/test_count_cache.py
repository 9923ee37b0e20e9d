"""List totals are remembered per scope and filters while the table's stamp holds: a repeated list skips its
COUNT, and an added, edited or deleted record changes the total at once."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ngoaivu.directory import services as directory_services


@pytest.fixture
def count_cache(settings):
    settings.NGOAIVU_COUNT_CACHE_SECONDS = 300
    cache.clear()
    yield
    cache.clear()


def _count(client, url: str) -> tuple[int, bool]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    counted = any("COUNT(" in q["sql"].upper() for q in ctx.captured_queries)
    return response.json()["count"], counted


def test_a_repeated_list_skips_its_count_and_any_change_shows_at_once(world, count_cache):
    url = "/api/v1/partners?page_size=5"
    shared = [world.partner("A", visibility="shared") for _ in range(3)]
    viewer = world.client("b_editor")
    first, counted = _count(viewer, url)
    assert counted
    again, counted = _count(viewer, url)
    assert again == first
    assert not counted  # remembered

    world.partner("A", visibility="shared")
    assert _count(viewer, url) == (first + 1, True)  # added: at once

    directory_services.partner_update(
        actor=world.users["a_editor"],
        partner_id=shared[0].pk,
        changes={"visibility": "private"},
        expected_version=shared[0].version,
    )
    assert _count(viewer, url)[0] == first  # no longer visible to province B

    directory_services.partner_delete(
        actor=world.users["a_editor"], partner_id=shared[1].pk, expected_version=shared[1].version
    )
    assert _count(viewer, url)[0] == first - 1


def test_each_scope_and_filter_has_its_own_total(world, count_cache):
    for _ in range(2):
        world.partner("A", visibility="private")
    world.partner("B", visibility="private")
    assert _count(world.client("a_editor"), "/api/v1/partners")[0] == 2
    assert _count(world.client("b_editor"), "/api/v1/partners")[0] == 1
    assert _count(world.client("ministry"), "/api/v1/partners")[0] == 3
    assert _count(world.client("ministry"), "/api/v1/partners?q=nothing-like-this")[0] == 0


def test_home_work_counts_are_remembered_and_follow_a_milestone_at_once(world, count_cache):
    """The agreements part of the home page runs its five counts once while agreements, legal steps and
    milestones are unchanged; a milestone moved into the next seven days shows at once."""
    import datetime as dt

    from django.utils import timezone

    from ngoaivu.agreements import selectors as agreement_selectors
    from ngoaivu.agreements import services as agreement_services
    from ngoaivu.core.testing.world import make_agreement

    agreement = make_agreement(world, "A", signed=True)
    user = world.users["a_editor"]
    far = timezone.localdate() + dt.timedelta(days=60)
    milestone = agreement_services.milestone_create(
        actor=user, agreement_id=agreement.pk, data={"title": "Hội thảo", "owner": "Sở", "due_on": far}
    )

    def due() -> tuple[int, bool]:
        with CaptureQueriesContext(connection) as ctx:
            counts = agreement_selectors.work_counts(user=user)
        counted = any("COUNT(" in q["sql"].upper() for q in ctx.captured_queries)
        return next(c["n"] for c in counts if "sort=activity" in c["url"]), counted

    assert due() == (0, True)
    assert due() == (0, False)  # remembered
    agreement_services.milestone_update(
        actor=user,
        agreement_id=agreement.pk,
        milestone_id=milestone.pk,
        expected_version=milestone.version,
        data={"due_on": timezone.localdate() + dt.timedelta(days=3)},
    )
    assert due() == (1, True)  # at once
    other = agreement_selectors.work_counts(user=world.users["b_editor"])
    assert next(c["n"] for c in other if "sort=activity" in c["url"]) == 0  # B's scope has its own entry
