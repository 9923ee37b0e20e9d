"""The overseas leak suite: every list (pages, exports, API, the shared calendar) × every world user shows
exactly the records the policy allows, and every object route answers 404 to who may not see the record and
403 to who may see it but not change it. The policy is `helpers.can_view` / `can_change`, written from
DOMAIN.md §2, not from `visible_to`. A second province (B) and a second mission (Y) are in every case."""

from __future__ import annotations

import json

import pytest

from ngoaivu.core.testing.world import ALL_USERS, text_of
from ngoaivu.overseas.tests.endpoints import ENDPOINTS, INVESTMENT_ROUTES
from ngoaivu.overseas.tests.helpers import (
    can_change,
    can_view,
    make_association,
    make_investment,
    make_person,
    make_programme,
)

LISTS = [e for e in ENDPOINTS if e.kind == "list"]
OBJECTS = [e for e in ENDPOINTS if e.kind == "object"]
SIGNED_OUT = {"anonymous", "inactive", "noorg"}


def _kind(ep) -> str:
    if ep.route in INVESTMENT_ROUTES:
        return "investment"
    return {
        "overseas_association": "association",
        "overseas_person": "person",
        "overseas_programme": "programme",
    }[ep.model]


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


def _make(world, kind, owner, shared, country):
    if kind == "association":
        return make_association(world, owner, country=country, shared=shared), ()
    if kind == "person":
        return make_person(world, owner, country=country, shared=shared), ()
    if kind == "programme":
        return make_programme(world, owner, countries=(country,), shared=shared), (country,)
    return make_investment(world, owner, shared=shared), ()


# (owner, shared, country): owners among both provinces, both missions and the ministry
CASES = [
    ("A", False, "KR"),
    ("B", True, "JP"),
    ("B", False, "KR"),
    ("X", False, "JP"),
    ("Y", True, "KR"),
    ("M", False, "JP"),
]
INVESTMENT_CASES = [("A", False, "KR"), ("B", True, "JP"), ("B", False, "KR")]


def _title(record) -> str:
    return record.title


@pytest.mark.parametrize("who", ALL_USERS)
@pytest.mark.parametrize("ep", LISTS, ids=str)
def test_overseas_lists_never_leak(world, ep, who):
    kind = _kind(ep)
    cases = INVESTMENT_CASES if kind == "investment" else CASES
    made = [(*_make(world, kind, owner, shared, country), owner, shared) for owner, shared, country in cases]
    response = call(world, who, ep)
    if who in SIGNED_OUT:
        assert_denied(who, ep, response.status_code)
    text = text_of(response)
    for record, countries, owner, shared in made:
        expected = can_view(who, owner, shared=shared, kind=kind, countries=countries)
        assert (_title(record) in text) == expected, (
            f"{who} {ep}: {kind} of {owner} shared={shared} {countries}"
        )


@pytest.mark.parametrize("who", ALL_USERS)
@pytest.mark.parametrize("ep", OBJECTS, ids=str)
@pytest.mark.parametrize("shared", [False, True])
def test_overseas_objects_follow_policy(world, ep, who, shared):
    kind = _kind(ep)
    record, countries = _make(world, kind, "A", shared, "JP")
    response = call(world, who, ep, record)
    status = response.status_code
    if who in SIGNED_OUT:
        assert_denied(who, ep, status)
        return
    if not can_view(who, "A", shared=shared, kind=kind, countries=countries):
        assert status == 404, f"{who} {ep}: {status}"
        return
    if ep.action == "change" and not can_change(who, "A", shared=shared, kind=kind, country="JP"):
        assert status == 403, f"{who} {ep}: {status}"
        return
    assert status in {200, 201, 302}, f"{who} {ep}: {status} {response.content[:300]!r}"


def test_a_mission_edits_shared_associations_of_its_countries_only(world):
    ours = make_association(world, "A", country="JP", shared=True)
    theirs = make_association(world, "A", country="KR", shared=True)
    x = world.client("x_officer")
    assert x.get(f"/overseas-vietnamese/associations/{ours.pk}/edit/").status_code == 200
    assert x.get(f"/overseas-vietnamese/associations/{theirs.pk}/edit/").status_code == 403


def test_the_overseas_committee_reads_and_edits_like_the_ministry(world):
    from ngoaivu.accounts.models import Organisation, Role
    from ngoaivu.accounts.services import user_create
    from ngoaivu.audit.services import SystemActor

    unit = Organisation.objects.get(code="mofa-nvnonn")
    member = user_create(
        actor=SystemActor("test"),
        username="nvnonn_officer",
        password="world-password-2026",
        organisation=unit,
        roles=[Role.OFFICER],
        check_password=False,
        is_superuser=False,
    )
    private = make_association(world, "B", country="KR", shared=False)
    investment = make_investment(world, "B", shared=False)
    from django.test import Client

    client = Client()
    client.force_login(member)
    assert private.name_vi in text_of(client.get("/overseas-vietnamese/?page_size=100"))
    assert client.get(f"/overseas-vietnamese/associations/{private.pk}/edit/").status_code == 200
    assert client.get(f"/overseas-vietnamese/investments/{investment.pk}/").status_code == 200
    assert client.get(f"/overseas-vietnamese/investments/{investment.pk}/edit/").status_code == 403
    # another ministry unit (consular) reads only the shared ones
    other = Organisation.objects.get(code="mofa-lanh-su")
    consul = user_create(
        actor=SystemActor("test"),
        username="lanhsu_officer_overseas",
        password="world-password-2026",
        organisation=other,
        roles=[Role.OFFICER],
        check_password=False,
        is_superuser=False,
    )
    client.force_login(consul)
    assert client.get(f"/overseas-vietnamese/associations/{private.pk}/").status_code == 404
