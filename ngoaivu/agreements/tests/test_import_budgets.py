"""The agreements import under hostile workbooks (issue 16): every XLSX case of the corpus in
`core/testing/hostile.py` is refused with a Vietnamese message within its budget, by the reader, the upload
page's preview and a real run, and nothing is written (no agreement, partner or event; the refused batch is
recorded without keeping the file)."""

from __future__ import annotations

import io
import time
import unicodedata
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from openpyxl import load_workbook

from ngoaivu.agreements import importer
from ngoaivu.agreements.models import Agreement, AgreementEvent, ImportBatch
from ngoaivu.core.testing import hostile
from ngoaivu.core.xlsx import write_workbook
from ngoaivu.directory.models import Partner

HEADERS = [c.header for c in importer.COLUMNS]
BOUND_SECONDS = 5.0  # not hanging, not a performance figure


@pytest.fixture(autouse=True)
def _budget_and_media(settings, tmp_path):
    settings.NGOAIVU_PARSE_SECONDS = 2.5
    settings.MEDIA_ROOT = tmp_path / "media"
    with translation.override("vi"):
        yield


def vietnamese(message: str) -> bool:
    return "đ" in message.lower() or any(
        unicodedata.combining(c) for c in unicodedata.normalize("NFD", message)
    )


def stored_files(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def template(
    rows: list[list[str]], *, dimension: str = "A1:XFD1048576", numbers: list[int] | None = None
) -> bytes:
    """The import template's header and `rows`, written by hand with a lying dimension."""
    numbers = numbers or list(range(2, len(rows) + 2))
    body = hostile.template_row(HEADERS, 1) + "".join(
        hostile.template_row(values, n) for values, n in zip(rows, numbers, strict=True)
    )
    return hostile.xlsx_bytes([hostile.sheet_xml(body, dimension)])


ROW = ["mou", "Bản ghi nhớ hợp tác du lịch", "", "Da Nang", "", "Nhật Bản"]


@pytest.mark.parametrize("case", hostile.XLSX_CASES, ids=str)
def test_the_reader_refuses_each_hostile_workbook_within_its_budget(case):
    data = case.data
    started = time.monotonic()
    rows, problems = importer.read_rows(data, case.filename)
    assert time.monotonic() - started < BOUND_SECONDS
    assert rows == []
    assert problems
    message = "; ".join(str(p) for p in problems)
    assert vietnamese(message), message
    if problems[0].row == 0:  # the file itself is refused (unreadable ones name the file and the limit)
        assert case.refused in message
        assert case.filename in message or "không có dòng" in message
    else:  # a readable first row that is not the template's header: refused before any other row is read
        assert problems[0].row >= 1
        assert "mẫu" in message or "Thiếu cột" in message


def test_the_headline_dimension_lie_with_the_template_header_is_refused_at_once():
    data = hostile.dimension_lie(header=HEADERS)
    assert len(data) < 2500
    started = time.monotonic()
    rows, problems = importer.read_rows(data, "khung.xlsx")
    assert time.monotonic() - started < 1.0
    assert rows == []
    assert "quá 100.000 dòng" in str(problems[0])
    assert "khung.xlsx" in str(problems[0])


def test_rows_are_numbered_as_in_excel_and_only_real_cells_are_read(settings):
    rows, problems = importer.read_rows(template([ROW, ROW], numbers=[2, 40]), "a.xlsx")
    assert problems == []
    assert [n for n, _ in rows] == [2, 40]
    assert rows[0][1]["title_vi"] == ROW[1]
    settings.NGOAIVU_PARSE_MAX_ROWS = 39
    _rows, problems = importer.read_rows(template([ROW, ROW], numbers=[2, 40]), "a.xlsx")
    assert "quá 39 dòng" in str(problems[0])
    settings.NGOAIVU_PARSE_MAX_COLUMNS = 10
    _rows, problems = importer.read_rows(template([[*ROW, *[""] * 10, "x"]]), "a.xlsx")
    assert "quá 10 cột" in str(problems[0])


@pytest.mark.django_db
def test_every_hostile_workbook_through_preview_and_import_writes_nothing(world, settings):
    actor = world.users["a_editor"]
    agreements = Agreement.objects.system(reason="test").count()
    partners = Partner.objects.system(reason="test").count()
    events = AgreementEvent.objects.count()
    for case in hostile.XLSX_CASES:
        started = time.monotonic()
        batch, result = importer.preview_batch(
            actor=actor,
            content=case.data,
            filename=case.filename,
            create_partners=True,
            allow_duplicates=True,
        )
        run = importer.run_import(
            actor=actor, content=case.data, filename=case.filename, create_partners=True
        )
        assert time.monotonic() - started < BOUND_SECONDS * 2, case
        assert not result.ok, case
        assert not run.ok, case
        assert batch.status == ImportBatch.Status.FAILED
        assert not batch.file, case  # the refusal is recorded; the hostile file is not kept
        assert batch.errors
        assert vietnamese(batch.errors[0]["message"])
    assert Agreement.objects.system(reason="test").count() == agreements
    assert Partner.objects.system(reason="test").count() == partners
    assert AgreementEvent.objects.count() == events
    assert stored_files(settings) == []


@pytest.mark.django_db
def test_the_upload_page_shows_the_budget_that_refused_the_file(world, settings):
    client = world.client("a_editor")
    upload = SimpleUploadedFile("khung.xlsx", hostile.dimension_lie(header=HEADERS))
    started = time.monotonic()
    response = client.post("/agreements/import/", {"file": upload})
    assert time.monotonic() - started < BOUND_SECONDS
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "khung.xlsx" in page
    assert "quá 100.000 dòng" in page
    assert "Xác nhận nhập" not in page
    assert stored_files(settings) == []


@pytest.mark.django_db
def test_a_formula_like_title_is_imported_as_text_and_exported_as_text(world):
    title = "=cmd|' /C calc'!A0 Bản ghi nhớ hợp tác"
    content = template([["mou", title, "", "Da Nang", "", "Nhật Bản"]], dimension="A1:F2")
    result = importer.run_import(actor=world.users["a_editor"], content=content, filename="cong-thuc.xlsx")
    assert result.ok, [str(p) for p in result.errors]
    agreement = Agreement.objects.system(reason="test").get(import_batch=result.batch)
    assert agreement.title_vi == title
    out = io.BytesIO()
    write_workbook(out, title="x", header=["Tên"], rows=[[agreement.title_vi]])
    cell = load_workbook(io.BytesIO(out.getvalue())).active["A2"]
    assert cell.value == title
    assert cell.data_type == "s"  # a string cell: Excel shows it, never evaluates it
