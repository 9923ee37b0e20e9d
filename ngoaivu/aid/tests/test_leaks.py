"""The aid app's leak suite: every list × every world user, every object route × every user, against a policy
written here from DOMAIN.md §2 and the issue (not from `visible_to`): the owner province reads and writes its
projects; the ministry reads all; a mission reads the projects of NGOs from the countries it covers (the NGO's
country, whatever country the project itself records); other provinces, users without an organisation, inactive and anonymous users see nothing."""

from __future__ import annotations

import pytest

from ngoaivu.aid.tests.endpoints import ENDPOINTS
from ngoaivu.aid.tests.makers import make_aid_project
from ngoaivu.core.testing.world import ALL_USERS, USERS, text_of
from ngoaivu.core.tests.test_leaks import DENIED_SIGNED_OUT, assert_denied, call

MISSION_COUNTRY = {"X": "JP", "Y": "KR"}
LISTS = [e for e in ENDPOINTS if e.kind == "list"]
OBJECTS = [e for e in ENDPOINTS if e.kind == "object"]


def may_view(who: str, owner: str, country: str) -> bool:
    if who in {"anonymous", "inactive", "noorg"}:
        return False
    org = USERS[who][0]
    if org == owner or org == "M":
        return True
    return MISSION_COUNTRY.get(org or "") == country


def may_change(who: str, owner: str) -> bool:
    if who in {"anonymous", "inactive", "noorg"}:
        return False
    org, roles, active = USERS[who]
    return active and org == owner and roles != ["viewer"]


def test_policy_matches_the_domain_table():
    assert [w for w in ALL_USERS if may_view(w, "A", "KR")] == [
        "a_editor",
        "a_viewer",
        "y_officer",
        "ministry",
    ]
    assert [w for w in ALL_USERS if may_change(w, "A")] == ["a_editor"]


@pytest.mark.parametrize("who", ALL_USERS)
@pytest.mark.parametrize("ep", LISTS, ids=str)
def test_aid_lists_never_leak(world, ep, who):
    cases = [
        (make_aid_project(world, "A", country="KR"), "A", "KR"),
        (make_aid_project(world, "B", country="JP"), "B", "JP"),
        (make_aid_project(world, "B", country="KR"), "B", "KR"),
        # a Korean NGO's project recorded with country JP: Seoul reads it, Tokyo does not
        (make_aid_project(world, "B", country="KR", project_country="JP"), "B", "KR"),
        (make_aid_project(world, "A", country="JP", project_country="KR"), "A", "JP"),
    ]
    response = call(world, who, ep)
    if who in DENIED_SIGNED_OUT or who == "noorg":
        assert_denied(who, ep, response.status_code)
    else:
        assert response.status_code == 200, f"{who} {ep}: {response.status_code}"
    text = text_of(response)
    for project, owner, country in cases:
        assert (project.title in text) == may_view(who, owner, country), (
            f"{who} {ep} project of {owner} ({country})"
        )


@pytest.mark.parametrize("who", ALL_USERS)
@pytest.mark.parametrize("ep", OBJECTS, ids=str)
def test_aid_objects_follow_policy(world, ep, who):
    project = make_aid_project(world, "A", country="KR", project_country="JP")
    status = call(world, who, ep, project).status_code
    if who in DENIED_SIGNED_OUT or who == "noorg":
        assert_denied(who, ep, status)
    elif not may_view(who, "A", "KR") or ep.action == "missing_file":
        assert status == 404, f"{who} {ep}: {status}"
    elif ep.action == "change" and not may_change(who, "A"):
        assert status == 403, f"{who} {ep}: {status}"
    else:
        assert status == 200, f"{who} {ep}: {status}"
