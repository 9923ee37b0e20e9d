"""The border leak suite: every list (pages, exports, API, commitments, the shared calendar) × every world user
shows exactly the mechanisms and meetings the policy allows, and every object route answers 404 to who may not
see the record and 403 to who may see it but not act (the policy is `helpers.can_view_mechanism`, written from
DOMAIN.md §2 and the issue, not from `visible_to`). A second province and a second mission are in every case."""

from __future__ import annotations

import json

import pytest

from ngoaivu.border.tests.endpoints import ENDPOINTS
from ngoaivu.border.tests.helpers import (
    add_commitment,
    add_file,
    can_change_mechanism,
    can_view_mechanism,
    make_mechanism,
    make_meeting,
)
from ngoaivu.core.testing.world import ALL_USERS, text_of

LISTS = [e for e in ENDPOINTS if e.kind == "list"]
OBJECTS = [e for e in ENDPOINTS if e.kind == "object"]
DENIED_SIGNED_OUT = {"anonymous", "inactive"}
# a workflow action the record's state refuses (hold or cancel a meeting already held) answers 409 once the scope
# allows it: the scope is what this suite checks
STATE_REFUSED = {"hold", "cancel"}


def assert_denied(who, ep, status):
    if ep.api:
        assert status == 401, f"{who} {ep}: {status}"
    else:
        assert status == (403 if who == "noorg" else 302), f"{who} {ep}: {status}"


def _version(ep, obj):
    """The If-Match of the record the route writes: a commitment's own version on its routes."""
    if "<int:commitment_id>" in ep.route:
        return obj.commitments.order_by("pk").first().version
    return obj.version


def call(world, who, ep, obj=None):
    client = world.client(who)
    url = ep.url(obj)
    if ep.body is not None:
        return client.generic(
            ep.method.upper(),
            url,
            json.dumps(ep.body(obj)),
            content_type="application/json",
            headers={"If-Match": f'"{_version(ep, obj)}"'} if obj is not None else {},
        )
    return getattr(client, ep.method)(url)


CASES = [
    # (owner, member provinces, countries)
    ("A", (), ("KR",)),  # A's own, Korea: A, the ministry, Seoul
    ("B", ("A",), ("JP",)),  # B's, A a member, Japan: A, B, the ministry, Tokyo
    ("B", (), ("KR",)),  # B's alone, Korea: B, the ministry, Seoul
    ("A", ("B",), ("CN",)),  # A's with B, China: A, B, the ministry; no mission
]


@pytest.mark.parametrize("who", ALL_USERS)
@pytest.mark.parametrize("ep", LISTS, ids=str)
def test_border_lists_never_leak(world, ep, who):
    made = []
    for owner, members, countries in CASES:
        mechanism = make_mechanism(world, owner, countries=countries, members=members)
        meeting = make_meeting(world, mechanism, owner, commitments=1)
        made.append((mechanism, meeting, owner, members, countries))
    response = call(world, who, ep)
    if who in DENIED_SIGNED_OUT or who == "noorg":
        assert_denied(who, ep, response.status_code)
    text = text_of(response)
    for mechanism, meeting, owner, members, countries in made:
        expected = can_view_mechanism(who, owner, members=members, countries=countries)
        marker = mechanism.name_vi if ep.model == "border_mechanism" else meeting.title
        assert (marker in text) == expected, f"{who} {ep}: {owner} {members} {countries}"


def _record(world, ep):
    mechanism = make_mechanism(world, "A", countries=("KR",))
    meeting = make_meeting(world, mechanism, "A", commitments=1)
    add_file(world, mechanism, "A")
    mechanism.refresh_from_db()
    meeting.refresh_from_db()
    return mechanism if ep.model == "border_mechanism" else meeting


@pytest.mark.parametrize("who", ALL_USERS)
@pytest.mark.parametrize("ep", OBJECTS, ids=str)
def test_border_objects_follow_policy(world, ep, who):
    obj = _record(world, ep)
    response = call(world, who, ep, obj)
    status = response.status_code
    if who in DENIED_SIGNED_OUT or who == "noorg":
        assert_denied(who, ep, status)
        return
    if not can_view_mechanism(who, "A", countries=("KR",)):
        assert status == 404, f"{who} {ep}: {status}"
        return
    if ep.action == "change" and not can_change_mechanism(who, "A"):
        assert status == 403, f"{who} {ep}: {status}"
        return
    allowed = {200, 201, 302}
    if ep.api and ep.route.rsplit("/", 1)[-1] in STATE_REFUSED:
        allowed = {409}
    assert status in allowed, f"{who} {ep}: {status} {response.content[:300]!r}"


def test_a_member_province_adds_its_own_commitment_and_reports_only_on_its_own(world):
    """B is a member of A's mechanism: B reads it, adds a commitment it owns (never one for another unit), and
    reports on it; it may not report on A's commitments nor edit the meeting."""
    from ngoaivu.border.models import Commitment

    mechanism = make_mechanism(world, "A", countries=("CN",), members=("B",))
    meeting = make_meeting(world, mechanism, "A")
    theirs = add_commitment(world, meeting, "A", text="Việc của A")
    client = world.client("b_editor")
    url = f"/api/v1/border-meetings/{meeting.pk}/commitments"
    r = client.post(url, {"text": "Việc của B", "owner_org": "tinh-48"}, content_type="application/json")
    assert r.status_code == 422, r.content  # the house answer to a refused input
    r = client.post(url, {"text": "Việc của B", "due_on": "2030-01-01"}, content_type="application/json")
    assert r.status_code == 201, r.content
    mine = Commitment.objects.get(pk=r.json()["id"])
    assert mine.owner_org.code == "tinh-12"
    ok = client.post(
        f"{url}/{mine.pk}/progress",
        {"note": "Đã làm việc với Vân Nam"},
        content_type="application/json",
        headers={"If-Match": f'"{mine.version}"'},
    )
    assert ok.status_code == 200, ok.content
    refused = client.post(
        f"{url}/{theirs.pk}/progress",
        {"note": "x"},
        content_type="application/json",
        headers={"If-Match": f'"{theirs.version}"'},
    )
    assert refused.status_code == 403
    patch = client.patch(
        f"/api/v1/border-meetings/{meeting.pk}",
        {"place": "x"},
        content_type="application/json",
        headers={"If-Match": f'"{meeting.version}"'},
    )
    assert patch.status_code == 403
    # a viewer of the member province reports nothing
    viewer = world.client("a_viewer")
    assert viewer.get(f"/border/meetings/{meeting.pk}/").status_code == 200


def test_a_private_agreement_linked_to_a_mechanism_stays_unseen(world):
    """A member province reads the mechanism, never the title of the owner's private agreement linked to it."""
    from ngoaivu.core.testing.world import make_agreement

    mou = make_agreement(world, "A", country="CN", signed=True)
    mechanism = make_mechanism(world, "A", countries=("CN",), members=("B",), agreement_ids=(mou.pk,))
    for who, sees in (("a_viewer", True), ("ministry", True), ("b_editor", False)):
        for url in (f"/border/{mechanism.pk}/", f"/api/v1/border-mechanisms/{mechanism.pk}"):
            text = text_of(world.client(who).get(url))
            assert mechanism.name_vi in text, (who, url)
            assert (mou.title_vi in text) == sees, (who, url)
