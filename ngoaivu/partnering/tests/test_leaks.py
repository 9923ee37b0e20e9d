"""Leak suite of the partner searches: every list × every world user, every object route × every user, against
a policy written from DOMAIN.md §2 and the brief of issue 23, not from `visible_to`:

- the owner (the seeking province; for a foreign partner's search, the mission or ministry that entered it)
  reads and edits its searches, drafts included; its viewers only read; only the owner's officers delete;
- once posted (not a draft), the ministry reads every search and proposes candidates;
- a mission reads the posted searches whose countries it covers (directory.Accreditation) and proposes;
- other provinces read only the posted searches marked shared, and never propose;
- proposals are moved (shortlisted, contacted, met, agreement, declined) by the search's owner only;
- inactive, organisation-less and anonymous users see nothing; a search out of scope is 404.

(Locality profiles have their own suite, H2's test_profiles*.)"""

from __future__ import annotations

import json

import pytest

from ngoaivu.core.testing.endpoints import all_endpoints
from ngoaivu.core.testing.world import ALL_USERS, HOST_COUNTRY, USERS, text_of
from ngoaivu.partnering.tests.factories_searches import make_search, propose

ENDPOINTS = all_endpoints()
LISTS = [e for e in ENDPOINTS if e.kind == "list" and e.model == "partner_search"]
OBJECTS = [e for e in ENDPOINTS if e.kind == "object" and e.model == "partner_search"]
SIGNED_OUT = {"anonymous", "inactive"}
NOBODY = {"anonymous", "inactive", "noorg"}


def _org(who: str) -> str | None:
    return None if who == "anonymous" else USERS[who][0]


def can_view_search(
    who: str, owner: str, countries: tuple[str, ...], *, shared: bool, draft: bool = False
) -> bool:
    if who in NOBODY:
        return False
    org = _org(who)
    if org == owner:
        return True
    if draft:
        return False
    if org == "M":
        return True
    if org in {"A", "B"}:
        return shared
    return HOST_COUNTRY.get(org or "") in countries


def _writer(who: str) -> bool:
    return who not in NOBODY and who != "a_viewer"


def can_change_search(who: str, owner: str) -> bool:
    return _writer(who) and _org(who) == owner


def can_propose(who: str, owner: str, countries: tuple[str, ...], *, shared: bool) -> bool:
    return (
        _writer(who)
        and _org(who) in {"M", "X", "Y"}
        and can_view_search(who, owner, countries, shared=shared)
    )


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
    return getattr(client, ep.method)(url)


def assert_denied(who, ep, status):
    if ep.api:
        assert status == 401, f"{who} {ep}: {status}"
    else:
        assert status == (403 if who == "noorg" else 302), f"{who} {ep}: {status}"


@pytest.mark.parametrize("who", ALL_USERS)
@pytest.mark.parametrize("ep", LISTS, ids=str)
def test_search_lists_never_leak(world, ep, who):
    cases = [
        (make_search(world, "A", countries=("JP",)), "A", ("JP",), False, False),
        (make_search(world, "B", countries=("KR",), shared=True), "B", ("KR",), True, False),
        (make_search(world, "B", countries=("JP",), shared=True, state="draft"), "B", ("JP",), True, True),
        (make_search(world, "B", countries=("JP",)), "B", ("JP",), False, False),
        (make_search(world, "X", countries=("JP",), inbound=True), "X", ("JP",), False, False),
        (make_search(world, "M", countries=("KR",), inbound=True, shared=True), "M", ("KR",), True, False),
    ]
    response = call(world, who, ep)
    if who in NOBODY:
        assert_denied(who, ep, response.status_code)
    text = text_of(response)
    for search, owner, countries, shared, draft in cases:
        expected = can_view_search(who, owner, countries, shared=shared, draft=draft)
        assert (search.marker in text) == expected, (
            f"{who} {ep} search of {owner} {countries} {shared} {draft}"
        )


@pytest.mark.parametrize("who", ALL_USERS)
@pytest.mark.parametrize("ep", OBJECTS, ids=str)
def test_search_objects_follow_policy(world, ep, who):
    search = make_search(world, "A", countries=("JP",), fields=("tourism",))
    propose(world, "x_officer", search)
    search.refresh_from_db()
    search.marker = search.title
    search.candidate_pk = world.partner("X", visibility="shared", country="JP").pk
    response = call(world, who, ep, search)
    status = response.status_code
    if who in NOBODY:
        assert_denied(who, ep, status)
        return
    if not can_view_search(who, "A", ("JP",), shared=False):
        assert status == 404, f"{who} {ep}: {status}"
        return
    if ep.action == "propose":
        ok = 200 if ep.api else 302
        assert status == (ok if can_propose(who, "A", ("JP",), shared=False) else 403), (
            f"{who} {ep}: {status}"
        )
    elif ep.action in {"change", "delete", "change_open"}:
        if not can_change_search(who, "A"):
            assert status == 403, f"{who} {ep}: {status}"
        elif ep.action == "change_open":
            assert status == 409, f"{who} {ep}: {status}"  # already posted
        else:
            assert status in {200, 302}, f"{who} {ep}: {status}"
    else:
        assert status == 200, f"{who} {ep}: {status}"
        if not ep.api or "suggestions" not in ep.route:
            assert search.title in text_of(response) or ep.route.endswith("proposals"), f"{who} {ep}"


@pytest.mark.parametrize("who", ALL_USERS)
def test_funnel_counts_only_what_the_reader_sees(world, who):
    """The funnel page is a reference route, but its rows are scoped: a private search of A for Chile and a
    shared one of B for New Zealand; each country's row shows only for who may read the search."""
    make_search(world, "A", countries=("CL",))
    make_search(world, "B", countries=("NZ",), shared=True)
    response = world.client(who).get("/partnering/searches/funnel/")
    if who in NOBODY:
        assert response.status_code == (403 if who == "noorg" else 302)
        return
    text = text_of(response)
    assert ("Chi-lê" in text) == can_view_search(who, "A", ("CL",), shared=False), who
    assert ("Niu Di-lân" in text) == can_view_search(who, "B", ("NZ",), shared=True), who


@pytest.mark.parametrize("who", ["a_editor", "b_editor", "x_officer", "ministry"])
def test_suggestions_offer_only_partners_the_reader_sees(world, who):
    """A private partner of B in Japan is a candidate only for readers who may see it (B and the ministry)."""
    search = make_search(world, "A", countries=("JP",), shared=True)
    hidden = world.partner("B", visibility="private", country="JP")
    shown = world.partner("X", visibility="shared", country="JP")
    response = world.client(who).get(f"/api/v1/partner-searches/{search.pk}/suggestions")
    assert response.status_code == 200
    names = {s["name"] for s in response.json()}
    assert shown.name in names
    assert (hidden.name in names) == (_org(who) in {"B", "M"}), who
