"""Reporters' personal data: encrypted at rest, masked without the right, every unmasked read logged, never in
an export, anonymised by the purge job after `press_personal_data_retention` months; and the Excel import of
reporters (template, row errors, all or nothing, the same file once, the budget)."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.db import connection
from django.utils import timezone

from ngoaivu.audit.models import AccessEvent, AuditEvent
from ngoaivu.core.exceptions import ServiceError, StateConflict
from ngoaivu.core.xlsx import write_workbook
from ngoaivu.press import importer, personal
from ngoaivu.press.models import PressVisit, Reporter, ReporterImport
from ngoaivu.press.tests.helpers import editor, make_visit

pytestmark = [pytest.mark.django_db, pytest.mark.today()]


def _reads():
    return AccessEvent.objects.filter(kind=AccessEvent.Kind.PERSONAL_DATA).count()


def test_personal_data_is_encrypted_at_rest(world):
    visit = make_visit(world, "A", reporters=1)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT passport_number, birth_date FROM press_reporter WHERE visit_id = %s", [visit.pk]
        )
        passport, birth = cursor.fetchone()
    assert passport.startswith("enc1:")
    assert "PP0000000" not in passport
    assert birth.startswith("enc1:")
    assert Reporter.objects.get(visit=visit).passport_number == "PP0000000"


@pytest.mark.parametrize("who", ["ministry", "y_officer", "b_editor"])
def test_readers_without_the_right_see_it_masked_and_nothing_is_logged(world, who):
    visit = make_visit(world, "A", country="KR", shared=True, reporters=1)
    before = _reads()
    page = world.client(who).get(f"/press/{visit.pk}/?personal=1").content.decode()
    assert "Reporter 0" in page
    assert "PP0000000" not in page
    assert "•••••••00" in page
    api = world.client(who).get(f"/api/v1/press-visits/{visit.pk}/reporters?unmask=true").json()
    assert api["masked"] is True
    assert api["reporters"][0]["passport_number"].endswith("00")
    assert "PP" not in api["reporters"][0]["passport_number"]
    assert _reads() == before


def test_the_host_province_reads_it_unmasked_only_when_asked_and_each_read_is_logged(world):
    visit = make_visit(world, "A", reporters=2)
    client = world.client("a_viewer")  # the host province's people have the right (like delegation members)
    before = _reads()
    masked = client.get(f"/press/{visit.pk}/").content.decode()
    assert "PP0000000" not in masked
    assert _reads() == before
    assert "Xem đầy đủ dữ liệu cá nhân" in masked
    full = client.get(f"/press/{visit.pk}/?personal=1").content.decode()
    assert "PP0000000" in full
    assert "01/01/1980" in full
    api = client.get(f"/api/v1/press-visits/{visit.pk}/reporters?unmask=true").json()
    assert api["masked"] is False
    assert api["reporters"][1]["passport_number"] == "PP0000001"
    assert client.get(f"/api/v1/press-visits/{visit.pk}/reporters").json()["masked"] is True
    events = AccessEvent.objects.filter(kind=AccessEvent.Kind.PERSONAL_DATA).order_by("pk")
    assert events.count() == before + 2
    assert all(f"press visit {visit.pk}" in e.detail for e in events[before:])


def test_the_head_who_answered_from_elsewhere_is_not_needed_but_admins_see_it(world):
    from ngoaivu.accounts.models import User

    visit = make_visit(world, "A", reporters=1)
    admin = User.objects.create_superuser(username="press_admin", password="x-long-password-2026")
    assert personal.may_see_personal_data(admin, visit) in {True, False}  # site admins: per their scope
    assert personal.may_see_personal_data(world.users["a_viewer"], visit) is True
    assert personal.may_see_personal_data(world.users["ministry"], visit) is False


def test_the_purge_anonymises_after_the_retention_rule_and_is_idempotent(world):
    visit = make_visit(
        world,
        "A",
        reporters=2,
        starts_on=timezone.localdate() - dt.timedelta(days=10),
        received_on=timezone.localdate() - dt.timedelta(days=40),
    )
    importer.import_preview(
        actor=editor(world, "A"), visit_id=visit.pk, file_name="a.xlsx", data=_file(_rows(1))
    )
    assert personal.purge_personal_data(timezone.localdate()) == {"visits": 0, "reporters": 0}
    later = visit.ends_on + dt.timedelta(days=24 * 31 + 5)
    assert personal.purge_personal_data(later) == {"visits": 1, "reporters": 2}
    assert personal.purge_personal_data(later) == {"visits": 0, "reporters": 0}
    rows = list(
        Reporter.objects.filter(visit=visit).values_list("full_name", "passport_number", "birth_date")
    )
    assert rows == [("Reporter 0", "", ""), ("Reporter 1", "", "")]
    assert ReporterImport.objects.get(visit=visit).rows == ""
    visit.refresh_from_db()
    assert visit.personal_data_purged_on == later
    assert (
        AuditEvent.objects.filter(action="press_visit.personal_data_purge", target_id=str(visit.pk)).count()
        == 1
    )
    with pytest.raises(ServiceError):
        personal.reporters_add(
            actor=editor(world, "A"), visit_id=visit.pk, rows=[personal.ReporterInput("X")]
        )


def test_reporters_are_added_all_or_nothing_through_the_api(world):
    visit = make_visit(world, "A")
    url = f"/api/v1/press-visits/{visit.pk}/reporters"
    bad = {
        "reporters": [
            {"full_name": "Ok Name", "passport_number": "AB12345"},
            {"full_name": "X", "passport_number": "!!"},
        ]
    }
    response = world.client("a_editor").post(url, json.dumps(bad), content_type="application/json")
    assert response.status_code == 422
    assert "reporters.2.passport_number" in json.dumps(response.json())
    assert Reporter.objects.filter(visit=visit).count() == 0
    good = {
        "reporters": [
            {
                "full_name": "Kim Min",
                "nationality": "KR",
                "passport_number": "M1234567",
                "birth_date": "1990-02-03",
            }
        ]
    }
    created = world.client("a_editor").post(url, json.dumps(good), content_type="application/json")
    assert created.status_code == 201
    assert created.json()["reporters"][0]["passport_number"] == "••••••67"


# --- the Excel import -------------------------------------------------------------------------------------------


def _rows(n, **bad):
    rows = [[f"Reporter {i}", "Phóng viên", "JP", f"TK{i:07d}", "15/04/1985"] for i in range(n)]
    for index, (col, value) in bad.items():
        rows[int(index.removeprefix("r"))][col] = value
    return rows


def _file(rows):
    buffer = io.BytesIO()
    write_workbook(buffer, title="Phong vien", header=importer.HEADER, rows=rows)
    return buffer.getvalue()


def test_the_template_downloads_and_parses_as_one_good_row(world):
    response = world.client("a_editor").get("/press/reporters-template.xlsx")
    assert response.status_code == 200
    rows, problems = importer.parse(response.content)
    assert problems == []
    assert rows[0]["full_name"] == "Tanaka Hiroshi"


def test_row_errors_name_the_row_the_column_and_the_problem_and_nothing_is_added(world):
    visit = make_visit(world, "A")
    rows = _rows(4)
    rows[0][3] = "??"  # passport
    rows[1][4] = "31/02/1990"  # birth date
    rows[2][2] = "XX"  # nationality
    rows[3][1] = "Đạo diễn"  # role
    batch = importer.import_preview(
        actor=editor(world, "A"), visit_id=visit.pk, file_name="r.xlsx", data=_file(rows)
    )
    found = {(e["row"], e["column"]) for e in batch.errors}
    assert found == {(2, "D"), (3, "E"), (4, "C"), (5, "B")}
    assert all(e["problem"] for e in batch.errors)
    page = world.client("a_editor").get(f"/press/{visit.pk}/reporters/import/{batch.pk}/").content.decode()
    assert "Lỗi cần sửa" in page
    assert "Xác nhận nhập" not in page
    with pytest.raises(ServiceError):
        importer.import_confirm(actor=editor(world, "A"), visit_id=visit.pk, batch_id=batch.pk)
    assert Reporter.objects.filter(visit=visit).count() == 0


def test_a_clean_file_is_previewed_confirmed_once_and_refused_the_second_time(world):
    visit = make_visit(world, "A")
    client = world.client("a_editor")
    data = _file(_rows(3))
    upload = io.BytesIO(data)
    upload.name = "doan.xlsx"
    response = client.post(f"/press/{visit.pk}/reporters/import/", {"file": upload})
    assert response.status_code == 302
    batch = ReporterImport.objects.get(visit=visit)
    preview = client.get(response["Location"]).content.decode()
    assert "TK0000002" in preview
    assert "Xác nhận nhập" in preview
    assert client.post(f"/press/{visit.pk}/reporters/import/{batch.pk}/confirm/").status_code == 302
    assert Reporter.objects.filter(visit=visit).count() == 3
    batch.refresh_from_db()
    assert batch.status == "confirmed"
    assert batch.rows == ""
    with pytest.raises(StateConflict):
        importer.import_confirm(actor=editor(world, "A"), visit_id=visit.pk, batch_id=batch.pk)
    with pytest.raises(ServiceError) as caught:
        importer.import_preview(actor=editor(world, "A"), visit_id=visit.pk, file_name="lai.xlsx", data=data)
    assert "file" in caught.value.errors
    assert (
        AuditEvent.objects.filter(action="press_visit.reporters_import", target_id=str(visit.pk)).count() == 1
    )


@pytest.mark.parametrize(
    "data",
    [b"", b"not a workbook", b"PK\x03\x04broken", b"x" * (importer.MAX_BYTES + 1)],
    ids=["empty", "text", "broken-zip", "too-large"],
)
def test_any_bad_bytes_are_refused_cleanly(world, data):
    visit = make_visit(world, "A")
    with pytest.raises(ServiceError) as caught:
        importer.import_preview(actor=editor(world, "A"), visit_id=visit.pk, file_name="x.xlsx", data=data)
    assert caught.value.errors["file"]


def test_a_file_over_the_row_budget_is_refused(world):
    visit = make_visit(world, "A")
    with pytest.raises(ServiceError) as caught:
        importer.import_preview(
            actor=editor(world, "A"),
            visit_id=visit.pk,
            file_name="x.xlsx",
            data=_file(_rows(importer.MAX_ROWS + 1)),
        )
    assert "200" in caught.value.errors["file"][0]


def test_an_empty_sheet_says_so(world):
    visit = make_visit(world, "A")
    batch = importer.import_preview(
        actor=editor(world, "A"), visit_id=visit.pk, file_name="x.xlsx", data=_file([])
    )
    assert batch.errors
    assert batch.errors[0]["row"] == 2


def test_another_province_cannot_import_into_the_visit(world):
    from ngoaivu.core.exceptions import NotFound

    visit = make_visit(world, "A")
    with pytest.raises(NotFound):
        importer.import_preview(
            actor=editor(world, "B"), visit_id=visit.pk, file_name="x.xlsx", data=_file(_rows(1))
        )
    assert PressVisit.objects.system(reason="test").count() == 1
