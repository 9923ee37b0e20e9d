"""The events' leak suite: every list (page, export, API, the shared calendar) × every world user shows exactly
the events the policy allows, and every object route answers 404 to who may not see the event and 403 to who
may see it but not act (the policy is `helpers.can_view_event`, written from DOMAIN.md §2, not `visible_to`)."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from ngoaivu.core.testing.world import ALL_USERS, text_of
from ngoaivu.events import services
from ngoaivu.events.tests.endpoints import ENDPOINTS
from ngoaivu.events.tests.helpers import can_change_event, can_view_event, editor, make_event

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
    # (owner, countries, missions taking part, shared)
    ("A", ("KR",), (), False),  # A's own, Korea: A, the ministry, Seoul
    ("B", ("JP",), (), True),  # B's shared, Japan: every province, the ministry, Tokyo
    ("B", ("KR",), (), False),  # B's private, Korea: B, the ministry, Seoul
    ("A", (), ("X",), False),  # A's private, no country, Tokyo takes part: A, the ministry, Tokyo
]


@pytest.mark.parametrize("who", ALL_USERS)
@pytest.mark.parametrize("ep", LISTS, ids=str)
def test_event_lists_never_leak(world, ep, who):
    made = [
        (
            make_event(world, owner, countries=countries, missions=missions, shared=shared),
            owner,
            countries,
            missions,
            shared,
        )
        for owner, countries, missions, shared in CASES
    ]
    response = call(world, who, ep)
    if who in DENIED_SIGNED_OUT or who == "noorg":
        assert_denied(who, ep, response.status_code)
    text = text_of(response)
    for event, owner, countries, missions, shared in made:
        expected = can_view_event(who, owner, countries=countries, missions=missions, shared=shared)
        assert (event.title_vi in text) == expected, f"{who} {ep}: event of {owner} {countries} {missions}"


def _with_task(world):
    event = make_event(world, "A", countries=("KR",))
    services.task_create(
        actor=editor(world, "A"),
        event_id=event.pk,
        data=services.TaskInput(title="Gửi danh sách", due_on=dt.date(2027, 1, 15), owner_person="Phòng KT"),
    )
    event.refresh_from_db()
    return event


@pytest.mark.parametrize("who", ALL_USERS)
@pytest.mark.parametrize("ep", OBJECTS, ids=str)
def test_event_objects_follow_policy(world, ep, who):
    event = _with_task(world)
    response = call(world, who, ep, event)
    status = response.status_code
    if who in DENIED_SIGNED_OUT or who == "noorg":
        assert_denied(who, ep, status)
        return
    if not can_view_event(who, "A", countries=("KR",), shared=False):
        assert status == 404, f"{who} {ep}: {status}"
        return
    if ep.action == "change" and not can_change_event(who, "A"):
        assert status == 403, f"{who} {ep}: {status}"
        return
    assert status in {200, 201, 302}, f"{who} {ep}: {status} {response.content[:300]!r}"


def test_a_private_agreement_linked_to_a_shared_event_stays_unseen(world):
    """Another province reads the shared event, never the title of the organiser's private MOU linked to it."""
    from ngoaivu.core.testing.world import make_agreement

    mou = make_agreement(world, "A", country="JP", signed=True)
    event = make_event(world, "A", countries=("JP",), shared=True, agreement_ids=(mou.pk,))
    for who, sees in (("a_viewer", True), ("ministry", True), ("x_officer", True), ("b_editor", False)):
        for url in (f"/events/{event.pk}/", f"/api/v1/promotion-events/{event.pk}"):
            text = text_of(world.client(who).get(url))
            assert event.title_vi in text, (who, url)
            assert (mou.title_vi in text) == sees, (who, url)


def test_an_event_linking_an_agreement_out_of_scope_is_refused(world):
    from ngoaivu.core.exceptions import ServiceError
    from ngoaivu.core.testing.world import make_agreement

    theirs = make_agreement(world, "B", country="JP", signed=True)  # private to B
    with pytest.raises(ServiceError) as caught:
        make_event(world, "A", agreement_ids=(theirs.pk,))
    assert "agreements" in caught.value.errors
