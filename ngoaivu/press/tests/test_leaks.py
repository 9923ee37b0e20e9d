"""The press leak suite: every list (page, export, counts, API, the shared calendar) × every world user shows
exactly the visits the policy allows, and every object route answers 404 to who may not see the visit and 403
to who may see it but not act (the policy is `helpers.can_view_visit`, written from DOMAIN.md §2)."""

from __future__ import annotations

import json

import pytest

from ngoaivu.core.testing.world import ALL_USERS, text_of
from ngoaivu.press import importer
from ngoaivu.press.tests.endpoints import ENDPOINTS
from ngoaivu.press.tests.helpers import can_change_visit, can_view_visit, editor, make_visit
from ngoaivu.press.tests.writes import agreed, by_second_head

LISTS = [e for e in ENDPOINTS if e.kind == "list"]
OBJECTS = [e for e in ENDPOINTS if e.kind == "object"]
DENIED_SIGNED_OUT = {"anonymous", "inactive"}


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


CASES = [
    # (owner, agency's country, other provinces on the route, shared)
    ("A", "KR", (), False),  # A's own, Korea: A, the ministry, Seoul
    ("B", "JP", (), True),  # B's shared, Japan: every province, the ministry, Tokyo
    ("B", "KR", (), False),  # B's private, Korea: B, the ministry, Seoul
    ("B", "US", ("48",), False),  # B's private, A on the route: A, B, the ministry; no mission
]


@pytest.mark.parametrize("who", ALL_USERS)
@pytest.mark.parametrize("ep", LISTS, ids=str)
def test_press_lists_never_leak(world, ep, who):
    made = [
        (
            make_visit(
                world, owner, country=country, provinces=provinces, shared=shared, licence_number="9/BNG"
            ),
            owner,
            country,
            provinces,
            shared,
        )
        for owner, country, provinces, shared in CASES
    ]
    if ep.route == "press/counts/":
        for visit, *_rest in made:  # the counts page counts licensed visits by province as named then
            type(visit).objects.system(reason="test").filter(pk=visit.pk).update(
                status="agreed", province_as_named=visit.outlet
            )
    response = call(world, who, ep)
    if who in DENIED_SIGNED_OUT or who == "noorg":
        assert_denied(who, ep, response.status_code)
    text = text_of(response)
    for visit, owner, country, provinces, shared in made:
        expected = can_view_visit(who, owner, country=country, shared=shared, provinces=provinces)
        assert (visit.outlet in text) == expected, f"{who} {ep}: visit of {owner} {country} {provinces}"


XLSX = importer.template_bytes()


def _object_for(world, ep):
    if ep.action == "answer":
        return by_second_head(world)  # received, registered by someone else than a_editor
    visit = agreed(world)  # agreed, starting today: start, finish and cancel may run
    importer.import_preview(actor=editor(world, "A"), visit_id=visit.pk, file_name="r.xlsx", data=XLSX)
    visit.refresh_from_db()
    return visit


@pytest.mark.parametrize("who", ALL_USERS)
@pytest.mark.parametrize("ep", OBJECTS, ids=str)
def test_press_objects_follow_policy(world, ep, who):
    visit = _object_for(world, ep)
    response = call(world, who, ep, visit)
    status = response.status_code
    if who in DENIED_SIGNED_OUT or who == "noorg":
        assert_denied(who, ep, status)
        return
    if not can_view_visit(who, "A", country="KR", shared=False):
        assert status == 404, f"{who} {ep}: {status}"
        return
    if ep.action != "view" and not can_change_visit(who, "A"):
        assert status == 403, f"{who} {ep}: {status}"
        return
    # "report" needs a finished visit: the state refuses it (409), after the scope let it through
    allowed = {200, 201, 302} | ({409} if ep.route.endswith("/report") else set())
    assert status in allowed, f"{who} {ep}: {status} {response.content[:300]!r}"
