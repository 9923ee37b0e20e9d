import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ngoaivu.audit.models import AppendOnlyError, AuditEvent
from ngoaivu.directory import services
from ngoaivu.directory.models import Country

pytestmark = pytest.mark.django_db


def test_every_service_write_leaves_an_audit_row(world):
    user = world.users["a_editor"]
    before = AuditEvent.objects.count()
    partner = services.partner_create(
        actor=user,
        data={"kind": "company", "name": "Audit Co", "country_id": Country.objects.get(iso2="KR").pk},
    )
    services.partner_update(
        actor=user, partner_id=partner.pk, expected_version=1, changes={"sector": "Điện tử"}
    )
    contact = services.contact_create(
        actor=user,
        partner_id=partner.pk,
        data={"family_name": "Kim", "given_name": "Min", "email": "kim@example.invalid", "consent": True},
    )
    services.contact_delete(actor=user, contact_id=contact.pk, expected_version=1)
    services.partner_delete(actor=user, partner_id=partner.pk, expected_version=2)
    events = list(AuditEvent.objects.system(reason="test").order_by("pk")[before:])
    assert [e.action for e in events] == [
        "partner.create",
        "partner.update",
        "contact.create",
        "contact.delete",
        "partner.delete",
    ]
    update = events[1]
    assert update.changes["sector"] == ["", "Điện tử"]
    assert update.actor == user
    assert update.organisation_id == user.organisation_id
    assert events[2].changes["email"][1] == "••••"  # personal data redacted in the trail


def test_audit_rows_carry_the_request_id(world):
    client = world.client("a_editor")
    response = client.post(
        "/directory/partners/new/",
        {
            "kind": "company",
            "name": "Request Id Co",
            "country": Country.objects.get(iso2="JP").pk,
            "visibility": "shared",
        },
        headers={"X-Request-ID": "req-12345678"},
    )
    assert response.status_code == 302
    event = AuditEvent.objects.system(reason="test").get(action="partner.create", target_repr="Request Id Co")
    assert event.request_id == "req-12345678"
    assert event.channel == "ui"


def test_audit_rows_are_append_only(world):
    event = AuditEvent.objects.system(reason="test").first()
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()


def test_a_failed_write_leaves_no_audit_row_and_no_change(world):
    user = world.users["a_editor"]
    partner = world.partner("A")
    count = AuditEvent.objects.count()
    from ngoaivu.core.exceptions import ServiceError

    with pytest.raises(ServiceError):
        services.partner_update(
            actor=user, partner_id=partner.pk, expected_version=1, changes={"kind": "nonsense"}
        )
    partner.refresh_from_db()
    assert partner.kind == "company"
    assert partner.version == 1
    assert AuditEvent.objects.count() == count


def test_audit_log_page_is_searchable_and_scoped(world):
    world.partner("A", marker="AUDITMARKERA")
    ministry = world.client("ministry").get("/accounts/audit/?q=auditmarkera")
    assert "AUDITMARKERA" in ministry.content.decode()
    assert world.client("b_editor").get("/accounts/audit/").status_code == 403


def test_partner_history_is_shown_on_the_record(world):
    partner = world.partner("A", visibility="shared")
    services.partner_update(
        actor=world.users["ministry"],
        partner_id=partner.pk,
        expected_version=1,
        changes={"sector": "Du lịch"},
    )
    page = world.client("b_editor").get(f"/directory/partners/{partner.pk}/").content.decode()
    assert "Lịch sử thay đổi" in page
    assert "Du lịch" in page
    assert "ministry" in page


def test_audit_insert_is_one_query(world):
    user = world.users["a_editor"]
    partner = world.partner("A")
    with CaptureQueriesContext(connection) as ctx:
        services.partner_update(
            actor=user, partner_id=partner.pk, expected_version=1, changes={"sector": "x"}
        )
    inserts = [q for q in ctx.captured_queries if "audit_auditevent" in q["sql"] and "INSERT" in q["sql"]]
    assert len(inserts) == 1
