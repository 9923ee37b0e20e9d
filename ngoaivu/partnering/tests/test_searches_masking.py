"""A directory partner named by a search (its seeker, or a proposed candidate) is shown only to readers who may
see that partner now (DOMAIN §2), on every surface: the page, its history, the list, the Excel export, the API."""

from __future__ import annotations

import pytest
from freezegun import freeze_time

from ngoaivu.core.testing.world import text_of
from ngoaivu.directory import services as directory_services
from ngoaivu.partnering.tests.factories_searches import make_search, propose

pytestmark = pytest.mark.django_db

SURFACES = (
    "/partnering/searches/",
    "/partnering/searches/?format=xlsx",
)


@freeze_time("2026-03-10 09:00:00")
def test_a_seeker_made_private_is_masked_on_the_list_export_and_api_but_shown_to_its_owner(world):
    seeker = world.partner("X", visibility="shared", country="JP", marker="SEEKMASKLIST1Q")
    search = make_search(world, "X", countries=("JP",), shared=True, inbound=True, seeker=seeker)
    directory_services.partner_update(
        actor=world.users["x_officer"],
        partner_id=seeker.pk,
        expected_version=None,
        changes={"visibility": "private"},
    )
    for url in SURFACES:
        assert "SEEKMASKLIST1Q" not in text_of(world.client("a_editor").get(url)), url
        assert "SEEKMASKLIST1Q" in text_of(world.client("x_officer").get(url)), url
        assert "SEEKMASKLIST1Q" in text_of(world.client("ministry").get(url)), url
    for who, expected in (("a_editor", None), ("x_officer", seeker.pk), ("ministry", seeker.pk)):
        rows = world.client(who).get("/api/v1/partner-searches").json()["items"]
        assert [r["seeker"] for r in rows if r["id"] == search.pk] == [expected], who
    detail = world.client("a_editor").get(f"/api/v1/partner-searches/{search.pk}").json()
    assert detail["seeker"] is None
    page = text_of(world.client("a_editor").get(f"/partnering/searches/{search.pk}/"))
    assert "đối tác chưa chia sẻ" in page


@freeze_time("2026-03-10 09:00:00")
def test_a_proposed_partner_is_named_to_those_who_may_see_it_and_masked_in_the_history_for_others(world):
    secret = world.partner("A", visibility="private", country="JP", marker="PROPMASKHIST2Q")
    search = make_search(world, "A", countries=("JP",), shared=True)
    url = f"/partnering/searches/{search.pk}/"
    # the ministry's proposal form offers A's private partner, and says who will see its name
    assert "PROPMASKHIST2Q (Nhật Bản) — chưa chia sẻ" in text_of(world.client("ministry").get(url))
    propose(world, "ministry", search, partner=secret)
    # the owner province and the ministry see the partner by name; another province reads the search, masked
    owner_page = text_of(world.client("a_editor").get(url))
    assert "PROPMASKHIST2Q" in owner_page
    assert world.orgs["M"].name_vi in owner_page  # "Đề xuất bởi": the proposing organisation is named
    assert "PROPMASKHIST2Q" in text_of(world.client("ministry").get(url))
    other = text_of(world.client("b_editor").get(url))
    assert "PROPMASKHIST2Q" not in other
    assert "đối tác chưa chia sẻ" in other
    api = world.client("b_editor").get(f"/api/v1/partner-searches/{search.pk}").json()
    assert [p["partner"] for p in api["proposal_list"]] == [None]
    assert "PROPMASKHIST2Q" in text_of(world.client("a_editor").get(f"/api/v1/partner-searches/{search.pk}"))
