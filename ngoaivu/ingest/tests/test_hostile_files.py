"""Hostile and broken files (issue 16): every case of the corpus in `core/testing/hostile.py` is refused with a
clear Vietnamese message, or safely accepted where that is the right answer, within its time budget, through
text extraction, the document service and the upload pages, and a refused file leaves no row and no stored
file behind."""

from __future__ import annotations

import time
import unicodedata
from collections import Counter
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from ngoaivu.audit.models import AuditEvent
from ngoaivu.core.exceptions import ServiceError
from ngoaivu.core.parsing import Budget, ParseRefused, open_zip, shared_budget
from ngoaivu.core.testing import hostile
from ngoaivu.ingest import services
from ngoaivu.ingest.models import Document, DocumentVersion
from ngoaivu.ingest.textract import ExtractError, extract_text

CASES = hostile.CASES
# Not a performance figure: a parser that honours its budget answers in well under this, one that does not
# runs for minutes (the before figures in bench/hostile_files.py). 5 s was too tight on a loaded 2-core machine
# (the XObject case, whose 2.5 s wall-clock budget is checked between objects, took 5.5–6.8 s there); 20 s still
# tells "stopped by its budget" from "ran for minutes".
BOUND_SECONDS = 20.0
ACCEPTED_BUDGET_SECONDS = 15.0


@pytest.fixture(autouse=True)
def _budget_and_media(settings, tmp_path):
    settings.NGOAIVU_PARSE_SECONDS = 2.5  # the wall-clock budget itself is exercised by the XObject case
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


def test_the_corpus_has_fifty_hostile_files_of_every_kind():
    assert len(CASES) >= 50
    assert len({c.name for c in CASES}) == len(CASES)
    kinds = Counter(c.filename.rsplit(".", 1)[-1] if "." in c.filename else "" for c in CASES)
    for ext, least in {"xlsx": 15, "docx": 10, "pdf": 10, "txt": 5, "csv": 2, "png": 1, "jpg": 1}.items():
        assert kinds[ext] >= least, kinds
    for name in ("xlsx_dimension_lie_full", "pdf_shared_content_stream", "docx_expansion_bomb"):
        assert name in hostile.BY_NAME


@pytest.mark.parametrize("case", CASES, ids=str)
def test_extraction_refuses_or_accepts_each_case_within_its_budget(case):
    data = case.data  # made (and cached) before the clock starts
    started = time.monotonic()
    try:
        text, refusal = extract_text(data, case.filename).text, ""
    except ExtractError as exc:
        text, refusal = "", str(exc)
    elapsed = time.monotonic() - started
    assert elapsed < BOUND_SECONDS, f"{case}: {elapsed:.1f} s"
    if case.accepted:
        assert not refusal, refusal
        assert case.accepted in text
    else:
        assert refusal, f"{case} was accepted: {text[:200]!r}"
        assert case.refused in refusal
        assert vietnamese(refusal), refusal


def test_formulas_are_read_as_text_never_evaluated():
    text = extract_text(hostile.BY_NAME["xlsx_formulas_and_injections"].data, "f.xlsx").text
    assert "=cmd|' /C calc'!A0" in text  # a string cell stays a string; exports escape it (core/xlsx.py)
    assert "SUM(1,2)" not in text  # a formula without a cached value brings nothing
    assert "\t3" not in text
    assert "example.invalid" not in text


def test_the_declared_dimension_is_ignored_and_real_cells_are_counted(settings):
    settings.NGOAIVU_PARSE_MAX_ROWS = 30
    small = extract_text(hostile.dimension_lie(30), "a.xlsx").text
    assert small.splitlines() == ["# Sheet1", "Dòng 1\tNhật Bản", "Dòng 2\tNhật Bản", "Cuối"]  # no padding
    with pytest.raises(ExtractError, match="quá 30 dòng"):
        extract_text(hostile.dimension_lie(31), "a.xlsx")
    settings.NGOAIVU_PARSE_MAX_COLUMNS = 5
    with pytest.raises(ExtractError, match="quá 5 cột"):
        extract_text(hostile._wide_real_row(6), "a.xlsx")
    assert "xa" in extract_text(hostile._wide_real_row(5), "a.xlsx").text


def test_pdf_budgets_are_settings(settings):
    settings.NGOAIVU_PARSE_MAX_PAGES = 3
    four = hostile.pdf_pages([hostile.text_page(f"Trang {i}") for i in range(4)])
    with pytest.raises(ExtractError, match="4 trang"):
        extract_text(four, "a.pdf")
    settings.NGOAIVU_PARSE_MAX_PAGES = 4
    assert "Trang 3" in extract_text(four, "a.pdf").text
    settings.NGOAIVU_PARSE_MAX_PAGE_CONTENT_BYTES = 100
    with pytest.raises(ExtractError, match=r"Trang 1 .*nội dung quá lớn"):
        extract_text(hostile.pdf_pages([hostile.text_page("x" * 200)]), "a.pdf")


def test_zip_budgets_are_settings_and_read_from_the_directory_before_parsing(settings):
    docx = hostile.docx_bytes(hostile.docx_text(["Hợp tác"] * 2000))
    settings.NGOAIVU_PARSE_MAX_PART_BYTES = 10_000
    with pytest.raises(ParseRefused, match="quá lớn khi giải nén"):
        open_zip(docx, "docx", Budget.current())
    settings.NGOAIVU_PARSE_MAX_PART_BYTES = 10_000_000
    settings.NGOAIVU_PARSE_MAX_MEMBERS = 1
    with pytest.raises(ParseRefused, match="2 thành phần"):
        open_zip(docx, "docx", Budget.current())
    settings.NGOAIVU_PARSE_MAX_MEMBERS = 2
    assert "Hợp tác" in extract_text(docx, "a.docx").text


def test_a_docx_is_streamed_so_memory_does_not_follow_its_size():
    paragraphs = [f"Đoạn {i} về hợp tác quốc tế" for i in range(20_000)]
    text = extract_text(hostile.docx_bytes(hostile.docx_text(paragraphs)), "a.docx").text
    assert text.count("\n") == 19_999
    assert text.endswith("Đoạn 19999 về hợp tác quốc tế")


@pytest.mark.django_db
def test_every_case_through_the_document_service_writes_nothing_when_refused(world, settings):
    actor = world.users["a_editor"]
    problems = []
    for case in CASES:
        data = case.data
        # a file that must be accepted gets a budget no load can exhaust: 2.5 s refused a legitimate heavy
        # workbook (xlsx_styled_rows_reaching_xfd) while four test processes shared two cores
        settings.NGOAIVU_PARSE_SECONDS = ACCEPTED_BUDGET_SECONDS if case.accepted else 2.5
        documents = Document.objects.system(reason="test").count()
        versions = DocumentVersion.objects.count()
        events = AuditEvent.objects.count()
        files = stored_files(settings)
        started = time.monotonic()
        try:
            services.document_create(
                actor=actor, data=services.DocumentInput(), upload=services.Upload(case.filename, data)
            )
            refusal = ""
        except services.DuplicateDocument:
            refusal = "duplicate"  # an accepted file whose text an earlier case already brought
        except ServiceError as exc:
            refusal = exc.as_text()
        elapsed = time.monotonic() - started
        added = Document.objects.system(reason="test").count() - documents
        if elapsed >= BOUND_SECONDS:
            problems.append(f"{case}: {elapsed:.1f} s")
        if case.accepted and refusal not in {"", "duplicate"}:
            problems.append(f"{case}: refused {refusal}")
        if case.accepted and not refusal and (added != 1 or len(stored_files(settings)) != len(files) + 1):
            problems.append(f"{case}: accepted but {added} documents stored")
        if not case.accepted:
            if not refusal or case.refused not in refusal or case.filename not in refusal:
                problems.append(f"{case}: {refusal or 'accepted'}")
            after = (
                Document.objects.system(reason="test").count(),
                DocumentVersion.objects.count(),
                AuditEvent.objects.count(),
                stored_files(settings),
            )
            if after != (documents, versions, events, files):
                problems.append(f"{case}: refused but something was written")
    assert not problems, "\n".join(problems)


@pytest.mark.django_db
def test_the_upload_pages_report_each_hostile_file_and_keep_nothing(world, settings):
    client = world.client("a_editor")
    refused = [
        c for c in CASES if not c.accepted and c.filename.rsplit(".", 1)[-1] in {"pdf", "docx", "xlsx"}
    ]
    for i in range(0, len(refused), 25):
        chunk = refused[i : i + 25]
        started = time.monotonic()
        response = client.post(
            "/documents/ingest/",
            {
                "files": [SimpleUploadedFile(c.filename, c.data) for c in chunk],
                "kind": "news",
                "visibility": "shared",
            },
        )
        assert time.monotonic() - started < BOUND_SECONDS * 4
        assert response.status_code == 400
        html = response.content.decode()
        assert "Đã thêm" not in html
        for case in chunk:
            assert case.filename in html, case
    for name in ("xlsx_dimension_lie_full", "pdf_shared_content_stream", "docx_expansion_bomb"):
        case = hostile.BY_NAME[name]
        response = client.post(
            "/documents/new/",
            {"file": SimpleUploadedFile(case.filename, case.data), "kind": "news", "visibility": "shared"},
        )
        assert response.status_code == 400, name
        assert case.refused in response.content.decode(), name
    assert not Document.objects.system(reason="test").exists()
    assert not DocumentVersion.objects.exists()
    assert stored_files(settings) == []


def test_files_parsed_in_one_request_share_one_budget(settings):
    settings.NGOAIVU_PARSE_SECONDS = 30
    slow = hostile.BY_NAME["pdf_xobject_amplification"].data
    text = hostile.VI.encode()
    started = time.monotonic()
    with shared_budget(1.0):
        with pytest.raises(ExtractError, match="lần tải lên này"):
            extract_text(slow, "lap.pdf")
        with pytest.raises(ExtractError, match=r"tối đa 1 giây cho cả lần"):
            extract_text(text, "sau.txt")  # refused at once: the request's budget is spent
    assert time.monotonic() - started < BOUND_SECONDS
    assert "Ủy ban" in extract_text(text, "sau.txt").text


@pytest.mark.django_db
def test_the_batch_upload_page_stops_parsing_when_its_budget_is_spent(world, settings):
    settings.NGOAIVU_PARSE_SECONDS = 30
    settings.NGOAIVU_PARSE_REQUEST_SECONDS = 1
    files = [
        SimpleUploadedFile("lap.pdf", hostile.BY_NAME["pdf_xobject_amplification"].data),
        SimpleUploadedFile("sau.txt", hostile.VI.encode()),
    ]
    started = time.monotonic()
    response = world.client("a_editor").post(
        "/documents/ingest/", {"files": files, "kind": "news", "visibility": "shared"}
    )
    assert time.monotonic() - started < BOUND_SECONDS
    assert response.status_code == 400
    assert response.content.decode().count("hết thời gian đọc tệp của lần tải lên này") == 2
    assert not Document.objects.system(reason="test").exists()
    assert stored_files(settings) == []
