"""The review of issue 21 (C1–C5) and the walk-through: each test failed on the code before its fix."""

from __future__ import annotations

import datetime as dt

import pytest

from ngoaivu.accounts.models import Notification
from ngoaivu.consular import selectors, services
from ngoaivu.consular.filters import CaseFilters
from ngoaivu.consular.models import CaseHandover, CitizenCase
from ngoaivu.consular.tests.helpers import CONSULAR, client, consular_user, make_case
from ngoaivu.core.exceptions import Forbidden, NotFound, ServiceError, StateConflict
from ngoaivu.core.testing.world import text_of

pytestmark = pytest.mark.django_db
S = CitizenCase.Status


def _run(world, case, *actions):
    x = world.users["x_officer"]
    notes = {"resolve": "Đã giải quyết"}
    for action in actions:
        services.case_transition(
            actor=x, case_id=case.pk, action=action, expected_version=None, note=notes.get(action, "")
        )


# --- C3: the masked birth date ---------------------------------------------------------------------------------


def test_masked_birth_date_does_not_show_the_birth_year(world):
    case = make_case(world)  # birth date 12/04/1995
    for who in ("a_viewer", CONSULAR):
        c = client(world, who)
        masked = c.get(f"/api/v1/citizen-cases/{case.pk}").json()["citizens"][0]["birth_date"]
        assert masked
        assert "1995" not in masked, f"{who} sees the birth year: {masked!r}"
        assert "1995" not in text_of(c.get(f"/citizen-cases/{case.pk}/")), who


# --- C1: who may hand over to whom; the receiving mission reads nothing before accepting ------------------------


def test_province_of_origin_cannot_hand_the_case_to_an_unrelated_mission(world):
    case = make_case(world, "X", "48")
    with pytest.raises((Forbidden, ServiceError)):
        services.handover_send(actor=world.users["a_editor"], case_id=case.pk, to_org="cqdd-kr-seoul")
    codes = [o.code for o in services.handover_targets(case, world.users["a_editor"])]
    assert codes == ["mofa-lanh-su", world.orgs["X"].code]


def test_province_page_offers_only_the_mission_and_the_consular_unit(world):
    case = make_case(world, "X", "48")
    page = world.client("a_editor").get(f"/citizen-cases/{case.pk}/").content.decode()
    assert 'value="mofa-lanh-su"' in page
    assert 'value="cqdd-kr-seoul"' not in page


def test_the_province_may_hand_over_to_the_handling_mission(world):
    case = make_case(world, "X", "48")
    h = services.handover_send(actor=world.users["a_editor"], case_id=case.pk, to_org=world.orgs["X"].code)
    assert h.pending


def test_consular_unit_may_hand_over_to_another_mission(world):
    case = make_case(world, "X", "48")
    h = services.handover_send(actor=consular_user(world), case_id=case.pk, to_org="cqdd-kr-seoul")
    assert h.to_org.code == "cqdd-kr-seoul"


def test_the_receiving_mission_sees_only_a_notice_until_it_accepts(world):
    case = make_case(world, "X", "48")
    h = services.handover_send(actor=world.users["x_officer"], case_id=case.pk, to_org="cqdd-kr-seoul")
    y_user = world.users["y_officer"]
    assert not CitizenCase.objects.visible_to(y_user).filter(pk=case.pk).exists()
    y = world.client("y_officer")
    page = y.get(f"/citizen-cases/{case.pk}/")
    assert page.status_code == 200
    text = text_of(page)
    assert case.reference in text
    assert "Nhật Bản" in text
    assert case.marker not in text
    assert "N.V.A" not in text
    assert "Nguyễn" not in text
    assert y.get(f"/api/v1/citizen-cases/{case.pk}").status_code == 404
    assert y.get(f"/citizen-cases/{case.pk}/?personal=1").status_code == 200  # still only the notice
    assert case.marker not in text_of(y.get(f"/citizen-cases/{case.pk}/?personal=1"))
    assert case.reference not in text_of(y.get("/citizen-cases/"))
    # the accept button of the notice works
    r = y.post(f"/citizen-cases/{case.pk}/handover/accept/", {"handover": h.pk})
    assert r.status_code == 302
    case.refresh_from_db()
    assert case.owner_org_id == world.orgs["Y"].pk
    assert case.marker in text_of(y.get(f"/citizen-cases/{case.pk}/"))
    # another mission with no handover still gets a 404
    assert world.client("b_editor").get(f"/citizen-cases/{case.pk}/").status_code == 404


# --- C2: start only once the province is notified; the breach stays ------------------------------------------


@pytest.mark.today("2026-06-10 10:00:00+07:00")
def test_start_from_received_is_refused(world):
    case = make_case(world, "X", "48", received_on=dt.date(2026, 6, 1))
    with pytest.raises(StateConflict):
        _run(world, case, "start")


@pytest.mark.today("2026-06-10 10:00:00+07:00")
def test_a_breach_stays_a_breach_whatever_the_status(world):
    case = make_case(world, "X", "48", received_on=dt.date(2026, 6, 1))  # due 02/06, not notified by 10/06
    x = world.users["x_officer"]
    services.handover_send(actor=x, case_id=case.pk, to_org="mofa-lanh-su")
    h = CaseHandover.objects.get(case=case)
    services.handover_accept(actor=consular_user(world), case_id=case.pk, handover_id=h.pk)
    case.refresh_from_db()
    assert case.status == S.TRANSFERRED
    assert case.notified_on is None
    late = selectors.case_list(user=x, filters=CaseFilters(notify_late=True))
    assert case.pk in {c.pk for c in late}
    counts = services.remind_notifications(dt.date(2026, 6, 10))
    assert counts["late"] >= 1


# --- C4: withdraw; handovers end with the case ----------------------------------------------------------------


def test_a_pending_handover_ends_when_the_case_is_closed(world):
    case = make_case(world, "X", "48")
    x = world.users["x_officer"]
    h = services.handover_send(actor=x, case_id=case.pk, to_org="cqdd-kr-seoul")
    _run(world, case, "notify", "resolve")
    h.refresh_from_db()
    assert h.end_reason == CaseHandover.End.LAPSED
    _run(world, case, "close")
    assert world.client("y_officer").get(f"/citizen-cases/{case.pk}/").status_code == 404
    with pytest.raises((StateConflict, Forbidden, NotFound)):  # Y has no right on the case any more
        services.handover_accept(actor=world.users["y_officer"], case_id=case.pk, handover_id=h.pk)
    case.refresh_from_db()
    assert case.owner_org_id == world.orgs["X"].pk


def test_accepting_a_handover_of_a_closed_case_is_refused(world):
    case = make_case(world, "X", "48")
    x = world.users["x_officer"]
    h = services.handover_send(actor=x, case_id=case.pk, to_org="mofa-lanh-su")
    # closed behind the handover's back (e.g. an old row from before the fix): still refused
    _run(world, case, "notify", "resolve", "close")
    CaseHandover.objects.filter(pk=h.pk).update(ended_at=None, end_reason="")
    with pytest.raises(StateConflict):
        services.handover_accept(actor=consular_user(world), case_id=case.pk, handover_id=h.pk)


def test_the_sender_withdraws_a_handover(world):
    case = make_case(world, "X", "48")
    x = world.users["x_officer"]
    h = services.handover_send(actor=x, case_id=case.pk, to_org="cqdd-kr-seoul")
    with pytest.raises(Forbidden):
        services.handover_withdraw(actor=consular_user(world), case_id=case.pk, handover_id=h.pk)
    r = world.client("x_officer").post(f"/citizen-cases/{case.pk}/handover/withdraw/", {"handover": h.pk})
    assert r.status_code == 302
    h.refresh_from_db()
    assert h.end_reason == CaseHandover.End.WITHDRAWN
    assert not h.pending
    assert world.client("y_officer").get(f"/citizen-cases/{case.pk}/").status_code == 404
    with pytest.raises((StateConflict, NotFound)):
        services.handover_accept(actor=world.users["y_officer"], case_id=case.pk, handover_id=h.pk)
    with pytest.raises(StateConflict):
        services.handover_withdraw(actor=x, case_id=case.pk, handover_id=h.pk)
    # a new handover to the same organisation may be sent again
    services.handover_send(actor=x, case_id=case.pk, to_org="cqdd-kr-seoul")


# --- C5: the corrected province of origin is notified ---------------------------------------------------------


def test_correcting_the_province_after_notification_notifies_the_new_province(
    world, django_capture_on_commit_callbacks
):
    case = make_case(world, "X", "48")
    x = world.users["x_officer"]
    with django_capture_on_commit_callbacks(execute=True):
        case = services.case_transition(actor=x, case_id=case.pk, action="notify", expected_version=None)
    assert Notification.objects.filter(user=world.users["a_editor"], kind="citizen_case_notified").exists()
    data = services.with_changes(services.input_of(case), {"province": "12"})
    with django_capture_on_commit_callbacks(execute=True):
        case = services.case_update(actor=x, case_id=case.pk, expected_version=case.version, data=data)
    assert case.province.code == "12"
    assert Notification.objects.filter(user=world.users["b_editor"], kind="citizen_case_notified").exists()
    assert case.actions.filter(text__contains="tỉnh quê quán đã sửa").exists()
