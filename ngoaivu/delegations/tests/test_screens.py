"""Issue 18 on the delegation pages: states and buttons say what happened, any number of members, the calendar's
month picker and filters, confirmations, a submitted plan's edit page, years in a sane window."""

import datetime as dt
import io
import re

import pytest
from django.contrib.messages import get_messages
from django.utils import timezone
from freezegun import freeze_time
from openpyxl import load_workbook

from ngoaivu.audit.models import AuditEvent
from ngoaivu.core.testing.clock import FROZEN_TODAY, REAL_TIME_MODULES
from ngoaivu.core.testing.world import make_conference, make_delegation, make_visit
from ngoaivu.delegations import services
from ngoaivu.delegations.forms import FORM_YEARS
from ngoaivu.delegations.models import Delegation, Member

pytestmark = pytest.mark.django_db
D = Delegation.State


def _plan(departs: dt.date, **extra: str) -> dict:
    return {
        "direction": "outbound",
        "title": "Đoàn xúc tiến thương mại tại Hàn Quốc",
        "purpose": "Xúc tiến",
        "head_name": "Lê Văn C",
        "countries": ["KR"],
        "departs_on": departs.isoformat(),
        "returns_on": (departs + dt.timedelta(days=4)).isoformat(),
        "visibility": "private",
        **extra,
    }


def _rows(*rows: dict, initial: int = 0, total: int | None = None) -> dict:
    data = {
        "members-TOTAL_FORMS": str(len(rows) if total is None else total),
        "members-INITIAL_FORMS": str(initial),
        "members-MIN_NUM_FORMS": "0",
        "members-MAX_NUM_FORMS": "200",
    }
    for i, row in enumerate(rows):
        data.update({f"members-{i}-{k}": v for k, v in row.items()})
    return data


def _text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


# 1. states and actions say what happened ------------------------------------------------------------------


def test_an_approved_delegation_reads_approved_and_its_buttons_are_verbs(world):
    delegation = make_delegation(world, "A", approved=True)
    assert delegation.state == D.MISSION_NOTIFIED  # KR: the embassy in Seoul is told at approval
    page = world.client("a_editor").get(f"/delegations/{delegation.pk}/")
    html = page.content.decode()
    badge = re.search(r'<span class="badge">([^<]*)</span>', html)[1]
    assert badge.startswith("Đã phê duyệt")
    assert str(D.APPROVED.label) == "Đã phê duyệt"
    assert "Đã thông báo cơ quan đại diện</span>" not in html
    # the buttons are verbs, asked in the "action" context so that English reads "Postpone", "Cancel delegation"
    assert ">Hoãn chuyến đi</button>" in html
    assert ">Hủy đoàn</button>" in html
    assert services.ACTION_LABELS["postpone"]._args == ("action", "Hoãn chuyến đi")
    assert {str(D.POSTPONED.label), str(D.CANCELLED.label)} == {"Đã hoãn", "Đã hủy"}
    # history: an intermediate approval keeps the state and says so without "Đã trình duyệt → Đã trình duyệt"
    assert "Đã trình duyệt → Đã trình duyệt" not in html


def test_a_refused_action_names_the_action_in_words_not_its_code(world):
    delegation = make_delegation(world, "A")
    with pytest.raises(Exception) as refused:
        services.delegation_action(actor=world.users["a_editor"], delegation_id=delegation.pk, action="close")
    assert "Đóng hồ sơ đoàn" in str(refused.value)
    assert "“close”" not in str(refused.value)


def test_one_warning_sign_per_warning_on_a_passport_that_expires_too_soon(world):
    delegation = make_delegation(world, "A")
    Member.objects.filter(delegation=delegation, passport_number__gt="").update(passport_flag=True)
    html = world.client("a_editor").get(f"/delegations/{delegation.pk}/").content.decode()
    assert 'class="due-late">hết hạn trước' in html  # the sign comes from the .due-late style, once
    assert "⚠" not in html


# 2. any number of members ---------------------------------------------------------------------------------


def test_a_delegation_takes_any_number_of_members_in_one_save_audited(world):
    departs = timezone.localdate() + dt.timedelta(days=40)
    rows = [{"full_name": f"Thành viên số {i}", "position": "Chuyên viên"} for i in range(1, 13)]
    response = world.client("a_editor").post("/delegations/new/", {**_plan(departs), **_rows(*rows)})
    assert response.status_code == 302, _text(response)[:2000]
    delegation = Delegation.objects.get(title="Đoàn xúc tiến thương mại tại Hàn Quốc")
    assert delegation.members.count() == 12
    event = AuditEvent.objects.get(action="delegation.create", target_id=str(delegation.pk))
    assert "Thành viên số 12" in str(event.changes)


def test_without_javascript_the_add_button_posts_back_the_form_with_one_more_row_and_saves_nothing(world):
    departs = timezone.localdate() + dt.timedelta(days=40)
    data = {**_plan(departs, title=""), **_rows({"full_name": "Nguyễn Văn A"}, {}, {}), "add_member": "1"}
    response = world.client("a_editor").post("/delegations/new/", data)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="members-TOTAL_FORMS" value="4"' in html
    assert 'name="members-3-full_name"' in html
    assert 'value="Nguyễn Văn A"' in html
    assert "error-summary" not in html  # nothing is judged yet: the title is still empty, no complaint
    assert not Delegation.objects.exists()
    # with JavaScript the same button clones the empty row: the template and the script are on the page
    page = world.client("a_editor").get("/delegations/new/").content.decode()
    assert 'id="member-row-template"' in page
    assert "members-__prefix__-full_name" in page
    assert "js/members.js" in page
    assert "data-members-add" in page
    assert 'formaction="/delegations/new/#new-member-row"' in page  # without JS the new row is scrolled to
    assert 'id="new-member-row"' in html


def test_a_row_marked_for_removal_is_left_out_and_an_edit_keeps_the_others(world):
    delegation = make_delegation(world, "A")
    client = world.client("a_editor")
    form = client.get(f"/delegations/{delegation.pk}/edit/").content.decode()
    assert 'name="members-0-DELETE"' in form
    assert "Xóa dòng" in form
    rows = [
        {"full_name": "Nguyễn Văn An", "is_head": "on"},
        {"full_name": "Trần Thị Bình", "DELETE": "on"},
        {"full_name": "Phạm Văn Cường"},
    ]
    data = {
        **_plan(delegation.departs_on, title=delegation.title, version=str(delegation.version)),
        **_rows(*rows, initial=2),
    }
    response = client.post(f"/delegations/{delegation.pk}/edit/", data)
    assert response.status_code == 302, _text(response)[:2000]
    assert sorted(delegation.members.values_list("full_name", flat=True)) == [
        "Nguyễn Văn An",
        "Phạm Văn Cường",
    ]


def test_each_row_problem_names_its_row_and_nothing_is_saved(world):
    departs = timezone.localdate() + dt.timedelta(days=40)
    rows = [
        {"full_name": "Nguyễn Văn A"},
        {},
        {"position": "Phó Giám đốc"},  # a row with details but no name
        {"full_name": "Lê Thị D", "passport_number": "12"},  # refused by the service
    ]
    response = world.client("a_editor").post("/delegations/new/", {**_plan(departs), **_rows(*rows)})
    assert response.status_code == 400
    text = _text(response)
    assert "Thành viên 3: Họ và tên: Nhập họ và tên" in text
    assert not Delegation.objects.exists()
    rows[2]["full_name"] = "Trần Văn C"
    response = world.client("a_editor").post("/delegations/new/", {**_plan(departs), **_rows(*rows)})
    assert response.status_code == 400
    assert "Thành viên 4: Số hộ chiếu: Số hộ chiếu gồm 6–12" in _text(response)  # the 4th row on the page
    assert not Delegation.objects.exists()


def test_at_most_200_members(world):
    departs = timezone.localdate() + dt.timedelta(days=40)
    rows = [{"full_name": f"Người {i}"} for i in range(201)]
    response = world.client("a_editor").post("/delegations/new/", {**_plan(departs), **_rows(*rows)})
    assert response.status_code == 400
    assert "Tối đa 200 thành viên" in _text(response)
    assert not Delegation.objects.exists()


# 3. the calendar ------------------------------------------------------------------------------------------


@pytest.fixture
def calendar_world(world):
    with freeze_time(FROZEN_TODAY, ignore=REAL_TIME_MODULES):
        mine = make_delegation(world, "A", country="KR", marker="DOANKR", days_ahead=3)
        other = make_delegation(world, "A", country="JP", marker="DOANJP", days_ahead=10)
        private_b = make_delegation(world, "B", country="US", marker="DOANUS", days_ahead=5)
        visit = make_visit(world, "A")
        conference = make_conference(world, "A")
    return {"kr": mine, "jp": other, "b": private_b, "visit": visit, "conference": conference}


def test_calendar_month_picker_filters_and_links_that_keep_them(world, calendar_world):
    client = world.client("a_editor")
    with freeze_time(FROZEN_TODAY, ignore=REAL_TIME_MODULES):  # the session's idle clock too
        page = client.get("/delegations/calendar/?month=2026-06&kind=delegation&country=KR")
        listed = client.get("/delegations/calendar/?month=2026-06&view=list&kind=delegation")
        visits = client.get("/delegations/calendar/?month=2026-06&kind=visit")
    assert page.status_code == 200
    assert listed.status_code == 200
    assert visits.status_code == 200
    html = page.content.decode()
    assert '<input type="month" id="cal-month" name="month" value="2026-06"' in html
    assert "DOANKR" in html
    assert "DOANJP" not in html
    assert 'href="?month=2026-05&amp;kind=delegation&amp;country=KR"' in html  # previous month keeps filters
    assert 'href="?month=2026-07&amp;kind=delegation&amp;country=KR"' in html
    # choices: only what the user may see — B's private delegation to the US is neither shown nor offered
    assert 'value="US"' not in html
    assert "DOANUS" not in html
    assert 'value="KR"' in html
    assert 'value="JP"' in html
    province_b = calendar_world["b"].province.code
    assert f'<option value="{province_b}"' not in html
    # weekday names on every day (a phone shows the grid as a list of days: data-label), today marked
    assert 'data-label="Thứ Hai"' in html
    assert 'data-label="Chủ Nhật"' in html
    assert re.search(r'class="[^"]*today[^"]*" aria-current="date"', html)
    assert "Hôm nay" in html
    listed = listed.content.decode()
    assert "Thứ Năm, 04/06/2026" in listed  # DOANKR leaves on Thursday 4 June 2026
    assert 'href="?month=2026-07&amp;view=list&amp;kind=delegation"' in listed
    assert "DOANKR" not in visits.content.decode()
    assert "Lãnh đạo Bộ thăm, làm việc tại tỉnh" in visits.content.decode()


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ("month=2026-13", "Tháng “2026-13” không hợp lệ"),
        ("month=abc", "Tháng “abc” không hợp lệ"),
        ("month=1800-01", "không hợp lệ"),
        ("kind=party", "Loại “party” không có trong lịch"),
        ("province=99", "Tỉnh, thành phố “99” không có trong lịch"),
        ("country=US", "Quốc gia “US” không có trong lịch"),
    ],
)
def test_an_invalid_month_or_filter_answers_in_vietnamese_not_a_500(world, calendar_world, query, words):
    response = world.client("a_editor").get(f"/delegations/calendar/?{query}")
    assert response.status_code == 400
    assert words in _text(response)


# 4. organisations by name, years never grouped -------------------------------------------------------------


def test_lists_and_exports_name_provinces_and_countries_never_codes(world):
    delegation = make_delegation(world, "A", approved=True)
    client = world.client("a_editor")
    listing = client.get("/delegations/").content.decode()
    assert delegation.province.name in listing
    assert "Hàn Quốc" in listing
    export = client.get("/delegations/?format=xlsx")
    sheet = load_workbook(
        io.BytesIO(b"".join(export.streaming_content) if export.streaming else export.content)
    ).active
    cells = [str(c) for row in sheet.iter_rows(values_only=True) for c in row if c is not None]
    assert delegation.province.name in cells
    assert "Hàn Quốc" in cells
    assert not [c for c in cells if re.fullmatch(r"(tinh|cqdd|mofa)[-\w]*", c)]
    assert not [c for c in cells if re.search(r"\b\d\.\d{3}\b", c) and "/" not in c]


# 5. confirmations -----------------------------------------------------------------------------------------


def test_every_destructive_button_asks_a_question_naming_the_record(world):
    delegation = make_delegation(world, "A", approved=True)
    html = world.client("a_editor").get(f"/delegations/{delegation.pk}/").content.decode()
    for action in ("postpone", "cancel"):
        form = re.search(rf'<form[^>]*class="card action-{action}"[^>]*>', html)[0]
        assert f"“{delegation.title}”" in form
        assert "data-confirm=" in form
    conference = make_conference(world, "A")
    html = world.client("a_editor").get(f"/delegations/conferences/{conference.pk}/").content.decode()
    form = re.search(r'<form[^>]*class="card action-cancel"[^>]*>', html)[0]
    assert f"Hủy hội nghị “{conference.title}”" in form
    calendar = world.client("a_editor")
    calendar.post("/delegations/calendar/token/")
    html = calendar.get("/delegations/calendar/").content.decode()
    assert html.count("data-confirm=") == 2  # a new link and revoking both stop the old one


# 6. a submitted plan's edit page ----------------------------------------------------------------------------


def test_a_submitted_delegation_edit_page_says_why_it_cannot_be_edited(world):
    delegation = make_delegation(world, "A")
    services.delegation_action(actor=world.users["a_editor"], delegation_id=delegation.pk, action="submit")
    client = world.client("a_editor")
    for response in (
        client.get(f"/delegations/{delegation.pk}/edit/"),
        client.post(f"/delegations/{delegation.pk}/edit/", {"title": "x"}),
    ):
        assert response.status_code == 302
        assert response["Location"] == f"/delegations/{delegation.pk}/"
        said = [str(m) for m in get_messages(response.wsgi_request)]
        assert any("“Đã trình duyệt” nên không sửa được" in m for m in said)
    delegation.refresh_from_db()
    assert delegation.title != "x"


# 7. years in a sane window ----------------------------------------------------------------------------------


def test_a_date_outside_2000_2100_is_refused_with_the_field_named(world):
    assert FORM_YEARS == (2000, 2100)
    data = {
        **_plan(dt.date(1800, 3, 1)),
        **_rows({"full_name": "Nguyễn Văn A", "birth_date": "1850-01-01", "passport_expiry": "2300-01-01"}),
    }
    data["returns_on"] = "2026-03-05"
    response = world.client("a_editor").post("/delegations/new/", data)
    assert response.status_code == 400
    text = _text(response).replace(" :", ":")
    assert "Ngày đi / ngày đến: Năm phải từ 2000 đến 2100 (đã nhập 01/03/1800)" in text
    assert "Thành viên 1: Ngày sinh: Năm phải từ 1900 đến 2100" in text
    assert "Thành viên 1: Hộ chiếu hết hạn: Năm phải từ 2000 đến 2100" in text
    assert not Delegation.objects.exists()
    visit = world.client("ministry").post(
        "/delegations/visits/new/",
        {
            "direction": "to_province",
            "province": make_visit(world, "A").province.code,
            "starts_on": "2026-06-01",
            "ends_on": "20260-06-02",
            "ministry_leaders": "Thứ trưởng",
            "status": "planned",
        },
    )
    assert visit.status_code == 400


def test_a_submitted_conference_edit_page_says_why_it_cannot_be_edited(world):
    conference = make_conference(world, "A")
    services.conference_action(
        actor=world.users["a_editor"],
        conference_id=conference.pk,
        action="submit",
        data=services.ConferenceActionInput(bodies=("Bộ Ngoại giao",)),
    )
    response = world.client("a_editor").get(f"/delegations/conferences/{conference.pk}/edit/")
    assert response.status_code == 302
    assert response["Location"] == f"/delegations/conferences/{conference.pk}/"
    said = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("nên không sửa được" in m for m in said)
