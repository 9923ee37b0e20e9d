"""Text extraction: every format and encoding the issue names, and clear per-file errors for bad input."""

from __future__ import annotations

import io
import unicodedata
import zipfile

import pytest
from openpyxl import Workbook

from ngoaivu.core.testing import hostile
from ngoaivu.ingest.textract import ExtractError, decode, extract_text

TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def windows_1258(text: str) -> bytes:
    """How Windows-1258 stores Vietnamese: letters with breve, circumflex or horn precomposed, tone marks as
    combining characters after them."""
    out = []
    for ch in text:
        decomposed = unicodedata.normalize("NFD", ch)
        letter = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in TONES))
        out.append(letter + "".join(c for c in decomposed if c in TONES))
    return "".join(out).encode("cp1258")


VI = "Ủy ban nhân dân tỉnh Vĩnh Phúc tiếp Đoàn đại biểu Nhật Bản; kim ngạch đạt 51,53 tỷ USD."


def docx_bytes(paragraphs: list[str]) -> bytes:
    body = "".join(f"<w:p><w:r><w:t>{p}</w:t></w:r></w:p>" for p in paragraphs)
    xml = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f"<w:body>{body}</w:body></w:document>"
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", xml)
    return buf.getvalue()


def pdf_bytes(text: str) -> bytes:
    """A one-page PDF with `text` (ASCII) in Helvetica, written by hand with a correct xref table."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    return hostile.pdf_bytes(objects)


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (VI.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + VI.encode("utf-8"), "utf-8-sig"),
        (VI.encode("utf-16"), "utf-16"),
        (VI.encode("utf-16-le"), "utf-16-le"),
        (VI.encode("utf-16-be"), "utf-16-be"),
        (windows_1258(VI), "cp1258"),
        (unicodedata.normalize("NFD", VI).encode("utf-8"), "utf-8"),
    ],
    ids=["utf8", "utf8-bom", "utf16-bom", "utf16le", "utf16be", "windows-1258", "nfd"],
)
def test_text_files_in_every_encoding_come_out_as_the_same_nfc_text(data, encoding):
    result = extract_text(data, "tin.txt")
    assert result.text == VI
    assert result.encoding == encoding
    assert unicodedata.is_normalized("NFC", result.text)


def test_html_keeps_the_text_and_drops_scripts_and_styles():
    html = "<html><head><title>Tin</title><style>p{}</style><script>alert(1)</script></head>"
    html += f"<body><p>{VI}</p><p>Đoạn &amp; hai</p></body></html>"
    text = extract_text(html.encode(), "tin.html").text
    assert VI in text
    assert "Đoạn & hai" in text
    assert "alert" not in text
    assert "p{}" not in text


def test_docx_paragraphs_are_read():
    text = extract_text(docx_bytes(["Báo cáo kết quả", VI]), "bao-cao.docx").text
    assert text == f"Báo cáo kết quả\n{VI}"


def test_xlsx_cells_are_read():
    wb = Workbook()
    ws = wb.active
    ws.title = "Số liệu"
    ws.append(["Tỉnh", "Vốn (triệu USD)"])
    ws.append(["Vĩnh Phúc", 120.5])
    buf = io.BytesIO()
    wb.save(buf)
    text = extract_text(buf.getvalue(), "so-lieu.xlsx").text
    assert "# Số liệu" in text
    assert "Vĩnh Phúc\t120.5" in text


def test_pdf_text_is_read():
    assert "Da Nang JETRO 2026" in extract_text(pdf_bytes("Da Nang JETRO 2026"), "tin.pdf").text


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"", "rong.txt", "Tệp rỗng"),
        (b"   \n\t ", "trang.txt", "Không đọc được chữ"),
        (bytes(range(256)) * 40, "rac.txt", "nhị phân"),
        (b"MZ\x90\x00\x03\x00\x00\x00", "chuong-trinh.exe", "không được hỗ trợ"),
        (b"%PDF-1.4 not really a pdf", "hong.pdf", "PDF hỏng"),
        (b"<html>not a pdf</html>", "gia.pdf", "không đúng định dạng PDF"),
        (b"PK\x03\x04 broken zip", "hong.docx", "DOCX"),
        (b"plain text", "gia.docx", "không đúng định dạng DOCX"),
        (b"PK\x03\x04" + b"\x00" * 30, "hong.xlsx", "XLSX"),
    ],
    ids=[
        "empty",
        "blank",
        "binary",
        "exe",
        "broken-pdf",
        "fake-pdf",
        "broken-docx",
        "fake-docx",
        "broken-xlsx",
    ],
)
def test_bad_files_get_a_clear_error(data, name, message):
    with pytest.raises(ExtractError, match=message):
        extract_text(data, name)


def test_a_docx_without_its_body_is_refused():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("other.xml", "<x/>")
    with pytest.raises(ExtractError, match=r"word/document\.xml"):
        extract_text(buf.getvalue(), "thieu.docx")


def test_oversized_files_are_refused_before_reading():
    with pytest.raises(ExtractError, match="quá lớn"):
        extract_text(b"x" * 2048, "lon.txt", max_bytes=1024)


def test_undecodable_utf16_is_an_error_not_garbage():
    with pytest.raises(ExtractError, match="giải mã"):
        decode(b"\xff\xfe" + b"\x00\xd8")  # a lone surrogate
