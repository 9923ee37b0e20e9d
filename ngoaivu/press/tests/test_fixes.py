"""Fixes after the walk and the review of issue 21: the answer form's blank choice, the answer due date kept
once answered, no finish before the first day, nationalities by name in the Excel file, field names said once,
the export's due date and reporter count, and the home work list."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from ngoaivu.core.exceptions import ServiceError
from ngoaivu.core.testing.world import read_body
from ngoaivu.core.xlsx import write_workbook
from ngoaivu.press import importer, selectors, services
from ngoaivu.press.models import PressVisit
from ngoaivu.press.tests.helpers import make_visit, second_head
from ngoaivu.press.tests.writes import by_second_head

S = PressVisit.Status
pytestmark = [pytest.mark.django_db, pytest.mark.today("2026-06-10 10:00")]


def _answer(world, visit, decision="agreed", **kwargs):
    return services.visit_answer(
        actor=second_head(world, "A"),
        visit_id=visit.pk,
        expected_version=visit.version,
        decision=decision,
        **kwargs,
    )


def _move(world, visit, action):
    return services.visit_transition(
        actor=world.users["a_editor"], visit_id=visit.pk, expected_version=visit.version, action=action
    )


# --- 1. the answer: no decision by default ----------------------------------------------------------------------


def test_the_answer_select_starts_blank_and_required(world):
    visit = by_second_head(world)
    page = world.client("a_editor").get(f"/press/{visit.pk}/").content.decode()
    select = page[
        page.index('name="decision"') - 200 : page.index("</select>", page.index('name="decision"'))
    ]
    assert "required" in select
    options = select[select.index("<option") :]
    assert options.startswith('<option value="" selected>— chọn —</option>'), options[:200]


def test_an_answer_without_a_decision_is_refused_with_the_field_named(world):
    visit = by_second_head(world)
    client = world.client("a_editor")
    response = client.post(
        f"/press/{visit.pk}/answer/", {"version": visit.version, "answered_on": ""}, follow=True
    )
    text = response.content.decode()
    assert "Trả lời: Chọn đồng ý hoặc không đồng ý." in text
    assert "Trả lời: Trả lời" not in text
    visit.refresh_from_db()
    assert visit.status == S.RECEIVED


def test_the_api_answer_has_no_default_decision(world):
    visit = by_second_head(world)
    response = world.client("a_editor").post(
        f"/api/v1/press-visits/{visit.pk}/answer",
        json.dumps({"note": "ok"}),
        content_type="application/json",
        headers={"If-Match": f'"{visit.version}"'},
    )
    assert response.status_code == 422, response.content
    assert "decision" in response.content.decode()
    visit.refresh_from_db()
    assert visit.status == S.RECEIVED


# --- 2. the answer due date once answered -----------------------------------------------------------------------


def test_an_answered_visit_keeps_its_due_date_and_late_warning_when_edited(world):
    visit = make_visit(
        world,
        "A",
        received_on=dt.date(2026, 5, 4),
        starts_on=dt.date(2026, 7, 1),
        entry_on=dt.date(2026, 6, 30),
    )
    due, late = visit.answer_due_on, visit.application_late
    visit = _answer(world, visit, answered_on=dt.date(2026, 6, 5))
    assert visit.answered_on > due  # answered late
    data = services.with_changes(
        services.input_of(visit), {"received_on": dt.date(2026, 5, 29), "entry_on": dt.date(2026, 6, 2)}
    )
    visit = services.visit_update(
        actor=world.users["a_editor"], visit_id=visit.pk, expected_version=visit.version, data=data
    )
    assert (visit.answer_due_on, visit.application_late) == (due, late)
    assert visit.received_on == dt.date(2026, 5, 29)


def test_the_application_date_cannot_come_after_the_answer(world):
    visit = make_visit(world, "A", received_on=dt.date(2026, 5, 4), starts_on=dt.date(2026, 7, 1))
    visit = _answer(world, visit, answered_on=dt.date(2026, 5, 10))
    data = services.with_changes(services.input_of(visit), {"received_on": dt.date(2026, 5, 11)})
    with pytest.raises(ServiceError) as refused:
        services.visit_update(
            actor=world.users["a_editor"], visit_id=visit.pk, expected_version=visit.version, data=data
        )
    assert "10/05/2026" in refused.value.errors["received_on"][0]


def test_a_visit_waiting_for_the_answer_still_follows_its_application_date(world):
    visit = make_visit(world, "A", received_on=dt.date(2026, 5, 4), starts_on=dt.date(2026, 7, 1))
    due = visit.answer_due_on
    data = services.with_changes(services.input_of(visit), {"received_on": dt.date(2026, 5, 29)})
    visit = services.visit_update(
        actor=world.users["a_editor"], visit_id=visit.pk, expected_version=visit.version, data=data
    )
    assert visit.answer_due_on > due


# --- 3. no finish (nor start) before the first day --------------------------------------------------------------


def test_a_visit_is_neither_started_nor_finished_before_its_first_day(world):
    visit = make_visit(world, "A", starts_on=dt.date(2026, 6, 11), received_on=dt.date(2026, 6, 1))
    visit = _answer(world, visit)
    for action in ("finish", "start"):
        with pytest.raises(ServiceError) as refused:
            _move(world, visit, action)
        assert "11/06/2026" in str(refused.value.errors["status"][0])
    visit.refresh_from_db()
    assert visit.status == S.AGREED


@pytest.mark.today("2026-06-11 08:00")
def test_on_its_first_day_a_visit_may_start_or_end_at_once(world):
    first = make_visit(world, "A", starts_on=dt.date(2026, 6, 11), received_on=dt.date(2026, 6, 1))
    first = _move(world, _answer(world, first), "finish")  # cut short the same day
    assert first.status == S.DONE
    assert _move(world, first, "report").status == S.REPORTED
    second = make_visit(world, "A", starts_on=dt.date(2026, 6, 11), received_on=dt.date(2026, 6, 1))
    second = _move(world, _answer(world, second), "start")
    assert _move(world, second, "finish").status == S.DONE


def test_the_api_refuses_finishing_a_visit_not_begun(world):
    visit = _answer(world, make_visit(world, "A", starts_on=dt.date(2026, 7, 1)))
    response = world.client("a_editor").post(
        f"/api/v1/press-visits/{visit.pk}/finish",
        "{}",
        content_type="application/json",
        headers={"If-Match": f'"{visit.version}"'},
    )
    assert response.status_code in (409, 422), response.content
    visit.refresh_from_db()
    assert visit.status == S.AGREED


# --- 4. nationalities by name; field names said once ------------------------------------------------------------


def _file(nationalities):
    buffer = io.BytesIO()
    rows = [
        [f"Reporter {i}", "Phóng viên", n, f"TK{i:07d}", "15/04/1985"] for i, n in enumerate(nationalities)
    ]
    write_workbook(buffer, title="Phong vien", header=importer.HEADER, rows=rows)
    return buffer.getvalue()


def test_the_excel_file_takes_a_nationality_by_vietnamese_name_with_or_without_diacritics(world):
    rows, problems = importer.parse(
        _file(["Nhật Bản", "nhat ban", "NHẬT BẢN", "Japan", "JP", "Hàn Quốc", "kr"])
    )
    assert problems == []
    assert [r["nationality"] for r in rows] == ["JP", "JP", "JP", "JP", "JP", "KR", "KR"]


def test_an_unknown_nationality_is_a_row_error_naming_the_column_once(world):
    rows, problems = importer.parse(_file(["Nhật Bản", "Atlantis"]))
    assert len(rows) == 1
    [problem] = problems
    assert (problem.row, problem.column) == (3, "C")
    assert problem.problem.startswith("Quốc tịch: ")
    assert problem.problem.count("Quốc tịch") == 1


def test_the_template_shows_a_nationality_by_name_and_parses(world):
    response = world.client("a_editor").get("/press/reporters-template.xlsx")
    rows, problems = importer.parse(read_body(response))
    assert problems == []
    assert rows[0]["nationality"] == "JP"


def test_the_visit_form_names_each_field_once(world):
    today = timezone.localdate()
    response = world.client("a_editor").post(
        "/press/new/",
        {
            "outlet": "Arirang TV",
            "country": "KR",
            "topic": "Văn hóa",
            "received_on": today.isoformat(),
            "starts_on": (today + dt.timedelta(days=10)).isoformat(),
            "ends_on": (today + dt.timedelta(days=5)).isoformat(),
            "licence_date": "2027-01-01",
            "visibility": "private",
        },
    )
    assert response.status_code == 400
    text = response.content.decode()
    for label in ("Đến ngày", "Ngày cấp phép", "Số giấy phép"):
        assert f"{label}</a>: " in text, label
        assert f"{label}: {label}" not in text
        assert f"{label}</a>: {label}" not in text


def test_a_year_out_of_range_is_named_once(world):
    response = world.client("a_editor").post(
        "/press/new/", {"outlet": "Arirang TV", "entry_on": "1800-01-01", "visibility": "private"}
    )
    text = response.content.decode()
    assert "Ngày nhập cảnh</a>: Năm phải từ 1900 đến 2100" in text
    assert "Ngày nhập cảnh: Ngày nhập cảnh" not in text


# --- 5. the export: due date and reporters ----------------------------------------------------------------------


def test_the_export_has_the_due_date_as_a_date_and_the_reporter_count(world):
    waiting = make_visit(world, "A", marker="PRESSWAITQ", reporters=2)
    answered = _answer(world, make_visit(world, "A", marker="PRESSANSWEREDQ", reporters=3))
    none = make_visit(world, "A", marker="PRESSNOREPORTERQ")
    response = world.client("a_editor").get("/press/?format=xlsx")
    sheet = load_workbook(io.BytesIO(read_body(response))).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    header = list(rows[0])
    due, count = header.index("Hạn trả lời"), header.index("Số phóng viên")
    by_outlet = {r[0]: r for r in rows[1:]}
    for visit, n in ((waiting, 2), (answered, 3), (none, 0)):
        row = by_outlet[visit.outlet]
        assert isinstance(row[due], dt.datetime), row[due]
        assert row[due].date() == visit.answer_due_on
        assert row[count] == n
    page = world.client("a_editor").get("/press/").content.decode()
    assert f"{answered.answer_due_on:%d/%m/%Y}" in page


# --- 6. the home work list --------------------------------------------------------------------------------------


def _due(visit, day):
    PressVisit.objects.filter(pk=visit.pk).update(answer_due_on=day)


def _done(world, owner, marker):
    visit = make_visit(
        world, owner, marker=marker, starts_on=dt.date(2026, 6, 1), received_on=dt.date(2026, 5, 1)
    )
    head = second_head(world, owner)
    visit = services.visit_answer(
        actor=head, visit_id=visit.pk, expected_version=visit.version, decision="agreed"
    )
    return services.visit_transition(
        actor=head, visit_id=visit.pk, expected_version=visit.version, action="finish"
    )


def test_the_work_counts_of_the_host_province_link_to_exactly_their_rows(world):
    # Wednesday 10/06/2026: three working days on is Monday 15/06
    overdue = make_visit(world, "A", marker="PRESSOVERDUEQ")
    _due(overdue, dt.date(2026, 6, 9))
    soon = make_visit(world, "A", marker="PRESSSOONQ")
    _due(soon, dt.date(2026, 6, 15))
    later = make_visit(world, "A", marker="PRESSLATERQ")
    _due(later, dt.date(2026, 6, 16))
    answered = _answer(world, make_visit(world, "A", marker="PRESSANSWEREDQ"))
    _due(answered, dt.date(2026, 6, 9))
    elsewhere = make_visit(world, "B", marker="PRESSBOVERDUEQ", shared=True, provinces=("48",))
    _due(elsewhere, dt.date(2026, 6, 9))
    done = _done(world, "A", "PRESSDONEQ")
    _done(world, "B", "PRESSBDONEQ")
    reported = _move(world, _done(world, "A", "PRESSREPORTEDQ"), "report")
    assert reported.status == S.REPORTED

    user = world.users["a_editor"]
    counts = selectors.work_counts(user=user)
    assert [c["n"] for c in counts] == [2, 1]
    assert all(c["label"] == c["label"].lower() for c in counts)
    client = world.client("a_editor")
    markers = {"PRESSOVERDUEQ", "PRESSSOONQ", "PRESSLATERQ", "PRESSANSWEREDQ", "PRESSBOVERDUEQ"}
    markers |= {"PRESSDONEQ", "PRESSBDONEQ", "PRESSREPORTEDQ"}
    for item, expected in zip(counts, ({"PRESSOVERDUEQ", "PRESSSOONQ"}, {done.outlet}), strict=True):
        page = client.get(item["url"]).content.decode()
        assert {m for m in markers if m in page} == expected, item["url"]
    # a new overdue application shows at once (the cache follows the table)
    _due(make_visit(world, "A", marker="PRESSNEWQ"), dt.date(2026, 6, 1))
    assert [c["n"] for c in selectors.work_counts(user=user)] == [3, 1]
    # the list the link opens is the API's too
    api = client.get("/api/v1/press-visits?" + counts[0]["url"].split("?", 1)[1]).json()
    assert {i["outlet"] for i in api["items"]} == {"PRESSOVERDUEQ", "PRESSSOONQ", "PRESSNEWQ"}


def test_the_work_counts_are_for_the_host_province_only(world):
    _due(make_visit(world, "A", shared=True), dt.date(2026, 6, 9))
    assert selectors.work_counts(user=world.users["ministry"]) == []
    assert selectors.work_counts(user=world.users["x_officer"]) == []
    assert [c["n"] for c in selectors.work_counts(user=world.users["b_editor"])] == [0, 0]
    assert [c["n"] for c in selectors.work_counts(user=world.users["a_viewer"])] == [1, 0]


def test_the_work_counts_take_a_bounded_number_of_queries(world, django_assert_max_num_queries):
    for i in range(6):
        _due(make_visit(world, "A", marker=f"PRESSMANY{i}Q"), dt.date(2026, 6, 9))
    with django_assert_max_num_queries(8):
        counts = selectors.work_counts(user=world.users["a_editor"], today=dt.date(2026, 6, 10))
    assert counts[0]["n"] == 6
