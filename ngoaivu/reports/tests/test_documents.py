"""The report writers against a hand-built `ReportContent` (no database): the Word document in the Decree
30/2020 layout, checked with python-docx; its PDF through LibreOffice, whose text (pdftotext) carries the same
figures; the Excel annexes; and a missing LibreOffice answered with a clear message."""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import subprocess
from decimal import Decimal

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Pt
from openpyxl import load_workbook

from ngoaivu.reports.content import Figure, ReportContent, Section, Table
from ngoaivu.reports.documents import PdfUnavailable, docx_to_pdf, write_docx, write_xlsx
from ngoaivu.reports.documents import pdf as pdf_module
from ngoaivu.reports.documents.vietnamese import number, official_date

ISSUED = dt.date(2026, 3, 5)


def sample() -> ReportContent:
    return ReportContent(
        kind="national_review",
        title="BÁO CÁO Tổng kết công tác đối ngoại địa phương từ ngày 13/12/2021 đến ngày 04/03/2026",
        period_from=dt.date(2021, 12, 13),
        period_to=dt.date(2026, 3, 4),
        issuing_body="Cục Ngoại vụ và Ngoại giao văn hóa",
        issuing_parent="Bộ Ngoại giao",
        place="Hà Nội",
        sections=[
            Section(
                key="agreements",
                title="Thỏa thuận quốc tế của địa phương",
                narrative="Các địa phương đã ký nhiều thỏa thuận với địa phương nước ngoài.\nMột số chưa triển khai.",
                figures=[
                    Figure(
                        "agreements_local_new", "Thỏa thuận mới với địa phương nước ngoài", 1234, "thỏa thuận"
                    ),
                    Figure("fdi", "Vốn FDI đăng ký", Decimal("51.53"), "tỷ USD"),
                    Figure(
                        "remittances",
                        "Kiều hối",
                        None,
                        missing="không có nguồn số liệu kiều hối trong hệ thống",
                    ),
                ],
                tables=[
                    Table(
                        "Thỏa thuận mới theo tỉnh, thành phố",
                        ["Tỉnh, thành phố", "Thỏa thuận", "Ngày ký gần nhất"],
                        [["Đà Nẵng", 12, dt.date(2025, 7, 1)], ["Thành phố Hồ Chí Minh", 1205, None]],
                    )
                ],
                bullets=["Thỏa thuận Đà Nẵng – Gyeonggi: không hoạt động 14 tháng"],
            ),
            Section(
                key="delegations",
                title="II. Đoàn ra, đoàn vào",
                figures=[Figure("d_in", "Đoàn vào", 57, "đoàn")],
            ),
        ],
        recipients=["Lãnh đạo Bộ (để báo cáo)", "UBND các tỉnh, thành phố"],
        signer_title="KT. CỤC TRƯỞNG\nPHÓ CỤC TRƯỞNG",
        signer_name="Nguyễn Văn An",
    )


@pytest.fixture(scope="module")
def docx_bytes() -> bytes:
    return write_docx(sample(), issued_on=ISSUED)


def _text(cell) -> str:
    return "\n".join(p.text for p in cell.paragraphs)


def test_vietnamese_numbers_and_official_dates():
    assert number(6470) == "6.470"
    assert number(Decimal("51.53")) == "51,53"
    assert number(Decimal("1234567.50")) == "1.234.567,5"
    assert number(-1200) == "-1.200"
    assert official_date(dt.date(2026, 3, 5)) == "ngày 05 tháng 3 năm 2026"
    assert official_date(dt.date(2026, 1, 15)) == "ngày 15 tháng 01 năm 2026"
    assert official_date(dt.date(2025, 12, 9)) == "ngày 09 tháng 12 năm 2025"


def test_word_document_follows_decree_30(docx_bytes):
    doc = Document(io.BytesIO(docx_bytes))
    section = doc.sections[0]
    # A4 portrait, margins: top/bottom 20–25 mm, left 30–35 mm, right 15–20 mm
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert 20 <= round(section.top_margin.mm) <= 25
    assert 20 <= round(section.bottom_margin.mm) <= 25
    assert 30 <= round(section.left_margin.mm) <= 35
    assert 15 <= round(section.right_margin.mm) <= 20
    # Times New Roman 13–14 pt for every script (Vietnamese never falls back to another font)
    normal = doc.styles["Normal"]
    assert Pt(13) <= normal.font.size <= Pt(14)
    fonts = normal.element.rPr.find(qn("w:rFonts"))
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        assert fonts.get(qn(attr)) == "Times New Roman", attr
    for paragraph in doc.paragraphs:
        for run in paragraph.runs:
            assert run.font.name in (None, "Times New Roman"), run.text
    # the header: a borderless table, issuing body top left, national name and motto top right
    header = doc.tables[0]
    borders = header._tbl.tblPr.find(qn("w:tblBorders"))
    assert all(edge.get(qn("w:val")) == "nil" for edge in borders)
    left, right = _text(header.cell(0, 0)), _text(header.cell(0, 1))
    assert "BỘ NGOẠI GIAO" in left
    assert "CỤC NGOẠI VỤ VÀ NGOẠI GIAO VĂN HÓA" in left
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in right
    assert "Độc lập - Tự do - Hạnh phúc" in right
    motto = next(p for p in header.cell(0, 1).paragraphs if p.text == "Độc lập - Tự do - Hạnh phúc")
    assert all(r.bold for r in motto.runs)
    rules = [
        p
        for c in (header.cell(0, 0), header.cell(0, 1))
        for p in c.paragraphs
        if p._p.find(".//" + qn("w:pBdr")) is not None
    ]
    assert len(rules) == 2  # a short rule under the issuing body and under the motto
    assert _text(header.cell(1, 0)).startswith("Số: ")
    assert _text(header.cell(1, 0)).endswith(
        "/BC-NVNGVH"
    )  # the number blank for the clerk, the body's symbol
    date = header.cell(1, 1).paragraphs[0]
    assert date.text == "Hà Nội, ngày 05 tháng 3 năm 2026"
    assert all(r.italic for r in date.runs)
    # the title centred and bold; the body justified
    title = next(p for p in doc.paragraphs if p.text == "BÁO CÁO")
    assert title.alignment == 1  # centre
    assert all(r.bold for r in title.runs)
    narrative = next(p for p in doc.paragraphs if p.text.startswith("Các địa phương đã ký"))
    assert narrative.alignment == 3  # justify
    # page numbers: a PAGE field centred in the header, none on the first page
    assert section.different_first_page_header_footer
    assert "PAGE" in "".join(t.text for t in section.header._element.iter(qn("w:instrText")))
    assert section.header.paragraphs[0].alignment == 1
    assert not section.first_page_header._element.findall(".//" + qn("w:instrText"))
    # figures in the Vietnamese style; a figure with no source prints why, never a number
    body = "\n".join(p.text for p in doc.paragraphs)
    assert "Thỏa thuận mới với địa phương nước ngoài: 1.234 thỏa thuận." in body
    assert "Vốn FDI đăng ký: 51,53 tỷ USD." in body
    assert "Kiều hối: chưa có số liệu (không có nguồn số liệu kiều hối trong hệ thống)." in body
    assert "I. THỎA THUẬN QUỐC TẾ CỦA ĐỊA PHƯƠNG" in body
    assert "II. ĐOÀN RA, ĐOÀN VÀO" in body  # the figures' own numbering is not doubled
    table = doc.tables[1]
    assert [c.text for c in table.rows[0].cells] == ["Tỉnh, thành phố", "Thỏa thuận", "Ngày ký gần nhất"]
    assert [c.text for c in table.rows[2].cells] == ["Thành phố Hồ Chí Minh", "1.205", ""]
    assert table.rows[1].cells[2].text == "01/07/2025"
    # the signature block: "Nơi nhận:" bottom left, the authority prefix and the signer right
    signature = doc.tables[-1]
    recipients = _text(signature.cell(0, 0))
    assert recipients.startswith("Nơi nhận:")
    assert "- Lãnh đạo Bộ (để báo cáo);" in recipients
    assert recipients.endswith("- Lưu: VT.")
    signer = _text(signature.cell(0, 1))
    assert signer.startswith("KT. CỤC TRƯỞNG\nPHÓ CỤC TRƯỞNG")
    assert signer.endswith("Nguyễn Văn An")


def test_excel_annexes_carry_every_figure_and_table():
    book = load_workbook(io.BytesIO(write_xlsx(sample())))
    assert book.sheetnames[0] == "Số liệu"
    rows = list(book["Số liệu"].iter_rows(values_only=True))
    assert rows[4][:4] == (
        "Thỏa thuận quốc tế của địa phương",
        "Thỏa thuận mới với địa phương nước ngoài",
        1234,
        "thỏa thuận",
    )
    remittances = next(r for r in rows if r[1] == "Kiều hối")
    assert remittances[2] is None
    assert "không có nguồn số liệu kiều hối" in remittances[4]
    table = book[book.sheetnames[1]]
    assert table["A1"].value == "Bảng 1. Thỏa thuận mới theo tỉnh, thành phố"
    assert [c.value for c in table[5]][:2] == ["Thành phố Hồ Chí Minh", 1205]


def test_missing_libreoffice_is_a_clear_message(monkeypatch, settings):
    settings.NGOAIVU_SOFFICE = "/nowhere/soffice"
    assert not pdf_module.available()
    with pytest.raises(PdfUnavailable, match="chưa cài LibreOffice"):
        docx_to_pdf(b"not even a document")


def test_pdf_of_the_same_document_carries_the_same_figures(docx_bytes):
    if pdf_module.soffice_path() is None or shutil.which("pdftotext") is None:
        if os.environ.get("NGOAIVU_REQUIRE_BROWSER") == "1":
            pytest.fail("LibreOffice (soffice) and pdftotext are required (NGOAIVU_REQUIRE_BROWSER=1)")
        pytest.skip("LibreOffice (soffice) or pdftotext (poppler-utils) not installed")
    data = docx_to_pdf(docx_bytes)
    assert data.startswith(b"%PDF")
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"],
        input=data,
        capture_output=True,
        check=True,
        timeout=60,
    ).stdout.decode()
    flat = " ".join(text.split())
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Hà Nội, ngày 05 tháng 3 năm 2026",
        "1.234 thỏa thuận",
        "51,53 tỷ USD",
        "1.205",
        "chưa có số liệu",
        "Nơi nhận:",
        "KT. CỤC TRƯỞNG",
        "Nguyễn Văn An",
    ):
        assert expected in flat, expected
    pages = text.split("\f")
    if len([p for p in pages if p.strip()]) > 1:  # page numbers from page 2 only
        assert pages[1].strip().splitlines()[0].strip() == "2"
        assert not pages[0].strip().splitlines()[0].strip().isdigit()


# the order OOXML fixes for the property elements the writer adds to (Word "repairs" a document otherwise)
ORDER = {
    "pPr": "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers pBdr shd tabs "
    "suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE autoSpaceDN bidi adjustRightInd "
    "snapToGrid spacing ind contextualSpacing mirrorIndents suppressOverlap jc textDirection textAlignment "
    "textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange",
    "tblPr": "tblStyle tblpPr tblOverlap bidiVisual tblStyleRowBandSize tblStyleColBandSize tblW jc tblCellSpacing "
    "tblInd tblBorders shd tblLayout tblCellMar tblLook tblCaption tblDescription",
    "rPr": "rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint noProof snapToGrid "
    "vanish webHidden color spacing w kern position sz szCs highlight u effect bdr shd fitText vertAlign rtl cs em "
    "lang eastAsianLayout specVanish oMath",
}


def test_word_document_keeps_the_schema_order(docx_bytes):
    """Word opens a document whose property elements are out of the schema's order only after a "repair":
    every pPr, tblPr and rPr of the body, the headers and the styles lists its children in that order."""
    import zipfile
    from xml.etree import ElementTree as ET

    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    package = zipfile.ZipFile(io.BytesIO(docx_bytes))
    parts = [n for n in package.namelist() if n.startswith("word/") and n.endswith(".xml")]
    assert "docProps/thumbnail.jpeg" not in package.namelist()
    for name in parts:
        root = ET.fromstring(package.read(name))  # noqa: S314 - our own output
        for tag, words in ORDER.items():
            order = words.split()
            for element in root.iter(w + tag):
                children = [c.tag.removeprefix(w) for c in element]
                assert all(c in order for c in children), (name, tag, children)
                assert children == sorted(children, key=order.index), (name, tag, children)


def test_number_line_carries_the_symbol_of_the_issuing_body():
    """Review #7 (Decree 30/2020): "Số: …/BC-UBND" for a province's People's Committee, a mission's own kind of
    body, and the symbol the officer typed when there is one."""
    from ngoaivu.reports.documents.vietnamese import default_symbol

    assert default_symbol("province_periodic", "ỦY BAN NHÂN DÂN THÀNH PHỐ ĐÀ NẴNG") == "BC-UBND"
    assert default_symbol("mission_support", "ĐẠI SỨ QUÁN VIỆT NAM TẠI NHẬT BẢN") == "BC-ĐSQ"
    assert default_symbol("mission_support", "TỔNG LÃNH SỰ QUÁN VIỆT NAM TẠI OSAKA") == "BC-TLSQ"
    content = sample()
    content.kind, content.issuing_body, content.issuing_parent = (
        "province_periodic",
        "ỦY BAN NHÂN DÂN TỈNH X",
        "",
    )
    for symbol, expected in (("", "/BC-UBND"), ("BC-UBND-NgV", "/BC-UBND-NgV")):
        doc = Document(io.BytesIO(write_docx(content, issued_on=dt.date(2026, 3, 5), symbol=symbol)))
        assert _text(doc.tables[0].cell(1, 0)).endswith(expected)


def test_rates_and_dollars_are_printed_one_way():
    """Walk minors 3–4: a rate always with one decimal, as the narratives write it (25,0 %); whole dollars in a
    signed report; millions and billions keep their decimals (51,53 tỷ USD)."""
    from ngoaivu.reports.documents.vietnamese import figure_value

    assert figure_value(Figure("r", "Tỷ lệ", 25, unit="%")) == "25,0 %"
    assert figure_value(Figure("r", "Tỷ lệ", Decimal("66.666"), unit="%")) == "66,7 %"
    assert figure_value(Figure("u", "Giải ngân", Decimal("4436794.5714"), unit="USD")) == "4.436.795 USD"
    assert figure_value(Figure("b", "Xuất khẩu", Decimal("51.53"), unit="tỷ USD")) == "51,53 tỷ USD"
