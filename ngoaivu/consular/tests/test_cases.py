"""Citizen protection cases: registering, the 1-working-day notification rule (Tết 2027 included), the workflow
and its roles, handovers, the province's own side, personal data (encrypted, masked, logged, anonymised), the
reminder job, pages and the API."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.db import connection
from django.utils import timezone

from ngoaivu.accounts.models import Notification
from ngoaivu.audit.models import AccessEvent, AuditEvent
from ngoaivu.consular import services
from ngoaivu.consular.models import CaseCitizen, CitizenCase
from ngoaivu.consular.tests.helpers import CONSULAR, client, consular_user, make_case
from ngoaivu.core.exceptions import Forbidden, NotFound, ServiceError, StaleObject, StateConflict
from ngoaivu.core.testing.world import text_of

D = dt.date


def _case(world, **kw):
    return make_case(world, "X", "48", **kw)


# --- registering and the notification deadline ----------------------------------------------------------------


@pytest.mark.today("2026-06-03 10:00:00+07:00")
def test_a_mission_registers_a_case_with_a_generated_reference_and_a_due_day(world):
    case = _case(world, received_on=D(2026, 6, 3))
    assert case.reference == f"BHCD-2026-{case.pk:06d}"
    assert case.owner_org_id == world.orgs["X"].pk
    assert case.mission.organisation_id == world.orgs["X"].pk
    assert case.province.code == "48"
    assert case.notify_due_on == D(2026, 6, 4)  # one working day
    assert "1" in case.notify_rule
    assert case.status == "received"
    assert AuditEvent.objects.filter(action="citizen_case.create", target_id=str(case.pk)).exists()


@pytest.mark.today("2026-06-05 10:00:00+07:00")
def test_a_case_received_on_friday_is_due_on_monday(world):
    assert _case(world, received_on=D(2026, 6, 5)).notify_due_on == D(2026, 6, 8)


@pytest.mark.today("2027-02-03 10:00:00+07:00")
def test_the_notification_deadline_crosses_tet_2027(world):
    """Received Wednesday 03/02/2027; Tết Đinh Mùi closes 04–10/02 (with the days in lieu): due Thursday 11/02."""
    case = _case(world, received_on=D(2027, 2, 3))
    assert case.notify_due_on == D(2027, 2, 11)
    page = text_of(world.client("x_officer").get(f"/citizen-cases/{case.pk}/"))
    assert "11/02/2027" in page
    assert "còn 8 ngày" in page


@pytest.mark.today("2026-06-03 10:00:00+07:00")
def test_a_province_as_named_then_is_kept_and_rolled_up(world):
    case = make_case(world, "X", "Vĩnh Phúc", received_on=D(2024, 5, 6))
    assert case.province.code == "25"
    assert case.former_province is not None
    assert case.former_province.code == "26"
    assert case.province_as_named == "Vĩnh Phúc"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"kind": "piracy"}, "kind"),
        ({"country": "ZZ"}, "country"),
        ({"country": "VN"}, "country"),
        ({"province": "Atlantis"}, "province"),
        ({"province": "99"}, "province"),
        ({"summary": "  "}, "summary"),
        ({"received_on": D(2030, 1, 1)}, "received_on"),
        ({"incident_on": D(2026, 6, 10), "received_on": D(2026, 6, 1)}, "incident_on"),
    ],
)
@pytest.mark.today("2026-06-03 10:00:00+07:00")
def test_bad_case_input_names_the_field(world, change, field):
    base = {"country": "JP", "province": "48", "kind": "labour", "received_on": D(2026, 6, 2), "summary": "x"}
    with pytest.raises(ServiceError) as caught:
        services.case_create(actor=world.users["x_officer"], data=services.CaseInput(**{**base, **change}))
    assert field in caught.value.errors


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"full_name": ""}, "citizens.0.full_name"),
        ({"passport_number": "12"}, "citizens.0.passport_number"),
        ({"phone": "call me"}, "citizens.0.phone"),
        ({"birth_date": D(1800, 1, 1)}, "citizens.0.birth_date"),
    ],
)
def test_bad_citizen_input_names_the_field(world, change, field):
    base = {"full_name": "Lê Văn C"}
    with pytest.raises(ServiceError) as caught:
        services.case_create(
            actor=world.users["x_officer"],
            data=services.CaseInput(
                country="JP", province="48", kind="labour", received_on=D(2026, 1, 5), summary="x"
            ),
            citizens=[services.CitizenInput(**{**base, **change})],
        )
    assert field in caught.value.errors


@pytest.mark.parametrize("who", ["a_editor", "ministry", "b_editor", "a_viewer"])
def test_only_missions_register_cases(world, who):
    with pytest.raises(Forbidden):
        services.case_create(
            actor=world.users[who],
            data=services.CaseInput(
                country="JP", province="48", kind="labour", received_on=D(2026, 1, 5), summary="x"
            ),
        )
    with pytest.raises(Forbidden):
        services.case_create(
            actor=consular_user(world),
            data=services.CaseInput(
                country="JP", province="48", kind="labour", received_on=D(2026, 1, 5), summary="x"
            ),
        )


# --- workflow -------------------------------------------------------------------------------------------------


@pytest.mark.today("2026-06-03 10:00:00+07:00")
def test_the_mission_notifies_the_province_in_app_and_by_email_after_commit(
    world, django_capture_on_commit_callbacks
):
    case = _case(world, received_on=D(2026, 6, 3))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        case = services.case_transition(
            actor=world.users["x_officer"], case_id=case.pk, action="notify", expected_version=case.version
        )
    assert case.status == "province_notified"
    assert case.notified_on == D(2026, 6, 3)
    got = Notification.objects.filter(kind="citizen_case_notified")
    assert {n.user.username for n in got} == {"a_editor"}  # the province's officers, never its viewers
    assert case.reference in got.get().title
    assert any("send_notification_email" in repr(c) for c in callbacks) or callbacks
    assert case.actions.filter(text__startswith="Thông báo cho tỉnh").exists()


def test_only_the_handling_mission_notifies(world):
    case = _case(world)
    for who in ("a_editor", "y_officer", "ministry"):
        with pytest.raises((Forbidden, NotFound)):
            services.case_transition(
                actor=world.users[who], case_id=case.pk, action="notify", expected_version=None
            )
    with pytest.raises(Forbidden):
        services.case_transition(
            actor=consular_user(world), case_id=case.pk, action="notify", expected_version=None
        )


def test_the_whole_way_to_closed_and_states_refused(world):
    x = world.users["x_officer"]
    case = _case(world)
    with pytest.raises(StateConflict):
        services.case_transition(actor=x, case_id=case.pk, action="close", expected_version=None)
    case = services.case_transition(actor=x, case_id=case.pk, action="notify", expected_version=case.version)
    case = services.case_transition(
        actor=consular_user(world), case_id=case.pk, action="start", expected_version=None
    )
    with pytest.raises(ServiceError) as caught:
        services.case_transition(actor=x, case_id=case.pk, action="resolve", expected_version=None)
    assert "note" in caught.value.errors  # the outcome is required
    case = services.case_transition(
        actor=x, case_id=case.pk, action="resolve", expected_version=None, note="Đã nhận đủ lương, về nước"
    )
    assert case.outcome == "Đã nhận đủ lương, về nước"
    case = services.case_transition(actor=x, case_id=case.pk, action="close", expected_version=case.version)
    assert (case.status, case.closed_on is not None) == ("closed", True)
    with pytest.raises(StateConflict):
        services.case_transition(actor=x, case_id=case.pk, action="start", expected_version=None)


def test_a_stale_version_is_refused(world):
    case = _case(world)
    with pytest.raises(StaleObject):
        services.case_transition(
            actor=world.users["x_officer"],
            case_id=case.pk,
            action="notify",
            expected_version=case.version + 1,
        )


def test_a_future_or_early_date_is_refused(world):
    case = _case(world)
    for day in (timezone.localdate() + dt.timedelta(days=5), case.received_on - dt.timedelta(days=1)):
        with pytest.raises(ServiceError):
            services.case_transition(
                actor=world.users["x_officer"],
                case_id=case.pk,
                action="notify",
                expected_version=None,
                on=day,
            )


def test_the_province_edits_only_its_own_side(world):
    case = _case(world)
    a = world.users["a_editor"]
    case = services.province_note_update(
        actor=a, case_id=case.pk, expected_version=None, note="Đã gặp gia đình"
    )
    assert case.province_note == "Đã gặp gia đình"
    services.action_add(actor=a, case_id=case.pk, text="Hỗ trợ gia đình làm thủ tục")
    with pytest.raises(Forbidden):
        services.case_update(
            actor=a,
            case_id=case.pk,
            expected_version=None,
            data=services.with_changes(services.input_of(case), {}),
        )
    with pytest.raises(Forbidden):
        services.province_note_update(
            actor=world.users["x_officer"], case_id=case.pk, expected_version=None, note="x"
        )
    with pytest.raises(Forbidden):
        services.action_add(actor=world.users["a_viewer"], case_id=case.pk, text="x")


# --- handovers ------------------------------------------------------------------------------------------------


def test_a_handover_is_accepted_by_the_receiving_organisation_only(world):
    consular_user(world)
    case = _case(world)
    x = world.users["x_officer"]
    h = services.handover_send(actor=x, case_id=case.pk, to_org="mofa-lanh-su", note="Nhờ Cục")
    assert Notification.objects.filter(kind="citizen_case_handover", user__username=CONSULAR).exists()
    for who in ("x_officer", "a_editor"):
        with pytest.raises(Forbidden):
            services.handover_accept(actor=world.users[who], case_id=case.pk, handover_id=h.pk)
    services.handover_accept(actor=consular_user(world), case_id=case.pk, handover_id=h.pk)
    case.refresh_from_db()
    assert case.status == "transferred"
    with pytest.raises(StateConflict):
        services.handover_accept(actor=consular_user(world), case_id=case.pk, handover_id=h.pk)
    case = services.case_transition(
        actor=consular_user(world), case_id=case.pk, action="close", expected_version=None
    )
    assert case.status == "closed"


def test_a_handover_to_another_mission_moves_the_case(world):
    case = _case(world)
    y = world.users["y_officer"]
    assert y.scope
    assert not CitizenCase.objects.visible_to(y).filter(pk=case.pk).exists()
    h = services.handover_send(actor=world.users["x_officer"], case_id=case.pk, to_org="cqdd-kr-seoul")
    assert not CitizenCase.objects.visible_to(y).filter(pk=case.pk).exists()  # no read before accepting
    assert CitizenCase.objects.visible_to(y, services.cases.Action.APPROVE).filter(pk=case.pk).exists()
    assert not CitizenCase.objects.visible_to(y, services.cases.Action.CHANGE).filter(pk=case.pk).exists()
    services.handover_accept(actor=y, case_id=case.pk, handover_id=h.pk)
    case.refresh_from_db()
    assert case.owner_org_id == world.orgs["Y"].pk
    assert not CitizenCase.objects.visible_to(world.users["x_officer"]).filter(pk=case.pk).exists()


@pytest.mark.parametrize("target", ["mofa", "tinh-12", "nowhere", "cqdd-jp-tokyo"])
def test_a_handover_goes_only_to_a_party_or_a_mission(world, target):
    case = _case(world)
    with pytest.raises(ServiceError) as caught:
        services.handover_send(actor=world.users["x_officer"], case_id=case.pk, to_org=target)
    assert "to_org" in caught.value.errors


# --- personal data --------------------------------------------------------------------------------------------


def test_citizens_are_encrypted_at_rest(world):
    case = _case(world)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT full_name, passport_number, family_phone FROM {CaseCitizen._meta.db_table} WHERE case_id = %s",
            [case.pk],
        )
        row = cursor.fetchone()
    assert all(v.startswith("enc1:") for v in row)
    assert "Nguyễn" not in "".join(row)


@pytest.mark.parametrize(
    ("who", "clear"),
    [("x_officer", True), ("a_editor", True), ("a_viewer", False), (CONSULAR, False)],
)
def test_personal_data_is_masked_unless_allowed_and_each_read_is_logged(world, who, clear):
    case = _case(world)
    c = client(world, who)
    masked = text_of(c.get(f"/citizen-cases/{case.pk}/"))
    assert "Nguyễn Văn An" not in masked
    assert "C1234567" not in masked
    assert "N. V. A." in masked
    before = AccessEvent.objects.filter(kind=AccessEvent.Kind.PERSONAL_DATA).count()
    page = text_of(c.get(f"/citizen-cases/{case.pk}/?personal=1"))
    assert ("Nguyễn Văn An" in page) == clear
    assert ("C1234567" in page) == clear
    assert ("Trần Thị Bình" in page) == clear  # the family contact too
    logged = AccessEvent.objects.filter(kind=AccessEvent.Kind.PERSONAL_DATA).count() - before
    assert logged == (1 if clear else 0)
    api = c.get(f"/api/v1/citizen-cases/{case.pk}?personal=true")
    assert api.status_code == (200 if clear else 403)
    if clear:
        assert api.json()["citizens"][0]["passport_number"] == "C1234567"
    masked_api = c.get(f"/api/v1/citizen-cases/{case.pk}").json()
    assert masked_api["citizens"][0]["passport_number"].endswith("67")
    assert "C12345" not in masked_api["citizens"][0]["passport_number"]


def test_personal_data_is_anonymised_after_the_retention_period(world):
    x = world.users["x_officer"]
    case = _case(world, received_on=D(2020, 1, 6))
    for action, note in (("notify", ""), ("start", ""), ("resolve", "Đã về nước"), ("close", "")):
        case = services.case_transition(
            actor=x, case_id=case.pk, action=action, expected_version=None, on=D(2020, 1, 8), note=note
        )
    assert services.purge_personal_data(D(2024, 1, 7)) == {"cases": 0, "citizens": 0}  # 60 months not yet
    assert services.purge_personal_data(D(2025, 1, 9)) == {"cases": 1, "citizens": 1}
    assert services.purge_personal_data(D(2025, 1, 10)) == {"cases": 0, "citizens": 0}  # idempotent
    citizen = CaseCitizen.objects.get(case=case)
    assert (citizen.full_name, citizen.passport_number, citizen.family_phone) == ("", "", "")
    assert citizen.anonymised_on == D(2025, 1, 9)
    case.refresh_from_db()
    assert case.personal_data_purged_on == D(2025, 1, 9)
    assert case.summary  # the official record stays
    assert AuditEvent.objects.filter(action="citizen_case.personal_data_purge").count() == 1
    with pytest.raises(ServiceError):
        services.citizen_add(actor=x, case_id=case.pk, data=services.CitizenInput(full_name="Mới"))


def test_an_open_case_is_never_purged(world):
    _case(world, received_on=D(2015, 1, 6))
    assert services.purge_personal_data(D(2026, 1, 1)) == {"cases": 0, "citizens": 0}


# --- the reminder job -----------------------------------------------------------------------------------------


def test_the_reminder_nudges_before_the_due_day_and_flags_the_breach_once(world):
    consular_user(world)
    case = _case(world, received_on=D(2026, 6, 3))  # due 04/06
    assert services.remind_notifications(D(2026, 6, 2)) == {"soon": 0, "late": 0}
    assert services.remind_notifications(D(2026, 6, 3)) == {"soon": 1, "late": 0}  # x_officer
    assert services.remind_notifications(D(2026, 6, 3)) == {"soon": 0, "late": 0}  # once
    assert services.remind_notifications(D(2026, 6, 5)) == {"soon": 0, "late": 2}  # mission + consular unit
    assert services.remind_notifications(D(2026, 6, 8)) == {"soon": 0, "late": 0}
    late = Notification.objects.filter(kind="citizen_case_notify_due", title__startswith="Quá hạn")
    assert {n.user.username for n in late} == {"x_officer", CONSULAR}
    services.case_transition(
        actor=world.users["x_officer"],
        case_id=case.pk,
        action="notify",
        expected_version=None,
        on=D(2026, 6, 5),
    )
    case.refresh_from_db()
    from ngoaivu.consular.columns import notify_state

    assert "quá hạn" in notify_state(case)  # notified after the due day: the breach stays visible


@pytest.mark.today("2026-06-10 10:00:00+07:00")
def test_the_late_filter_lists_breaches(world):
    late = _case(world, received_on=D(2026, 6, 1))
    fresh = _case(world, received_on=D(2026, 6, 10))
    text = text_of(world.client("x_officer").get("/citizen-cases/?notify_late=true"))
    assert late.reference in text
    assert fresh.reference not in text


# --- pages ----------------------------------------------------------------------------------------------------


def test_pages_render_for_the_mission(world):
    case = _case(world)
    c = world.client("x_officer")
    for url in (
        "/citizen-cases/",
        "/citizen-cases/new/",
        f"/citizen-cases/{case.pk}/",
        f"/citizen-cases/{case.pk}/edit/",
        "/citizen-cases/summary/",
    ):
        response = c.get(url)
        assert response.status_code == 200, url
    assert "Bảo hộ công dân" in text_of(c.get("/"))


def test_the_create_form_saves_a_case_and_its_citizen(world):
    c = world.client("x_officer")
    response = c.post(
        "/citizen-cases/new/",
        {
            "country": "JP",
            "province": "48",
            "kind": "accident",
            "received_on": (timezone.localdate() - dt.timedelta(days=1)).isoformat(),
            "summary": "Tai nạn giao thông tại Osaka",
            "citizen-full_name": "Phạm Thị Hoa",
            "citizen-passport_number": "B7654321",
        },
    )
    assert response.status_code == 302, response.content[:2000]
    case = CitizenCase.objects.system(reason="test").get(summary="Tai nạn giao thông tại Osaka")
    assert case.citizens.get().full_name == "Phạm Thị Hoa"


def test_the_create_form_names_bad_fields_in_vietnamese(world):
    response = world.client("x_officer").post(
        "/citizen-cases/new/",
        {"country": "JP", "province": "Atlantis", "kind": "accident", "received_on": "2026-13-01"},
    )
    assert response.status_code == 400
    page = text_of(response)
    assert "Ngày tiếp nhận" in page
    assert "Tóm tắt vụ việc" in page


def test_a_stale_edit_is_409_with_input_kept(world):
    case = _case(world)
    c = world.client("x_officer")
    services.case_transition(
        actor=world.users["x_officer"], case_id=case.pk, action="notify", expected_version=None
    )
    response = c.post(
        f"/citizen-cases/{case.pk}/edit/",
        {
            "country": "JP",
            "province": "48",
            "kind": "labour",
            "received_on": case.received_on.isoformat(),
            "summary": "Nội dung mới chưa lưu",
            "version": case.version,
        },
    )
    assert response.status_code == 409
    assert "Nội dung mới chưa lưu" in text_of(response)


def test_the_list_export_has_no_personal_data_or_summary(world):
    case = _case(world)
    text = text_of(world.client("x_officer").get("/citizen-cases/?format=xlsx"))
    assert case.reference in text
    assert case.marker not in text  # the summary stays in the record
    assert "Nguyễn Văn An" not in text


def test_the_counts_page_links_each_count_to_the_filtered_list(world):
    _case(world)
    make_case(world, "Y", "12", kind="arrest")
    page = text_of(client(world, CONSULAR).get("/citizen-cases/summary/"))
    assert "/citizen-cases/?country=JP&amp;kind=labour" in page
    assert "/citizen-cases/?country=KR&amp;kind=arrest" in page
    workbook = text_of(world.client("ministry").get("/citizen-cases/summary/?format=xlsx"))
    assert "Nhật Bản" in workbook
    assert "Tổng cộng" in workbook


def test_the_history_panel_shows_the_workflow(world):
    case = _case(world)
    services.case_transition(
        actor=world.users["x_officer"], case_id=case.pk, action="notify", expected_version=None
    )
    page = text_of(world.client("a_editor").get(f"/citizen-cases/{case.pk}/"))
    assert "thông báo vụ việc bảo hộ công dân cho tỉnh" in page


# --- API ------------------------------------------------------------------------------------------------------


def test_api_create_patch_with_if_match_and_actions(world):
    c = world.client("x_officer")
    response = c.post(
        "/api/v1/citizen-cases",
        json.dumps(
            {
                "country": "JP",
                "province": "Vĩnh Phúc",
                "kind": "fraud",
                "received_on": "2024-05-06",
                "summary": "Bị lừa qua môi giới",
                "citizens": [{"full_name": "Đỗ Văn Tài", "passport_number": "C1112223"}],
            }
        ),
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["province"] == "25"
    assert body["former_province"] == "26"
    assert body["citizens"][0]["full_name"] == "Đ. V. T."
    pk = body["id"]
    got = c.get(f"/api/v1/citizen-cases/{pk}")
    etag = got["ETag"]
    patch = {"outcome": "Đang xác minh"}
    assert (
        c.patch(f"/api/v1/citizen-cases/{pk}", json.dumps(patch), content_type="application/json").status_code
        == 428
    )
    stale = c.patch(
        f"/api/v1/citizen-cases/{pk}",
        json.dumps(patch),
        content_type="application/json",
        headers={"If-Match": '"9"'},
    )
    assert stale.status_code == 412
    ok = c.patch(
        f"/api/v1/citizen-cases/{pk}",
        json.dumps(patch),
        content_type="application/json",
        headers={"If-Match": etag},
    )
    assert ok.status_code == 200, ok.content
    assert ok.json()["outcome"] == "Đang xác minh"
    version = ok.json()["version"]
    notified = c.post(
        f"/api/v1/citizen-cases/{pk}/notify",
        json.dumps({"on": "2024-05-07"}),
        content_type="application/json",
        headers={"If-Match": f'"{version}"'},
    )
    assert notified.status_code == 200, notified.content
    assert notified.json()["status"] == "province_notified"
    again = c.post(
        f"/api/v1/citizen-cases/{pk}/notify",
        json.dumps({}),
        content_type="application/json",
        headers={"If-Match": f'"{notified.json()["version"]}"'},
    )
    assert again.status_code == 409
    log = c.post(
        f"/api/v1/citizen-cases/{pk}/actions",
        json.dumps({"text": "Gọi gia đình"}),
        content_type="application/json",
    )
    assert log.status_code == 201
    assert [a["text"] for a in c.get(f"/api/v1/citizen-cases/{pk}/actions").json()][-1] == "Gọi gia đình"
    handed = c.post(
        f"/api/v1/citizen-cases/{pk}/handover",
        json.dumps({"to_org": "mofa-lanh-su"}),
        content_type="application/json",
    )
    assert handed.status_code == 201
    accepted = client(world, CONSULAR).post(
        f"/api/v1/citizen-cases/{pk}/handover/accept",
        json.dumps({"handover": handed.json()["id"]}),
        content_type="application/json",
    )
    assert accepted.status_code == 200, accepted.content
    assert accepted.json()["accepted_at"]


def test_api_list_filters(world):
    a = _case(world)
    b = make_case(world, "X", "12", kind="arrest")
    c = world.client("x_officer")
    refs = [r["reference"] for r in c.get("/api/v1/citizen-cases?kind=arrest").json()["items"]]
    assert refs == [b.reference]
    refs = [r["reference"] for r in c.get("/api/v1/citizen-cases?province=48").json()["items"]]
    assert refs == [a.reference]
    assert c.get(f"/api/v1/citizen-cases?q={a.reference}").json()["count"] == 1


def test_the_detail_page_hands_over_to_a_party_or_another_mission(world):
    case = _case(world)
    c = world.client("x_officer")
    page = text_of(c.get(f"/citizen-cases/{case.pk}/"))
    assert 'value="mofa-lanh-su"' in page
    assert 'value="cqdd-kr-seoul"' in page
    assert 'value="cqdd-jp-tokyo"' not in page  # not to itself
    response = c.post(f"/citizen-cases/{case.pk}/handover/", {"to_org": "cqdd-kr-seoul", "note": "Chuyển"})
    assert response.status_code == 302
    assert case.handovers.get().to_org.code == "cqdd-kr-seoul"
    page = text_of(world.client("y_officer").get(f"/citizen-cases/{case.pk}/"))
    assert "Nhận bàn giao" in page  # the pending-handover notice
    response = world.client("y_officer").post(
        f"/citizen-cases/{case.pk}/handover/accept/", {"handover": case.handovers.get().pk}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.mission.code == "cqdd-kr-seoul"


def test_the_list_filters_by_year_from_the_counts_page(world):
    old = _case(world, received_on=D(2024, 3, 4))
    new = _case(world)
    text = text_of(world.client("x_officer").get("/citizen-cases/?year=2024"))
    assert old.reference in text
    assert new.reference not in text
