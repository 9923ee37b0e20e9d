import datetime as dt
import hashlib
import io
import unicodedata

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from freezegun import freeze_time
from icalendar import Calendar
from openpyxl import load_workbook

from ngoaivu.accounts.models import Notification, Role, User
from ngoaivu.accounts.services import user_create
from ngoaivu.audit.models import AccessEvent, AuditEvent
from ngoaivu.audit.services import SystemActor
from ngoaivu.core.exceptions import Forbidden, NotFound, ServiceError, StaleObject, StateConflict
from ngoaivu.core.testing.api import if_match
from ngoaivu.core.testing.world import approve_delegation, make_agreement, make_delegation, second_head
from ngoaivu.delegations import selectors, services
from ngoaivu.delegations.models import (
    ApprovalDeputy,
    ApprovalStepRule,
    Conference,
    Delegation,
    DelegationApproval,
    FollowUpTask,
    LeaderVisit,
    Member,
)
from ngoaivu.delegations.services import DelegationActionInput, DelegationInput, MemberInput

# plan() trips are in March 2027: these tests run on 2026-06-01 (see ngoaivu/conftest.py)
pytestmark = [pytest.mark.django_db, pytest.mark.today()]
D = Delegation.State


@pytest.fixture(autouse=True)
def _vietnamese():
    """Service messages are checked in Vietnamese, whatever language an earlier test left active."""
    with translation.override("vi"):
        yield


def plan(world, who="a_editor", **kw):
    data = {
        "direction": "outbound",
        "title": "Đoàn xúc tiến đầu tư tại Hàn Quốc",
        "purpose": "Xúc tiến đầu tư",
        "head_name": "Nguyễn Văn An",
        "departs_on": dt.date(2027, 3, 1),
        "returns_on": dt.date(2027, 3, 6),
        "countries": ("KR",),
        "members": (
            MemberInput(
                full_name="Nguyễn Văn An",
                is_head=True,
                birth_date=dt.date(1970, 5, 17),
                passport_type="official",
                passport_number="B7654321",
                passport_expiry=dt.date(2030, 1, 1),
            ),
        ),
    }
    data.update(kw)
    return services.delegation_create(actor=world.users[who], data=DelegationInput(**data))


def act(world, who, delegation, action, **kw):
    user = who if isinstance(who, User) else world.users[who]
    return services.delegation_action(
        actor=user, delegation_id=delegation.pk, action=action, data=DelegationActionInput(**kw)
    )


def set_state(delegation, state, **fields):
    Delegation.objects.system(reason="test set-up").filter(pk=delegation.pk).update(state=state, **fields)
    delegation.refresh_from_db()
    return delegation


def extra_user(world, name, roles, org="A"):
    return user_create(
        actor=SystemActor("test"),
        username=name,
        password="another-password-2026",
        organisation=world.orgs[org],
        roles=roles,
        check_password=False,
        is_superuser=False,
    )


# --- plan ---------------------------------------------------------------------------------------------------


def test_plan_encrypts_personal_data_at_rest_and_flags_a_passport_expiring_within_six_months(world):
    delegation = plan(
        world,
        members=(
            MemberInput(full_name="A", passport_number="b1234567", passport_expiry=dt.date(2027, 8, 1)),
            MemberInput(full_name="B", passport_number="C7654321", passport_expiry=dt.date(2027, 9, 7)),
        ),
    )
    a, b = delegation.members.order_by("pk")
    assert a.passport_number == "B1234567"
    assert a.passport_flag  # 01/08/2027 < 06/03/2027 + 6 months
    assert not b.passport_flag
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT passport_number, passport_expiry FROM delegations_member WHERE id = %s", [a.pk]
        )
        raw_number, raw_expiry = cursor.fetchone()
    assert raw_number.startswith("enc1:")
    assert "B1234567" not in raw_number
    assert raw_expiry.startswith("enc1:")
    assert "2027" not in raw_expiry
    event = AuditEvent.objects.get(action="delegation.create", target_id=str(delegation.pk))
    assert "B1234567" not in str(event.changes)
    assert delegation.owner_org.code == "tinh-48"
    assert delegation.province.code == "48"


def test_plan_normalises_text_to_nfc_and_indexes_it(world):
    delegation = plan(world, title=unicodedata.normalize("NFD", "Đoàn công tác Hàn Quốc"))
    assert delegation.title == unicodedata.normalize("NFC", "Đoàn công tác Hàn Quốc")
    assert " doan cong tac han quoc " in delegation.search_text


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title": ""}, "title"),
        ({"title": "x" * 301}, "title"),
        ({"countries": ("ZZ",)}, "countries"),
        ({"countries": ()}, "countries"),
        ({"countries": ("VN",)}, "countries"),
        ({"direction": "sideways"}, "direction"),
        ({"returns_on": dt.date(2027, 2, 1)}, "returns_on"),
        ({"partner_ids": (999999,)}, "partners"),
        ({"members": (MemberInput(full_name="A", passport_number="12-34"),)}, "members[1].passport_number"),
        ({"members": (MemberInput(full_name=""),)}, "members[1].full_name"),
        ({"members": (MemberInput(full_name="A", birth_date=dt.date(2999, 1, 1)),)}, "members[1].birth_date"),
    ],
)
def test_bad_plans_name_the_field_and_write_nothing(world, changes, field):
    before = Delegation.objects.system(reason="test").count()
    with pytest.raises(ServiceError) as exc:
        plan(world, **changes)
    assert field in exc.value.errors
    assert Delegation.objects.system(reason="test").count() == before


def test_only_province_writers_plan(world):
    for who in ("a_viewer", "ministry", "x_officer"):
        with pytest.raises(Forbidden):
            plan(world, who=who)


def test_another_provinces_partner_cannot_be_attached(world):
    private = world.partner("B", visibility="private")
    with pytest.raises(ServiceError) as exc:
        plan(world, partner_ids=(private.pk,))
    assert "partners" in exc.value.errors


def test_edit_keeps_optimistic_locking(world):
    delegation = plan(world)
    data = DelegationInput(
        direction="outbound",
        title="Đổi tên",
        purpose="x",
        head_name="y",
        departs_on=dt.date(2027, 3, 1),
        returns_on=dt.date(2027, 3, 2),
        countries=("JP",),
    )
    services.delegation_update(
        actor=world.users["a_editor"], delegation_id=delegation.pk, expected_version=1, data=data
    )
    with pytest.raises(StaleObject):
        services.delegation_update(
            actor=world.users["a_editor"], delegation_id=delegation.pk, expected_version=1, data=data
        )
    delegation.refresh_from_db()
    assert delegation.title == "Đổi tên"
    assert delegation.members.count() == 0


# --- approval paths --------------------------------------------------------------------------------------------


def test_default_chain_two_steps_then_the_mission_covering_the_country_is_told(world):
    delegation = plan(world, countries=("JP",))
    act(world, "a_editor", delegation, "submit")
    steps = list(DelegationApproval.objects.filter(delegation=delegation))
    assert [s.order for s in steps] == [1, 2]  # the Party board step only for Party-managed officials
    act(world, second_head(world, "A"), delegation, "approve")
    delegation.refresh_from_db()
    assert delegation.state == D.SUBMITTED
    approve_delegation(world, "A", delegation)  # the Chair's decision, recorded from its document
    delegation.refresh_from_db()
    assert delegation.state == D.MISSION_NOTIFIED
    assert delegation.report_due_on == dt.date(2027, 3, 16)  # returns 06/03 + 10 days
    assert Notification.objects.filter(user=world.users["x_officer"], kind="delegation_mission").count() == 1
    assert not Notification.objects.filter(user=world.users["y_officer"], kind="delegation_mission").exists()


def test_party_managed_officials_add_the_party_board_step(world):
    delegation = plan(world, party_managed=True)
    act(world, "a_editor", delegation, "submit")
    labels = list(DelegationApproval.objects.filter(delegation=delegation).values_list("label", flat=True))
    assert len(labels) == 3
    assert "Ban Thường vụ Tỉnh ủy" in labels[1]


def test_an_officer_who_is_not_a_head_cannot_approve(world):
    officer = extra_user(world, "a_officer_only", [Role.OFFICER])
    delegation = plan(world, visibility="private")
    act(world, officer, delegation, "submit")
    with pytest.raises(Forbidden):
        act(world, officer, delegation, "approve")
    with pytest.raises(NotFound):
        act(world, "b_editor", delegation, "approve")


def test_named_approver_and_deputy_for_a_period(world):
    chair = extra_user(world, "a_chair", [Role.OFFICER, Role.HEAD])
    deputy = extra_user(world, "a_vice_chair", [Role.OFFICER])
    ApprovalStepRule.objects.create(
        owner_org=world.orgs["A"], order=1, label="Chủ tịch UBND tỉnh", approver=chair
    )
    delegation = plan(world)
    act(world, "a_editor", delegation, "submit")
    with pytest.raises(Forbidden):  # a head, but the step names the chair
        act(world, "a_editor", delegation, "approve")
    with pytest.raises(Forbidden):  # no deputy rights yet
        act(world, deputy, delegation, "approve")
    with freeze_time("2026-11-27"):
        services.deputy_create(
            actor=chair, deputy_id=deputy.pk, starts_on=dt.date(2026, 11, 27), ends_on=dt.date(2026, 12, 5)
        )
    with freeze_time("2026-12-06"), pytest.raises(Forbidden):  # the period is over
        act(world, deputy, delegation, "approve")
    with freeze_time("2026-12-01"):
        act(world, deputy, delegation, "approve", comment="KT. Chủ tịch")
    step = DelegationApproval.objects.get(delegation=delegation)
    assert step.decided_by == deputy
    assert step.on_behalf_of == chair
    delegation.refresh_from_db()
    assert delegation.state == D.MISSION_NOTIFIED  # KR: the embassy in Seoul is told


def test_a_revoked_deputy_cannot_decide(world):
    chair = extra_user(world, "a_chair2", [Role.OFFICER, Role.HEAD])
    deputy = extra_user(world, "a_deputy2", [Role.OFFICER])
    ApprovalStepRule.objects.create(owner_org=world.orgs["A"], order=1, label="Chủ tịch", approver=chair)
    row = services.deputy_create(
        actor=chair,
        deputy_id=deputy.pk,
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate() + dt.timedelta(days=3),
    )
    services.deputy_revoke(actor=chair, deputy_row_id=row.pk)
    delegation = plan(world)
    act(world, "a_editor", delegation, "submit")
    with pytest.raises(Forbidden):
        act(world, deputy, delegation, "approve")


def test_deputy_must_be_a_colleague(world):
    with pytest.raises(ServiceError) as exc:
        services.deputy_create(
            actor=world.users["a_editor"],
            deputy_id=world.users["b_editor"].pk,
            starts_on=timezone.localdate(),
            ends_on=timezone.localdate(),
        )
    assert "deputy" in exc.value.errors
    with pytest.raises(Forbidden):
        services.deputy_create(
            actor=world.users["a_viewer"],
            deputy_id=world.users["a_editor"].pk,
            starts_on=timezone.localdate(),
            ends_on=timezone.localdate(),
        )
    assert not ApprovalDeputy.objects.exists()


def test_return_needs_a_comment_and_a_resubmission_starts_a_new_round(world):
    delegation = plan(world)
    act(world, "a_editor", delegation, "submit")
    with pytest.raises(ServiceError) as exc:
        act(world, second_head(world, "A"), delegation, "return")
    assert "comment" in exc.value.errors
    act(world, second_head(world, "A"), delegation, "return", comment="Bổ sung chương trình làm việc")
    delegation.refresh_from_db()
    assert delegation.state == D.PLANNED
    assert Notification.objects.filter(kind="delegation_returned").exists()
    act(world, "a_editor", delegation, "submit")
    delegation.refresh_from_db()
    assert delegation.approval_round == 2
    assert DelegationApproval.objects.filter(delegation=delegation, round=2, decision="").count() == 2


def test_refusal_ends_the_path(world):
    delegation = plan(world)
    act(world, "a_editor", delegation, "submit")
    act(world, second_head(world, "A"), delegation, "refuse", comment="Không phù hợp thời điểm")
    delegation.refresh_from_db()
    assert delegation.state == D.REFUSED
    with pytest.raises(StateConflict) as exc:
        act(world, "a_editor", delegation, "approve")
    assert str(dict(D.choices)[D.REFUSED]) in str(exc.value)


ALLOWED = {action: states for action, (states, _who) in services.ACTIONS.items()}


@pytest.mark.parametrize(
    ("action", "state"),
    [(a, s) for a in services.ACTIONS for s in D.values if s not in ALLOWED[a]],
)
def test_every_forbidden_transition_is_409_naming_the_state_and_changes_nothing(world, action, state):
    delegation = set_state(plan(world), state)
    label = dict(D.choices)[state]
    with pytest.raises(StateConflict) as exc:
        act(world, "a_editor", delegation, action, comment="x", results="x")
    assert str(label) in str(exc.value)
    delegation.refresh_from_db()
    assert delegation.state == state
    assert delegation.version == 1


def test_submit_needs_members(world):
    delegation = plan(world, members=())
    with pytest.raises(ServiceError) as exc:
        act(world, "a_editor", delegation, "submit")
    assert "members" in exc.value.errors


# --- report and follow-up ----------------------------------------------------------------------------------------


def test_report_only_after_return_with_agreements_and_follow_ups(world):
    delegation = make_delegation(world, "A", approved=True, days_ahead=5)
    with pytest.raises(StateConflict) as exc:
        act(world, "a_editor", delegation, "report", results="x")
    assert "ngày về" in str(exc.value)
    agreement = make_agreement(world, "A", signed=True)
    with freeze_time(delegation.returns_on + dt.timedelta(days=1)):
        with pytest.raises(ServiceError) as exc:
            act(world, "a_editor", delegation, "report", results="")
        assert "results" in exc.value.errors
        other = make_agreement(world, "B")  # private to B
        with pytest.raises(ServiceError) as exc:
            act(world, "a_editor", delegation, "report", results="ok", agreement_ids=(other.pk,))
        assert "agreements" in exc.value.errors
        act(
            world,
            "a_editor",
            delegation,
            "report",
            results="Ký bản ghi nhớ với tỉnh Gyeonggi",
            better_preparation="Chuẩn bị phiên dịch sớm hơn",
            agreement_ids=(agreement.pk,),
            follow_ups=(
                services.FollowUpInput(
                    title="Gửi danh sách dự án", owner="Sở KH-ĐT", due_on=dt.date(2027, 6, 1)
                ),
            ),
        )
    delegation.refresh_from_db()
    assert delegation.state == D.REPORTED
    assert list(delegation.report_agreements.all()) == [agreement]
    assert delegation.follow_ups.get().owner == "Sở KH-ĐT"


def test_report_deadline_counted_across_tet(world):
    delegation = plan(world, departs_on=dt.date(2026, 2, 2), returns_on=dt.date(2026, 2, 6))
    set_state(delegation, D.SUBMITTED)
    due, rule = selectors.report_due("48", dt.date(2026, 2, 6))
    assert due == dt.date(2026, 2, 23)  # 16/02 falls in Tết (16–20/02) → next working day
    assert "10" in rule


def test_report_rule_is_data_and_a_province_may_override_it(world):
    from ngoaivu.agreements.models import DeadlineRule

    DeadlineRule.objects.create(key="delegation_report", province_code="48", days=5, unit="working")
    assert selectors.report_due("48", dt.date(2026, 4, 24))[0] == dt.date(
        2026, 5, 6
    )  # 27/04, 30/04, 01/05 off
    assert selectors.report_due("12", dt.date(2026, 4, 24))[0] == dt.date(
        2026, 5, 4
    )  # 10 calendar days → Mon


def test_missing_reports_are_listed_and_reminded_once(world):
    delegation = make_delegation(world, "A", approved=True, days_ahead=1)
    today = delegation.report_due_on + dt.timedelta(days=1)
    with freeze_time(today):
        first = services.remind_delegations(today)
        second = services.remind_delegations(today)
    delegation.refresh_from_db()
    assert delegation.state == D.RETURNED
    assert first["report_reminders"] >= 1
    assert second["report_reminders"] == 0
    from ngoaivu.delegations.filters import DelegationFilters

    with freeze_time(today):
        missing = selectors.delegation_list(
            user=world.users["a_editor"], filters=DelegationFilters(report_missing=True)
        )
        assert delegation in list(missing)
        assert selectors.delegation_counts(user=world.users["a_editor"])["report_missing"] >= 1


def test_follow_up_tasks_are_reminded_and_overdue_flagged(world):
    delegation = make_delegation(world, "A", approved=True)
    task = services.follow_up_save(
        actor=world.users["a_editor"],
        delegation_id=delegation.pk,
        data=services.FollowUpInput(title="Gửi thư cảm ơn", owner="Sở Ngoại vụ", due_on=dt.date(2027, 1, 10)),
    )
    counts = services.remind_delegations(dt.date(2027, 1, 5))
    # the province's officers and heads: a_editor and the head who approved (a_viewer reads only)
    assert counts["follow_up_reminders"] == 2
    assert services.remind_delegations(dt.date(2027, 1, 5))["follow_up_reminders"] == 0
    late = services.remind_delegations(dt.date(2027, 1, 11))
    assert late["follow_up_reminders"] >= 1
    assert task in list(
        selectors.overdue_follow_ups(user=world.users["a_editor"], today=dt.date(2027, 1, 11))
    )


def test_missions_add_briefing_notes_for_their_countries_only(world):
    delegation = make_delegation(world, "A", country="JP", approved=True)
    services.briefing_add(
        actor=world.users["x_officer"],
        delegation_id=delegation.pk,
        kind="protocol",
        text="Trao danh thiếp hai tay",
    )
    assert delegation.briefings.get().organisation.code == "cqdd-jp-tokyo"
    with pytest.raises(NotFound):
        services.briefing_add(
            actor=world.users["y_officer"], delegation_id=delegation.pk, kind="market", text="x"
        )
    with pytest.raises(Forbidden):
        services.briefing_add(
            actor=world.users["ministry"], delegation_id=delegation.pk, kind="market", text="x"
        )


# --- personal data -----------------------------------------------------------------------------------------------


def test_personal_data_is_masked_by_default_and_every_unmasked_read_is_logged(world):
    delegation = make_delegation(world, "A", shared=True)
    owner = world.client("a_viewer")
    page = owner.get(f"/delegations/{delegation.pk}/").content.decode()
    assert "B7654321" not in page
    assert "••••••21" in page
    assert not AccessEvent.objects.filter(kind="personal_data").exists()
    page = owner.get(f"/delegations/{delegation.pk}/?personal=1").content.decode()
    assert "B7654321" in page
    assert "17/05/1970" in page
    event = AccessEvent.objects.get(kind="personal_data")
    assert event.user == world.users["a_viewer"]
    assert str(delegation.pk) in event.detail
    for who in ("ministry", "b_editor"):
        client = world.client(who)
        assert "B7654321" not in client.get(f"/delegations/{delegation.pk}/").content.decode()
        assert client.get(f"/delegations/{delegation.pk}/?personal=1").status_code == 403
        assert client.get(f"/api/v1/delegations/{delegation.pk}?personal=true").status_code == 403
    body = owner.get(f"/api/v1/delegations/{delegation.pk}").json()
    assert body["personal_data"] == "masked"
    assert body["members"][0]["passport_number"].endswith("21")
    body = owner.get(f"/api/v1/delegations/{delegation.pk}?personal=true").json()
    assert body["members"][0]["passport_number"] == "B7654321"
    assert AccessEvent.objects.filter(kind="personal_data").count() == 2


def test_excel_export_masks_personal_data_unless_asked_and_allowed(world):
    make_delegation(world, "A", shared=True)
    owner = world.client("a_editor")

    def cells(response):
        sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
        return " ".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None)

    masked = cells(owner.get("/delegations/?format=xlsx"))
    assert "B7654321" not in masked
    assert "Nguyễn Văn An" in masked
    assert not AccessEvent.objects.filter(kind="personal_data").exists()
    full = cells(owner.get("/delegations/?format=xlsx&personal=1"))
    assert "B7654321" in full
    assert "1970-05-17" in full
    assert AccessEvent.objects.filter(kind="personal_data", user=world.users["a_editor"]).count() == 1
    assert world.client("ministry").get("/delegations/?format=xlsx&personal=1").status_code == 403
    assert "B7654321" not in cells(world.client("b_editor").get("/delegations/?format=xlsx"))


def test_anonymisation_after_the_retention_period(world):
    old = plan(world, departs_on=dt.date(2024, 9, 1), returns_on=dt.date(2024, 9, 5))
    recent = plan(world, departs_on=dt.date(2025, 1, 2), returns_on=dt.date(2025, 1, 6))
    counts = services.purge_personal_data(dt.date(2026, 11, 27))  # cutoff 27/11/2024
    assert counts == {"delegations": 1, "members": 1}
    member = Member.objects.get(delegation=old)
    assert (member.passport_number, member.birth_date, member.passport_expiry) == ("", "", "")
    assert member.full_name == "Nguyễn Văn An"
    assert member.anonymised_on == dt.date(2026, 11, 27)
    assert Member.objects.get(delegation=recent).passport_number == "B7654321"
    assert services.purge_personal_data(dt.date(2026, 11, 27)) == {"delegations": 0, "members": 0}
    assert (
        AuditEvent.objects.filter(action="delegation.personal_data_purge", target_id=str(old.pk)).count() == 1
    )


# --- conferences -------------------------------------------------------------------------------------------------


def conference(world, **kw):
    data = {
        "title": "Hội thảo quốc tế về kinh tế biển",
        "organiser": "UBND thành phố Đà Nẵng",
        "format": "in_person",
        "starts_on": dt.date(2026, 3, 30),
        "ends_on": dt.date(2026, 3, 31),
        "top_rank": "other",
    }
    data.update(kw)
    return services.conference_create(actor=world.users["a_editor"], data=services.ConferenceInput(**data))


@freeze_time("2026-01-05")
def test_conference_approval_level_and_dossier_deadline_across_holidays(world):
    chair = conference(world)
    assert chair.approval_level == "chair"
    assert chair.dossier_due_on == dt.date(2026, 2, 27)  # 30 days before = Sat 28/02 → the Friday before
    minister = conference(
        world, top_rank="minister", starts_on=dt.date(2026, 3, 29), ends_on=dt.date(2026, 3, 29)
    )
    assert minister.approval_level == "pm"
    assert minister.dossier_due_on == dt.date(2026, 2, 13)  # 40 days before = 17/02 in Tết → Fri 13/02
    sensitive = conference(world, sensitive_topics=("religion",))
    assert sensitive.approval_level == "pm"


def test_a_late_dossier_is_rejected_with_the_latest_possible_date(world):
    with freeze_time("2026-01-05"):
        c = conference(world)
    with freeze_time("2026-03-02"), pytest.raises(ServiceError) as exc:
        services.conference_action(actor=world.users["a_editor"], conference_id=c.pk, action="submit")
    assert "27/02/2026" in exc.value.message
    assert "Chủ tịch UBND tỉnh" in exc.value.message
    c.refresh_from_db()
    assert c.state == Conference.State.PLANNED


def test_conference_consultations_answer_within_15_days_and_report_after_closing(world):
    with freeze_time("2026-01-05"):
        c = conference(world, starts_on=dt.date(2026, 6, 1), ends_on=dt.date(2026, 6, 2))
    with freeze_time("2026-04-16"):
        services.conference_action(
            actor=world.users["a_editor"],
            conference_id=c.pk,
            action="submit",
            data=services.ConferenceActionInput(bodies=("Bộ Ngoại giao", "Bộ Công an")),
        )
    consultation = c.consultations.first()
    assert consultation.due_on == dt.date(2026, 5, 4)  # 16/04 + 15 = 01/05 (holiday) → Mon 04/05
    act_c = services.conference_action
    act_c(
        actor=world.users["a_editor"],
        conference_id=c.pk,
        action="record_reply",
        data=services.ConferenceActionInput(consultation_id=consultation.pk, text="Đồng ý"),
    )
    act_c(
        actor=world.users["a_editor"],
        conference_id=c.pk,
        action="approve",
        data=services.ConferenceActionInput(decision="Văn bản 123/UBND-NgV"),
    )
    with freeze_time("2026-05-01"), pytest.raises(StateConflict):
        act_c(
            actor=world.users["a_editor"],
            conference_id=c.pk,
            action="report",
            data=services.ConferenceActionInput(text="Kết quả"),
        )
    with freeze_time("2026-06-03"):
        act_c(
            actor=world.users["a_editor"],
            conference_id=c.pk,
            action="report",
            data=services.ConferenceActionInput(text="200 đại biểu"),
        )
    c.refresh_from_db()
    assert c.state == Conference.State.REPORTED
    assert c.report_due_on == dt.date(2026, 6, 17)
    with pytest.raises(StateConflict):
        act_c(actor=world.users["a_editor"], conference_id=c.pk, action="submit")


def test_conference_api_create_and_conflict(world):
    client = world.client("a_editor")
    body = {
        "title": "Diễn đàn hợp tác địa phương Việt Nam – Lào",
        "organiser": "UBND tỉnh",
        "format": "online",
        "starts_on": "2027-06-01",
        "ends_on": "2027-06-01",
        "top_rank": "minister",
        "countries": ["LA"],
    }
    created = client.post("/api/v1/conferences", body, content_type="application/json")
    assert created.status_code == 201, created.content
    data = created.json()
    assert data["approval_level"] == "pm"
    assert data["dossier_due_on"] == "2027-04-22"
    url = f"/api/v1/conferences/{data['id']}"
    conflict = client.post(
        f"{url}/report", {"text": "x"}, content_type="application/json", headers=if_match(client, url)
    )
    assert conflict.status_code == 409
    assert "Đang chuẩn bị" in conflict.json()["detail"]


# --- visits ------------------------------------------------------------------------------------------------------


def test_visits_are_the_ministrys_and_the_province_edits_its_side(world):
    visit = services.visit_create(
        actor=world.users["ministry"],
        data=services.VisitInput(
            direction="to_province",
            province="48",
            starts_on=dt.date(2027, 1, 10),
            ends_on=dt.date(2027, 1, 11),
            ministry_leaders="Thứ trưởng",
            asks=("Kết nối Keidanren",),
        ),
    )
    with pytest.raises(Forbidden):
        services.visit_create(
            actor=world.users["a_editor"],
            data=services.VisitInput(
                direction="to_ministry",
                province="48",
                starts_on=dt.date(2027, 1, 1),
                ends_on=dt.date(2027, 1, 1),
                ministry_leaders="x",
            ),
        )
    services.visit_update(
        actor=world.users["a_editor"],
        visit_id=visit.pk,
        expected_version=visit.version,
        data=services.VisitInput(
            direction="to_ministry",  # not the province's to change
            province="12",
            starts_on=dt.date(2027, 1, 10),
            ends_on=dt.date(2027, 1, 11),
            ministry_leaders="Bộ trưởng",
            agreed="Hỗ trợ tổ chức hội nghị xúc tiến",
            asks=("Kết nối Keidanren", "Giới thiệu đối tác bán dẫn"),
        ),
    )
    visit.refresh_from_db()
    assert visit.direction == "to_province"
    assert visit.province.code == "48"
    assert visit.ministry_leaders == "Thứ trưởng"
    assert visit.agreed == "Hỗ trợ tổ chức hội nghị xúc tiến"
    assert visit.asks.count() == 2
    with pytest.raises(NotFound):
        services.visit_update(
            actor=world.users["b_editor"],
            visit_id=visit.pk,
            expected_version=None,
            data=services.VisitInput(
                direction="to_province",
                province="48",
                starts_on=dt.date(2027, 1, 10),
                ends_on=dt.date(2027, 1, 11),
                ministry_leaders="x",
            ),
        )


def test_an_ask_becomes_a_request_linked_both_ways(world):
    visit = services.visit_create(
        actor=world.users["ministry"],
        data=services.VisitInput(
            direction="to_province",
            province="48",
            starts_on=dt.date(2027, 1, 10),
            ends_on=dt.date(2027, 1, 10),
            ministry_leaders="Thứ trưởng",
            asks=("Kết nối Keidanren",),
        ),
    )
    ask = visit.asks.get()
    client = world.client("a_editor")
    form = client.get(f"/requests/new/?from_ask={ask.pk}").content.decode()
    assert "Kết nối Keidanren" in form
    assert world.client("b_editor").get(f"/requests/new/?from_ask={ask.pk}").status_code == 404
    response = client.post(
        "/requests/new/",
        {
            "title": "Kết nối Keidanren",
            "description": "Đề nghị từ chuyến thăm",
            "category": "investment",
            "recipients": ["mofa"],
            "from_ask": ask.pk,
            "priority": "normal",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    ask.refresh_from_db()
    assert ask.request_id
    page = client.get(f"/delegations/visits/{visit.pk}/").content.decode()
    assert f"/requests/{ask.request_id}/" in page


# --- calendar and iCalendar ----------------------------------------------------------------------------------


def test_calendar_shows_what_the_user_may_see(world):
    mine = make_delegation(world, "A", approved=True, days_ahead=3)
    other = make_delegation(world, "B", days_ahead=3)
    start, end = mine.departs_on, mine.returns_on
    titles = [e.title for e in selectors.calendar_entries(user=world.users["a_editor"], start=start, end=end)]
    assert any(mine.title in t for t in titles)
    assert not any(other.title in t for t in titles)
    response = world.client("a_editor").get(f"/api/v1/calendar?from={start}&to={end}")
    assert response.status_code == 200
    assert any(mine.title in e["title"] for e in response.json())
    assert world.client("a_editor").get(f"/api/v1/calendar?from={end}&to={start}").status_code == 422
    assert world.client("a_editor").get("/api/v1/calendar?from=2026-01-01&to=2028-01-01").status_code == 422
    page = world.client("a_editor").get(f"/delegations/calendar/?month={start:%Y-%m}").content.decode()
    assert mine.title in page
    assert other.title not in page
    assert (
        mine.title
        in world.client("a_editor")
        .get(f"/delegations/calendar/?month={start:%Y-%m}&view=list")
        .content.decode()
    )


def test_calendar_entries_and_notices_link_to_the_records_own_urls(world):
    """Links come from the URL names (get_absolute_url, reverse), and are the paths they always were."""
    from ngoaivu.delegations.selectors.calendar import _detail_path

    mine = make_delegation(world, "A", approved=True, days_ahead=3)
    assert mine.get_absolute_url() == f"/delegations/{mine.pk}/"
    assert LeaderVisit(pk=7).get_absolute_url() == _detail_path("visit_detail")(7) == "/delegations/visits/7/"
    assert (
        Conference(pk=7).get_absolute_url()
        == _detail_path("conference_detail")(7)
        == "/delegations/conferences/7/"
    )
    entries = selectors.calendar_entries(
        user=world.users["a_editor"], start=mine.departs_on, end=mine.returns_on
    )
    assert {e.url for e in entries if e.uid == f"delegation-{mine.pk}@ngoaivu"} == {
        f"/delegations/{mine.pk}/"
    }
    assert Notification.objects.filter(kind="delegation_approved").values_list(
        "url", flat=True
    ).distinct().get() == (f"/delegations/{mine.pk}/")
    counts = {w["url"] for w in selectors.work_counts(user=world.users["a_editor"])}
    assert "/delegations/?state=submitted" in counts
    assert "/delegations/conferences/?state=planned&sort=dossier_due" in counts


def test_ical_feed_parses_and_the_token_can_be_rotated_and_revoked(world):
    mine = make_delegation(world, "A", approved=True, days_ahead=3)
    other = make_delegation(world, "B", days_ahead=3)
    client = world.client("a_editor")
    assert client.get("/api/v1/me").json()["calendar_feed"] is False  # reading /me creates nothing
    page = client.get("/delegations/calendar/")
    assert "Tạo đường dẫn lịch" in page.content.decode()
    response = client.post("/delegations/calendar/token/", follow=True)
    url = response.context["new_feed_url"]
    assert url.startswith("http")
    assert url.endswith(".ics")
    assert url in response.content.decode()
    again = client.get("/delegations/calendar/").content.decode()
    assert url not in again  # shown once: only the hash is kept
    assert client.get("/api/v1/me").json()["calendar_feed"] is True
    path = url[url.index("/delegations/") :]
    token = path.rsplit("/", 1)[1].removesuffix(".ics")
    stored = User.objects.filter(pk=world.users["a_editor"].pk).values_list("calendar_token_hash", flat=True)
    assert stored.get() == hashlib.sha256(token.encode()).hexdigest()
    from django.test import Client

    anonymous = Client()
    response = anonymous.get(path)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    cal = Calendar.from_ical(response.content)
    events = {str(e.get("summary")): e for e in cal.walk("VEVENT")}
    event = next(e for s, e in events.items() if mine.title in s)
    assert event.decoded("dtstart") == mine.departs_on
    assert event.decoded("dtend") == mine.returns_on + dt.timedelta(days=1)
    assert not any(other.title in s for s in events)
    newer = client.post("/delegations/calendar/token/", follow=True).context["new_feed_url"]
    assert newer != url
    assert anonymous.get(path).status_code == 404
    newer_path = newer[newer.index("/delegations/") :]
    assert anonymous.get(newer_path).status_code == 200
    client.post("/delegations/calendar/token/", {"do": "revoke"})
    assert User.objects.get(pk=world.users["a_editor"].pk).calendar_token_hash is None
    assert anonymous.get(newer_path).status_code == 404
    assert anonymous.get("/delegations/calendar/feed/not-a-token.ics").status_code == 404
    User.objects.filter(pk=world.users["a_editor"].pk).update(
        is_active=False, calendar_token_hash=hashlib.sha256(b"tok-of-inactive").hexdigest()
    )
    assert anonymous.get("/delegations/calendar/feed/tok-of-inactive.ics").status_code == 404


# --- pages, API and query counts ---------------------------------------------------------------------------------


def test_browser_form_creates_a_delegation_with_members_and_shows_row_errors(world):
    client = world.client("a_editor")
    form = {
        "direction": "outbound",
        "title": "Đoàn công tác Nhật Bản",
        "purpose": "Xúc tiến",
        "head_name": "Lê Văn C",
        "countries": ["JP"],
        "departs_on": "2027-05-01",
        "returns_on": "2027-05-05",
        "visibility": "shared",
        "members-TOTAL_FORMS": "2",
        "members-INITIAL_FORMS": "0",
        "members-MIN_NUM_FORMS": "0",
        "members-MAX_NUM_FORMS": "200",
        "members-0-full_name": "Lê Văn C",
        "members-0-passport_number": "bad!",
        "members-1-full_name": "",
    }
    response = client.post("/delegations/new/", form)
    assert response.status_code == 400
    assert "6–12 chữ cái" in response.content.decode()
    form["members-0-passport_number"] = "C1234567"
    response = client.post("/delegations/new/", form)
    assert response.status_code == 302
    delegation = Delegation.objects.visible_to(world.users["a_editor"]).get(title="Đoàn công tác Nhật Bản")
    assert delegation.members.get().passport_number == "C1234567"


@freeze_time("2026-11-20 10:00:00+07:00")  # before the trip of 1–3 December 2026: a report is early
def test_api_create_submit_approve_report(world):
    client = world.client("a_editor")
    body = {
        "direction": "outbound",
        "title": "Đoàn API",
        "purpose": "Thử",
        "head_name": "An",
        "countries": ["KR"],
        "departs_on": "2026-12-01",
        "returns_on": "2026-12-03",
        "members": [{"full_name": "An", "passport_number": "C1234567", "birth_date": "1980-01-02"}],
    }
    created = client.post("/api/v1/delegations", body, content_type="application/json")
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert created.json()["members"][0]["passport_number"] != "C1234567"
    r = client.post(
        f"/api/v1/delegations/{pk}/submit",
        {},
        content_type="application/json",
        headers=if_match(client, f"/api/v1/delegations/{pk}"),
    )
    assert r.status_code == 200, r.content
    approve_delegation(world, "A", Delegation.objects.system(reason="test").get(pk=pk))
    r = client.get(f"/api/v1/delegations/{pk}")
    assert r.json()["state"] == "mission_notified"
    url = f"/api/v1/delegations/{pk}"
    early = client.post(
        f"{url}/report", {"results": "x"}, content_type="application/json", headers=if_match(client, url)
    )
    assert early.status_code == 409
    Delegation.objects.system(reason="test: the trip is over").filter(pk=pk).update(
        departs_on=dt.date(2026, 11, 1), returns_on=dt.date(2026, 11, 3)
    )
    done = client.post(
        f"/api/v1/delegations/{pk}/report",
        {"results": "Kết quả", "follow_ups": [{"title": "Việc", "owner": "Sở", "due_on": "2027-01-10"}]},
        content_type="application/json",
        headers=if_match(client, url),
    )
    assert done.status_code == 200
    assert done.json()["state"] == "reported"
    assert done.json()["follow_ups"][0]["title"] == "Việc"
    bad = client.post("/api/v1/delegations", {**body, "countries": ["ZZ"]}, content_type="application/json")
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"] == "countries"
    again = client.post(f"{url}/approve", {}, content_type="application/json", headers=if_match(client, url))
    assert again.status_code == 409


def test_the_api_list_costs_at_most_two_queries_more_than_the_page(world):
    # That neither grows with its rows is core/tests/test_query_counts.py's (both lists are in the route matrix).
    client = world.client("ministry")
    make_delegation(world, "A")
    make_delegation(world, "B")
    with CaptureQueriesContext(connection) as page:
        assert client.get("/delegations/?page_size=100").status_code == 200
    with CaptureQueriesContext(connection) as api:
        assert client.get("/api/v1/delegations?page_size=100").status_code == 200
    assert len(api.captured_queries) <= len(page.captured_queries) + 2


def test_pages_render_for_each_role(world):
    delegation = make_delegation(world, "A", country="JP", shared=True, approved=True)
    services.follow_up_save(
        actor=world.users["a_editor"],
        delegation_id=delegation.pk,
        data=services.FollowUpInput(title="Việc", owner="Sở", due_on=dt.date(2027, 1, 1)),
    )
    for who in ("a_editor", "a_viewer", "b_editor", "x_officer", "ministry"):
        client = world.client(who)
        for url in (
            "/delegations/",
            f"/delegations/{delegation.pk}/",
            "/delegations/visits/",
            "/delegations/conferences/",
            "/delegations/calendar/",
            "/delegations/deputies/",
        ):
            assert client.get(url).status_code == 200, (who, url)
    assert world.client("y_officer").get(f"/delegations/{delegation.pk}/").status_code == 404
    assert "Gửi ghi chú" in world.client("x_officer").get(f"/delegations/{delegation.pk}/").content.decode()
    assert FollowUpTask.objects.count() == 1


def test_home_work_list_counts_link_to_the_filtered_lists(world):
    delegation = make_delegation(world, "A", approved=True, days_ahead=1)
    services.follow_up_save(
        actor=world.users["a_editor"],
        delegation_id=delegation.pk,
        data=services.FollowUpInput(
            title="Việc", owner="Sở", due_on=timezone.localdate() + dt.timedelta(days=3)
        ),
    )
    later = delegation.report_due_on + dt.timedelta(days=1)
    counts = {w["url"]: w["n"] for w in selectors.work_counts(user=world.users["a_editor"], today=later)}
    assert counts["/delegations/?report_missing=true"] == 1
    assert counts["/delegations/?follow_up_overdue=true"] == 1
    assert {w["n"] for w in selectors.work_counts(user=world.users["b_editor"], today=later)} == {0}
    page = world.client("a_editor").get("/").content.decode()
    assert "đoàn khởi hành trong 30 ngày tới" in page
    from ngoaivu.delegations.filters import DelegationFilters

    with freeze_time(later):
        overdue = selectors.delegation_list(
            user=world.users["a_editor"], filters=DelegationFilters(follow_up_overdue=True)
        )
        assert list(overdue) == [delegation]


@pytest.mark.today("2026-11-20 10:00:00+07:00")  # after the trip of 1–3 November 2026
def test_report_form_links_agreements_picked_from_the_provinces_register(world):
    delegation = make_delegation(world, "A", approved=True, days_ahead=1)
    Delegation.objects.system(reason="test: the trip is over").filter(pk=delegation.pk).update(
        departs_on=dt.date(2026, 11, 1), returns_on=dt.date(2026, 11, 3)
    )
    agreement = make_agreement(world, "A", signed=True)
    client = world.client("a_editor")
    page = client.get(f"/delegations/{delegation.pk}/").content.decode()
    assert f'<option value="{agreement.pk}">' in page
    response = client.post(
        f"/delegations/{delegation.pk}/action/report/",
        {"results": "Đã ký", "agreements": [str(agreement.pk)], "actual_cost": "120000000"},
    )
    assert response.status_code == 302
    delegation.refresh_from_db()
    assert list(delegation.report_agreements.all()) == [agreement]
    assert delegation.actual_cost == 120000000
    other = make_agreement(world, "B", shared=True)
    response = client.post(
        f"/delegations/{delegation.pk}/follow-ups/",
        {
            "title": "Việc",
            "owner": "Sở",
            "due_on": "2027-01-01",
            "status": "open",
            "agreement": str(other.pk),
        },
        follow=True,
    )
    assert "Thỏa thuận liên quan:" in response.content.decode()  # the field is named in the message
    assert not delegation.follow_ups.exists()


def test_an_organisation_admin_sets_its_own_chain_which_applies_to_the_next_submission(world):
    admin = extra_user(world, "a_admin", [Role.OFFICER, Role.HEAD, Role.ORG_ADMIN])
    chair = extra_user(world, "a_chair3", [Role.OFFICER, Role.HEAD])
    submitted = plan(world)
    act(world, "a_editor", submitted, "submit")
    client = world.client("a_editor")
    assert "Cơ quan ngoại vụ của tỉnh" in client.get("/delegations/chain/").content.decode()
    assert client.post("/delegations/chain/", {"order": 1, "label": "x"}).status_code == 403
    from django.test import Client

    admin_client = Client()
    admin_client.force_login(admin)
    bad = admin_client.post(
        "/delegations/chain/", {"order": 1, "label": "Chủ tịch", "approver": world.users["b_editor"].pk}
    )
    assert bad.status_code == 400
    ok = admin_client.post(
        "/delegations/chain/", {"order": 1, "label": "Chủ tịch UBND tỉnh", "approver": chair.pk}
    )
    assert ok.status_code == 302
    assert DelegationApproval.objects.filter(delegation=submitted).count() == 2  # unchanged
    later = plan(world)
    act(world, "a_editor", later, "submit")
    step = DelegationApproval.objects.get(delegation=later)
    assert step.approver == chair
    assert AuditEvent.objects.filter(action="approval_step_rule.create", actor=admin).exists()
    rule = ApprovalStepRule.objects.get(owner_org=world.orgs["A"])
    assert admin_client.post("/delegations/chain/", {"delete": rule.pk}).status_code == 302
    assert not ApprovalStepRule.objects.filter(owner_org=world.orgs["A"]).exists()
    assert world.client("b_editor").get("/delegations/chain/").status_code == 200


def test_api_lists_turn_only_the_page_into_rows(world):
    for _ in range(7):
        make_delegation(world, "A")
    client = world.client("a_editor")
    client.get("/api/v1/delegations?page_size=3")  # per-process caches warm
    with CaptureQueriesContext(connection) as ctx:
        body = client.get("/api/v1/delegations?page_size=3").json()
    assert body["count"] == 7
    assert len(body["items"]) == 3
    rows = [
        q["sql"]
        for q in ctx.captured_queries
        if 'FROM "delegations_delegation"' in q["sql"] and "COUNT(" not in q["sql"].upper()
    ]
    assert rows, "the list read no delegation rows"
    assert all("LIMIT 3" in sql for sql in rows), rows  # the page is sliced in SQL, not the whole list read


def test_malformed_country_codes_are_a_field_error_not_a_server_error(world):
    with pytest.raises(ServiceError) as exc:
        plan(world, countries=("J\x00",))
    assert "countries" in exc.value.errors
    body = {
        "direction": "outbound",
        "title": "x",
        "purpose": "x",
        "head_name": "x",
        "countries": ["J\u0000P"],
        "departs_on": "2027-01-01",
        "returns_on": "2027-01-02",
    }
    response = world.client("a_editor").post("/api/v1/delegations", body, content_type="application/json")
    assert response.status_code == 422


def test_the_kept_calendar_body_is_the_one_ninja_renders_and_follows_changes(world, settings):
    """The calendar API keeps its rendered JSON under a key made of the user's scope and the four tables'
    stamps: the kept body equals the uncached one, any change shows at once, and scopes never share it."""
    from django.core.cache import cache

    mine = make_delegation(world, "A", approved=True, days_ahead=3)
    make_delegation(world, "B", days_ahead=3)
    url = f"/api/v1/calendar?from={mine.departs_on}&to={mine.returns_on}"
    a, b = world.client("a_editor"), world.client("b_editor")
    settings.NGOAIVU_COUNT_CACHE_SECONDS = 0
    plain_a, plain_b = a.get(url).content, b.get(url).content
    settings.NGOAIVU_COUNT_CACHE_SECONDS = 300
    cache.clear()
    try:
        assert a.get(url).content == plain_a  # rendered and kept
        assert a.get(url).content == plain_a  # read back
        assert b.get(url).content == plain_b != plain_a
        act(world, "a_editor", mine, "cancel", comment="Đối tác hoãn")
        assert not any(mine.title in e["title"] for e in a.get(url).json())  # cancelled: gone at once
        make_delegation(world, "A", approved=True, days_ahead=3, marker="Đoàn mới thêm")
        assert any("Đoàn mới thêm" in e["title"] for e in a.get(url).json())
        assert not any("Đoàn mới thêm" in e["title"] for e in b.get(url).json())
    finally:
        cache.clear()
