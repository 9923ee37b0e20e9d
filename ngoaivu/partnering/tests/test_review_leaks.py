"""Review of issue 23: a province's private directory partner leaks to other readers of a shared search."""

from __future__ import annotations

import pytest
from freezegun import freeze_time

from ngoaivu.core.testing.world import text_of
from ngoaivu.partnering.tests.factories_searches import make_search, propose

pytestmark = pytest.mark.django_db


@freeze_time("2026-03-10 09:00:00")
def test_private_partner_of_the_owner_proposed_by_the_ministry_is_not_shown_to_another_province(world):
    # Đà Nẵng (A) keeps a private partner; its search is shared with the other provinces.
    secret = world.partner("A", visibility="private", country="JP", marker="SECRETPARTNERA77Q")
    search = make_search(world, "A", countries=("JP",), shared=True)
    # The ministry sees every partner and may propose the owner's own (private) partner.
    propose(world, "ministry", search, partner=secret)
    # Province B reads the shared search (allowed) but must not learn the name of A's private partner.
    page = world.client("b_editor").get(f"/partnering/searches/{search.pk}/")
    assert page.status_code == 200
    assert "SECRETPARTNERA77Q" not in text_of(page)
    api = world.client("b_editor").get(f"/api/v1/partner-searches/{search.pk}/proposals")
    assert api.status_code == 200
    assert "SECRETPARTNERA77Q" not in text_of(api)
    assert all(p["partner"] != secret.pk for p in api.json())


@freeze_time("2026-03-10 09:00:00")
def test_private_partner_of_the_owner_is_not_shown_to_a_mission_reading_the_search(world):
    secret = world.partner("A", visibility="private", country="JP", marker="SECRETPARTNERA78Q")
    search = make_search(world, "A", countries=("JP",), shared=False)
    propose(world, "ministry", search, partner=secret)
    # Mission X (Tokyo) covers JP, so it reads the search; A's private partner is not for it.
    api = world.client("x_officer").get(f"/api/v1/partner-searches/{search.pk}")
    assert api.status_code == 200
    assert "SECRETPARTNERA78Q" not in text_of(api)


@freeze_time("2026-03-10 09:00:00")
def test_seeker_made_private_after_posting_is_not_named_to_provinces(world):
    from ngoaivu.directory import services as directory_services

    seeker = world.partner("X", visibility="shared", country="JP", marker="SEEKERLATERPRIVATE9Q")
    search = make_search(world, "X", countries=("JP",), shared=True, inbound=True, seeker=seeker)
    # the mission that owns the partner takes it back: private from now on
    directory_services.partner_update(
        actor=world.users["x_officer"],
        partner_id=seeker.pk,
        expected_version=None,
        changes={"visibility": "private"},
    )
    page = world.client("a_editor").get(f"/partnering/searches/{search.pk}/")
    assert page.status_code == 200
    assert "SEEKERLATERPRIVATE9Q" not in text_of(page)
