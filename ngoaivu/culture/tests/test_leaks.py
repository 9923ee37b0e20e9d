"""The culture leak suite: every list (page, export, API, the shared calendar) × every world user shows exactly
the titles and events the policy allows (`helpers.can_view_*`, written from DOMAIN.md §2, not `visible_to`), and
every object route answers 404 to who may not see the record and 403 to who may see it but not act — with a
second province (B) and a second mission (Y) everywhere."""

from __future__ import annotations

import json

import pytest

from ngoaivu.core.testing.world import ALL_USERS, text_of
from ngoaivu.culture.tests.endpoints import ENDPOINTS
from ngoaivu.culture.tests.helpers import (
    can_change_event,
    can_change_title,
    can_view_event,
    can_view_title,
    make_cultural_event,
    make_title,
)

T_LISTS = [e for e in ENDPOINTS if e.kind == "list" and e.model == "heritage_title"]
C_LISTS = [e for e in ENDPOINTS if e.kind == "list" and e.model == "cultural_event"]
T_OBJECTS = [e for e in ENDPOINTS if e.kind == "object" and e.model == "heritage_title"]
C_OBJECTS = [e for e in ENDPOINTS if e.kind == "object" and e.model == "cultural_event"]
DENIED = {"anonymous", "inactive", "noorg"}


def assert_denied(who, ep, status):
    if ep.api:
        assert status == 401, f"{who} {ep}: {status}"
    else:
        assert status == (403 if who == "noorg" else 302), f"{who} {ep}: {status}"


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


TITLE_CASES = [
    # (owner, shared, involved provinces as named then → world keys)
    ("A", False, (), ()),  # A's own private title: A and the ministry
    ("B", True, (), ()),  # B's shared title: everyone signed in
    ("B", False, (), ()),  # B's private title: B and the ministry only
    ("B", False, ("Quảng Nam",), ("A",)),  # B's private title involving Quảng Nam (now Đà Nẵng = A)
]


@pytest.mark.parametrize("who", ALL_USERS)
@pytest.mark.parametrize("ep", T_LISTS, ids=str)
def test_title_lists_never_leak(world, ep, who):
    made = [
        (make_title(world, owner, shared=shared, provinces=names), owner, shared, keys)
        for owner, shared, names, keys in TITLE_CASES
    ]
    response = call(world, who, ep)
    if who in DENIED:
        assert_denied(who, ep, response.status_code)
    text = text_of(response)
    for title, owner, shared, keys in made:
        expected = can_view_title(who, owner, shared=shared, involved=keys)
        assert (title.name_vi in text) == expected, f"{who} {ep}: title of {owner} shared={shared} {keys}"


EVENT_CASES = [
    # (owner, country, mission taking part, shared)
    ("A", "KR", "", False),  # A's private, Korea: A, the ministry, Seoul
    ("B", "JP", "", True),  # B's shared, Japan: every province, the ministry, Tokyo
    ("B", "KR", "", False),  # B's private, Korea: B, the ministry, Seoul
    ("A", "FR", "X", False),  # A's private in France with Tokyo taking part: A, the ministry, Tokyo
]


@pytest.mark.parametrize("who", ALL_USERS)
@pytest.mark.parametrize("ep", C_LISTS, ids=str)
def test_event_lists_never_leak(world, ep, who):
    made = [
        (make_cultural_event(world, owner, country=c, mission=m, shared=s), owner, c, m, s)
        for owner, c, m, s in EVENT_CASES
    ]
    response = call(world, who, ep)
    if who in DENIED:
        assert_denied(who, ep, response.status_code)
    text = text_of(response)
    for event, owner, country, mission, shared in made:
        expected = can_view_event(who, owner, country=country, mission=mission, shared=shared)
        assert (event.title_vi in text) == expected, f"{who} {ep}: event of {owner} {country} {mission}"


@pytest.mark.parametrize("who", ALL_USERS)
@pytest.mark.parametrize("ep", T_OBJECTS, ids=str)
def test_title_objects_follow_policy(world, ep, who):
    title = make_title(world, "A", shared=False)
    status = call(world, who, ep, title).status_code
    if who in DENIED:
        assert_denied(who, ep, status)
        return
    if not can_view_title(who, "A", shared=False):
        assert status == 404, f"{who} {ep}: {status}"
        return
    if ep.action == "change" and not can_change_title(who, "A"):
        assert status == 403, f"{who} {ep}: {status}"
        return
    if ep.action == "missing_file":
        assert status == 404, f"{who} {ep}: {status}"
        return
    assert status in {200, 201, 302}, f"{who} {ep}: {status}"


@pytest.mark.parametrize("who", ALL_USERS)
@pytest.mark.parametrize("ep", T_OBJECTS, ids=str)
def test_an_involved_province_reads_but_never_changes(world, ep, who):
    """B's private title involving Quảng Nam (Đà Nẵng today, province A): A reads it, never changes it."""
    if who not in {"a_editor", "a_viewer"}:
        return
    title = make_title(world, "B", shared=False, provinces=("Quảng Nam",))
    status = call(world, who, ep, title).status_code
    if ep.action == "change":
        assert status == 403, f"{who} {ep}: {status}"
    elif ep.action == "missing_file":
        assert status == 404
    else:
        assert status == 200, f"{who} {ep}: {status}"


@pytest.mark.parametrize("who", ALL_USERS)
@pytest.mark.parametrize("ep", C_OBJECTS, ids=str)
def test_event_objects_follow_policy(world, ep, who):
    event = make_cultural_event(world, "A", country="KR", shared=False)
    status = call(world, who, ep, event).status_code
    if who in DENIED:
        assert_denied(who, ep, status)
        return
    if not can_view_event(who, "A", country="KR", shared=False):
        assert status == 404, f"{who} {ep}: {status}"
        return
    if ep.action == "change" and not can_change_event(who, "A"):
        assert status == 403, f"{who} {ep}: {status}"
        return
    assert status in {200, 201, 302}, f"{who} {ep}: {status}"


def test_a_private_agreement_linked_to_a_shared_event_stays_unseen(world):
    from ngoaivu.core.testing.world import make_agreement

    mou = make_agreement(world, "A", country="JP", signed=True)
    event = make_cultural_event(world, "A", country="JP", shared=True, agreement_ids=(mou.pk,))
    for who, sees in (("a_viewer", True), ("ministry", True), ("b_editor", False)):
        for url in (f"/culture/events/{event.pk}/", f"/api/v1/cultural-events/{event.pk}"):
            text = text_of(world.client(who).get(url))
            assert event.title_vi in text, (who, url)
            assert (mou.title_vi in text) == sees, (who, url)
