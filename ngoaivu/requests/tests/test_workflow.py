import datetime as dt

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from freezegun import freeze_time

from ngoaivu.accounts.models import Notification, Organisation
from ngoaivu.audit.models import AuditEvent
from ngoaivu.core.exceptions import Forbidden, NotFound, ServiceError, StaleObject, StateConflict
from ngoaivu.core.testing.world import make_request, second_head
from ngoaivu.requests import rules, services
from ngoaivu.requests.models import Recipient, ServiceRequest
from ngoaivu.requests.services import DraftInput

pytestmark = pytest.mark.django_db
R = Recipient.Status


def draft(world, **kw):
    data = {
        "title": "Kết nối doanh nghiệp Hàn Quốc",
        "description": "Cần danh sách nhà đầu tư",
        "category": "investment",
        "recipients": ["mofa", "cqdd-kr-seoul"],
    }
    data.update(kw)
    second_head(world, "A")  # four eyes: a submission no other head could approve is refused
    return services.request_create(actor=world.users["a_editor"], data=DraftInput(**data))


def act(world, who, req, action, **kw):
    return services.request_action(actor=world.users[who], request_id=req.pk, action=action, **kw)


@freeze_time("2026-02-12 09:00:00+07:00")
def test_sending_numbers_and_counts_deadlines_across_tet(world):
    req = draft(world)
    assert req.number is None
    assert req.status == "draft"
    act(world, "a_editor", req, "submit")
    services.request_action(actor=second_head(world, "A"), request_id=req.pk, action="approve")  # four eyes
    req.refresh_from_db()
    assert req.number == "ĐH-2026-00001"
    assert req.status == "sent"
    part = req.recipients.get(organisation__code="mofa")
    # Thursday 12/02/2026; Friday 13/02 is day 1, Tết 16–20/02 is skipped: day 2 is Monday 23/02.
    assert part.ack_due == dt.date(2026, 2, 23)
    assert part.answer_due == dt.date(2026, 3, 5)
    second = make_request(world, "B", ["M"])
    assert second.number == "ĐH-2026-00002"


def test_numbers_are_gap_free_when_a_send_fails(world):
    first = make_request(world, "A", ["M"])
    broken = draft(world)
    ServiceRequest.objects.system(reason="test").filter(pk=broken.pk).update(draft_recipients=[])
    act(world, "a_editor", broken, "submit")
    with pytest.raises(ServiceError):  # sent when another head approves it (four eyes)
        services.request_action(actor=second_head(world, "A"), request_id=broken.pk, action="approve")
    after = make_request(world, "A", ["M"])
    n1, n2 = int(first.number[-5:]), int(after.number[-5:])
    assert n2 == n1 + 1


def test_two_step_approval(world):
    Organisation.objects.filter(code="tinh-48").update(request_approval_required=True)
    from ngoaivu.accounts.models import Role, User

    officer = User.objects.create_user("a_officer_only", password="x", organisation=world.orgs["A"])
    officer.roles.set(Role.objects.filter(code="officer"))
    req = services.request_create(
        actor=officer,
        data=DraftInput(
            title="Hỗ trợ xúc tiến du lịch", description="Nội dung", category="tourism", recipients=["mofa"]
        ),
    )
    services.request_action(actor=officer, request_id=req.pk, action="submit")
    req.refresh_from_db()
    assert req.status == "pending_approval"
    assert req.number is None
    with pytest.raises(Forbidden):
        services.request_action(actor=officer, request_id=req.pk, action="approve")
    assert Notification.objects.filter(user=world.users["a_editor"], kind="request.approval").exists()
    act(world, "a_editor", req, "approve")
    req.refresh_from_db()
    assert req.status == "sent"
    assert req.number
    assert req.approved_by == world.users["a_editor"]


def test_full_loop_answer_rate_reopen_close(world):
    req = make_request(world, "A", ["X"])
    act(world, "x_officer", req, "acknowledge")
    act(world, "x_officer", req, "assign", assignee="x_officer")
    act(
        world,
        "x_officer",
        req,
        "answer",
        text="Đã tìm được 3 đối tác",
        partner_contacts="JETRO Osaka",
        next_steps="Gửi hồ sơ",
    )
    act(world, "a_editor", req, "rate", rating=2, text="Chưa cụ thể")
    act(world, "a_editor", req, "reopen", text="Cần thêm liên hệ")
    act(world, "x_officer", req, "answer", text="Bổ sung 2 liên hệ")
    act(world, "a_editor", req, "rate", rating=5)
    part = req.recipients.get()
    assert part.status == R.RATED
    assert part.rating == 5
    assert part.answers.count() == 2
    act(world, "a_editor", req, "close")
    req.refresh_from_db()
    assert req.status == "closed"
    actions = list(req.events.values_list("action", flat=True))
    assert actions[-3:] == ["answer", "rate", "close"]
    assert (
        AuditEvent.objects.filter(target_type="requests.servicerequest", target_id=str(req.pk)).count() >= 9
    )


def test_clarification_pauses_the_clock(world):
    with freeze_time("2026-03-02 09:00:00+07:00"):  # Monday
        req = make_request(world, "A", ["M"])
        part = req.recipients.get()
        assert part.answer_due == dt.date(2026, 3, 16)
        act(world, "ministry", req, "clarify", text="Đề nghị nêu rõ ngành hàng")
    with freeze_time("2026-03-05 09:00:00+07:00"):  # Thursday: three working days later
        act(world, "a_editor", req, "reply_clarification", text="Chè xanh")
    part.refresh_from_db()
    assert part.status == R.ACKNOWLEDGED
    assert part.paused_working_days == 3
    assert part.answer_due == dt.date(2026, 3, 19)
    texts = list(req.events.values_list("action", "text"))
    assert ("clarify", "Đề nghị nêu rõ ngành hàng") in texts
    assert ("reply_clarification", "Chè xanh") in texts


def test_forward_handover_decline_and_merge(world):
    req = make_request(world, "A", ["M"])
    act(world, "ministry", req, "forward", to_orgs=["cqdd-jp-tokyo"], text="Chuyển ĐSQ tại Nhật Bản")
    parts = {p.organisation.code: p.status for p in req.recipients.all()}
    assert parts == {"mofa": R.FORWARDED, "cqdd-jp-tokyo": R.NEW}
    act(world, "x_officer", req, "handover", to_orgs=["cqdd-kr-seoul"])
    assert req.recipients.get(organisation__code="cqdd-kr-seoul").status == R.NEW
    act(world, "y_officer", req, "decline", text="Không thuộc địa bàn")
    assert req.recipients.get(organisation__code="cqdd-kr-seoul").decline_reason == "Không thuộc địa bàn"
    with pytest.raises(StateConflict):
        act(world, "y_officer", req, "answer", text="x")
    dup = make_request(world, "A", ["M"])
    act(world, "ministry", dup, "merge", merge_into=req.number)
    dup.refresh_from_db()
    assert dup.status == "merged"
    assert dup.merged_into_id == req.pk


@pytest.mark.parametrize("action", sorted(rules.RECIPIENT_ACTIONS))
def test_every_recipient_action_is_refused_outside_its_states(world, action):
    """The state machine: each action from every state it does not allow answers StateConflict (409)."""
    req = make_request(world, "A", ["X"])
    part = req.recipients.get()
    allowed = rules.RECIPIENT_ACTIONS[action]
    actor = "a_editor" if action in rules.SENDER_PART_ACTIONS else "x_officer"
    for status in R.values:
        if status in allowed:
            continue
        Recipient.objects.filter(pk=part.pk).update(status=status)
        with pytest.raises(StateConflict):
            act(
                world, actor, req, action, text="x", rating=3, assignee="x_officer", to_orgs=["cqdd-kr-seoul"]
            )


@pytest.mark.parametrize("action", sorted(rules.REQUEST_ACTIONS))
def test_every_request_action_is_refused_outside_its_states(world, action):
    """StateConflict (409) from every other state; only the ministry's merge of a draft or of a draft awaiting
    approval is NotFound, because the ministry does not see unsent requests at all (nothing leaks)."""
    req = make_request(world, "A", ["M"], send=False)
    actor = "ministry" if action == "merge" else "a_editor"
    unsent = {ServiceRequest.Status.DRAFT, ServiceRequest.Status.PENDING_APPROVAL}
    for status in ServiceRequest.Status.values:
        if status in rules.REQUEST_ACTIONS[action]:
            continue
        ServiceRequest.objects.system(reason="test").filter(pk=req.pk).update(status=status)
        expected = NotFound if action == "merge" and status in unsent else StateConflict
        with pytest.raises(expected):
            act(world, actor, req, action, text="x", merge_into="ĐH-2026-00001")


def test_roles_and_scope(world):
    req = make_request(world, "A", ["X"])
    with pytest.raises(NotFound):
        act(world, "b_editor", req, "acknowledge")
    with pytest.raises(NotFound):
        act(world, "y_officer", req, "acknowledge")
    with pytest.raises(Forbidden):
        act(world, "a_viewer", req, "close")
    with pytest.raises(Forbidden):
        act(world, "a_editor", req, "acknowledge")  # the sender is not a recipient
    with pytest.raises(Forbidden):
        act(world, "x_officer", req, "forward", to_orgs=["cqdd-kr-seoul"])  # only the ministry forwards
    with pytest.raises(Forbidden):
        services.request_create(
            actor=world.users["x_officer"],
            data=DraftInput(title="t", description="d", category="other", recipients=["mofa"]),
        )


def test_bad_input_is_refused_with_field_messages_and_nothing_saved(world):
    count = ServiceRequest.objects.system(reason="test").count()
    with pytest.raises(ServiceError) as err:
        draft(
            world,
            title="",
            description="x" * 20001,
            category="nope",
            recipients=["mofa", "cqdd-zz-nowhere"],
            target_countries=("ZZ",),
            wished_date=dt.date(2000, 1, 1),
        )
    assert set(err.value.errors) == {
        "title",
        "description",
        "category",
        "recipients",
        "target_countries",
        "wished_date",
    }
    assert "cqdd-zz-nowhere" in err.value.errors["recipients"][0]
    with pytest.raises(ServiceError):
        draft(world, recipients=["tinh-12"])  # a province is not a recipient
    assert ServiceRequest.objects.system(reason="test").count() == count
    req = make_request(world, "A", ["X"])
    act(world, "x_officer", req, "answer", text="Trả lời")
    for rating in (0, 6, None):
        with pytest.raises(ServiceError):
            act(world, "a_editor", req, "rate", rating=rating)
    with pytest.raises(ServiceError):
        act(world, "x_officer", make_request(world, "A", ["X"]), "answer", text="   ")


def test_attachments_are_checked(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    req = draft(world)
    ok = SimpleUploadedFile("Danh sách đối tác.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    services.attachment_add(actor=world.users["a_editor"], request_id=req.pk, files=[ok])
    assert req.attachments.get().size == len(b"%PDF-1.4 test")
    for name, content in (
        ("virus.exe", b"MZ"),
        ("Tài liệu Mật.pdf", b"%PDF"),
        ("big.pdf", b"0" * (settings.NGOAIVU_UPLOAD_MAX_BYTES + 1)),
    ):
        with pytest.raises(ServiceError):
            services.attachment_add(
                actor=world.users["a_editor"], request_id=req.pk, files=[SimpleUploadedFile(name, content)]
            )
    assert req.attachments.count() == 1


def test_optimistic_locking(world):
    req = make_request(world, "A", ["X"])
    version = ServiceRequest.objects.system(reason="test").get(pk=req.pk).version
    act(world, "x_officer", req, "acknowledge", expected_version=version)
    with pytest.raises(StaleObject):
        act(world, "x_officer", req, "assign", assignee="x_officer", expected_version=version)


def test_breach_escalates_once_to_unit_head_then_ministry_head(world, django_capture_on_commit_callbacks):
    from django.utils import translation

    from ngoaivu.accounts.models import Role, User

    translation.activate("en")  # whoever runs the job, each recipient gets their own language

    mofa_head = User.objects.create_user(
        "mofa_head", password="x", organisation=world.orgs["M"], email="head@example.invalid"
    )
    mofa_head.roles.set(Role.objects.filter(code="head"))
    x_head = User.objects.create_user(
        "x_head", password="x", organisation=world.orgs["X"], email="x@example.invalid"
    )
    x_head.roles.set(Role.objects.filter(code="head"))
    with freeze_time("2026-03-02 09:00:00+07:00"):
        req = make_request(world, "A", ["X"])
    part = req.recipients.get()
    with freeze_time("2026-03-17 09:00:00+07:00"), django_capture_on_commit_callbacks(execute=True):
        services.escalate_overdue()
        services.escalate_overdue()  # idempotent
    assert Notification.objects.filter(user=x_head, kind="request.breach").count() == 1
    assert not Notification.objects.filter(user=mofa_head, kind="request.escalated").exists()
    with freeze_time("2026-03-20 09:00:00+07:00"), django_capture_on_commit_callbacks(execute=True):
        services.escalate_overdue()
    assert Notification.objects.filter(user=mofa_head, kind="request.escalated").count() == 1
    assert any("Quá hạn" in m.subject for m in mail.outbox)
    english_head = User.objects.create_user(
        "mofa_head_en", password="x", organisation=world.orgs["M"], language="en"
    )
    english_head.roles.set(Role.objects.filter(code="head"))
    with freeze_time("2026-03-20 09:00:00+07:00"):
        services.escalate_overdue()
    assert Notification.objects.get(user=english_head, kind="request.escalated").title.startswith("Overdue")
    translation.deactivate()
    assert req.events.filter(action="escalate_answer", recipient=part).count() == 1


def test_failed_email_is_kept_and_retried(world, settings, django_capture_on_commit_callbacks):
    from ngoaivu.accounts.tasks import retry_notification_emails

    settings.EMAIL_BACKEND = "ngoaivu.requests.tests.failing_mail.FailingBackend"
    world.users["x_officer"].email = "x@example.invalid"
    world.users["x_officer"].save()
    with django_capture_on_commit_callbacks(execute=True):
        make_request(world, "A", ["X"])
    n = Notification.objects.get(user=world.users["x_officer"], kind="request.received")
    assert n.email_sent_at is None
    assert n.email_attempts == 1
    assert "down" in n.email_error
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with django_capture_on_commit_callbacks(execute=True):
        retry_notification_emails.call()
    n.refresh_from_db()
    assert n.email_sent_at is not None
    assert n.email_attempts == 2


def test_reminder_at_75_percent_and_unrated_answers_close(world, django_capture_on_commit_callbacks):
    with freeze_time("2026-03-02 09:00:00+07:00"):
        waiting = make_request(world, "A", ["X"])
        services.request_action(
            actor=world.users["x_officer"], request_id=waiting.pk, action="assign", assignee="x_officer"
        )
        answered = make_request(world, "A", ["X"])
        services.request_action(
            actor=world.users["x_officer"], request_id=answered.pk, action="answer", text="ok"
        )
    with freeze_time("2026-03-10 09:00:00+07:00"):  # 6 of 10 working days: no reminder yet
        assert services.remind_and_autoclose()["reminded"] == 0
    with freeze_time("2026-03-12 09:00:00+07:00"):  # 8 of 10
        assert services.remind_and_autoclose()["reminded"] == 1
        assert services.remind_and_autoclose()["reminded"] == 0
    with freeze_time("2026-03-17 09:00:00+07:00"):  # answer + 11 working days > rating period of 10
        result = services.remind_and_autoclose()
    assert result["closed_unrated"] == 1
    assert answered.recipients.get().status == R.CLOSED
    assert waiting.recipients.get().status == R.ASSIGNED
    assert Notification.objects.filter(user=world.users["x_officer"], kind="request.reminder").count() == 1
    assert answered.events.filter(action="autoclose_unrated").count() == 1


def test_sla_change_applies_to_new_requests_only(world):
    from ngoaivu.accounts.models import User

    before = make_request(world, "A", ["M"])
    old_due = before.recipients.get().answer_due
    admin = User.objects.create_superuser("siteadmin", password="x")
    with pytest.raises(Forbidden):
        services.category_update(actor=world.users["ministry"], code="investment", changes={"answer_days": 5})
    with pytest.raises(ServiceError):
        services.category_update(actor=admin, code="investment", changes={"answer_days": 0})
    services.category_update(actor=admin, code="investment", changes={"answer_days": 20})
    after = make_request(world, "A", ["M"])
    assert before.recipients.get().answer_due == old_due
    assert after.recipients.get().answer_due > old_due
    assert after.recipients.get().sla_rule == "investment:2/20"
    assert AuditEvent.objects.filter(action="request_category.update", actor=admin).count() == 1
