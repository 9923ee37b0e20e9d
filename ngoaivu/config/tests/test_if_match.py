"""Every API write to an existing record needs `If-Match` with the version the client read: missing → 428,
stale → 412, and the record is left as it was (ARCHITECTURE §4). The document says so for each of them, so a
generated client has the header as a required argument."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from ngoaivu.agreements import services as agreement_services
from ngoaivu.agreements.models import Agreement, Milestone
from ngoaivu.agreements.tests.endpoints import API_BODY, MILESTONE
from ngoaivu.config.api import api
from ngoaivu.core.testing.world import (
    World,
    make_agreement,
    make_conference,
    make_delegation,
    make_request,
    make_visit,
)
from ngoaivu.core.testing.writes import Write, app_writes
from ngoaivu.delegations.models import Conference, Delegation, LeaderVisit
from ngoaivu.delegations.tests.endpoints import DELEGATION_BODY, VISIT_BODY
from ngoaivu.directory.models import Partner
from ngoaivu.requests.models import ServiceRequest

# Writes under a record's path that create a new row beside it rather than rewrite it: nothing the client read
# can be overwritten, so they take no If-Match.
CREATES_A_CHILD = {
    "agreements_milestone_create": "adds a milestone; the agreement itself is not rewritten",
    "directory_partner_contacts_create": "adds a contact to a partner",
    "ingest_document_entities_decide": "confirms or rejects proposals by id; each decision is its own row",
    "information_brief_useful": "records the province's own rating of a brief (its own row); the brief is not rewritten",
    "information_subscription_delete": "removes a subscription, which is never edited (created or deleted only): "
    "nothing the client read can be overwritten",
}

# Writes to a record that has no `version` to send back: accounts.User is Django's user table (no version column).
# These are not blind overwrites of what the client read: PATCH writes only the fields sent, and each action is a
# state switch the service re-checks under a row lock (deactivating twice is refused, 422).
UNVERSIONED = {
    "accounts_user_update": "a person's details and roles; only the fields sent are written",
    "accounts_user_deactivate": "a state switch, refused when already done",
    "accounts_user_reactivate": "a state switch, refused when already done",
    "accounts_user_require_password_change": "sets a flag; sending it twice changes nothing",
    "accounts_user_mfa_reset": "removes the authenticator; refused when there is none",
    "accounts_user_send_password_reset": "sends a new link; the record is not rewritten",
    "accounts_me_token_revoke": "a one-way switch on an ApiToken (no version); revoked twice: 404",
    "accounts_user_token_revoke": "a one-way switch on an ApiToken (no version); revoked twice: 404",
    "accounts_me_session_end": "ends a UserSession (no version) for good; ended twice: 404",
}


def _milestone(world: World) -> Milestone:
    agreement = make_agreement(world, "A", signed=True)
    return agreement_services.milestone_create(
        actor=world.users["a_editor"],
        agreement_id=agreement.pk,
        data={**MILESTONE, "due_on": dt.date.fromisoformat(MILESTONE["due_on"])},
    )


WRITES = [
    Write(
        "agreements_agreement_update",
        "a_editor",
        "put",
        lambda o: f"/api/v1/agreements/{o.pk}",
        API_BODY,
        lambda w: make_agreement(w, "A", signed=True),
        Agreement,
    ),
    Write(
        "agreements_milestone_update",
        "a_editor",
        "put",
        lambda o: f"/api/v1/agreements/{o.agreement_id}/milestones/{o.pk}",
        {**MILESTONE, "progress": 40},
        _milestone,
        Milestone,
    ),
    Write(
        "agreements_agreement_action",
        "a_editor",
        "post",
        lambda o: f"/api/v1/agreements/{o.pk}/suspend",
        {"text": "Tạm dừng để rà soát"},
        lambda w: make_agreement(w, "A", signed=True),
        Agreement,
    ),
    Write(
        "delegations_delegation_update",
        "a_editor",
        "put",
        lambda o: f"/api/v1/delegations/{o.pk}",
        DELEGATION_BODY,
        lambda w: make_delegation(w, "A"),
        Delegation,
    ),
    Write(
        "delegations_delegation_action",
        "a_editor",
        "post",
        lambda o: f"/api/v1/delegations/{o.pk}/cancel",
        {"comment": "Hủy"},
        lambda w: make_delegation(w, "A"),
        Delegation,
    ),
    Write(
        "delegations_visit_update",
        "ministry",
        "put",
        lambda o: f"/api/v1/visits/{o.pk}",
        VISIT_BODY,
        lambda w: make_visit(w, "A"),
        LeaderVisit,
    ),
    Write(
        "delegations_conference_action",
        "a_editor",
        "post",
        lambda o: f"/api/v1/conferences/{o.pk}/cancel",
        {"text": "Hủy"},
        lambda w: make_conference(w, "A"),
        Conference,
    ),
    Write(
        "directory_partner_update",
        "a_editor",
        "patch",
        lambda o: f"/api/v1/partners/{o.pk}",
        {"sector": "Cảng biển"},
        lambda w: w.partner("A"),
        Partner,
    ),
    Write(
        "directory_partner_delete",
        "a_editor",
        "delete",
        lambda o: f"/api/v1/partners/{o.pk}",
        {},
        lambda w: w.partner("A"),
        Partner,
    ),
    Write(
        "requests_action",
        "x_officer",
        "post",
        lambda o: f"/api/v1/requests/{o.pk}/acknowledge",
        {},
        lambda w: make_request(w, "A", ["X"]),
        ServiceRequest,
    ),
]
_APP_WRITES, _APP_CHILDREN, _APP_UNVERSIONED = app_writes()
WRITES += _APP_WRITES
CREATES_A_CHILD |= _APP_CHILDREN
UNVERSIONED |= _APP_UNVERSIONED


def _operations() -> dict[str, tuple[str, str, dict[str, Any]]]:
    doc = api.get_openapi_schema(path_prefix="/api/v1/")
    return {
        op["operationId"]: (method, path, op)
        for path, methods in doc["paths"].items()
        for method, op in methods.items()
    }


def _documents_if_match(op: dict[str, Any]) -> bool:
    header = [p for p in op.get("parameters", []) if p["in"] == "header" and p["name"] == "If-Match"]
    return (
        len(header) == 1
        and header[0]["required"] is True
        and {"412", "428"} <= {str(c) for c in op["responses"]}
    )


def test_every_write_to_an_existing_record_documents_if_match():
    """A new PUT, PATCH, DELETE or action under a record's path fails here until it requires If-Match (or is
    listed in CREATES_A_CHILD or UNVERSIONED with its reason)."""
    operations = _operations()
    writes = {
        op_id
        for op_id, (method, path, _op) in operations.items()
        if method != "get" and "{" in path and op_id not in CREATES_A_CHILD and op_id not in UNVERSIONED
    }
    assert {w.operation_id for w in WRITES} <= writes
    undocumented = sorted(op_id for op_id in writes if not _documents_if_match(operations[op_id][2]))
    assert undocumented == []
    assert set(CREATES_A_CHILD) <= set(operations), "a listed exception no longer exists"
    assert set(UNVERSIONED) <= set(operations), "a listed exception no longer exists"


def _send(world: World, write: Write, obj: Any, if_match: str | None) -> Any:
    headers = {"If-Match": if_match} if if_match is not None else {}
    return world.client(write.who).generic(
        write.method.upper(),
        write.url(obj),
        json.dumps(write.body),
        content_type="application/json",
        headers=headers,
    )


def _stored_version(write: Write, obj: Any) -> int:
    manager = write.model._base_manager  # the row as stored, whatever its scope or soft-deletion
    return int(manager.filter(pk=obj.pk).values_list("version", flat=True).get())


@pytest.mark.parametrize("write", WRITES, ids=str)
def test_missing_if_match_is_428_and_changes_nothing(world, write):
    obj = write.make(world)
    before = _stored_version(write, obj)
    response = _send(world, write, obj, None)
    assert response.status_code == 428, response.content
    assert response.json()["type"] == "precondition_required"
    assert _stored_version(write, obj) == before


@pytest.mark.parametrize("write", WRITES, ids=str)
def test_out_of_scope_is_404_before_428(world, write):
    """Another province's record stays unseen: the missing header is not news to someone who cannot read it."""
    obj = write.make(world)
    outsider = Write(**{**write.__dict__, "who": "b_editor"})
    assert _send(world, outsider, obj, None).status_code == 404


@pytest.mark.parametrize("write", WRITES, ids=str)
def test_stale_if_match_is_412_and_changes_nothing(world, write):
    obj = write.make(world)
    before = _stored_version(write, obj)
    for stale in (f'"{before + 1}"', f'W/"{before + 7}"', '"99999999999999999999"'):
        response = _send(world, write, obj, stale)
        assert response.status_code == 412, (stale, response.content)
        assert response.json()["type"] == "stale_version"
    assert _stored_version(write, obj) == before


@pytest.mark.parametrize("write", WRITES, ids=str)
def test_current_if_match_writes(world, write):
    obj = write.make(world)
    before = _stored_version(write, obj)
    response = _send(world, write, obj, f'"{before}"')
    assert response.status_code in {200, 204}, response.content
    assert _stored_version(write, obj) > before


@pytest.mark.parametrize(
    ("url", "make"),
    [
        ("/api/v1/requests/{pk}", lambda w: make_request(w, "A", ["X"])),
        ("/api/v1/agreements/{pk}", lambda w: make_agreement(w, "A")),
        ("/api/v1/delegations/{pk}", lambda w: make_delegation(w, "A")),
        ("/api/v1/visits/{pk}", lambda w: make_visit(w, "A")),
        ("/api/v1/conferences/{pk}", lambda w: make_conference(w, "A")),
        ("/api/v1/partners/{pk}", lambda w: w.partner("A")),
    ],
)
def test_reads_give_the_etag_to_send_back(world, url, make):
    obj = make(world)
    response = world.client("a_editor").get(url.format(pk=obj.pk))
    assert response.status_code == 200
    assert response["ETag"] == f'"{response.json()["version"]}"'
