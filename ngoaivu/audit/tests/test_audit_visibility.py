"""Issue 16 §5: the audit log never shows the title or text of a record its reader cannot open.

The ministry reads every audit event (DOMAIN §2), but a province's unsent request answers 404 to it: the
events about that draft come redacted (when, who, action, type and id), on the home page, `/accounts/audit/`
and its export; the sender and site admins still read them in full."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ngoaivu.accounts.models import User
from ngoaivu.accounts.selectors import AuditFilters, audit_event_rows
from ngoaivu.core.testing.world import make_request, text_of
from ngoaivu.requests import services as request_services

pytestmark = pytest.mark.django_db

PAGES = ["/", "/accounts/audit/", "/accounts/audit/?format=xlsx"]


def _draft(world):
    req = make_request(world, "A", ["M"], send=False, marker="BANNHAPBIMAT01")
    request_services.request_update_draft(
        actor=world.users["a_editor"],
        request_id=req.pk,
        expected_version=req.version,
        data=request_services.DraftInput(
            title="BANNHAPBIMAT02",
            description="NOIDUNGBIMAT03",
            category="investment",
            recipients=["mofa"],
        ),
    )
    return req


@pytest.mark.parametrize("url", PAGES)
def test_ministry_does_not_read_a_provinces_unsent_draft_in_the_audit_log(world, url):
    req = _draft(world)
    assert world.client("ministry").get(f"/requests/{req.pk}/").status_code == 404
    text = text_of(world.client("ministry").get(url))
    for marker in ("BANNHAPBIMAT01", "BANNHAPBIMAT02", "NOIDUNGBIMAT03"):
        assert marker not in text
    if url != "/":
        assert f"Đặt hàng số {req.pk} (không có quyền xem)" in text  # the event stays, redacted


def test_the_sender_and_site_admins_read_the_draft_events_in_full(world):
    _draft(world)
    admin = User.objects.create_superuser(username="h7-admin", password="x-h7-admin-2026")
    for user in (world.users["a_editor"], admin):
        rows = audit_event_rows(user=user, filters=AuditFilters(q="BANNHAPBIMAT02"))[:25]
        assert rows
        assert not any(r.redacted for r in rows)
        assert any("BANNHAPBIMAT02" in r.target_repr for r in rows)


def test_sent_requests_stay_readable_to_the_ministry(world):
    make_request(world, "A", ["M"], send=True, marker="DAGUIDI04")
    text = text_of(world.client("ministry").get("/accounts/audit/"))
    assert "DAGUIDI04" in text


def test_redaction_costs_one_query_per_model_per_page(world, monkeypatch):
    # the words (foreign keys by name) cost one query per related model: their own test in test_words.py
    monkeypatch.setattr("ngoaivu.audit.selectors.with_words", lambda events, user: events)
    for i in range(3):
        make_request(world, "A", ["M"], send=bool(i % 2), marker=f"NHIEU{i:02d}")
    ministry = world.users["ministry"]
    ministry.scope  # noqa: B018 - computed once, as middleware does
    few = audit_event_rows(user=ministry, filters=AuditFilters())
    with CaptureQueriesContext(connection) as small:
        few[:2]
    for i in range(12):
        make_request(world, "B", ["M"], send=bool(i % 2), marker=f"THEM{i:02d}")
    with CaptureQueriesContext(connection) as large:
        rows = few[:30]
    assert len(rows) == 30
    assert len(large) == len(small)


def test_a_search_finds_no_words_of_a_record_the_reader_cannot_open(world):
    req = _draft(world)
    ministry = world.users["ministry"]
    assert audit_event_rows(user=ministry, filters=AuditFilters(q="BANNHAPBIMAT02"))[:25] == []
    text = text_of(world.client("ministry").get("/accounts/audit/?q=BANNHAPBIMAT02"))
    assert f"requests.servicerequest #{req.pk}" not in text
    make_request(world, "A", ["M"], send=True, marker="DAGUIDI05")
    assert audit_event_rows(user=ministry, filters=AuditFilters(q="DAGUIDI05"))[:25]
