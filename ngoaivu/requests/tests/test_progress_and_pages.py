"""Issue 18 on the request pages: the status follows the recipients, actions that no longer apply are not
offered (nor accepted), history in words, organisations by name, shared answered requests in the "similar
earlier requests" panel, and confirmations on the steps that cannot be undone."""

import html
import io
import re

import pytest
from openpyxl import load_workbook

from ngoaivu.accounts.models import Organisation
from ngoaivu.core.exceptions import StateConflict
from ngoaivu.core.testing.world import make_request, read_body, second_head, text_of
from ngoaivu.requests import selectors, services
from ngoaivu.requests.models import Recipient, ServiceRequest
from ngoaivu.requests.progress import request_progress

pytestmark = pytest.mark.django_db
R = Recipient.Status


def act(world, who, req, action, **kw):
    return services.request_action(actor=world.users[who], request_id=req.pk, action=action, **kw)


def page(world, who, url):
    response = world.client(who).get(url)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def visible_text(markup: str) -> str:
    """The text of the page's main part without tags and attribute values (a code may stay in a form's
    `value`; the menu and header are the shell's)."""
    start, end = markup.find("<main"), markup.rfind("</main>")
    if start >= 0 and end > start:
        markup = markup[start:end]
    markup = re.sub(r"<(script|style)\b.*?</\1>", " ", markup, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", markup))


@pytest.mark.parametrize(
    ("status", "parts", "code", "label"),
    [
        ("sent", [R.NEW, R.NEW], "sent", "Đã gửi"),
        ("sent", [R.ACKNOWLEDGED, R.NEW], "in_progress", "Đang xử lý"),
        ("sent", [R.CLARIFICATION, R.ASSIGNED], "clarification", "Chờ tỉnh làm rõ"),
        ("sent", [R.ANSWERED, R.ANSWERED, R.NEW], "partly_answered", "Đã trả lời một phần (2/3)"),
        ("sent", [R.RATED, R.ASSIGNED], "partly_answered", "Đã trả lời một phần (1/2)"),
        ("sent", [R.ANSWERED, R.RATED], "answered", "Đã trả lời"),
        ("sent", [R.ANSWERED, R.DECLINED], "answered", "Đã trả lời"),
        ("sent", [R.CLOSED, R.RATED], "answered", "Đã trả lời"),  # closed unrated after the rating period
        ("sent", [R.RATED, R.RATED], "rated", "Đã đánh giá"),
        ("sent", [R.RATED, R.DECLINED], "rated", "Đã đánh giá"),
        ("sent", [R.DECLINED, R.DECLINED], "declined", "Bị từ chối"),
        ("sent", [R.FORWARDED, R.ANSWERED], "answered", "Đã trả lời"),  # the forwarded part does not count
        ("sent", [], "sent", "Đã gửi"),
        ("closed", [R.CLOSED, R.RATED], "closed", "Đã đóng"),
        ("withdrawn", [R.CLOSED], "withdrawn", "Đã rút"),
        ("draft", [], "draft", "Dự thảo"),
    ],
)
def test_the_status_is_derived_from_the_recipients(status, parts, code, label):
    progress = request_progress(status, parts)
    assert (progress.code, progress.label) == (code, label)


def test_an_answered_request_no_longer_reads_sent_in_its_page_list_and_export(world):
    req = make_request(world, "A", ["M", "X", "Y"])
    assert "Đã gửi" in page(world, "a_editor", f"/requests/{req.pk}/")
    act(world, "ministry", req, "answer", text="Bộ đã liên hệ")
    act(world, "x_officer", req, "answer", text="Cơ quan đại diện đã liên hệ")
    detail = page(world, "a_editor", f"/requests/{req.pk}/")
    assert "Đã trả lời một phần (2/3)" in detail
    listing = page(world, "a_editor", "/requests/?box=sent")
    assert "Đã trả lời một phần (2/3)" in listing
    other = make_request(world, "A", ["X"])  # nothing answered yet
    partly = page(world, "a_editor", "/requests/?box=sent&status=partly_answered")
    assert req.title in partly
    assert other.title not in partly
    act(world, "y_officer", req, "answer", text="Đã có đối tác")
    listing = page(world, "a_editor", "/requests/?box=sent")
    assert "Đã trả lời" in listing
    assert "Đã trả lời một phần (" not in listing
    assert req.title not in page(world, "a_editor", "/requests/?box=sent&status=partly_answered")
    for code in ("mofa", "cqdd-jp-tokyo", "cqdd-kr-seoul"):
        act(world, "a_editor", req, "rate", rating=5, recipient_code=code)
    assert ">Đã đánh giá<" in page(world, "a_editor", f"/requests/{req.pk}/")
    export = world.client("a_editor").get("/requests/?box=sent&format=xlsx")
    rows = list(load_workbook(io.BytesIO(read_body(export))).active.iter_rows(values_only=True))
    header = rows[0]
    row = next(r for r in rows[1:] if r[1] == req.title)
    assert row[header.index("Trạng thái")] == "Đã đánh giá"
    act(world, "a_editor", req, "close")
    assert "Đã đóng" in page(world, "a_editor", f"/requests/{req.pk}/")
    # filtering by a part's state still finds it; the API keeps the workflow's code (its schema is unchanged)
    assert req.title in page(world, "a_editor", "/requests/?box=sent&status=closed")
    assert world.client("a_editor").get(f"/api/v1/requests/{req.pk}").json()["status"] == "closed"


def test_withdraw_is_offered_with_a_confirmation_until_an_answer_then_neither_offered_nor_accepted(world):
    req = make_request(world, "A", ["M", "X"])
    before = page(world, "a_editor", f"/requests/{req.pk}/")
    withdraw_form = re.search(r'<form[^>]*action="[^"]*/action/withdraw/"[^>]*>', before)
    assert withdraw_form is not None
    assert f'data-confirm="Rút đặt hàng {req.number}?' in html.unescape(withdraw_form.group(0))
    act(world, "x_officer", req, "answer", text="Đã tìm được đối tác")
    after = page(world, "a_editor", f"/requests/{req.pk}/")
    assert "/action/withdraw/" not in after
    assert "/action/close/" in after  # closing is what is left
    with pytest.raises(StateConflict) as refused:
        act(world, "a_editor", req, "withdraw")
    assert "Không rút được đặt hàng" in str(refused.value)
    assert "đã có nơi nhận trả lời" in str(refused.value)
    # through the page too: refused, the request stays sent
    response = world.client("a_editor").post(f"/requests/{req.pk}/action/withdraw/", {"version": ""})
    assert response.status_code in (302, 409)
    req.refresh_from_db()
    assert req.status == ServiceRequest.Status.SENT
    # a reopened part was answered once: still no withdrawal
    act(world, "a_editor", req, "reopen", text="Cần thêm", recipient_code="cqdd-jp-tokyo")
    assert "withdraw" not in selectors.available_actions(
        user=world.users["a_editor"], req=selectors.request_get(user=world.users["a_editor"], pk=req.pk)
    )


def test_a_refused_step_names_it_in_vietnamese(world):
    req = make_request(world, "A", ["X"])
    act(world, "a_editor", req, "close")
    with pytest.raises(StateConflict) as refused:
        act(world, "a_editor", req, "close")
    message = str(refused.value)
    assert "Đóng đặt hàng" in message
    assert "“close”" not in message


def test_destructive_steps_ask_for_confirmation(world):
    req = make_request(world, "A", ["X", "M"])
    mission = page(world, "x_officer", f"/requests/{req.pk}/")
    decline = re.search(r'<form[^>]*action="[^"]*/action/decline/"[^>]*>', mission)
    assert decline is not None
    assert "data-confirm=" in decline.group(0)
    assert req.number in html.unescape(decline.group(0))
    ministry = page(world, "ministry", f"/requests/{req.pk}/")
    merge = re.search(r'<form[^>]*action="[^"]*/action/merge/"[^>]*>', ministry)
    assert merge is not None
    assert "data-confirm=" in merge.group(0)
    sender = page(world, "a_editor", f"/requests/{req.pk}/")
    for action in ("withdraw", "close"):
        form = re.search(rf'<form[^>]*action="[^"]*/action/{action}/"[^>]*>', sender)
        assert form is not None, action
        assert "data-confirm=" in form.group(0), action
    assert 'id="a-handover-to"' in mission  # each form's picker has its own id and label
    acknowledge = re.search(r'<form[^>]*action="[^"]*/action/acknowledge/"[^>]*>', mission)
    assert acknowledge is not None
    assert "data-confirm" not in acknowledge.group(0)


def test_withdrawing_a_draft_asks_about_the_draft(world):
    req = make_request(world, "A", ["X"], send=False)
    form = re.search(
        r'<form[^>]*action="[^"]*/action/withdraw/"[^>]*>', page(world, "a_editor", f"/requests/{req.pk}/")
    )
    assert form is not None
    assert f"Rút dự thảo “{req.title}”?" in html.unescape(form.group(0))


def test_history_reads_in_words_and_organisations_by_name(world):
    req = make_request(world, "A", ["X"])
    act(world, "x_officer", req, "acknowledge")
    detail = page(world, "a_editor", f"/requests/{req.pk}/")
    text = visible_text(detail)
    assert "Chờ lãnh đạo duyệt → Đã gửi" in text or "Dự thảo → Đã gửi" in text
    assert "Mới nhận → Đã xác nhận" in text
    assert "[draft" not in text
    assert "sent]" not in text
    tokyo = Organisation.objects.get(code="cqdd-jp-tokyo")
    assert tokyo.name_vi in text
    assert "cqdd-jp-tokyo" not in text
    assert "tinh-48" not in text
    listing = visible_text(page(world, "a_editor", "/requests/?box=sent"))
    assert tokyo.name_vi in listing
    assert "cqdd-jp-tokyo" not in listing
    export = world.client("a_editor").get("/requests/?box=sent&format=xlsx")
    rows = list(load_workbook(io.BytesIO(read_body(export))).active.iter_rows(values_only=True))
    header = rows[0]
    row = next(r for r in rows[1:] if r[1] == req.title)
    assert row[header.index("Nơi nhận và tình trạng")] == f"{tokyo.name_vi}: Đã xác nhận"
    assert not any("cqdd-" in str(c) or "tinh-" in str(c) for r in rows for c in r)


def test_a_draft_names_its_planned_recipients(world):
    req = make_request(world, "A", ["M", "X"], send=False)
    text = visible_text(page(world, "a_editor", f"/requests/{req.pk}/"))
    assert Organisation.objects.get(code="mofa").name_vi in text
    assert "cqdd-jp-tokyo" not in text


def test_similar_panel_shows_shared_answered_requests_of_other_provinces_and_never_unshared(world):
    def sent_by_b(title, *, shared, answer):
        req = services.request_create(
            actor=world.users["b_editor"],
            data=services.DraftInput(
                title=title,
                description="Xúc tiến đầu tư vào khu công nghệ cao",
                category="investment",
                recipients=["cqdd-jp-tokyo"],
                shared=shared,
            ),
        )
        second_head(world, "B")  # four eyes: another head approves the head's draft
        act(world, "b_editor", req, "submit")
        req.refresh_from_db()
        if req.status == ServiceRequest.Status.PENDING_APPROVAL:
            services.request_action(actor=second_head(world, "B"), request_id=req.pk, action="approve")
        if answer:
            act(world, "x_officer", req, "answer", text="Danh sách nhà đầu tư Nhật Bản")
        return req

    shared = sent_by_b("Nhà đầu tư bán dẫn Nhật Bản SHAREDQ", shared=True, answer=True)
    unshared = sent_by_b("Nhà đầu tư bán dẫn Nhật Bản PRIVATEQ", shared=False, answer=True)
    unanswered = sent_by_b("Nhà đầu tư bán dẫn Nhật Bản WAITINGQ", shared=True, answer=False)
    panel = page(world, "a_editor", "/requests/similar/?title=nhà đầu tư bán dẫn&category=investment")
    assert "SHAREDQ" in panel
    assert "PRIVATEQ" not in panel
    assert "WAITINGQ" not in panel
    assert Organisation.objects.get(code="tinh-12").name_vi in panel  # whose request it was
    assert "Đã trả lời" in panel
    # the link opens the shared read: the request and its answer, nothing of its internal handling
    assert f"/requests/{shared.pk}/shared/" in panel
    client = world.client("a_editor")
    read = page(world, "a_editor", f"/requests/{shared.pk}/shared/")
    assert "Danh sách nhà đầu tư Nhật Bản" in read
    assert "/action/" not in read
    assert "Lịch sử" not in read
    # never through the full page, the lists, the export, the API or the statistics
    assert client.get(f"/requests/{shared.pk}/").status_code == 404
    assert client.get(f"/api/v1/requests/{shared.pk}").status_code == 404
    assert "SHAREDQ" not in page(world, "a_editor", "/requests/?box=all")
    assert "SHAREDQ" not in text_of(client.get("/requests/?box=all&format=xlsx"))
    for other in (unshared, unanswered):
        assert client.get(f"/requests/{other.pk}/shared/").status_code == 404
        assert client.get(f"/requests/{other.pk}/").status_code == 404
    # reading is all: another province can take no step on it
    with pytest.raises(Exception) as refused:
        act(world, "a_editor", shared, "close")
    assert type(refused.value).__name__ in {"Forbidden", "NotFound"}
    # the sending province's own drafting form shows its own earlier request too (never B's unshared one)
    form = page(world, "b_editor", "/requests/similar/?title=nhà đầu tư bán dẫn&category=investment")
    assert "PRIVATEQ" in form
    # a mission not routed to it does not gain it by the sharing
    assert world.client("y_officer").get(f"/requests/{shared.pk}/").status_code == 404
    assert world.client("y_officer").get(f"/requests/{shared.pk}/shared/").status_code == 404
    # the sender reads its own request in full, and the shared read too
    assert world.client("b_editor").get(f"/requests/{shared.pk}/shared/").status_code == 200


def test_sharing_is_chosen_on_the_draft_form(world):
    client = world.client("a_editor")
    form = client.get("/requests/new/").content.decode()
    assert 'name="shared"' in form
    response = client.post(
        "/requests/new/",
        {
            "title": "Đề nghị chia sẻ",
            "category": "investment",
            "description": "Nội dung",
            "recipients": ["mofa"],
            "priority": "normal",
            "shared": "on",
        },
    )
    assert response.status_code == 302
    req = ServiceRequest.objects.system(reason="test").get(title="Đề nghị chia sẻ")
    assert req.shared is True
    # an API draft update that does not speak of sharing keeps the choice
    services.request_update_draft(
        actor=world.users["a_editor"],
        request_id=req.pk,
        expected_version=None,
        data=services.DraftInput(
            title="Đề nghị chia sẻ", description="Nội dung", category="investment", recipients=["mofa"]
        ),
    )
    req.refresh_from_db()
    assert req.shared is True


def test_responsiveness_and_categories_show_no_codes_and_decimal_commas(world):
    req = make_request(world, "A", ["X"])
    act(world, "x_officer", req, "answer", text="ok")
    act(world, "a_editor", req, "rate", rating=4)
    req2 = make_request(world, "A", ["X"])
    act(world, "x_officer", req2, "answer", text="ok")
    act(world, "a_editor", req2, "rate", rating=5)
    text = visible_text(page(world, "ministry", "/requests/responsiveness/"))
    assert "4,5" in text
    assert "cqdd-jp-tokyo" not in text
    categories = visible_text(page(world, "a_editor", "/requests/categories/"))
    assert "investment" not in categories


def test_the_first_answer_date_is_kept_and_backfilled(world):
    import importlib

    from django.apps import apps

    req = make_request(world, "A", ["M", "X"])
    act(world, "x_officer", req, "answer", text="ok")
    req.refresh_from_db()
    assert req.first_answer_on is not None
    unanswered = make_request(world, "A", ["X"])
    rows = ServiceRequest.objects.system(reason="test")
    rows.filter(pk=req.pk).update(first_answer_on=None)
    importlib.import_module("ngoaivu.requests.migrations.0007_first_answer_on").backfill(apps, None)
    assert rows.get(pk=req.pk).first_answer_on == req.first_answer_on
    assert rows.get(pk=unanswered.pk).first_answer_on is None


def test_the_audit_log_names_a_drafts_planned_recipients(world):
    from ngoaivu.audit.models import AuditEvent
    from ngoaivu.audit.words import changes_in_words

    req = make_request(world, "A", ["M", "X"], send=False)
    event = AuditEvent.objects.filter(action="request.create", target_id=str(req.pk)).latest("pk")
    words = " ".join(str(c) for c in changes_in_words(event, {}))
    assert Organisation.objects.get(code="cqdd-jp-tokyo").name_vi in words
    assert "cqdd-jp-tokyo" not in words
