"""The delegations app's pages: every edit that lost the race says the one stale message (`core.web.STALE`),
and the links and redirects built from URL names are the paths the pages always had."""

import pytest
from django.contrib.messages import get_messages

from ngoaivu.core.testing.world import make_conference, make_delegation, make_visit
from ngoaivu.core.web import STALE

pytestmark = pytest.mark.django_db


def _management(total: int = 0) -> dict[str, str]:
    return {
        "members-TOTAL_FORMS": str(total),
        "members-INITIAL_FORMS": "0",
        "members-MIN_NUM_FORMS": "0",
        "members-MAX_NUM_FORMS": "200",
    }


def test_a_stale_delegation_edit_is_409_with_the_one_stale_message_and_changes_nothing(world):
    delegation = make_delegation(world, "A")
    client = world.client("a_editor")
    form = {
        "direction": "outbound",
        "title": "Tên mới",
        "purpose": "Xúc tiến",
        "head_name": "Lê Văn C",
        "countries": ["KR"],
        "departs_on": delegation.departs_on.isoformat(),
        "returns_on": delegation.returns_on.isoformat(),
        "visibility": "private",
        "version": str(delegation.version + 1),
        **_management(),
    }
    response = client.post(f"/delegations/{delegation.pk}/edit/", form)
    assert response.status_code == 409
    assert str(STALE) in response.content.decode()
    delegation.refresh_from_db()
    assert delegation.title != "Tên mới"
    form["version"] = str(delegation.version)
    response = client.post(f"/delegations/{delegation.pk}/edit/", form)
    assert response.status_code == 302
    assert response["Location"] == f"/delegations/{delegation.pk}/"
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["Đã lưu thay đổi."]


def test_a_stale_visit_or_conference_edit_is_409_with_the_one_stale_message(world):
    visit = make_visit(world, "A")
    page = world.client("ministry").get(f"/delegations/visits/{visit.pk}/edit/")
    assert f'href="/delegations/visits/{visit.pk}/"' in page.content.decode()  # the way back
    response = world.client("ministry").post(
        f"/delegations/visits/{visit.pk}/edit/",
        {
            "direction": visit.direction,
            "province": visit.province.code,
            "starts_on": visit.starts_on.isoformat(),
            "ends_on": visit.ends_on.isoformat(),
            "ministry_leaders": "Thứ trưởng",
            "status": visit.status,
            "version": str(visit.version + 1),
        },
    )
    assert response.status_code == 409
    assert str(STALE) in response.content.decode()
    conference = make_conference(world, "A")
    response = world.client("a_editor").post(
        f"/delegations/conferences/{conference.pk}/edit/",
        {
            "title": "Hội nghị mới",
            "organiser": "UBND tỉnh",
            "format": conference.format,
            "starts_on": conference.starts_on.isoformat(),
            "ends_on": conference.ends_on.isoformat(),
            "foreign_participants": "3",
            "top_rank": conference.top_rank,
            "visibility": "private",
            "version": str(conference.version + 1),
        },
    )
    assert response.status_code == 409
    assert str(STALE) in response.content.decode()
    assert f'href="/delegations/conferences/{conference.pk}/"' in response.content.decode()


def test_a_stale_workflow_button_flashes_the_one_stale_message(world):
    delegation = make_delegation(world, "A")
    client = world.client("a_editor")
    response = client.post(
        f"/delegations/{delegation.pk}/action/cancel/",
        {"comment": "x", "version": delegation.version + 1},
        follow=True,
    )
    assert response.redirect_chain == [(f"/delegations/{delegation.pk}/", 302)]
    assert [str(m) for m in response.context["messages"]] == [str(STALE)]
    conference = make_conference(world, "A")
    response = client.post(
        f"/delegations/conferences/{conference.pk}/action/submit/",
        {"version": conference.version + 1},
        follow=True,
    )
    assert response.redirect_chain == [(f"/delegations/conferences/{conference.pk}/", 302)]
    assert [str(m) for m in response.context["messages"]] == [str(STALE)]


def test_follow_ups_go_back_to_their_section_and_the_tabs_keep_their_paths(world):
    delegation = make_delegation(world, "A")
    client = world.client("a_editor")
    response = client.post(f"/delegations/{delegation.pk}/follow-ups/", {"title": ""})
    assert response.status_code == 302
    assert response["Location"] == f"/delegations/{delegation.pk}/#follow-ups"
    page = client.get("/delegations/").content.decode()
    for path in (
        "/delegations/new/",
        "/delegations/conferences/new/",
        "/delegations/?report_missing=true",
        "/delegations/visits/",
        "/delegations/conferences/",
        "/delegations/calendar/",
        "/delegations/deputies/",
        "/delegations/chain/",
        "/delegations/?format=xlsx&amp;personal=1",
    ):
        assert f'href="{path}"' in page, path
    assert (
        'href="/delegations/visits/new/"'
        in world.client("ministry").get("/delegations/visits/").content.decode()
    )
