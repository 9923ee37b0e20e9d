"""Bulk nominations from Excel: row errors (row, column, problem in Vietnamese), the quota on the whole file,
all or nothing, the same file refused twice, the template, the budget."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from ngoaivu.core.exceptions import ServiceError
from ngoaivu.training import importer, services
from ngoaivu.training.models import Nomination, NominationUpload
from ngoaivu.training.tests.helpers import make_course

pytestmark = pytest.mark.today("2026-06-01 10:00")
HEADER = ["Họ và tên", "Chức vụ", "Đơn vị công tác", "Thư điện tử", "Điện thoại"]


def _xlsx(rows, header=HEADER) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(header)
    for r in rows:
        ws.append(r)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


GOOD = [
    ["Nguyễn Văn An", "Chuyên viên", "Sở Ngoại vụ", "an@example.vn", "0905 111 222"],
    ["Trần Thị Bình", "Phó Trưởng phòng", "Văn phòng UBND", "", ""],
]


def test_a_good_file_is_previewed_then_confirmed_all_at_once(world):
    course = make_course(world, "M")
    user = world.users["a_editor"]
    content = _xlsx(GOOD)
    upload = importer.preview(actor=user, course_id=course.pk, filename="ds.xlsx", content=content)
    assert upload.status == NominationUpload.Status.PREVIEWED
    assert upload.errors == []
    assert not Nomination.objects.filter(course=course).exists()  # a preview writes no nomination
    done = importer.confirm(actor=user, upload_id=upload.pk)
    assert done.created_count == 2
    assert Nomination.objects.filter(course=course, status="proposed").count() == 2
    with pytest.raises(ServiceError):  # the same file again
        importer.preview(actor=user, course_id=course.pk, filename="ds.xlsx", content=content)


def test_row_errors_name_row_column_and_problem(world):
    course = make_course(world, "M")
    rows = [
        GOOD[0],
        ["", "Chuyên viên", "", "", ""],
        ["Lê Văn C", "", "", "khong-phai-email", "abc"],
        GOOD[0],
    ]
    upload = importer.preview(
        actor=world.users["a_editor"], course_id=course.pk, filename="x.xlsx", content=_xlsx(rows)
    )
    assert upload.status == NominationUpload.Status.FAILED
    found = {(e["row"], e["column"]) for e in upload.errors}
    assert (3, "Họ và tên") in found
    assert (4, "Thư điện tử") in found
    assert (4, "Điện thoại") in found
    assert (5, "Họ và tên") in found  # the same person twice
    assert any("Trùng với dòng 2" in e["message"] for e in upload.errors)
    assert importer.preview_rows(upload) == []


def test_the_quota_is_checked_on_the_whole_file(world):
    course = make_course(world, "M")
    services.quota_set(actor=world.users["ministry"], course_id=course.pk, province="48", places=1)
    upload = importer.preview(
        actor=world.users["a_editor"], course_id=course.pk, filename="q.xlsx", content=_xlsx(GOOD)
    )
    assert upload.status == NominationUpload.Status.FAILED
    assert any("Vượt chỉ tiêu" in e["message"] for e in upload.errors)


def test_confirm_is_all_or_nothing_when_the_quota_filled_meanwhile(world):
    course = make_course(world, "M")
    services.quota_set(actor=world.users["ministry"], course_id=course.pk, province="48", places=2)
    upload = importer.preview(
        actor=world.users["a_editor"], course_id=course.pk, filename="q.xlsx", content=_xlsx(GOOD)
    )
    services.nomination_create(
        actor=world.users["a_editor"], course_id=course.pk, data=services.TraineeInput(full_name="Người khác")
    )
    with pytest.raises(ServiceError):
        importer.confirm(actor=world.users["a_editor"], upload_id=upload.pk)
    assert Nomination.objects.filter(course=course).count() == 1


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "rỗng"),
        (b"not a zip at all", "Không đọc được"),
        (None, "Thiếu cột bắt buộc"),
        (b"x" * (importer.MAX_BYTES + 1), "MB"),
    ],
)
def test_unreadable_files_are_refused_with_a_reason(world, content, expected):
    course = make_course(world, "M")
    if content is None:
        content = _xlsx([["a"]], header=["Tên khác"])
    upload = importer.preview(
        actor=world.users["a_editor"], course_id=course.pk, filename="bad.xlsx", content=content
    )
    assert upload.status == NominationUpload.Status.FAILED
    assert any(expected in e["message"] for e in upload.errors), upload.errors


def test_too_many_rows_are_refused(world):
    course = make_course(world, "M")
    rows = [[f"Người {i}", "", "", "", ""] for i in range(importer.MAX_ROWS + 1)]
    upload = importer.preview(
        actor=world.users["a_editor"], course_id=course.pk, filename="big.xlsx", content=_xlsx(rows)
    )
    assert any("quá" in e["message"] for e in upload.errors)


def test_the_pages_template_preview_and_confirm(world):
    course = make_course(world, "M")
    client = world.client("a_editor")
    template = client.get(f"/training/{course.pk}/import/template/")
    assert template.status_code == 200
    wb = load_workbook(io.BytesIO(b"".join(template.streaming_content)))
    assert [c.value for c in wb.active[1]][:2] == ["Họ và tên", "Chức vụ"]
    assert client.get(f"/training/{course.pk}/import/").status_code == 200
    bad = client.post(
        f"/training/{course.pk}/import/",
        {"file": SimpleUploadedFile("x.xlsx", _xlsx([["", "", "", "sai", ""]]))},
    )
    assert bad.status_code == 400
    assert "dòng" in bad.content.decode().lower() or "Dòng" in bad.content.decode()
    good = client.post(f"/training/{course.pk}/import/", {"file": SimpleUploadedFile("ds.xlsx", _xlsx(GOOD))})
    assert good.status_code == 200
    upload = NominationUpload.objects.get(course=course, status="previewed")
    assert client.post(f"/training/imports/{upload.pk}/confirm/").status_code == 302
    assert Nomination.objects.filter(course=course).count() == 2
    # another province cannot confirm (or see) it
    assert world.client("b_editor").post(f"/training/imports/{upload.pk}/confirm/").status_code == 404
