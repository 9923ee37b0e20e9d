"""Leak suite of the indicators app: every list × every world user, every object route × every user, against a
policy written from DOMAIN.md §2 ("Indicators: MOFA R all, CE national; province CE own; mission R"; issue 20:
"other provinces and missions read validated values only"), not from `visible_to`."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from ngoaivu.core.testing.world import ALL_USERS, USERS, text_of
from ngoaivu.indicators import services
from ngoaivu.indicators.models import ExchangeRate
from ngoaivu.indicators.tests.endpoints import ENDPOINTS
from ngoaivu.indicators.tests.makers import make_value

pytestmark = [pytest.mark.django_db, pytest.mark.today("2026-06-01 10:00:00+07:00")]
LISTS = [e for e in ENDPOINTS if e.kind == "list" and e.model == "indicator_value"]
OBJECTS = [
    e
    for e in ENDPOINTS
    if e.kind == "object" and e.model == "indicator_value" and not e.action.startswith("rate_")
]
RATE_OBJECTS = [e for e in ENDPOINTS if e.model == "indicator_value" and e.action.startswith("rate_")]
# the import routes ("indicator_import") are I2's: tests/test_import_leaks.py
SIGNED_OUT = {"anonymous", "inactive"}
PUBLISHED = {"validated", "superseded"}
# the state each action needs: edit and submit a draft, decide a submitted value, correct a validated one
STATE_FOR = {
    "view": "submitted",
    "change": "draft",
    "submit": "draft",
    "validate": "submitted",
    "return": "submitted",
    "correct": "validated",
}
BODIES = {
    "change": {"value": 7},
    "return": {"reason": "Kiểm tra lại nguồn"},
    "correct": {"value": 5, "reason": "Số chính thức"},
    "rate_change": {"currency": "JPY", "period": "2024", "vnd_per_unit": "170.5", "source": "NHNN"},
}


def org(who: str) -> str | None:
    return None if who == "anonymous" else USERS[who][0]


def can_view(who: str, owner: str, status: str) -> bool:
    """The owner province reads its values in every state; the ministry everything a province has sent (never
    drafts); other provinces and missions validated values only (and the earlier values corrections keep)."""
    if who in SIGNED_OUT or who == "noorg":
        return False
    if org(who) == owner:
        return True
    if org(who) == "M":
        return status != "draft"
    return status in PUBLISHED


def can_change(who: str, owner: str) -> bool:
    """Entering, editing, submitting, correcting, deleting: the owner province's officers."""
    return org(who) == owner and who != "a_viewer"


def can_decide(who: str) -> bool:
    """Validating and returning: the ministry's officers (never the submitter: four eyes, tested elsewhere)."""
    return org(who) == "M"


def assert_denied(who, ep, status):
    if ep.api:
        assert status == 401, f"{who} {ep}: {status}"
    else:
        assert status == (403 if who == "noorg" else 302), f"{who} {ep}: {status}"


def call(world, who, ep, obj=None):
    client = world.client(who)
    url = ep.url(obj)
    body = BODIES.get(ep.action, {})
    headers = {"If-Match": f'"{obj.version}"'} if obj is not None and ep.api else {}
    if ep.method == "get":
        return client.get(url)
    if ep.api:
        return client.generic(
            ep.method.upper(), url, json.dumps(body), content_type="application/json", headers=headers
        )
    return client.post(url, {**body, "version": obj.version if obj is not None else ""})


@pytest.mark.parametrize("who", ALL_USERS)
@pytest.mark.parametrize("ep", LISTS, ids=str)
def test_value_lists_never_leak(world, ep, who):
    cases = [
        (make_value(world, "A", status=status), "A", status)
        for status in ("draft", "submitted", "returned", "validated")
    ] + [
        (make_value(world, "B", status=status), "B", status) for status in ("draft", "submitted", "validated")
    ]
    response = call(world, who, ep)
    if who in SIGNED_OUT or who == "noorg":
        assert_denied(who, ep, response.status_code)
    text = text_of(response)
    only_submitted = "status=submitted" in ep.url(None)
    for value, owner, status in cases:
        expected = can_view(who, owner, status) and (status == "submitted" or not only_submitted)
        assert (value.marker in text) == expected, f"{who} {ep} {status} value of {owner}"


@pytest.mark.parametrize("who", ALL_USERS)
@pytest.mark.parametrize("ep", OBJECTS, ids=str)
def test_value_objects_follow_policy(world, ep, who):
    status = STATE_FOR[ep.action]
    value = make_value(world, "A", status=status)
    response = call(world, who, ep, value)
    code = response.status_code
    if who in SIGNED_OUT or who == "noorg":
        assert_denied(who, ep, code)
        return
    if not can_view(who, "A", status):
        assert code == 404, f"{who} {ep}: {code}"
        return
    if ep.action in {"change", "submit", "correct"}:
        allowed = can_change(who, "A")
    elif ep.action in {"validate", "return"}:
        allowed = can_decide(who)
    else:
        allowed = True
    if not allowed:
        assert code == 403, f"{who} {ep}: {code}"
        return
    assert code in {200, 302}, f"{who} {ep}: {code} {response.content[:300]!r}"


@pytest.mark.parametrize("who", ALL_USERS)
@pytest.mark.parametrize("ep", RATE_OBJECTS, ids=str)
def test_rates_are_read_by_everyone_and_kept_by_the_ministry(world, ep, who):
    rate = services.rate_create(
        actor=world.users["ministry"],
        data=services.RateInput(currency="JPY", period="2024", vnd_per_unit=Decimal("168.2"), source="NHNN"),
    )
    response = call(world, who, ep, rate)
    code = response.status_code
    if who in SIGNED_OUT or who == "noorg":
        assert_denied(who, ep, code)
        return
    if ep.action in {"rate_change", "rate_delete"} and org(who) != "M":
        assert code == 403, f"{who} {ep}: {code}"
        return
    assert code in {200, 204, 302}, f"{who} {ep}: {code} {response.content[:300]!r}"
    if ep.action == "rate_delete":
        assert not ExchangeRate.objects.filter(pk=rate.pk).exists()
    if ep.action == "rate_change" and ep.api:
        assert ExchangeRate.objects.get(pk=rate.pk).vnd_per_unit == Decimal("170.5")


@pytest.mark.parametrize("who", ["a_editor", "a_viewer", "b_editor", "x_officer", "ministry"])
def test_only_the_province_creates_values_through_the_api(world, who):
    body = {"indicator": "remittances", "period": "2025", "value": 12.5, "source": "NHNN"}
    response = world.client(who).post("/api/v1/indicators/values", body, content_type="application/json")
    assert response.status_code == (201 if who in {"a_editor", "b_editor"} else 403), response.content
    if response.status_code == 201:
        assert response.json()["province"] == ("48" if who == "a_editor" else "12")


@pytest.mark.parametrize("who", ["a_editor", "b_editor", "x_officer", "ministry"])
def test_only_the_ministry_adds_rates_through_the_api(world, who):
    body = {"currency": "KRW", "period": "2024", "vnd_per_unit": 18.3, "source": "NHNN"}
    response = world.client(who).post("/api/v1/indicators/rates", body, content_type="application/json")
    assert response.status_code == (201 if who == "ministry" else 403), response.content
