import datetime as dt
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from freezegun import freeze_time

from ngoaivu.accounts.models import Notification
from ngoaivu.agreements import selectors, services
from ngoaivu.agreements.filters import AgreementFilters
from ngoaivu.agreements.models import Agreement, DeadlineRule, LegalStep, Milestone
from ngoaivu.agreements.services import ActionInput, AgreementInput
from ngoaivu.audit.models import AuditEvent
from ngoaivu.core.exceptions import Forbidden, NotFound, ServiceError, StaleObject, StateConflict
from ngoaivu.core.testing.api import if_match
from ngoaivu.core.testing.world import make_agreement
from ngoaivu.directory.models import Partner

pytestmark = pytest.mark.django_db
S = Agreement.State


def register(world, who="a_editor", **kw):
    data = {"kind": "provincial", "title_vi": "Thỏa thuận hợp tác với tỉnh Gyeonggi", "country": "KR"}
    data.update(kw)
    return services.agreement_create(actor=world.users[who], data=AgreementInput(**data))


def act(world, who, agreement, action, **kw):
    return services.agreement_action(
        actor=world.users[who], agreement_id=agreement.pk, action=action, data=ActionInput(**kw)
    )


def set_state(agreement, state, **fields):
    Agreement.objects.system(reason="test set-up").filter(pk=agreement.pk).update(state=state, **fields)
    agreement.refresh_from_db()
    return agreement


# --- register ---------------------------------------------------------------------------------------------


def test_register_resolves_a_former_province_name_without_diacritics_to_the_current_province(world):
    agreement = register(
        world, province="quang nam", signed_on=dt.date(2019, 3, 1), state="in_implementation"
    )
    assert agreement.province.code == "48"
    assert agreement.former_province.code == "49"
    assert agreement.province_as_named == "Quảng Nam"
    assert agreement.owner_org.code == "tinh-48"
    event = AuditEvent.objects.get(action="agreement.create", target_id=str(agreement.pk))
    assert event.actor == world.users["a_editor"]


def test_register_normalises_text_to_nfc(world):
    import unicodedata

    decomposed = unicodedata.normalize("NFD", "Bản ghi nhớ hợp tác")
    agreement = register(world, kind="mou", title_vi=decomposed)
    assert agreement.title_vi == unicodedata.normalize("NFC", "Bản ghi nhớ hợp tác")
    assert " ban ghi nho hop tac " in agreement.search_text


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title_vi": ""}, "title_vi"),
        ({"title_vi": "x" * 501}, "title_vi"),
        ({"kind": "treaty"}, "kind"),
        ({"country": "ZZ"}, "country"),
        ({"province": "Atlantis"}, "province"),
        ({"province": "Lai Châu"}, "province"),  # another province: not the officer's
        ({"state": "signed"}, "signed_on"),
        ({"state": "approved"}, "state"),
        ({"valid_from": dt.date(2030, 1, 2), "valid_until": dt.date(2030, 1, 1)}, "valid_until"),
        ({"fields": ("investment", "astrology")}, "fields"),
        ({"partner_ids": (999999,)}, "partners"),
        ({"signed_on": dt.date(2999, 1, 1), "state": "signed"}, "signed_on"),
    ],
)
def test_bad_input_names_the_field_and_writes_nothing(world, changes, field):
    before = Agreement.objects.system(reason="test").count()
    with pytest.raises(ServiceError) as exc:
        register(world, **changes)
    assert field in exc.value.errors
    assert Agreement.objects.system(reason="test").count() == before


def test_partner_of_another_province_that_is_private_cannot_be_linked(world):
    private_b = world.partner("B", visibility="private")
    with pytest.raises(ServiceError) as exc:
        register(world, partner_ids=(private_b.pk,))
    assert "partners" in exc.value.errors


def test_only_province_officers_register(world):
    for who in ("a_viewer", "ministry", "x_officer"):
        with pytest.raises(Forbidden):
            register(world, who=who)


# --- legal steps and deadlines ----------------------------------------------------------------------------


@freeze_time("2026-02-12 10:00:00+07:00")
def test_consultation_is_due_seven_working_days_after_a_complete_dossier_across_tet(world):
    agreement = register(world)
    agreement = act(world, "a_editor", agreement, "consult", bodies=("Bộ Tư pháp",))
    assert agreement.state == S.IN_CONSULTATION
    steps = list(agreement.legal_steps.order_by("pk"))
    assert [s.body_org.code if s.body_org else None for s in steps] == ["mofa", None]
    # Thu 12/02; Fri 13/02 is the 1st working day; Tết 16–20/02; 23/02 … 02/03 the 2nd to 7th
    assert {s.due_on for s in steps} == {dt.date(2026, 3, 2)}
    assert "7 ngày làm việc" in steps[0].rule
    assert (
        Notification.objects.filter(user=world.users["ministry"], kind="agreement.consultation").count() == 1
    )


@freeze_time("2026-04-23 10:00:00+07:00")
def test_consultation_deadline_skips_the_reunification_and_labour_day_holidays(world):
    agreement = act(world, "a_editor", register(world), "consult")
    # Fri 24/04 (1); 27/04 in lieu of Hùng Kings' day; 28, 29 (2, 3); 30/04 and 01/05 off; 04–07/05 (4–7)
    assert agreement.legal_steps.get().due_on == dt.date(2026, 5, 7)


@pytest.mark.parametrize(
    ("signed", "due"),
    [
        (dt.date(2026, 4, 16), dt.date(2026, 5, 4)),  # +15 = Fri 01/05 (holiday) → Mon 04/05
        (dt.date(2026, 4, 12), dt.date(2026, 4, 28)),  # +15 = Mon 27/04 (day in lieu) → Tue 28/04
        (dt.date(2026, 6, 1), dt.date(2026, 6, 16)),  # an ordinary Tuesday
    ],
)
def test_post_signing_report_is_due_fifteen_calendar_days_after_signing(world, signed, due):
    with freeze_time(signed):
        agreement = set_state(register(world), S.APPROVED)
        agreement = act(world, "a_editor", agreement, "sign", signed_place="Đà Nẵng")
    step = agreement.legal_steps.get(kind=LegalStep.Kind.POST_SIGNING_REPORT)
    assert step.due_on == due
    assert agreement.state == S.SIGNED


def test_an_edited_rule_applies_to_new_deadlines_only(world, settings):
    admin = world.users["ministry"]
    admin.is_superuser = True
    admin.save()
    admin.refresh_from_db()
    with freeze_time("2026-06-01 10:00:00+07:00"):
        first = act(world, "a_editor", register(world), "consult")
        services.rule_update(actor=admin, key="consultation_reply", province_code="", days=10)
        second = act(world, "a_editor", register(world, title_vi="Thỏa thuận thứ hai"), "consult")
    assert first.legal_steps.get().due_on == dt.date(2026, 6, 10)
    assert second.legal_steps.get().due_on == dt.date(2026, 6, 15)


def test_a_province_override_of_a_rule_applies_only_to_that_province(world):
    DeadlineRule.objects.create(key="consultation_reply", province_code="48", days=3, unit="working")
    with freeze_time("2026-06-01 10:00:00+07:00"):
        a = act(world, "a_editor", register(world), "consult")
        b = act(world, "b_editor", register(world, who="b_editor"), "consult")
    assert a.legal_steps.get().due_on == dt.date(2026, 6, 4)
    assert b.legal_steps.get().due_on == dt.date(2026, 6, 10)


def test_full_path_with_ministry_opinion_signing_report_and_roadmap(world):
    with freeze_time("2026-06-01 10:00:00+07:00"):
        agreement = act(world, "a_editor", register(world), "consult")
        step = agreement.legal_steps.get()
        assert services.available_actions(user=world.users["ministry"], agreement=agreement) == [
            "record_opinion"
        ]
        act(
            world,
            "ministry",
            agreement,
            "record_opinion",
            step_id=step.pk,
            outcome="agree",
            document_number="12/BNG",
        )
        agreement = act(world, "a_editor", agreement, "approve")
        assert agreement.state == S.APPROVED
        agreement = act(world, "a_editor", agreement, "sign", signatories_vn="Chủ tịch UBND")
        agreement = act(world, "a_editor", agreement, "report", document_number="45/BC-UBND")
        assert agreement.state == S.REPORTED
        assert agreement.legal_steps.get(kind="post_signing_report").outcome == "done"
        agreement = act(world, "a_editor", agreement, "start")
        assert agreement.state == S.IN_IMPLEMENTATION
        milestone = services.milestone_create(
            actor=world.users["a_editor"],
            agreement_id=agreement.pk,
            data={"title": "Diễn đàn đầu tư", "owner": "Sở Ngoại vụ", "due_on": dt.date(2026, 9, 1)},
        )
    assert milestone.status == Milestone.Status.PLANNED
    actions = list(agreement.events.order_by("pk").values_list("action", flat=True))
    assert actions == [
        "create",
        "consult",
        "record_opinion",
        "approve",
        "sign",
        "report",
        "start",
        "milestone_create",
    ]
    assert (
        AuditEvent.objects.filter(target_id=str(agreement.pk), action__startswith="agreement.").count() == 7
    )


def test_objection_goes_to_the_prime_minister_who_may_refuse(world):
    with freeze_time("2026-06-01 10:00:00+07:00"):
        agreement = act(world, "a_editor", register(world), "consult")
        step = agreement.legal_steps.get()
        with pytest.raises(ServiceError) as exc:
            act(world, "ministry", agreement, "record_opinion", step_id=step.pk, outcome="object")
        assert "text" in exc.value.errors
        agreement = act(
            world,
            "ministry",
            agreement,
            "record_opinion",
            step_id=step.pk,
            outcome="object",
            text="Chưa phù hợp",
        )
        assert agreement.state == S.OBJECTED
        agreement = act(world, "a_editor", agreement, "submit_to_pm")
        pm = agreement.legal_steps.get(kind="pm_opinion")
        assert pm.due_on == dt.date(2026, 6, 10)
        agreement = act(world, "a_editor", agreement, "pm_decision", outcome="refused")
    assert agreement.state == S.REFUSED
    assert services.available_actions(user=world.users["a_editor"], agreement=agreement) == []


def test_approval_waits_for_every_consulted_body(world):
    agreement = act(world, "a_editor", register(world), "consult", bodies=("Bộ Công an",))
    with pytest.raises(StateConflict, match="Bộ Công an"):
        act(world, "a_editor", agreement, "approve")


def test_a_kind_without_consultation_is_approved_directly_and_needs_no_report(world):
    agreement = register(world, kind="mou")
    with pytest.raises(StateConflict):
        act(world, "a_editor", agreement, "consult")
    agreement = act(world, "a_editor", agreement, "approve")
    agreement = act(world, "a_editor", agreement, "sign")
    assert agreement.state == S.IN_IMPLEMENTATION
    assert not agreement.legal_steps.exists()


ALL_STATES = list(S.values)


@pytest.mark.parametrize(
    ("action", "state"),
    [(a, s) for a, (allowed, _who) in services.TRANSITIONS.items() for s in ALL_STATES if s not in allowed],
)
def test_every_forbidden_transition_is_a_conflict_naming_the_state(world, action, state):
    agreement = set_state(register(world), state, signed_on=dt.date(2025, 1, 1))
    version = agreement.version
    with pytest.raises(StateConflict) as exc:
        act(world, "a_editor", agreement, action, text="x")
    assert str(Agreement.State(state).label) in str(exc.value)
    agreement.refresh_from_db()
    assert agreement.state == state
    assert agreement.version == version


@pytest.mark.parametrize("who", ["a_viewer", "ministry", "y_officer"])
def test_those_who_may_see_but_not_act_get_forbidden(world, who):
    agreement = register(world)
    with pytest.raises(Forbidden):
        act(world, who, agreement, "consult")


def test_outside_scope_is_not_found(world):
    agreement = register(world, visibility="private")
    with pytest.raises(NotFound):
        act(world, "b_editor", agreement, "consult")


def test_stale_version_changes_nothing(world):
    agreement = register(world)
    with pytest.raises(StaleObject):
        services.agreement_action(
            actor=world.users["a_editor"], agreement_id=agreement.pk, action="consult", expected_version=99
        )
    agreement.refresh_from_db()
    assert agreement.state == S.PROPOSED


# --- dormant ----------------------------------------------------------------------------------------------


def dormant_ids(world, today):
    filters = AgreementFilters(dormant=True)
    return set(
        selectors.agreement_list(user=world.users["ministry"], filters=filters, today=today).values_list(
            "pk", flat=True
        )
    )


def reason(world, agreement, today):
    fresh = selectors.with_dormancy(
        Agreement.objects.system(reason="test").filter(pk=agreement.pk), today
    ).get()
    return selectors.dormancy(fresh, today)


def test_no_roadmap_three_months_after_signing_is_dormant(world):
    with freeze_time("2025-03-10"):
        agreement = register(world, signed_on=dt.date(2025, 3, 10), state="in_implementation")
    assert agreement.pk not in dormant_ids(world, dt.date(2025, 6, 9))
    assert not reason(world, agreement, dt.date(2025, 6, 9)).dormant
    assert agreement.pk in dormant_ids(world, dt.date(2025, 6, 10))
    found = reason(world, agreement, dt.date(2025, 6, 10))
    assert found.dormant
    assert "Chưa có lộ trình" in found.reason


def test_no_progress_for_twelve_months_is_dormant_and_progress_clears_it(world):
    with freeze_time("2024-01-15"):
        agreement = register(world, signed_on=dt.date(2024, 1, 15), state="in_implementation")
    with freeze_time("2024-02-01"):
        milestone = services.milestone_create(
            actor=world.users["a_editor"],
            agreement_id=agreement.pk,
            data={"title": "Trao đổi đoàn", "owner": "Sở Ngoại vụ", "due_on": dt.date(2024, 6, 1)},
        )
    assert agreement.pk not in dormant_ids(world, dt.date(2025, 1, 31))
    assert agreement.pk in dormant_ids(world, dt.date(2025, 2, 1))
    assert "12 tháng" in reason(world, agreement, dt.date(2025, 2, 1)).reason
    with freeze_time("2025-02-03"):
        services.milestone_update(
            actor=world.users["a_editor"],
            agreement_id=agreement.pk,
            milestone_id=milestone.pk,
            expected_version=milestone.version,
            data={"progress": 40, "status": "in_progress"},
        )
    assert agreement.pk not in dormant_ids(world, dt.date(2025, 2, 3))
    with freeze_time("2026-02-04"):
        assert agreement.pk in dormant_ids(world, dt.date(2026, 2, 4))
        services.activity_record(
            actor=world.users["a_editor"],
            agreement_id=agreement.pk,
            happened_on=dt.date(2026, 2, 4),
            text="Họp",
        )
    assert agreement.pk not in dormant_ids(world, dt.date(2026, 2, 4))


def test_dormant_months_can_differ_per_province(world):
    DeadlineRule.objects.create(key="dormant_after", province_code="48", days=6, unit="months")
    with freeze_time("2024-01-15"):
        a = register(world, signed_on=dt.date(2024, 1, 15), state="in_implementation")
        b = register(world, who="b_editor", signed_on=dt.date(2024, 1, 15), state="in_implementation")
        for agreement, who in ((a, "a_editor"), (b, "b_editor")):
            services.milestone_create(
                actor=world.users[who],
                agreement_id=agreement.pk,
                data={"title": "Mốc", "owner": "Sở", "due_on": dt.date(2024, 6, 1)},
            )
    found = dormant_ids(world, dt.date(2024, 8, 1))
    assert a.pk in found
    assert b.pk not in found
    assert "6 tháng" in reason(world, a, dt.date(2024, 8, 1)).reason


def test_proposed_and_ended_agreements_are_never_dormant(world):
    with freeze_time("2020-01-01"):
        proposed = register(world)
        ended = register(world, signed_on=dt.date(2019, 1, 1), state="terminated")
    found = dormant_ids(world, dt.date(2026, 1, 1))
    assert proposed.pk not in found
    assert ended.pk not in found


# --- reminders --------------------------------------------------------------------------------------------


def test_reminders_are_sent_once_and_expired_agreements_are_closed(world, django_capture_on_commit_callbacks):
    with freeze_time("2026-01-05"):
        expiring = register(
            world, signed_on=dt.date(2025, 1, 1), state="in_implementation", valid_until=dt.date(2026, 3, 1)
        )
        past = register(
            world,
            title_vi="Hết hạn",
            signed_on=dt.date(2020, 1, 1),
            state="in_implementation",
            valid_until=dt.date(2026, 1, 1),
        )
        services.milestone_create(
            actor=world.users["a_editor"],
            agreement_id=expiring.pk,
            data={"title": "Mốc trễ", "owner": "Sở", "due_on": dt.date(2026, 1, 2)},
        )
    with freeze_time("2026-01-10"), django_capture_on_commit_callbacks(execute=True):
        first = services.remind_agreements(dt.date(2026, 1, 10))
        second = services.remind_agreements(dt.date(2026, 1, 10))
    assert first["expiry"] >= 1
    assert first["milestones"] >= 1
    assert first["expired"] == 1
    assert second == dict.fromkeys(second, 0)
    past.refresh_from_db()
    assert past.state == S.EXPIRED
    kinds = set(Notification.objects.filter(user=world.users["a_editor"]).values_list("kind", flat=True))
    assert {"agreement.expiry", "agreement.milestone", "agreement.dormant"} <= kinds


def test_overdue_post_signing_report_reaches_the_ministry(world):
    with freeze_time("2026-06-01"):
        agreement = register(world, visibility="private")
        set_state(agreement, S.APPROVED)
        act(world, "a_editor", agreement, "sign")
    services.remind_agreements(dt.date(2026, 6, 20))
    assert Notification.objects.filter(user=world.users["ministry"], kind="agreement.legal_step").exists()
    overview = selectors.overdue_steps(user=world.users["ministry"], today=dt.date(2026, 6, 20))
    assert [s.agreement_id for s in overview["reports_overdue"]] == [agreement.pk]
    assert (
        selectors.overdue_steps(user=world.users["b_editor"], today=dt.date(2026, 6, 20))["reports_overdue"]
        == []
    )


# --- expiry decisions -------------------------------------------------------------------------------------


def test_extend_renew_and_lapse(frozen_today, world):
    """Frozen: valid_until 2027-01-01 must still be ahead, so a lapse decision leaves it in implementation."""
    signed = {
        "signed_on": dt.date(2022, 1, 1),
        "state": "in_implementation",
        "valid_until": dt.date(2027, 1, 1),
    }
    a = register(world, **signed)
    with pytest.raises(ServiceError):
        act(
            world,
            "a_editor",
            a,
            "decide_expiry",
            decision="extend",
            text="Hiệu quả",
            valid_until=dt.date(2026, 1, 1),
        )
    a = act(
        world,
        "a_editor",
        a,
        "decide_expiry",
        decision="extend",
        text="Hiệu quả",
        valid_until=dt.date(2032, 1, 1),
    )
    assert a.valid_until == dt.date(2032, 1, 1)
    assert a.state == S.IN_IMPLEMENTATION
    b = register(world, title_vi="Cũ", **signed)
    b = act(world, "a_editor", b, "decide_expiry", decision="renew", text="Ký mới với nội dung mở rộng")
    assert b.state == S.RENEWED
    successor = Agreement.objects.visible_to(world.users["a_editor"]).get(renews=b)
    assert successor.state == S.PROPOSED
    assert successor.title_vi == "Cũ"
    c = register(world, title_vi="Để hết hạn", **signed)
    with pytest.raises(ServiceError):
        act(world, "a_editor", c, "decide_expiry", decision="lapse")
    c = act(world, "a_editor", c, "decide_expiry", decision="lapse", text="Không còn nhu cầu")
    assert c.expiry_decision == "lapse"
    assert c.state == S.IN_IMPLEMENTATION


# --- roadmap and files ------------------------------------------------------------------------------------


def test_roadmap_only_for_signed_agreements_and_progress_is_validated(world):
    proposed = register(world)
    with pytest.raises(StateConflict):
        services.milestone_create(
            actor=world.users["a_editor"],
            agreement_id=proposed.pk,
            data={"title": "x", "owner": "y", "due_on": dt.date(2026, 1, 1)},
        )
    signed = register(world, signed_on=dt.date(2025, 1, 1), state="in_implementation")
    with pytest.raises(ServiceError) as exc:
        services.milestone_create(
            actor=world.users["a_editor"],
            agreement_id=signed.pk,
            data={"title": "", "owner": "y", "due_on": dt.date(2026, 1, 1), "progress": 140},
        )
    assert {"title", "progress"} <= set(exc.value.errors)
    m = services.milestone_create(
        actor=world.users["a_editor"],
        agreement_id=signed.pk,
        data={"title": "Xúc tiến", "owner": "Sở", "due_on": dt.date(2026, 1, 1)},
    )
    m = services.milestone_update(
        actor=world.users["a_editor"],
        agreement_id=signed.pk,
        milestone_id=m.pk,
        expected_version=m.version,
        data={"progress": 100},
    )
    assert m.status == Milestone.Status.DONE
    assert m.done_on is not None
    with pytest.raises(StaleObject):
        services.milestone_update(
            actor=world.users["a_editor"],
            agreement_id=signed.pk,
            milestone_id=m.pk,
            expected_version=1,
            data={"progress": 50},
        )


def test_uploads_keep_earlier_versions_and_refuse_bad_files(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    agreement = register(world, signed_on=dt.date(2025, 1, 1), state="in_implementation")

    def upload(name, content=b"%PDF-1.4 text"):
        return services.file_add(
            actor=world.users["a_editor"],
            agreement_id=agreement.pk,
            upload=SimpleUploadedFile(name, content),
            kind="signed_text",
            label="Văn bản ký",
        )

    first = upload("ban-ky.pdf")
    second = upload("ban-ky-sua.pdf", b"%PDF-1.4 text v2")
    assert (first.version, second.version) == (1, 2)
    assert agreement.files.count() == 2
    with pytest.raises(ServiceError, match="Loại tệp"):
        upload("virus.exe")
    with pytest.raises(ServiceError, match="mật"):
        upload("Tai lieu MAT.pdf")
    settings.NGOAIVU_UPLOAD_MAX_BYTES = 10
    with pytest.raises(ServiceError, match="MB"):
        upload("lon.pdf", b"x" * 11)
    assert agreement.files.count() == 2


# --- API and pages ----------------------------------------------------------------------------------------


def test_api_create_detail_milestones_and_conflicts(world):
    client = world.client("a_editor")
    body = {
        "kind": "provincial",
        "title_vi": "Thỏa thuận với tỉnh Chungcheong",
        "country": "KR",
        "province": "Quang Nam",
        "signed_on": "2023-05-02",
        "state": "in_implementation",
        "fields": ["investment", "education"],
    }
    created = client.post("/api/v1/agreements", json.dumps(body), content_type="application/json")
    assert created.status_code == 201, created.content
    data = created.json()
    assert (data["province"], data["former_province"], data["province_as_named"]) == ("48", "49", "Quảng Nam")
    assert data["dormant"] is True
    assert "lộ trình" in data["dormant_reason"]
    assert data["legal_steps"] == []
    assert data["fields"] == ["investment", "education"]
    pk = data["id"]
    ms = client.post(
        f"/api/v1/agreements/{pk}/milestones",
        json.dumps({"title": "Hội chợ", "owner": "Sở Công Thương", "due_on": "2027-05-01"}),
        content_type="application/json",
    )
    assert ms.status_code == 201, ms.content
    detail = client.get(f"/api/v1/agreements/{pk}").json()
    assert detail["dormant"] is False
    assert len(detail["milestones"]) == 1
    conflict = client.post(
        f"/api/v1/agreements/{pk}/consult",
        "{}",
        content_type="application/json",
        headers=if_match(client, f"/api/v1/agreements/{pk}"),
    )
    assert conflict.status_code == 409
    assert "Đang triển khai" in conflict.json()["detail"]
    bad = client.post(
        "/api/v1/agreements", json.dumps({**body, "country": "ZZ"}), content_type="application/json"
    )
    assert bad.status_code == 422  # a well-formed code that is not in the catalogue: the service refuses it
    assert any(e["field"] == "country" for e in bad.json()["errors"])
    stale = client.put(
        f"/api/v1/agreements/{pk}",
        json.dumps(body),
        content_type="application/json",
        headers={"If-Match": '"99"'},
    )
    assert stale.status_code == 412


def test_list_filters_sort_and_export(world):
    make_agreement(world, "A", country="JP", shared=True, signed=True, marker="AGRJAPAN")
    make_agreement(world, "A", country="KR", shared=True, marker="AGRKOREA")
    client = world.client("b_editor")
    page = client.get("/agreements/?country=JP").content.decode()
    assert "AGRJAPAN" in page
    assert "AGRKOREA" not in page
    page = client.get("/agreements/?state=proposed&q=agrkor").content.decode()
    assert "AGRKOREA" in page
    assert "AGRJAPAN" not in page
    page = client.get("/agreements/?former_province=49").content.decode()
    assert "AGRJAPAN" not in page
    page = client.get("/agreements/?year=2024&sort=-title").content.decode()
    assert "AGRJAPAN" in page
    export = client.get("/agreements/?format=xlsx&country=JP")
    assert export["Content-Disposition"].startswith('attachment; filename="thoa-thuan-')
    counts = client.get("/api/v1/agreements/counts").json()
    assert counts["total"] == 2
    assert counts["by_year"][0]["year"] == 2024


@pytest.mark.parametrize("rows", [2, 30])
def test_list_query_count_does_not_grow_with_page_size(world, rows, django_assert_max_num_queries):
    for i in range(rows):
        make_agreement(world, "A", country="JP", shared=True, signed=True, marker=f"AGRQC{i:03d}")
    client = world.client("a_editor")
    client.get("/agreements/")
    with django_assert_max_num_queries(24):
        response = client.get("/agreements/?page_size=100")
    assert response.content.decode().count("AGRQC") == rows


def test_pages_render_for_the_owner_and_the_ministry(world):
    agreement = make_agreement(world, "A", signed=True)
    services.milestone_create(
        actor=world.users["a_editor"],
        agreement_id=agreement.pk,
        data={"title": "Mốc đầu tiên", "owner": "Sở", "due_on": dt.date(2027, 1, 1)},
    )
    for who in ("a_editor", "ministry"):
        page = world.client(who).get(f"/agreements/{agreement.pk}/").content.decode()
        assert "Mốc đầu tiên" in page
        assert ('id="add-milestone"' in page) == (who == "a_editor")
    for url in ("/agreements/legal/", "/agreements/counts/", "/agreements/rules/", "/agreements/new/"):
        assert world.client("a_editor").get(url).status_code == 200, url


def test_form_errors_are_shown_in_vietnamese_and_nothing_is_saved(world):
    client = world.client("a_editor")
    before = Agreement.objects.system(reason="test").count()
    response = client.post(
        "/agreements/new/",
        {"kind": "provincial", "title_vi": "", "country": "KR", "state": "signed", "visibility": "shared"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert 'class="errorlist"' in page
    assert "Trường này là bắt buộc" in page or "Không được để trống" in page
    assert Agreement.objects.system(reason="test").count() == before


def test_partner_link_is_kept(world):
    partner = world.partner("A", visibility="shared", country="KR")
    agreement = register(world, partner_ids=(partner.pk,), visibility="private")
    assert list(agreement.partners.all()) == [partner]
    assert isinstance(agreement.partners.first(), Partner)
    found = selectors.agreement_list(
        user=world.users["b_editor"], filters=AgreementFilters(partner=partner.pk)
    )
    assert list(found) == []  # private agreement of A
    found = selectors.agreement_list(
        user=world.users["a_editor"], filters=AgreementFilters(partner=partner.pk)
    )
    assert [a.pk for a in found] == [agreement.pk]


def test_evidence_file_is_attached_to_a_milestone_from_the_page(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    agreement = make_agreement(world, "A", signed=True)
    milestone = services.milestone_create(
        actor=world.users["a_editor"],
        agreement_id=agreement.pk,
        data={"title": "Hội chợ", "owner": "Sở", "due_on": dt.date(2027, 1, 1)},
    )
    client = world.client("a_editor")
    response = client.post(
        f"/agreements/{agreement.pk}/files/",
        {
            "kind": "evidence",
            "label": "Ảnh hội chợ",
            "milestone": str(milestone.pk),
            "file": SimpleUploadedFile("hoi-cho.pdf", b"%PDF-1.4"),
        },
    )
    assert response.status_code == 302
    assert agreement.files.get().milestone == milestone
    created = client.post(
        "/api/v1/agreements",
        json.dumps({"kind": "mou", "title_vi": "Có kinh phí", "country": "JP", "budget": 1_500_000_000}),
        content_type="application/json",
    )
    assert created.json()["budget"] == 1_500_000_000


def test_an_agreement_in_consultation_can_still_be_edited_and_keeps_its_state(world):
    agreement = act(world, "a_editor", register(world), "consult")
    client = world.client("a_editor")
    response = client.post(
        f"/agreements/{agreement.pk}/edit/",
        {
            "kind": "provincial",
            "title_vi": "Tên đã sửa trong khi lấy ý kiến",
            "country": "KR",
            "visibility": "shared",
            "version": agreement.version,
        },
    )
    assert response.status_code == 302, response.content.decode()[-2000:]
    agreement.refresh_from_db()
    assert agreement.title_vi == "Tên đã sửa trong khi lấy ý kiến"
    assert agreement.state == S.IN_CONSULTATION
