"""The citizen cases' leak suite (STRICT scope, DOMAIN.md §2): every list (page, export, API) × every world user
and the consular unit shows exactly the cases the policy allows — the handling mission, the province of origin,
the consular unit; a second province and a second mission see nothing, the Cục (`ministry`) sees nothing but the
counts — and every object route answers 404 to who may not see the case, 403 to who may see it but not act."""

from __future__ import annotations

import json

import pytest

from ngoaivu.consular import services
from ngoaivu.consular.tests.endpoints import ENDPOINTS
from ngoaivu.consular.tests.helpers import (
    CONSULAR,
    can_act_on_case,
    can_change_case,
    can_view_case,
    client,
    make_case,
)
from ngoaivu.core.testing.world import ALL_USERS, text_of

LISTS = [e for e in ENDPOINTS if e.kind == "list"]
OBJECTS = [e for e in ENDPOINTS if e.kind == "object"]
SUMMARY = [e for e in ENDPOINTS if e.kind == "reference"]
WHO = [*ALL_USERS, CONSULAR]
DENIED = {"anonymous", "inactive", "noorg"}
PROVINCE_KEY = {"48": "A", "12": "B"}


def assert_denied(who, ep, status):
    if ep.api:
        assert status == 401, f"{who} {ep}: {status}"
    else:
        assert status == (403 if who == "noorg" else 302), f"{who} {ep}: {status}"


def call(world, who, ep, obj=None):
    c = client(world, who)
    url = ep.url(obj)
    if ep.body is not None:
        return c.generic(
            ep.method.upper(),
            url,
            json.dumps(ep.body(obj)),
            content_type="application/json",
            headers={"If-Match": f'"{obj.version}"'} if obj is not None else {},
        )
    return getattr(c, ep.method)(url)


CASES = [("X", "48"), ("Y", "12"), ("X", "12"), ("Y", "48")]


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize("ep", LISTS, ids=str)
def test_case_lists_never_leak(world, ep, who):
    made = [(make_case(world, m, p), m, p) for m, p in CASES]
    response = call(world, who, ep)
    if who in DENIED:
        assert_denied(who, ep, response.status_code)
    text = text_of(response)
    for case, mission, province in made:
        expected = can_view_case(who, mission, PROVINCE_KEY[province])
        assert (case.reference in text) == expected, f"{who} {ep}: case of {mission} for {province}"
        assert "Nguyễn Văn An" not in text  # never a name in a list or an export
        assert "C1234567" not in text


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize("ep", SUMMARY, ids=str)
def test_counts_for_everyone_without_names(world, ep, who):
    made = [make_case(world, m, p) for m, p in CASES]
    response = call(world, who, ep)
    if who in DENIED:
        assert_denied(who, ep, response.status_code)
        return
    assert response.status_code == 200, f"{who} {ep}: {response.status_code}"
    text = text_of(response)
    for case in made:
        assert case.reference not in text
        assert case.marker not in text  # the summary text never
    assert "Nguyễn Văn An" not in text
    if ep.api:
        assert response.json()["total"] == 4
        assert response.json()["by_kind"] == {"labour": 4}


def _fixture(world):
    """A case of mission X for a citizen of A, with a pending handover to the consular unit."""
    case = make_case(world, "X", "48")
    services.handover_send(
        actor=world.users["x_officer"], case_id=case.pk, to_org="mofa-lanh-su", note="Nhờ Cục"
    )
    case.refresh_from_db()
    return case


def _allowed(who: str, ep) -> bool:
    a = ep.action
    if a == "create":
        return who in {"x_officer", "y_officer"}
    if a == "view":
        return True
    if a == "personal":
        return ep.api is False or who in {"x_officer", "a_editor"}  # the page masks; the API refuses
    if a == "change":
        return can_change_case(who, "X")
    if a == "notify":
        return who == "x_officer"
    if a in {"transition", "transition_conflict"}:
        return who in {"x_officer", CONSULAR}
    if a == "act":
        return can_act_on_case(who, "X", "A")
    if a == "accept":
        return who == CONSULAR
    if a == "handover":  # to another mission: the handling mission and the consular unit only
        return who in {"x_officer", CONSULAR}
    if a == "withdraw":  # only the sender of the pending handover (mission X)
        return who == "x_officer"
    if a == "province":
        return who == "a_editor"
    raise AssertionError(a)


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize("ep", OBJECTS, ids=str)
def test_case_objects_follow_policy(world, ep, who):
    case = _fixture(world)
    response = call(world, who, ep, case)
    status = response.status_code
    if who in DENIED:
        assert_denied(who, ep, status)
        return
    if ep.action != "create" and not can_view_case(who, "X", "A"):
        assert status == 404, f"{who} {ep}: {status}"
        return
    if ep.action == "handover" and who == "a_editor":  # a party, but may not pick another mission: 4xx
        assert status in {400, 422}, f"{who} {ep}: {status}"
        return
    if not _allowed(who, ep):
        assert status == 403, f"{who} {ep}: {status} {response.content[:300]!r}"
        return
    ok = {200, 201, 302} | ({409} if ep.action == "transition_conflict" else set())
    assert status in ok, f"{who} {ep}: {status} {response.content[:300]!r}"


def test_cuc_and_others_see_counts_only(world):
    """The Cục, province B and mission Y: the case list is empty, the counts page counts the case."""
    case = make_case(world, "X", "48")
    for who in ("ministry", "b_editor", "y_officer"):
        c = world.client(who)
        assert case.reference not in text_of(c.get("/citizen-cases/"))
        assert c.get(f"/citizen-cases/{case.pk}/").status_code == 404
        assert c.get(f"/api/v1/citizen-cases/{case.pk}").status_code == 404
        summary = c.get("/api/v1/citizen-cases/summary").json()
        assert summary["total"] == 1
        assert summary["rows"][0]["country"] == "JP"


def test_search_finds_a_case_by_reference_only_in_scope(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        case = make_case(world, "X", "48")
    for who, sees in (
        ("x_officer", True),
        ("a_viewer", True),
        ("ministry", False),
        ("b_editor", False),
        ("y_officer", False),
    ):
        text = text_of(world.client(who).get(f"/search/?q={case.reference}"))
        assert (f"/citizen-cases/{case.pk}/" in text) == sees, who
    text = text_of(world.client("x_officer").get("/search/?q=Nguyen Van An"))
    assert f"/citizen-cases/{case.pk}/" not in text  # never by the citizen's name
