"""Cross-organisation leak suite: every route × every kind of user, against a policy table written
independently of `visible_to` (core/testing/world.py)."""

from __future__ import annotations

import json

import pytest

from ngoaivu.core.testing.endpoints import all_endpoints, site_routes
from ngoaivu.core.testing.world import (
    ALL_USERS,
    can_change_agreement,
    can_change_partner,
    can_change_visit,
    can_delete_partner,
    can_view_agreement,
    can_view_private_partner,
    can_view_request,
    can_view_shared_partner,
    can_view_visit,
    make_agreement,
    make_conference,
    make_delegation,
    make_request,
    make_visit,
    text_of,
)

ENDPOINTS = all_endpoints()
OWN_SUITES = {
    "request",
    "agreement",
    "import_batch",
    "delegation",
    "conference",
    "visit",
    "search",
    "document",
    # issue 20: each app runs its own leak suite (<app>/tests/test_leaks.py) over its endpoints
    "indicator_value",
    "indicator_import",
    "aid_project",
    "dossier",
    "promotion_event",
    # issue 21: likewise
    "heritage_title",
    "cultural_event",
    "press_visit",
    "overseas_association",
    "overseas_person",
    "overseas_programme",
    "citizen_case",
    "training_course",
    "training_nomination",
    "border_mechanism",
    # issue 22: report runs have their own suite (reports/tests/test_builder.py)
    "report_run",
    "border_meeting",
    # issue 23: briefs, subscriptions, locality profiles and partner searches have their own suites
    "brief",
    "brief_subscription",
    "locality_profile",
    "partner_search",
}
LISTS = [e for e in ENDPOINTS if e.kind == "list" and e.model not in OWN_SUITES]
OBJECTS = [e for e in ENDPOINTS if e.kind == "object" and e.model not in OWN_SUITES]
REQUEST_LISTS = [e for e in ENDPOINTS if e.kind == "list" and e.model == "request"]
REQUEST_OBJECTS = [e for e in ENDPOINTS if e.kind == "object" and e.model == "request"]
REFERENCE = [e for e in ENDPOINTS if e.kind in {"reference", "self"}]
DENIED_SIGNED_OUT = {"anonymous", "inactive"}
# what an action on the user's own things answers: done (redirect), done (API), created, not found (someone
# else's, or missing), conflict (nothing to confirm: two-factor enrolment never started)
OWN_ACTIONS = {"own_done": 302, "own_ok": 200, "own_created": 201, "own_missing": 404, "own_conflict": 409}


def assert_denied(who, ep, status):
    """Signed out or inactive: login redirect (HTML) or 401 (API); signed in without organisation: 403 / 401."""
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


USER_ADMIN = [e for e in ENDPOINTS if e.kind == "users"]


@pytest.mark.parametrize("who", ALL_USERS)
@pytest.mark.parametrize("ep", USER_ADMIN, ids=str)
def test_user_administration_refuses_everyone_who_administers_nothing(world, ep, who):
    """Nobody in the world is an organisation administrator: the people pages and API refuse them all — 403 on
    the lists and invitations, 404 for a person (the same answer as for another organisation's) — and nothing
    changes. Organisation administrators are tested in accounts/tests/test_users.py."""
    target = world.users["a_viewer"]
    before = (target.is_active, target.must_change_password, sorted(r.code for r in target.roles.all()))
    client = world.client(who)
    body = ep.body(target) if ep.body is not None else None
    if ep.api:
        response = client.generic(
            ep.method.upper(),
            ep.url(target),
            json.dumps(body) if body else "",
            content_type="application/json",
        )
    else:
        response = getattr(client, ep.method)(ep.url(target), body or {})
    status = response.status_code
    if who in DENIED_SIGNED_OUT or who == "noorg":
        assert_denied(who, ep, status)
    else:
        assert status == (403 if ep.action == "list" else 404), f"{who} {ep}: {status}"
    target.refresh_from_db()
    after = (target.is_active, target.must_change_password, sorted(r.code for r in target.roles.all()))
    assert after == before
    assert not type(target).objects.filter(username="leak.newcomer").exists()


def test_every_route_is_in_the_matrix():
    declared = {e.route for e in ENDPOINTS}
    missing = sorted(site_routes() - declared)
    assert not missing, f"routes missing from some tests/endpoints.py: {missing}"


@pytest.mark.parametrize("who", ALL_USERS)
@pytest.mark.parametrize("ep", LISTS, ids=str)
def test_lists_never_leak(world, ep, who):
    private_a = world.partner("A", visibility="private")
    private_b = world.partner("B", visibility="private")
    private_x = world.partner("X", visibility="private")
    shared_y = world.partner("Y", visibility="shared")
    response = call(world, who, ep)
    if who in DENIED_SIGNED_OUT or who == "noorg":
        assert_denied(who, ep, response.status_code)
    text = text_of(response)
    for partner, owner in ((private_a, "A"), (private_b, "B"), (private_x, "X")):
        expected = can_view_private_partner(who, owner)
        if ep.policy == "audit_log":
            expected = expected and who == "ministry"
        assert (partner.name in text) == expected, f"{who} {ep} private partner of {owner}"
    expected_shared = can_view_shared_partner(who)
    if ep.model == "audit":
        expected_shared = can_view_private_partner(who, "Y") and (
            ep.policy != "audit_log" or who == "ministry"
        )
    assert (shared_y.name in text) == expected_shared, f"{who} {ep} shared partner"


@pytest.mark.parametrize("who", ALL_USERS)
@pytest.mark.parametrize("ep", OBJECTS, ids=str)
def test_objects_follow_policy(world, ep, who):
    partner = world.partner("A", visibility="private")
    response = call(world, who, ep, partner)
    status = response.status_code
    if who in DENIED_SIGNED_OUT or who == "noorg":
        assert_denied(who, ep, status)
        return
    if not can_view_private_partner(who, "A"):
        assert status == 404, f"{who} {ep}: {status}"
        return
    allowed = {"change": can_change_partner, "delete": can_delete_partner}.get(ep.action)
    if allowed is not None and not allowed(who, "A"):
        assert status == 403, f"{who} {ep}: {status}"
        return
    assert status == 200, f"{who} {ep}: {status}"


@pytest.mark.parametrize("who", ALL_USERS)
@pytest.mark.parametrize("ep", REFERENCE, ids=str)
def test_reference_routes_need_a_signed_in_user(world, ep, who):
    response = call(world, who, ep)
    status = response.status_code
    if who in DENIED_SIGNED_OUT or who == "noorg":
        assert_denied(who, ep, status)
    elif (
        ep.action in {"create_request", "create_agreement", "create_delegation"}
        and (who == "a_viewer" or world.org_of(who) not in {"A", "B"})
    ) or (ep.action == "create_visit" and who != "ministry"):
        assert status == 403, f"{who} {ep}: {status}"
    elif ep.action == "token":
        assert status == 302, f"{who} {ep}: {status}"  # the user's own feed URL, created or replaced
    elif ep.action == "create" and who == "a_viewer":
        assert status == 403
    elif ep.action in OWN_ACTIONS:  # on the user's own tokens, sessions, feed (accounts/tests/endpoints.py)
        assert status == OWN_ACTIONS[ep.action], f"{who} {ep}: {status}"
    elif ep.method == "post" and ep.kind == "self":
        assert status == 404  # someone else's or a missing token: not found
    else:
        assert status == 200, f"{who} {ep}: {status}"


def test_shared_partner_contacts_hide_unconsented_personal_data(world):
    partner = world.partner("A", visibility="shared")
    kept = world.contact(partner, "A", consent=True)
    private = world.contact(partner, "A", consent=False)
    for who, sees_private in (
        ("a_viewer", True),
        ("b_editor", False),
        ("x_officer", False),
        ("ministry", True),
    ):
        text = text_of(world.client(who).get(f"/directory/partners/{partner.pk}/"))
        assert kept.family_name in text
        assert (private.family_name in text) == sees_private, who


@pytest.mark.parametrize("who", ALL_USERS)
@pytest.mark.parametrize("ep", REQUEST_LISTS, ids=str)
def test_request_lists_never_leak(world, ep, who):
    a_to_ministry = make_request(world, "A", ["M"])
    b_to_x = make_request(world, "B", ["X"])
    a_draft = make_request(world, "A", ["Y"], send=False)
    response = call(world, who, ep)
    if who in DENIED_SIGNED_OUT or who == "noorg":
        assert_denied(who, ep, response.status_code)
    text = text_of(response)
    cases = ((a_to_ministry, "A", ["M"], True), (b_to_x, "B", ["X"], True), (a_draft, "A", ["Y"], False))
    for req, sender, recipients, sent in cases:
        expected = can_view_request(who, sender, recipients, sent=sent) and (sent or ep.policy != "sent_only")
        assert (req.title in text) == expected, (
            f"{who} {ep} request {req.title} from {sender} to {recipients}"
        )


@pytest.mark.parametrize("who", ALL_USERS)
@pytest.mark.parametrize("ep", REQUEST_OBJECTS, ids=str)
def test_request_objects_follow_policy(world, ep, who):
    req = make_request(world, "A", ["X"])
    response = call(world, who, ep, req)
    status = response.status_code
    if who in DENIED_SIGNED_OUT or who == "noorg":
        assert_denied(who, ep, status)
        return
    if not can_view_request(who, "A", ["X"]):
        assert status == 404, f"{who} {ep}: {status}"
        return
    if ep.action == "missing_attachment":
        assert status == 404
    elif ep.action == "edit_draft":
        # a sent request is no longer a draft: its sender may not edit it (409 page), others may not at all
        assert status in {403, 409}, f"{who} {ep}: {status}"
    elif ep.action == "acknowledge":
        if who == "x_officer":
            assert status in {200, 302}, f"{who} {ep}: {status}"
        elif who == "a_viewer":
            assert status in {302, 403}, f"{who} {ep}: {status}"
        else:  # the sender or the ministry: not a recipient of this request
            assert status in {302, 403}, f"{who} {ep}: {status}"
    else:
        assert status == 200, f"{who} {ep}: {status}"


AGREEMENT_LISTS = [e for e in ENDPOINTS if e.kind == "list" and e.model == "agreement"]
AGREEMENT_OBJECTS = [e for e in ENDPOINTS if e.kind == "object" and e.model == "agreement"]


@pytest.mark.parametrize("who", ALL_USERS)
@pytest.mark.parametrize("ep", AGREEMENT_LISTS, ids=str)
def test_agreement_lists_never_leak(world, ep, who):
    cases = [
        (make_agreement(world, "A", country="KR", consult=True), "A", "KR", False),
        (make_agreement(world, "B", country="JP", shared=True, consult=True), "B", "JP", True),
        (make_agreement(world, "B", country="KR", consult=True), "B", "KR", False),
    ]
    response = call(world, who, ep)
    if who in DENIED_SIGNED_OUT or who == "noorg":
        assert_denied(who, ep, response.status_code)
    text = text_of(response)
    for agreement, owner, country, shared in cases:
        expected = can_view_agreement(who, owner, country, shared=shared)
        assert (agreement.title_vi in text) == expected, f"{who} {ep} agreement of {owner} ({country})"


@pytest.mark.parametrize("who", ALL_USERS)
@pytest.mark.parametrize("ep", AGREEMENT_OBJECTS, ids=str)
def test_agreement_objects_follow_policy(world, ep, who):
    agreement = make_agreement(world, "A", country="KR", signed=True)
    response = call(world, who, ep, agreement)
    status = response.status_code
    if who in DENIED_SIGNED_OUT or who == "noorg":
        assert_denied(who, ep, status)
        return
    if not can_view_agreement(who, "A", "KR", shared=False):
        assert status == 404, f"{who} {ep}: {status}"
        return
    if ep.action in {"missing_file", "missing_milestone"}:
        assert status in {403, 404}, f"{who} {ep}: {status}"
    elif ep.action == "record_paper":  # a signed agreement waits for no answer: a conflict for the owner
        assert status == (409 if can_change_agreement(who, "A") else 403), f"{who} {ep}: {status}"
    elif ep.action == "change" and not can_change_agreement(who, "A"):
        assert status == 403, f"{who} {ep}: {status}"
    elif ep.action == "change" and ep.method == "post":
        # the owner may change it: the matrix's empty form is refused as invalid (400), or accepted
        assert status in {200, 201, 302, 400}, f"{who} {ep}: {status}"
    else:
        assert status in {200, 201, 302}, f"{who} {ep}: {status}"


@pytest.mark.parametrize("who", ["a_editor", "a_viewer", "b_editor", "x_officer", "ministry"])
def test_import_batches_are_seen_by_their_organisation_and_the_ministry(world, who):
    from ngoaivu.agreements import importer

    batch, _result = importer.preview_batch(
        actor=world.users["a_editor"],
        content=b"not excel",
        filename="x.xlsx",
        create_partners=False,
        allow_duplicates=False,
    )
    status = world.client(who).get(f"/agreements/import/{batch.pk}/").status_code
    assert status == (200 if who in {"a_editor", "a_viewer", "ministry"} else 404), who


# --- delegations, conferences (same policy as agreements: DOMAIN.md §2) and leader visits -----------------------

PROVINCE_RECORD_LISTS = [e for e in ENDPOINTS if e.kind == "list" and e.model in {"delegation", "conference"}]
PROVINCE_RECORD_OBJECTS = [
    e for e in ENDPOINTS if e.kind == "object" and e.model in {"delegation", "conference"}
]
MAKERS = {"delegation": make_delegation, "conference": make_conference}


@pytest.mark.parametrize("who", ALL_USERS)
@pytest.mark.parametrize("ep", PROVINCE_RECORD_LISTS, ids=str)
def test_delegation_and_conference_lists_never_leak(world, ep, who):
    make = MAKERS[ep.model]
    cases = [
        (make(world, "A", country="KR"), "A", "KR", False),
        (make(world, "B", country="JP", shared=True), "B", "JP", True),
        (make(world, "B", country="KR"), "B", "KR", False),
    ]
    response = call(world, who, ep)
    if who in DENIED_SIGNED_OUT or who == "noorg":
        assert_denied(who, ep, response.status_code)
    text = text_of(response)
    for record, owner, country, shared in cases:
        expected = can_view_agreement(who, owner, country, shared=shared)
        assert (record.title in text) == expected, f"{who} {ep} {ep.model} of {owner} ({country})"


@pytest.mark.parametrize("who", ALL_USERS)
@pytest.mark.parametrize("ep", PROVINCE_RECORD_OBJECTS, ids=str)
def test_delegation_and_conference_objects_follow_policy(world, ep, who):
    record = MAKERS[ep.model](world, "A", country="KR")
    response = call(world, who, ep, record)
    status = response.status_code
    if who in DENIED_SIGNED_OUT or who == "noorg":
        assert_denied(who, ep, status)
        return
    if not can_view_agreement(who, "A", "KR", shared=False):
        assert status == 404, f"{who} {ep}: {status}"
        return
    if ep.action == "personal":  # members' personal data: the delegation's own organisation only
        assert status == (200 if world.org_of(who) == "A" else 403), f"{who} {ep}: {status}"
    elif ep.action == "change" and not can_change_agreement(who, "A"):
        assert status == 403, f"{who} {ep}: {status}"
    elif ep.action == "briefing":  # a mission of the country writes; others are refused
        assert status in {302, 403}, f"{who} {ep}: {status}"
    elif ep.action == "missing_task":
        assert status == (404 if can_change_agreement(who, "A") else 403), f"{who} {ep}: {status}"
    elif ep.action == "missing_scan":  # a scanned decision that does not exist: not found for every reader
        assert status == 404, f"{who} {ep}: {status}"
    elif ep.action == "record_paper":  # nothing waits for a paper record: a conflict for the owner
        assert status == (409 if can_change_agreement(who, "A") else 403), f"{who} {ep}: {status}"
    else:
        assert status in {200, 201, 302}, f"{who} {ep}: {status}"


VISIT_LISTS = [e for e in ENDPOINTS if e.kind == "list" and e.model == "visit"]
VISIT_OBJECTS = [e for e in ENDPOINTS if e.kind == "object" and e.model == "visit"]


@pytest.mark.parametrize("who", ALL_USERS)
@pytest.mark.parametrize("ep", VISIT_LISTS, ids=str)
def test_visit_lists_never_leak(world, ep, who):
    cases = [(make_visit(world, "A"), "A"), (make_visit(world, "B"), "B")]
    response = call(world, who, ep)
    if who in DENIED_SIGNED_OUT or who == "noorg":
        assert_denied(who, ep, response.status_code)
    text = text_of(response)
    for visit, province in cases:
        assert (visit.ministry_leaders in text) == can_view_visit(who, province), (
            f"{who} {ep} visit {province}"
        )


@pytest.mark.parametrize("who", ALL_USERS)
@pytest.mark.parametrize("ep", VISIT_OBJECTS, ids=str)
def test_visit_objects_follow_policy(world, ep, who):
    visit = make_visit(world, "A")
    response = call(world, who, ep, visit)
    status = response.status_code
    if who in DENIED_SIGNED_OUT or who == "noorg":
        assert_denied(who, ep, status)
        return
    if not can_view_visit(who, "A"):
        assert status == 404, f"{who} {ep}: {status}"
    elif ep.action == "change" and not can_change_visit(who, "A"):
        assert status == 403, f"{who} {ep}: {status}"
    else:
        assert status == 200, f"{who} {ep}: {status}"
