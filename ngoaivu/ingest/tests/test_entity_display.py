"""Entities read as Vietnamese on the document page: types as labels, values for people ("450 triệu đồng",
"1,2 tỷ USD", dd/mm/yyyy), never a raw dict, list or type code; statuses and kinds as labels; the fake-PDF
message once; destructive actions confirmed."""

from __future__ import annotations

import datetime as dt
import html as htmllib
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from ngoaivu.core.testing.clock import freeze_time
from ngoaivu.ingest import services
from ngoaivu.ingest.entities import display

ARTICLE = (
    "Ông Nguyễn Văn Hùng tiếp Cơ quan Hợp tác Quốc tế Nhật Bản tại Quảng Nam\n"
    "Ngày 15/03/2026, ông Nguyễn Văn Hùng, Chủ tịch UBND thành phố Đà Nẵng, tiếp Cơ quan Hợp tác Quốc tế "
    "Nhật Bản (JICA) tại Quảng Nam. Dự án trị giá 450 triệu đồng và khoản vay 1,2 tỷ USD được ký tháng 6/2026 "
    "tại Nhật Bản."
)
CODES = ("MONEY", "DATE", "PERSON", "ORG", "PROVINCE", "COUNTRY", "'amount'", "'currency'", "{'", "['")


def text_of(response) -> str:
    """The words a reader sees: the HTML without scripts, styles and tags, entities decoded."""
    body = response.content.decode()
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S)
    return htmllib.unescape(re.sub(r"<[^>]+>", " ", body))


@pytest.fixture(autouse=True)
def _vietnamese():
    with translation.override("vi"):
        yield


@pytest.mark.parametrize(
    ("amount", "currency", "expected"),
    [
        (450_000_000, "VND", "450 triệu đồng"),
        (1_200_000_000, "USD", "1,2 tỷ USD"),
        (3_500_000, "USD", "3,5 triệu USD"),
        (2_500, "USD", "2.500 USD"),
        (51_530_000_000, "USD", "51,53 tỷ USD"),
        (2_000_000_000_000, "VND", "2 nghìn tỷ đồng"),
        (Decimal("12.5"), "EUR", "12,5 EUR"),
        (0.333333, "JPY", "0,33 JPY"),
    ],
)
def test_money_reads_in_words(amount, currency, expected):
    assert display.money_vi(amount, currency) == expected


@pytest.mark.parametrize(
    ("norm", "expected"),
    [
        ("2026-03-15", "15/03/2026"),
        ("2026-06", "tháng 06/2026"),
        ("--03-15", "15/03"),
        ("2026", "năm 2026"),
        ("not a date", ""),
    ],
)
def test_dates_read_dd_mm_yyyy_and_a_year_is_never_grouped(norm, expected):
    assert display.date_vi(norm) == expected


def test_every_type_has_a_vietnamese_label_and_an_unknown_one_is_not_shown_as_its_code():
    assert display.type_label("MONEY") == "Số tiền"
    assert display.type_label("money") == "Số tiền"
    assert display.type_label("ORG") == "Tổ chức"
    assert display.type_label("PERSON") == "Người"
    assert display.type_label("DATE") == "Ngày tháng"
    assert display.type_label("PROVINCE") == "Tỉnh, thành phố"
    assert display.type_label("COUNTRY") == "Quốc gia"
    assert display.type_label("WEAPON") == "Khác"


def test_a_value_is_never_a_dict_or_list_repr(db):
    names = display.Names.load()
    assert display.value_vi("MONEY", {"amount": 450_000_000, "currency": "VND"}, names) == "450 triệu đồng"
    assert display.value_vi("ORG", {"weird": 1}, names) == ""
    assert display.value_vi("ORG", ["a", "b"], names) == ""
    assert display.value_vi("PROVINCE", {"code": "49", "current_code": "48"}, names) == (
        "Quảng Nam (nay thuộc Đà Nẵng)"
    )
    # a merged province keeps the capital's code: the text tells the former unit from the current one
    assert display.value_vi("PROVINCE", {"code": "24", "current_code": "24"}, names, "Bắc Giang") == (
        "Bắc Giang (nay thuộc Bắc Ninh)"
    )
    assert display.value_vi("PROVINCE", {"code": "24", "current_code": "24"}, names, "Bắc Ninh") == "Bắc Ninh"
    assert display.value_vi("COUNTRY", "jp", names) == "Nhật Bản"


@freeze_time("2026-03-16 09:00:00")
def test_document_page_shows_entities_as_vietnamese(world):
    doc = services.document_create(
        actor=world.users["a_editor"],
        data=services.DocumentInput(text=ARTICLE, published_on=dt.date(2026, 3, 16)),
    )
    types = {e.type for e in doc.entities.all()}
    assert {"MONEY", "DATE", "ORG", "PERSON", "PROVINCE", "COUNTRY"} <= types
    response = world.client("a_editor").get(f"/documents/{doc.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    text = text_of(response)
    for label in ("Số tiền", "Ngày tháng", "Tổ chức", "Người"):
        assert label in text
    assert "450 triệu đồng" in text
    assert "1,2 tỷ USD" in text
    assert "15/03/2026" in text
    assert "tháng 6/2026" in text
    assert "Nguyễn Văn Hùng" in text
    assert (
        html.count('<span class="badge ent-person">Người</span> Nguyễn Văn Hùng') == 1
    )  # found twice, listed once
    assert "tháng 6/2026 (" not in text  # a value that says no more than the text is not repeated
    assert "Quảng Nam" in text
    assert "Đà Nẵng" in text
    for code in CODES:
        assert code not in text, code
    # the marks in the text name their type in words too
    titles = set(re.findall(r'<mark class="ent [^"]*" title="([^"]*)"', html))
    assert titles
    assert titles <= {"Số tiền", "Ngày tháng", "Tổ chức", "Người", "Tỉnh, thành phố", "Quốc gia"}
    assert "(Tỉnh, thành phố)" in text
    assert "(Quốc gia)" in text


def test_document_page_names_kind_and_scope_in_words_and_confirms_deletion(world):
    doc = services.document_create(
        actor=world.users["a_editor"],
        data=services.DocumentInput(text=ARTICLE, kind="report", visibility="private"),
    )
    response = world.client("a_editor").get(f"/documents/{doc.pk}/")
    text = text_of(response)
    assert "Báo cáo" in text
    assert "Nội bộ đơn vị" in text
    assert "report" not in text.split()
    assert "Văn bản dán" in text  # the version's format
    assert "text" not in text.split()
    assert "private" not in text.split()
    html = response.content.decode()
    form = re.search(rf'<form[^>]*action="/documents/{doc.pk}/delete/"[^>]*>', html)
    assert form is not None
    confirm = re.search(r'data-confirm="([^"]*)"', form.group(0))
    assert confirm is not None
    question = htmllib.unescape(confirm.group(1))
    assert doc.title[:20] in question
    assert question.startswith("Xóa tài liệu")
    assert question.endswith("?")


def test_a_fake_pdf_is_refused_with_one_message(world):
    client = world.client("a_editor")
    fake = SimpleUploadedFile("bao-cao.pdf", b"this is not a pdf at all", content_type="application/pdf")
    response = client.post(
        "/documents/new/", {"file": fake, "kind": "news", "visibility": "shared"}, format="multipart"
    )
    assert response.status_code == 400
    text = text_of(response)
    assert text.count("không đúng định dạng PDF") == 1, text


@pytest.mark.parametrize(
    ("data", "name", "expected"),
    [
        (b"%PDF-1.4\n1 0 obj garbage", "x.pdf", "Tệp PDF hỏng hoặc không đọc được."),
        (b"PK\x03\x04garbage", "x.docx", "Tệp DOCX hỏng hoặc bị cắt cụt."),
        (b"PK\x03\x04garbage", "x.xlsx", "Tệp XLSX hỏng hoặc bị cắt cụt."),
    ],
)
def test_a_broken_file_is_refused_in_vietnamese_without_an_exception_class(data, name, expected):
    from ngoaivu.ingest.textract import ExtractError, extract_text

    with pytest.raises(ExtractError) as refused:
        extract_text(data, name, max_bytes=10**7)
    assert str(refused.value) == expected
