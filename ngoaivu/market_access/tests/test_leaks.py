"""Leak suite of the market-access dossiers: every list × every world user, every object route × every user,
against a policy written from DOMAIN.md §2 ("Indicators, market access"; brief of issue 20), not from
`visible_to`:

- the owning province reads, edits and adds steps; its viewers only read;
- the ministry (Cục) reads every dossier and may edit it;
- the supporting mission and the missions covering the market read it and may add notes, nothing else;
- other provinces read the shared ones;
- inactive, organisation-less and anonymous users see nothing."""

from __future__ import annotations

import json

import pytest

from ngoaivu.core.testing.endpoints import all_endpoints
from ngoaivu.core.testing.world import ALL_USERS, HOST_COUNTRY, USERS, make_agreement, make_request, text_of
from ngoaivu.market_access.tests.factories import make_dossier

ENDPOINTS = all_endpoints()
LISTS = [e for e in ENDPOINTS if e.kind == "list" and e.model == "dossier"]
OBJECTS = [e for e in ENDPOINTS if e.kind == "object" and e.model == "dossier"]
SIGNED_OUT = {"anonymous", "inactive"}


def _org(who: str) -> str | None:
    return None if who == "anonymous" else USERS[who][0]


def can_view_dossier(who: str, owner: str, market: str, *, shared: bool, mission: str | None = None) -> bool:
    if who in {"anonymous", "inactive", "noorg"}:
        return False
    org = _org(who)
    if org in {owner, "M"}:
        return True
    if org in {"A", "B"}:
        return shared
    return mission == org or HOST_COUNTRY.get(org or "") == market


def _writer(who: str) -> bool:
    return who not in {"anonymous", "inactive", "noorg", "a_viewer"}


def can_change_dossier(who: str, owner: str) -> bool:
    return _writer(who) and _org(who) in {owner, "M"}


def can_note_dossier(who: str, owner: str, market: str, *, shared: bool, mission: str | None = None) -> bool:
    if not _writer(who):
        return False
    if _org(who) in {"X", "Y"}:
        return can_view_dossier(who, owner, market, shared=shared, mission=mission)
    return can_change_dossier(who, owner)


def can_view_agreement_a_kr(who: str) -> bool:
    """The agreement the object's dossier links: province A's, with Korea, private (world.can_view_agreement)."""
    return _org(who) in {"A", "M", "Y"} and who not in {"inactive", "anonymous"}


def call(world, who, ep, obj=None):
    client = world.client(who)
    url = ep.url(obj)
    if ep.body is not None:
        return client.generic(
            ep.method.upper(),
            url,
            json.dumps(ep.body(obj)),
            content_type="application/json",
            headers={"If-Match": f'"{obj.version}"'} if obj is not None else {},
        )
    if obj is not None and ep.method == "post" and url.endswith("/steps/"):  # a valid step: 302 when allowed
        step = {"stage": "inspection", "started_on": obj.opened_on.isoformat(), "version": obj.version}
        return client.post(url, step)
    return getattr(client, ep.method)(url)


def assert_denied(who, ep, status):
    if ep.api:
        assert status == 401, f"{who} {ep}: {status}"
    else:
        assert status == (403 if who == "noorg" else 302), f"{who} {ep}: {status}"


@pytest.mark.parametrize("who", ALL_USERS)
@pytest.mark.parametrize("ep", LISTS, ids=str)
def test_dossier_lists_never_leak(world, ep, who):
    cases = [
        (make_dossier(world, "A", market="KR"), "A", "KR", False, None),
        (make_dossier(world, "B", market="JP", shared=True), "B", "JP", True, None),
        (make_dossier(world, "B", market="KR"), "B", "KR", False, None),
        (make_dossier(world, "B", market="US", mission="X"), "B", "US", False, "X"),
    ]
    response = call(world, who, ep)
    if who in SIGNED_OUT or who == "noorg":
        assert_denied(who, ep, response.status_code)
    text = text_of(response)
    for dossier, owner, market, shared, mission in cases:
        expected = can_view_dossier(who, owner, market, shared=shared, mission=mission)
        assert (dossier.marker in text) == expected, f"{who} {ep} dossier of {owner} ({market}, {mission})"


@pytest.mark.parametrize("who", ALL_USERS)
@pytest.mark.parametrize("ep", OBJECTS, ids=str)
def test_dossier_objects_follow_policy(world, ep, who):
    agreement = make_agreement(world, "A", country="KR")
    dossier = make_dossier(world, "A", market="JP", agreements=(agreement.pk,))
    response = call(world, who, ep, dossier)
    status = response.status_code
    if who in SIGNED_OUT or who == "noorg":
        assert_denied(who, ep, status)
        return
    if ep.action == "agreement_fragment":
        if not can_view_agreement_a_kr(who):
            assert status == 404, f"{who} {ep}: {status}"
            return
        assert status == 200, f"{who} {ep}: {status}"
        assert (dossier.marker in text_of(response)) == can_view_dossier(who, "A", "JP", shared=False)
        return
    if not can_view_dossier(who, "A", "JP", shared=False):
        assert status == 404, f"{who} {ep}: {status}"
        return
    if ep.action == "missing_document":
        assert status == 404, f"{who} {ep}: {status}"
    elif ep.action == "note":
        expected = 302 if can_note_dossier(who, "A", "JP", shared=False) else 403
        assert status == expected, f"{who} {ep}: {status}"
    elif ep.action == "delete":  # the owning province's officers only; the ministry edits but never deletes
        assert status == (302 if can_change_dossier(who, "A") and _org(who) == "A" else 403), (
            f"{who} {ep}: {status}"
        )
    elif ep.action == "change" and not can_change_dossier(who, "A"):
        assert status == 403, f"{who} {ep}: {status}"
    else:
        assert status in {200, 302}, f"{who} {ep}: {status}"


@pytest.mark.parametrize("who", ALL_USERS)
def test_board_counts_only_what_the_reader_sees(world, who):
    """The board is a reference route (any signed-in user gets a page), but its counts are scoped: one open
    dossier for the market each owner's rows can be told apart by (A → Chile, B → New Zealand)."""
    make_dossier(world, "A", market="CL")
    make_dossier(world, "B", market="NZ", shared=True)
    response = world.client(who).get("/market-access/board/")
    if who in SIGNED_OUT or who == "noorg":
        assert response.status_code == (403 if who == "noorg" else 302)
        return
    text = text_of(response)
    assert ("Chi-lê" in text or "Chile" in text) == can_view_dossier(who, "A", "CL", shared=False), who
    assert ("Niu Di-lân" in text or "New Zealand" in text) == can_view_dossier(who, "B", "NZ", shared=True), (
        who
    )


@pytest.mark.parametrize("who", ALL_USERS)
def test_linked_requests_fragment_lists_only_visible_requests(world, who):
    """The requests fragment on the dossier page: the dossier's scope first (404), then each request's own."""
    dossier = make_dossier(world, "A", market="JP", shared=True)
    from ngoaivu.requests.models import ServiceRequest

    to_x = make_request(world, "A", ["X"])
    ServiceRequest.market_dossiers.through.objects.create(servicerequest_id=to_x.pk, dossier_id=dossier.pk)
    response = world.client(who).get(f"/requests/for-dossier/{dossier.pk}/")
    if who in SIGNED_OUT or who == "noorg":
        assert response.status_code == (403 if who == "noorg" else 302)
        return
    if not can_view_dossier(who, "A", "JP", shared=True):
        assert response.status_code == 404, who
        return
    assert response.status_code == 200
    sees_request = _org(who) in {"A", "M", "X"}
    assert (to_x.title in text_of(response)) == sees_request, who
