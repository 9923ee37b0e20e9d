"""Leak suite of the briefs and subscriptions: every list × every world user, every object route × every user,
against a policy written from DOMAIN.md §2 ("Briefs": MOFA Cục CRUD, R all; other units R; province R
addressed/all, rate; mission CRUD own, R own; drafts only to their author organisation), not from `visible_to`:

- the author organisation reads its briefs (drafts too) and is the only one to edit, publish, withdraw them;
- the ministry reads every issued (non-draft) brief;
- a province reads the issued briefs addressed to all, to its region or to it by name — a brief addressed to
  Đà Nẵng (A) is not seen by Lai Châu (B) — and its officers rate them and ask more (a request);
- another mission sees nothing of it;
- subscriptions are a province's own;
- inactive, organisation-less and anonymous users see nothing."""

from __future__ import annotations

import json

import pytest

from ngoaivu.core.testing.endpoints import all_endpoints
from ngoaivu.core.testing.world import ALL_USERS, USERS, can_view_request, make_request, text_of
from ngoaivu.information import services
from ngoaivu.information.models import BriefQuestion
from ngoaivu.information.tests.factories import author, make_brief, make_subscription

ENDPOINTS = all_endpoints()
B_LISTS = [e for e in ENDPOINTS if e.kind == "list" and e.model == "brief"]
B_OBJECTS = [e for e in ENDPOINTS if e.kind == "object" and e.model == "brief"]
S_LISTS = [e for e in ENDPOINTS if e.kind == "list" and e.model == "brief_subscription"]
S_OBJECTS = [e for e in ENDPOINTS if e.kind == "object" and e.model == "brief_subscription"]
SIGNED_OUT = {"anonymous", "inactive"}
NOBODY = {"anonymous", "inactive", "noorg"}


def _org(who: str) -> str | None:
    return None if who == "anonymous" else USERS[who][0]


def _writer(who: str) -> bool:
    return who not in {"anonymous", "inactive", "noorg", "a_viewer"}


def can_view_brief(who: str, author_org: str, to: str | tuple[str, ...], *, draft: bool = False) -> bool:
    if who in NOBODY:
        return False
    org = _org(who)
    if org == author_org:
        return True
    if draft:
        return False
    if org == "M":
        return True
    if org in {"A", "B"}:
        return to == "all" or (isinstance(to, tuple) and org in to) or to == f"region:{org}"
    return False


def can_change_brief(who: str, author_org: str) -> bool:
    return _writer(who) and _org(who) == author_org


def may_write_briefs(who: str) -> bool:
    return _writer(who) and _org(who) in {"X", "Y", "M"}


def may_rate(who: str) -> bool:
    return _writer(who) and _org(who) in {"A", "B"}


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
    if ep.method == "post" and url.endswith("/rate/"):
        return client.post(url, {"useful": "1", "comment": "Hữu ích"})
    return getattr(client, ep.method)(url)


def assert_denied(who, ep, status):
    if ep.api:
        assert status == 401, f"{who} {ep}: {status}"
    else:
        assert status == (403 if who == "noorg" else 302), f"{who} {ep}: {status}"


@pytest.mark.parametrize("who", ALL_USERS)
@pytest.mark.parametrize("ep", B_LISTS, ids=lambda e: f"{e}-{e.action}")
def test_brief_lists_never_leak(world, ep, who):
    to_a = make_brief(world, "X", to=("A",))
    withdrawn = make_brief(world, "Y", to=("B",))
    services.brief_withdraw(
        actor=author(world, "Y"), brief_id=withdrawn.pk, expected_version=withdrawn.version
    )
    cases = [
        (to_a, "X", ("A",), False),
        (make_brief(world, "Y", to="all"), "Y", "all", False),
        (make_brief(world, "X", to="all", publish=False), "X", "all", True),
        (make_brief(world, "M", to="region:B"), "M", "region:B", False),
        (make_brief(world, "M", to=("A", "B"), publish=False), "M", ("A", "B"), True),
        (withdrawn, "Y", ("B",), False),
    ]
    response = call(world, who, ep)
    status = response.status_code
    if who in NOBODY:
        assert_denied(who, ep, status)
        return
    if ep.action in {"readership", "create"}:
        if not may_write_briefs(who):
            assert status == 403, f"{who} {ep}: {status}"
            return
        assert status == (201 if ep.action == "create" else 200), f"{who} {ep}: {status}"
    else:
        assert status == 200, f"{who} {ep}: {status}"
    text = text_of(response)
    for brief, org, to, draft in cases:
        if ep.action == "readership":
            expected = _org(who) == org and not draft
        elif ep.action == "create":
            expected = False
        else:
            expected = can_view_brief(who, org, to, draft=draft)
        assert (brief.marker in text) == expected, f"{who} {ep} brief of {org} to {to} (draft {draft})"


@pytest.mark.parametrize("who", ALL_USERS)
@pytest.mark.parametrize("ep", B_OBJECTS, ids=lambda e: f"{e}-{e.action}")
def test_brief_objects_follow_policy(world, ep, who):
    brief = make_brief(world, "X", to=("A",))
    asked = make_request(world, "A", ["X"])
    BriefQuestion.objects.create(brief=brief, request=asked)
    brief.question_request = asked
    response = call(world, who, ep, brief)
    status = response.status_code
    if who in NOBODY:
        assert_denied(who, ep, status)
        return
    if ep.action == "create_form":  # the form of a new brief: its writers only
        assert status == (200 if may_write_briefs(who) else 403), f"{who} {ep}: {status}"
        return
    if ep.action == "request_fragment":
        if not can_view_request(who, "A", ["X"]):
            assert status == 404, f"{who} {ep}: {status}"
            return
        assert status == 200, f"{who} {ep}: {status}"
        assert (brief.marker in text_of(response)) == can_view_brief(who, "X", ("A",))
        return
    if not can_view_brief(who, "X", ("A",)):
        assert status == 404, f"{who} {ep}: {status}"
        return
    if ep.action == "missing_attachment":
        assert status == 404, f"{who} {ep}: {status}"
    elif ep.action == "rate":
        expected = (200 if ep.api else 302) if may_rate(who) else 403
        assert status == expected, f"{who} {ep}: {status}"
    elif ep.action == "ask":
        assert status == (200 if may_rate(who) else 403), f"{who} {ep}: {status}"
    elif ep.action == "change":
        assert status == (403 if not can_change_brief(who, "X") else status), f"{who} {ep}: {status}"
        assert status in ({200, 302} if can_change_brief(who, "X") else {403}), f"{who} {ep}: {status}"
    else:
        assert status == 200, f"{who} {ep}: {status}"
        assert brief.marker in text_of(response)


@pytest.mark.parametrize("who", ALL_USERS)
def test_a_draft_is_seen_by_its_author_organisation_only(world, who):
    draft = make_brief(world, "M", to="all", publish=False)
    status = world.client(who).get(f"/briefs/{draft.pk}/").status_code
    if who in NOBODY:
        return
    assert status == (200 if _org(who) == "M" else 404), who


@pytest.mark.parametrize("who", ALL_USERS)
@pytest.mark.parametrize("ep", S_LISTS, ids=lambda e: f"{e}-{e.action}")
def test_subscription_lists_never_leak(world, ep, who):
    own_a = make_subscription(world, "A")
    own_b = make_subscription(world, "B", countries=("KR",))
    response = call(world, who, ep)
    status = response.status_code
    if who in NOBODY:
        assert_denied(who, ep, status)
        return
    org = _org(who)
    if ep.action == "create":
        assert status == (201 if may_rate(who) else 403), f"{who} {ep}: {status}"
        return
    if not ep.api and org not in {"A", "B"}:
        assert status == 403, f"{who} {ep}: {status}"
        return
    assert status == 200, f"{who} {ep}: {status}"
    text = text_of(response)
    assert (own_a.marker in text) == (org == "A"), who
    assert (own_b.marker in text) == (org == "B"), who


@pytest.mark.parametrize("who", ALL_USERS)
@pytest.mark.parametrize("ep", S_OBJECTS, ids=str)
def test_subscription_objects_follow_policy(world, ep, who):
    sub = make_subscription(world, "A")
    response = call(world, who, ep, sub)
    status = response.status_code
    if who in NOBODY:
        assert_denied(who, ep, status)
        return
    if _org(who) != "A":
        assert status == 404, f"{who} {ep}: {status}"
    elif who == "a_viewer":
        assert status == 403, f"{who} {ep}: {status}"
    else:
        assert status == (204 if ep.api else 302), f"{who} {ep}: {status}"
