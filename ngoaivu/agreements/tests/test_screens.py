"""Issue 18 on the agreement pages: actions fit the record's kind (a business MOU is not offered the legal
procedure of Law 70/2020, and the service refuses it), buttons are verbs in their own msgid context, one warning
sign per warning, a confirmation on every button that cannot be undone, names rather than codes, years never
grouped, a refused milestone form that keeps what was typed, dates in sane years, one message per upload
problem, and no internal codes or English in the pages."""

import datetime as dt
import re

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from freezegun import freeze_time

from ngoaivu.agreements import services
from ngoaivu.agreements.models import Agreement, Milestone
from ngoaivu.agreements.services import ActionInput, AgreementInput
from ngoaivu.core.exceptions import ServiceError, StateConflict
from ngoaivu.core.web import STALE

pytestmark = pytest.mark.django_db
S = Agreement.State
TODAY = "2026-06-01 10:00:00+07:00"


def register(world, who="a_editor", **kw):
    data = {"kind": "provincial", "title_vi": "Thỏa thuận hợp tác với tỉnh Gyeonggi", "country": "KR"}
    data.update(kw)
    return services.agreement_create(actor=world.users[who], data=AgreementInput(**data))


def act(world, who, agreement, action, **kw):
    return services.agreement_action(
        actor=world.users[who], agreement_id=agreement.pk, action=action, data=ActionInput(**kw)
    )


def said(response, client):
    found = [(m.level_tag, str(m)) for m in get_messages(response.wsgi_request)]
    client.cookies.pop("messages", None)
    return found


def action_urls(page: str) -> set[str]:
    return set(re.findall(r"/action/([a-z_]+)/", page))


def forms_of(page: str) -> dict[str, str]:
    """The opening <form …> tag of each workflow button, by action."""
    return {
        m.group(2): m.group(0)
        for m in re.finditer(r'<form[^>]*action="[^"]*/action/(([a-z_]+))/"[^>]*>', page)
    }


# --- 1. actions fit the record --------------------------------------------------------------------------------


def test_a_signed_business_mou_is_not_offered_nor_allowed_the_report_to_the_prime_minister(world):
    with freeze_time(TODAY):
        mou = register(
            world, kind="mou", title_vi="Bản ghi nhớ với JETRO", state="signed", signed_on=dt.date(2026, 5, 2)
        )
        offered = services.available_actions(user=world.users["a_editor"], agreement=mou)
        assert "report" not in offered
        assert "start" in offered
        page = world.client("a_editor").get(f"/agreements/{mou.pk}/").content.decode()
        assert "report" not in action_urls(page)
        assert "Ghi nhận đã báo cáo Thủ tướng" not in page
        assert "không qua thủ tục lấy ý kiến và báo cáo Thủ tướng" in page
        with pytest.raises(StateConflict, match="không phải báo cáo Thủ tướng sau khi ký"):
            act(world, "a_editor", mou, "report", document_number="12/BC")
        refused = world.client("a_editor").post(
            f"/agreements/{mou.pk}/action/report/", {"document_number": "12/BC", "version": mou.version}
        )
        assert refused.status_code == 302
        assert any(
            "không phải báo cáo Thủ tướng" in text for _level, text in said(refused, world.client("a_editor"))
        )
        mou.refresh_from_db()
        assert mou.state == S.SIGNED
        assert act(world, "a_editor", mou, "start").state == S.IN_IMPLEMENTATION


def test_a_proposed_mou_goes_straight_to_approval_never_to_opinions_or_the_prime_minister(world):
    mou = register(world, kind="mou", title_vi="Bản ghi nhớ với Samsung")
    offered = services.available_actions(user=world.users["a_editor"], agreement=mou)
    assert "approve" in offered
    assert not {"consult", "submit_to_pm", "pm_decision", "report"} & set(offered)
    with pytest.raises(StateConflict, match="không phải lấy ý kiến"):
        act(world, "a_editor", mou, "consult")
    Agreement.objects.system(reason="test set-up").filter(pk=mou.pk).update(state=S.OBJECTED)
    mou.refresh_from_db()
    assert "submit_to_pm" not in services.available_actions(user=world.users["a_editor"], agreement=mou)
    with pytest.raises(StateConflict, match="không qua thủ tục lấy ý kiến và trình Thủ tướng"):
        act(world, "a_editor", mou, "submit_to_pm")


def test_a_provincial_agreement_keeps_its_legal_steps_and_is_not_offered_steps_it_cannot_take(world):
    with freeze_time(TODAY):
        agreement = register(world)
        offered = services.available_actions(user=world.users["a_editor"], agreement=agreement)
        assert "consult" in offered
        assert "approve" not in offered  # a provincial agreement needs opinions first
        Agreement.objects.system(reason="test set-up").filter(pk=agreement.pk).update(
            state=S.SIGNED, signed_on=dt.date(2026, 5, 20)
        )
        agreement.refresh_from_db()
        offered = services.available_actions(user=world.users["a_editor"], agreement=agreement)
        assert "report" in offered
        assert "start" not in offered  # the report to the Prime Minister comes first
        with pytest.raises(StateConflict, match="Cần báo cáo Thủ tướng"):
            act(world, "a_editor", agreement, "start")


def test_a_refusal_for_the_state_names_the_action_in_vietnamese_not_its_code(world):
    agreement = register(world, kind="mou", title_vi="Bản ghi nhớ")
    with pytest.raises(StateConflict) as refused:
        act(world, "a_editor", agreement, "resume")
    assert "“Tiếp tục triển khai”" in str(refused.value)
    assert "resume" not in str(refused.value)


# --- 2. buttons are verbs in their own msgid context ----------------------------------------------------------


def test_button_labels_carry_the_action_context_so_english_can_say_a_verb():
    for action, label in services.ACTION_LABELS.items():
        context, _message = label._args
        assert context == "action", action
    assert str(services.ACTION_LABELS["suspend"]) == "Tạm đình chỉ"
    assert str(services.ACTION_LABELS["report"]) == "Ghi nhận đã báo cáo Thủ tướng"
    assert set(services.ALL_ACTIONS) <= set(services.ACTION_LABELS)


# --- 3 and 4. one warning sign; confirmations -----------------------------------------------------------------


def test_warnings_carry_no_sign_of_their_own_and_destructive_buttons_ask_first(world):
    with freeze_time(TODAY):
        agreement = register(
            world,
            title_vi="Thỏa thuận “Hữu nghị” với Gyeonggi",
            state="in_implementation",
            signed_on=dt.date(2024, 5, 6),
            valid_until=dt.date(2026, 5, 1),
        )
        Agreement.objects.system(reason="test set-up").filter(pk=agreement.pk).update(
            last_activity_on=dt.date(2024, 5, 6)
        )
        page = world.client("a_editor").get(f"/agreements/{agreement.pk}/").content.decode()
    assert "“Ngủ đông”:" in page
    assert "quá hạn" in page
    # the sign comes from the stylesheet (.due-late::before), once; the markup adds none
    assert "⚠" not in page
    assert page.count("Cảnh báo") == 0
    forms = forms_of(page)
    for action in ("terminate", "suspend", "decide_expiry"):
        assert "data-confirm=" in forms[action], action
        assert "Thỏa thuận &ldquo;Hữu nghị&rdquo;" in forms[action] or "Hữu nghị" in forms[action]
    assert "Chấm dứt thỏa thuận" in forms["terminate"]
    assert "data-confirm" not in forms.get("start", "")


# --- 5. names, years, figures ---------------------------------------------------------------------------------


def test_counts_history_and_rules_show_names_and_ungrouped_years(world):
    with freeze_time(TODAY):
        agreement = register(
            world, state="in_implementation", signed_on=dt.date(2024, 5, 6), budget=450_000_000
        )
        client = world.client("a_editor")
        counts = client.get("/agreements/counts/").content.decode()
        detail = client.get(f"/agreements/{agreement.pk}/").content.decode()
        rules = client.get("/agreements/rules/").content.decode()
    assert ">2024<" in counts
    assert "?year=2024" in counts
    assert "2.024" not in counts
    assert "450.000.000 đồng" in detail
    editor = world.users["a_editor"]
    assert f"<strong>{editor.full_name or editor.organisation.name_vi}</strong>" in detail
    assert f"<strong>{editor.username}</strong>" not in detail
    for status in ("confirmed", "project default", "to verify", "secondary source"):
        assert status not in rules


# --- 6. known defects -----------------------------------------------------------------------------------------


MILESTONE = {
    "title": "Diễn đàn đầu tư",
    "owner": "Sở Ngoại vụ",
    "due_on": "2026-09-01",
    "status": "planned",
    "progress": "0",
}


def test_a_stale_milestone_update_comes_back_with_the_text_typed_and_the_stale_message(world):
    with freeze_time(TODAY):
        agreement = register(world, state="in_implementation", signed_on=dt.date(2024, 5, 6))
        client = world.client("a_editor")
        client.post(f"/agreements/{agreement.pk}/milestones/", MILESTONE)
        milestone = agreement.milestones.get()
        typed = "Đã tổ chức diễn đàn ngày 20/8, 150 doanh nghiệp tham dự"
        stale = client.post(
            f"/agreements/{agreement.pk}/milestones/{milestone.pk}/",
            {**MILESTONE, "status": "in_progress", "progress": "60", "evidence": typed, "version": 99},
        )
    assert stale.status_code == 409
    page = stale.content.decode()
    assert str(STALE) in page
    assert "Bấm “Lưu” lần nữa" in page
    assert typed in page
    assert 'value="60"' in page
    assert re.search(r'<option value="in_progress" selected>', page)
    milestone.refresh_from_db()
    assert (milestone.evidence, milestone.version) == ("", 1)
    # saving again from the page that came back (it carries the current version) goes through
    again = re.search(rf'id="milestone-{milestone.pk}".*?name="version" value="(\d+)"', page, re.S)
    assert again is not None
    assert again.group(1) == "1"


def test_milestone_and_agreement_dates_refuse_years_outside_a_sane_window(world):
    with freeze_time(TODAY):
        agreement = register(world, state="in_implementation", signed_on=dt.date(2024, 5, 6))
        client = world.client("a_editor")
        old = client.post(f"/agreements/{agreement.pk}/milestones/", {**MILESTONE, "due_on": "1800-01-01"})
        assert old.status_code == 400
        page = old.content.decode()
        assert "năm phải trong khoảng 2000–2100 (đã nhập năm 1800)" in page
        assert 'value="Diễn đàn đầu tư"' in page  # what was typed stays
        assert not agreement.milestones.exists()
        with pytest.raises(ServiceError) as refused:
            services.milestone_create(
                actor=world.users["a_editor"],
                agreement_id=agreement.pk,
                data={"title": "Mốc", "owner": "Sở", "due_on": dt.date(1800, 1, 1)},
            )
        assert "due_on" in refused.value.errors
        form = client.post(
            "/agreements/new/",
            {
                "kind": "mou",
                "title_vi": "Bản ghi nhớ",
                "country": "KR",
                "visibility": "shared",
                "state": "signed",
                "signed_on": "1800-03-01",
            },
        )
        assert form.status_code == 400
        assert "Ngày ký</a>: năm phải trong khoảng 1945–2200 (đã nhập năm 1800)." in form.content.decode()
        button = client.post(
            f"/agreements/{agreement.pk}/activity/", {"happened_on": "1800-01-01", "text": "Họp"}
        )
        assert said(button, client) == [
            ("error", "Ngày: năm phải trong khoảng 1945–2200 (đã nhập năm 1800).")
        ]
        ok = client.post(f"/agreements/{agreement.pk}/milestones/", MILESTONE)
        assert ok.status_code == 302
    assert Milestone.objects.filter(agreement=agreement).count() == 1


def test_a_fake_pdf_is_refused_with_its_problem_said_once(world):
    agreement = register(world, state="in_implementation", signed_on=dt.date(2024, 5, 6))
    client = world.client("a_editor")
    fake = SimpleUploadedFile(
        "van-ban.pdf", "Bản nháp, không phải PDF".encode(), content_type="application/pdf"
    )
    response = client.post(f"/agreements/{agreement.pk}/files/", {"kind": "signed_text", "file": fake})
    messages = said(response, client)
    assert len(messages) == 1
    level, text = messages[0]
    assert level == "error"
    assert text.count("Tệp không đúng định dạng PDF.") == 1
    assert "van-ban.pdf" in text


# --- 7. no internal codes or English --------------------------------------------------------------------------

CODES = re.compile(
    r"\b(proposed|in_consultation|objected|submitted_to_pm|approved|refused|signed|reported|in_implementation|"
    r"suspended|expired|terminated|renewed|consultation|pm_opinion|post_signing_report|planned|in_progress|"
    r"cancelled|signed_text|evidence|confirmed|system)\b"
)


def visible_text(page: str) -> str:
    page = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", page, flags=re.S)
    page = re.sub(r"<[^>]+>", " ", page)
    return page


def test_agreement_pages_show_no_internal_codes(world):
    with freeze_time(TODAY):
        agreement = register(world)
        act(world, "a_editor", agreement, "consult", bodies=("Bộ Tư pháp",))
        mou = register(
            world,
            kind="mou",
            title_vi="Bản ghi nhớ",
            state="in_implementation",
            signed_on=dt.date(2025, 1, 2),
        )
        services.milestone_create(
            actor=world.users["a_editor"],
            agreement_id=mou.pk,
            data={"title": "Hội nghị", "owner": "Sở", "due_on": dt.date(2026, 7, 1)},
        )
        act(world, "a_editor", mou, "suspend", text="Đối tác tạm dừng")
        client = world.client("a_editor")
        for url in (
            f"/agreements/{agreement.pk}/",
            f"/agreements/{mou.pk}/",
            "/agreements/",
            "/agreements/legal/",
            "/agreements/counts/",
            "/agreements/rules/",
        ):
            response = client.get(url)
            assert response.status_code == 200, url
            found = CODES.findall(visible_text(response.content.decode()))
            assert found == [], (url, found)


def test_the_list_filtered_by_a_partner_names_it_instead_of_showing_its_number(world):
    partner = world.partner("A", visibility="shared", country="KR", marker="Tập đoàn Lotte")
    register(world, partner_ids=(partner.pk,))
    page = world.client("a_editor").get(f"/agreements/?partner={partner.pk}").content.decode()
    assert "Mã đối tác" not in page
    assert re.search(
        rf'<option value="{partner.pk}"[^>]*selected[^>]*>Tập đoàn Lotte — Hàn Quốc</option>', page
    )
    hidden = world.partner("B", visibility="private", country="KR", marker="Đối tác riêng của B")
    other = world.client("a_editor").get(f"/agreements/?partner={hidden.pk}")
    assert other.status_code == 200
    assert "Đối tác riêng của B" not in other.content.decode()


def test_the_migration_re_sorts_titles_with_the_vietnamese_key(world):
    from importlib import import_module

    from django.apps import apps

    from ngoaivu.core.text import vi_sort_key

    migration = import_module("ngoaivu.agreements.migrations.0008_resort_titles")
    fukuoka = register(world, title_vi="Hợp tác với Fukuoka")
    zhejiang = register(world, title_vi="Hợp tác với Zhejiang")
    Agreement.objects.system(reason="test set-up").filter(pk=fukuoka.pk).update(sort_key="zz")
    migration.resort(apps, None)
    fukuoka.refresh_from_db()
    zhejiang.refresh_from_db()
    assert fukuoka.sort_key == vi_sort_key("Hợp tác với Fukuoka")
    assert fukuoka.sort_key < zhejiang.sort_key
