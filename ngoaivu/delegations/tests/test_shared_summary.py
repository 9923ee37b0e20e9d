"""Issue 16 §5: another province sees a shared delegation only as a summary — title, dates, countries, head of
delegation — never its budget, members, purpose, programme, approvals, notes or follow-up tasks, on the page,
the API, the export and the calendar. Lai Châu (B) used to read Đà Nẵng's (A) trip budget and members.

The owning province, the ministry (R all) and the mission covering the host country (R host) read it all."""

from __future__ import annotations

import datetime as dt
import decimal

import pytest
from django.utils import timezone

from ngoaivu.core.testing.world import text_of
from ngoaivu.delegations import services
from ngoaivu.delegations.models import Delegation, FollowUpTask

pytestmark = pytest.mark.django_db

SECRETS = (
    "MUCDICHNOIBO7",
    "CHUONGTRINHNOIBO7",
    "THANHVIENBIMAT7",
    "VIECSAUCHUYENDI7",
    "987654321",
    "987.654.321",
)
SUMMARY = ("DOANCHIASE7", "TRUONGDOANCONG7")


@pytest.fixture
def trip(world):
    start = timezone.localdate() + dt.timedelta(days=20)
    d = services.delegation_create(
        actor=world.users["a_editor"],
        data=services.DelegationInput(
            direction="outbound",
            title="DOANCHIASE7",
            purpose="MUCDICHNOIBO7",
            head_name="TRUONGDOANCONG7",
            departs_on=start,
            returns_on=start + dt.timedelta(days=4),
            countries=("KR",),
            programme="CHUONGTRINHNOIBO7",
            budget_estimate=decimal.Decimal("987654321"),
            visibility="shared",
            members=(services.MemberInput(full_name="THANHVIENBIMAT7"),),
        ),
    )
    # a trip back home with its follow-up task, as after the workflow (the approval chain is not the point)
    Delegation.objects.system(reason="test").filter(pk=d.pk).update(state=Delegation.State.RETURNED)
    FollowUpTask.objects.create(
        delegation=d, title="VIECSAUCHUYENDI7", owner="Sở Công Thương", due_on=start + dt.timedelta(days=10)
    )
    return d


def _calendar(world, who, trip):
    start = trip.departs_on.replace(day=1)
    return text_of(
        world.client(who).get(
            f"/api/v1/calendar?from={start:%Y-%m-%d}&to={start + dt.timedelta(days=60):%Y-%m-%d}"
        )
    )


def test_another_province_sees_the_summary_page_only(world, trip):
    response = world.client("b_editor").get(f"/delegations/{trip.pk}/")
    assert response.status_code == 200
    text = text_of(response)
    for marker in SUMMARY:
        assert marker in text
    for marker in SECRETS:
        assert marker not in text


def test_another_province_gets_the_summary_from_the_api(world, trip):
    response = world.client("b_editor").get(f"/api/v1/delegations/{trip.pk}")
    assert response.status_code == 200
    body = response.json()
    assert body["detail"] == "summary"
    assert body["title"] == "DOANCHIASE7"
    assert body["head_name"] == "TRUONGDOANCONG7"
    assert body["countries"] == ["KR"]
    assert body["budget_estimate"] is None
    assert body["members"] == []
    assert body["follow_ups"] == []
    for marker in SECRETS:
        assert marker not in response.content.decode()


def test_another_provinces_export_and_calendar_hold_no_details(world, trip):
    export = text_of(world.client("b_editor").get("/delegations/?format=xlsx"))
    assert "DOANCHIASE7" in export
    assert "THANHVIENBIMAT7" not in export
    calendar = _calendar(world, "b_editor", trip)
    assert "DOANCHIASE7" in calendar
    assert "VIECSAUCHUYENDI7" not in calendar


@pytest.mark.parametrize("who", ["a_editor", "ministry", "y_officer"])
def test_the_owner_the_ministry_and_the_host_mission_read_it_all(world, trip, who):
    page = text_of(world.client(who).get(f"/delegations/{trip.pk}/"))
    body = world.client(who).get(f"/api/v1/delegations/{trip.pk}").json()
    assert body["detail"] == "full"
    assert body["budget_estimate"] == 987654321
    assert [m["full_name"] for m in body["members"]] == ["THANHVIENBIMAT7"]
    for marker in ("MUCDICHNOIBO7", "CHUONGTRINHNOIBO7", "THANHVIENBIMAT7"):
        assert marker in page
    assert "THANHVIENBIMAT7" in text_of(world.client(who).get("/delegations/?format=xlsx"))
    assert "VIECSAUCHUYENDI7" in _calendar(world, who, trip)


@pytest.mark.parametrize("word", ["THANHVIENBIMAT7", "MUCDICHNOIBO7"])
def test_another_province_cannot_search_a_shared_delegation_by_what_the_summary_hides(world, trip, word):
    """A search by a member's name or a purpose word would tell Lai Châu who travels and why (review of #16)."""
    assert world.client("b_editor").get(f"/api/v1/delegations?q={word}").json()["count"] == 0
    assert "DOANCHIASE7" not in world.client("b_editor").get(f"/delegations/?q={word}").content.decode()
    assert "DOANCHIASE7" not in text_of(world.client("b_editor").get(f"/delegations/?q={word}&format=xlsx"))
    # the owner finds it by those words; the other province by the summary's words
    assert world.client("a_editor").get(f"/api/v1/delegations?q={word}").json()["count"] == 1
    for summary_word in ("DOANCHIASE7", "TRUONGDOANCONG7"):
        found = world.client("b_editor").get(f"/api/v1/delegations?q={summary_word}").json()
        assert [d["title"] for d in found["items"]] == ["DOANCHIASE7"]


def test_the_site_search_neither_finds_nor_shows_what_the_summary_hides(world, trip):
    from ngoaivu.search.services import rebuild

    rebuild()
    page = world.client("b_editor").get("/search/?q=MUCDICHNOIBO7").content.decode()
    assert "DOANCHIASE7" not in page  # no hit (the query itself is echoed in the search box)
    found = world.client("b_editor").get("/search/?q=TRUONGDOANCONG7").content.decode()
    assert "DOANCHIASE7" in found
    assert "MUCDICHNOIBO7" not in found  # no snippet of the purpose
