"""Leak suite of the locality profiles: every list × every world user, every object route × every user, against
a policy written from DOMAIN.md §2 and the brief of issue 23, not from `visible_to`:

- every active user with an organisation reads the profiles of provinces; a foreign locality's profile is read
  by whoever sees the locality in the directory (a private locality: the organisation that entered it and the
  ministry);
- a province's officers edit their own province's profile; the ministry (Cục) edits any; a mission edits the
  profiles of foreign localities in the countries it covers or that it entered; anyone else who reads a profile
  gets 403 on its edit routes;
- inactive, organisation-less and anonymous users see nothing."""

from __future__ import annotations

import json

import pytest

from ngoaivu.core.testing.endpoints import all_endpoints
from ngoaivu.core.testing.world import ALL_USERS, HOST_COUNTRY, USERS, can_view_private_partner, text_of
from ngoaivu.partnering.tests.makers_profiles import foreign_profile, province_profile

ENDPOINTS = all_endpoints()
LISTS = [e for e in ENDPOINTS if e.kind == "list" and e.model == "locality_profile"]
OBJECTS = [e for e in ENDPOINTS if e.kind == "object" and e.model == "locality_profile"]
SIGNED_OUT = {"anonymous", "inactive"}


def _org(who: str) -> str | None:
    return None if who == "anonymous" else USERS[who][0]


def can_read(who: str, *, foreign_owner: str | None = None, private: bool = False) -> bool:
    if who in {"anonymous", "inactive", "noorg"}:
        return False
    if foreign_owner is not None and private:
        return can_view_private_partner(who, foreign_owner)
    return True


def can_edit(who: str, *, province: str | None = None, owner: str | None = None, country: str = "") -> bool:
    if who in {"anonymous", "inactive", "noorg", "a_viewer"}:
        return False
    org = _org(who)
    if org == "M":
        return True
    if province is not None:
        return org == province
    return org in {"X", "Y"} and (org == owner or HOST_COUNTRY[org] == country)


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


def test_the_suite_covers_every_profile_route():
    assert {e.route for e in LISTS} == {"partnering/profiles/", "api/v1/profiles"}
    assert len(OBJECTS) == 4


@pytest.mark.parametrize("who", ALL_USERS)
@pytest.mark.parametrize("ep", LISTS, ids=str)
def test_profile_lists_never_leak(world, ep, who):
    cases = [
        (province_profile(world, "A"), {}),
        (foreign_profile(world, "X", country="JP"), {"foreign_owner": "X"}),
        (
            foreign_profile(world, "X", country="JP", visibility="private"),
            {"foreign_owner": "X", "private": True},
        ),
        (
            foreign_profile(world, "A", country="KR", visibility="private"),
            {"foreign_owner": "A", "private": True},
        ),
    ]
    response = call(world, who, ep)
    if who in SIGNED_OUT or who == "noorg":
        assert_denied(who, ep, response.status_code)
    text = text_of(response)
    for profile, policy in cases:
        assert (profile.marker in text) == can_read(who, **policy), f"{who} {ep} {policy}"


def _objects(world):
    return [
        (province_profile(world, "A"), {}, {"province": "A"}),
        (
            foreign_profile(world, "X", country="JP", visibility="private"),
            {"foreign_owner": "X", "private": True},
            {"owner": "X", "country": "JP"},
        ),
        (
            foreign_profile(world, "A", country="KR", visibility="shared"),
            {"foreign_owner": "A"},
            {"owner": "A", "country": "KR"},
        ),
    ]


@pytest.mark.parametrize("who", ALL_USERS)
@pytest.mark.parametrize("ep", OBJECTS, ids=str)
def test_profile_objects_follow_policy(world, ep, who):
    for profile, read_policy, edit_policy in _objects(world):
        status = call(world, who, ep, profile).status_code
        label = f"{who} {ep} {edit_policy}: {status}"
        if who in SIGNED_OUT or who == "noorg":
            assert_denied(who, ep, status)
            continue
        if not can_read(who, **read_policy):
            assert status == 404, label
            continue
        if ep.action == "change":
            assert status == (200 if can_edit(who, **edit_policy) else 403), label
        else:
            assert status == 200, label
