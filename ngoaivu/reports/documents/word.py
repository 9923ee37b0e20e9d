"""A report as a Word document in the Decree 30/2020/NĐ-CP layout (DOMAIN.md §6), written with python-docx.

A4 portrait; margins top/bottom 20 mm, left 30 mm, right 15 mm; Times New Roman 14 pt (set for every script:
ascii, hAnsi, cs and eastAsia, so Vietnamese never falls back to another font), body justified. The header is
a borderless table: the parent body and the issuing body top left with a short rule and "Số: …", the national
name and motto top right with a rule, then place and date in italics. Page numbers sit centred in the top
margin from page 2 (a different first-page header with nothing in it). The signature block carries the
authority prefix (TM., KT., TL., TUQ.) and "Nơi nhận:" sits bottom left.

Only what `ReportContent` says is written: a figure with no source prints why (`Figure.missing`), never a
number; the narratives are the officers' text, the figures are never edited by hand."""

from __future__ import annotations

import datetime as dt
import io
import re
from decimal import Decimal
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from ngoaivu.reports.content import ReportContent, Section, Table
from ngoaivu.reports.documents.vietnamese import (
    cell,
    default_symbol,
    figure_value,
    official_date,
    period_text,
)

FONT = "Times New Roman"
BODY_PT = 14
TABLE_PT = 12
PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
MARGIN_TOP = MARGIN_BOTTOM = Mm(20)
MARGIN_LEFT, MARGIN_RIGHT = Mm(30), Mm(15)
TEXT_WIDTH_CM = 16.5  # 210 − 30 − 15 mm
HEADER_LEFT_CM, HEADER_RIGHT_CM = 6.3, 10.2
NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV", "XVI"]
ROMAN += ["XVII", "XVIII", "XIX", "XX"]
_LEADING_NUMBER = re.compile(r"^\s*(?:[IVXLC]+|\d+)\s*[.)]\s*")
INDENT = Cm(1.27)
# OOXML fixes the order of a property element's children (Word reports an unreadable document otherwise):
# a new child goes before the first of these that follow it
AFTER_PBDR = (
    "w:shd",
    "w:tabs",
    "w:suppressAutoHyphens",
    "w:kinsoku",
    "w:wordWrap",
    "w:overflowPunct",
    "w:topLinePunct",
    "w:autoSpaceDE",
    "w:autoSpaceDN",
    "w:bidi",
    "w:adjustRightInd",
    "w:snapToGrid",
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:textDirection",
    "w:textAlignment",
    "w:textboxTightWrap",
    "w:outlineLvl",
    "w:divId",
    "w:cnfStyle",
    "w:rPr",
    "w:sectPr",
    "w:pPrChange",
)
AFTER_TBLBORDERS = ("w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription")
AFTER_TBLLAYOUT = ("w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription")
AFTER_SZ = (
    "w:highlight",
    "w:u",
    "w:effect",
    "w:bdr",
    "w:shd",
    "w:fitText",
    "w:vertAlign",
    "w:rtl",
    "w:cs",
    "w:em",
    "w:lang",
    "w:eastAsianLayout",
    "w:specVanish",
    "w:oMath",
)
AFTER_LANG = ("w:eastAsianLayout", "w:specVanish", "w:oMath")


def _set_fonts(rpr: Any, size_pt: float | None = None) -> None:
    """Times New Roman for every script on an rPr (a style's or a run's); theme fonts removed, since Word
    prefers a theme font over the named one."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        if fonts.get(qn(attr)) is not None:
            del fonts.attrib[qn(attr)]
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)
    if size_pt is not None:
        half_points = str(int(size_pt * 2))
        for tag in ("w:sz", "w:szCs"):
            el = rpr.find(qn(tag))
            if el is None:
                el = OxmlElement(tag)
                rpr.insert_element_before(el, *(("w:szCs",) if tag == "w:sz" else ()), *AFTER_SZ)
            el.set(qn("w:val"), half_points)


def _run(
    paragraph: Any, text: str, *, size: float = BODY_PT, bold: bool = False, italic: bool = False
) -> Any:
    run = paragraph.add_run(text)
    run.font.name = FONT
    run.font.size = Pt(size)
    run.bold = bold
    run.italic = italic
    _set_fonts(run._element.get_or_add_rPr())
    return run


def _para(
    container: Any,
    text: str = "",
    *,
    size: float = BODY_PT,
    bold: bool = False,
    italic: bool = False,
    align: Any = WD_ALIGN_PARAGRAPH.JUSTIFY,
    indent: Any = None,
    before: float = 0,
    after: float = 6,
    line: float = 1.15,
) -> Any:
    paragraph = container.add_paragraph()
    fmt = paragraph.paragraph_format
    fmt.alignment = align
    fmt.space_before = Pt(before)
    fmt.space_after = Pt(after)
    fmt.line_spacing = line
    if indent is not None:
        fmt.first_line_indent = indent
    if text:
        _run(paragraph, text, size=size, bold=bold, italic=italic)
    return paragraph


def _first_cell_paragraph(cell_: Any) -> Any:
    """The cell's own empty paragraph, reused for the first line (a cell always holds one)."""
    return cell_.paragraphs[0]


def _cell_para(cell_: Any, text: str, *, first: bool = False, **kwargs: Any) -> Any:
    if first:
        paragraph = _first_cell_paragraph(cell_)
        fmt = paragraph.paragraph_format
        fmt.alignment = kwargs.pop("align", WD_ALIGN_PARAGRAPH.CENTER)
        fmt.space_before, fmt.space_after, fmt.line_spacing = Pt(0), Pt(kwargs.pop("after", 0)), 1.0
        if text:
            _run(paragraph, text, **kwargs)
        return paragraph
    kwargs.setdefault("align", WD_ALIGN_PARAGRAPH.CENTER)
    kwargs.setdefault("after", 0)
    kwargs.setdefault("line", 1.0)
    return _para(cell_, text, **kwargs)


def _rule(cell_: Any, width_cm: float, cell_width_cm: float) -> None:
    """A short centred rule (Decree 30: under the issuing body and under the motto): an empty paragraph with a
    top border, indented on both sides to the rule's width."""
    paragraph = _para(cell_, "", size=4, align=WD_ALIGN_PARAGRAPH.CENTER, before=2, after=0, line=1.0)
    side = Cm(max((cell_width_cm - width_cm) / 2, 0))
    paragraph.paragraph_format.left_indent = side
    paragraph.paragraph_format.right_indent = side
    _top_border(paragraph)
    _mark_size(paragraph, 4)
    _mark_size(paragraph, 4)


def _mark_size(paragraph: Any, size_pt: float) -> None:
    """The size of an empty paragraph's mark (its line height): a rule paragraph stays thin."""
    rpr = OxmlElement("w:rPr")
    for tag in ("w:sz", "w:szCs"):
        el = OxmlElement(tag)
        el.set(qn("w:val"), str(int(size_pt * 2)))
        rpr.append(el)
    paragraph._p.get_or_add_pPr().insert_element_before(rpr, "w:sectPr", "w:pPrChange")


def _top_border(paragraph: Any) -> None:
    borders = OxmlElement("w:pBdr")
    top = OxmlElement("w:top")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        top.set(qn(key), value)
    borders.append(top)
    paragraph._p.get_or_add_pPr().insert_element_before(borders, *AFTER_PBDR)


def _no_borders(table: Any) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    tbl_pr.insert_element_before(borders, *AFTER_TBLBORDERS)


def _grid_borders(table: Any) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        for key, value in (("w:val", "single"), ("w:sz", "4"), ("w:space", "0"), ("w:color", "000000")):
            el.set(qn(key), value)
        borders.append(el)
    tbl_pr.insert_element_before(borders, *AFTER_TBLBORDERS)


def _fixed_widths(table: Any, widths_cm: list[float]) -> None:
    """Column widths Word and LibreOffice both keep: fixed layout, the grid and every cell."""
    table.autofit = False
    tbl_pr = table._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tbl_pr.insert_element_before(layout, *AFTER_TBLLAYOUT)
    grid = table._tbl.tblGrid
    for col, width in zip(grid.findall(qn("w:gridCol")), widths_cm, strict=False):
        col.set(qn("w:w"), str(int(Cm(width).twips)))
    for row in table.rows:
        for c, width in zip(row.cells, widths_cm, strict=False):
            c.width = Cm(width)


def _setup(document: Any) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.top_margin, section.bottom_margin = MARGIN_TOP, MARGIN_BOTTOM
    section.left_margin, section.right_margin = MARGIN_LEFT, MARGIN_RIGHT
    section.header_distance = Mm(10)
    section.footer_distance = Mm(10)
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(BODY_PT)
    rpr = normal.element.get_or_add_rPr()
    _set_fonts(rpr, BODY_PT)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "vi-VN")
    lang.set(qn("w:eastAsia"), "vi-VN")
    lang.set(qn("w:bidi"), "ar-SA")
    if rpr.find(qn("w:lang")) is None:
        rpr.insert_element_before(lang, *AFTER_LANG)
    # the document defaults too: a table or a header paragraph without a style reads them
    defaults = document.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        rpr_default = defaults.find(qn("w:rPrDefault"))
        if rpr_default is not None and rpr_default.find(qn("w:rPr")) is not None:
            _set_fonts(rpr_default.find(qn("w:rPr")), BODY_PT)
    for name in ("Header", "Footer"):
        try:
            style = document.styles[name]
        except KeyError:
            continue
        _set_fonts(style.element.get_or_add_rPr(), 13)
    package = document.part.package
    for key, rel in list(package.rels.items()):  # the template's thumbnail would show another document
        if rel.reltype == RT.THUMBNAIL:
            del package.rels[key]


def _properties(document: Any, content: ReportContent) -> None:
    core = document.core_properties
    core.language = "vi-VN"
    core.title = " ".join(content.title.split())[:250]
    core.author = core.last_modified_by = (content.issuing_body or "ngoaivu")[:250]
    core.comments = ""
    core.keywords = ""
    core.subject = ""
    core.revision = 1


def _page_numbers(document: Any) -> None:
    """Centred page numbers in the top margin from page 2: a different first-page header, left empty."""
    section = document.sections[0]
    section.different_first_page_header_footer = True
    header = section.header
    header.is_linked_to_previous = False
    paragraph = header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = _run(paragraph, "", size=13)
    for kind, text in (("begin", None), ("instr", " PAGE "), ("separate", None), ("num", "2"), ("end", None)):
        if kind == "instr":
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        elif kind == "num":
            el = OxmlElement("w:t")
            el.text = text
        else:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        run._element.append(el)
    first = section.first_page_header
    first.is_linked_to_previous = False
    first.paragraphs[0].text = ""


def _header(document: Any, content: ReportContent, issued_on: dt.date, symbol: str) -> None:
    table = document.add_table(rows=2, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _no_borders(table)
    _fixed_widths(table, [HEADER_LEFT_CM, HEADER_RIGHT_CM])
    left, right = table.cell(0, 0), table.cell(0, 1)
    parent = (content.issuing_parent or "").upper()
    body = (content.issuing_body or "").upper()
    if parent and parent != body:
        _cell_para(left, parent, first=True, size=13)
        _cell_para(left, body, size=13, bold=True)
    else:
        _cell_para(left, body, first=True, size=13, bold=True)
    _rule(left, 2.2, HEADER_LEFT_CM)
    _cell_para(right, NATIONAL_NAME, first=True, size=12.5, bold=True)
    _cell_para(right, MOTTO, size=13.5, bold=True)
    _rule(right, 5.8, HEADER_RIGHT_CM)
    # the number is left blank for the clerk (văn thư) who registers the document; the symbol is printed
    symbol = symbol.strip().lstrip("/") or default_symbol(content.kind, content.issuing_body or "")
    _cell_para(table.cell(1, 0), f"Số:        /{symbol}", first=True, size=13)
    place = content.place or "Hà Nội"
    _cell_para(table.cell(1, 1), f"{place}, {official_date(issued_on)}", first=True, size=14, italic=True)


def _title(document: Any, content: ReportContent) -> None:
    title = " ".join((content.title or "Báo cáo").split())
    kind, summary = "BÁO CÁO", title
    if title.lower().startswith("báo cáo"):
        summary = title[len("báo cáo") :].strip(" :-–")
        summary = summary[:1].upper() + summary[1:]
    _para(document, kind, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, before=18, after=0, line=1.0)
    if summary:
        _para(document, summary, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=0, line=1.1)
    paragraph = _para(document, "", size=4, align=WD_ALIGN_PARAGRAPH.CENTER, before=4, after=4, line=1.0)
    side = Cm((TEXT_WIDTH_CM - 4.0) / 2)
    paragraph.paragraph_format.left_indent = side
    paragraph.paragraph_format.right_indent = side
    _top_border(paragraph)
    _mark_size(paragraph, 4)
    if f"{content.period_from:%d/%m/%Y}" not in title:  # the period, unless the summary names it already
        period = f"(Số liệu {period_text(content.period_from, content.period_to)})"
        _para(document, period, italic=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=12, line=1.0, size=13)
    else:
        _para(document, "", size=6, after=6, line=1.0)


def _heading(document: Any, text: str) -> None:
    _para(document, text, bold=True, indent=INDENT, before=6, after=6).paragraph_format.keep_with_next = True


def _subheading(document: Any, text: str) -> None:
    _para(
        document, text, bold=True, italic=True, indent=INDENT, after=3
    ).paragraph_format.keep_with_next = True


def _text_block(document: Any, text: str) -> None:
    """The officers' narrative: one justified, indented paragraph per line they typed."""
    for line in text.replace("\r\n", "\n").split("\n"):
        if line.strip():
            _para(document, line.strip(), indent=INDENT)


def _table(document: Any, table: Table, number: int) -> None:
    caption = _para(
        document,
        f"Bảng {number}. {table.title}",
        bold=True,
        size=13,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        before=6,
        after=3,
        line=1.0,
    )
    caption.paragraph_format.keep_with_next = True  # a caption never ends a page without its table
    columns = list(table.columns) or [""]
    rows = [list(r) for r in table.rows]
    out = document.add_table(rows=1 + max(len(rows), 1), cols=len(columns))
    out.alignment = WD_TABLE_ALIGNMENT.CENTER
    _grid_borders(out)
    size = TABLE_PT if len(columns) < 5 else TABLE_PT - 1
    widths = _column_widths(columns, rows, size)
    _fixed_widths(out, widths)
    header = out.rows[0]
    tr_pr = header._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    tr_pr.append(repeat)
    for i, label in enumerate(columns):
        _cell_para(header.cells[i], str(label), first=True, size=size, bold=True)
    if not rows:
        merged = out.cell(1, 0).merge(out.cell(1, len(columns) - 1))
        _cell_para(merged, "Không có bản ghi nào trong kỳ.", first=True, size=size, italic=True)
    for r, values in enumerate(rows, start=1):
        for c in range(len(columns)):
            value = values[c] if c < len(values) else None
            numeric = isinstance(value, int | float | Decimal) and not isinstance(value, bool)
            align = WD_ALIGN_PARAGRAPH.RIGHT if numeric else WD_ALIGN_PARAGRAPH.LEFT
            _cell_para(out.cell(r, c), cell(value), first=True, size=size, align=align)
    if table.note:
        _para(document, table.note, italic=True, size=12, after=6, line=1.0)
    else:
        _para(document, "", size=6, after=0, line=1.0)


def _column_widths(columns: list[str], rows: list[list[Any]], size: float) -> list[float]:
    """Widths that never break a number or a word: each column at least its longest number (numbers right
    aligned, on one line) or its longest word; the rest of the text width goes to the text columns in proportion
    to their longest text. Scaled down only when even the minimums do not fit."""
    char_cm = 0.0185 * size  # a Times digit is half an em; 0.5 × size pt in cm, with a margin
    pad = 0.45  # the cell's left and right margins
    sample = rows[:300]
    minimum: list[float] = []
    weight: list[int] = []
    for i, label in enumerate(columns):
        values = [r[i] for r in sample if i < len(r) and r[i] is not None]
        texts = [cell(v) for v in values]
        is_number = bool(values) and all(isinstance(v, int | float | Decimal) for v in values)
        words = [w for t in [str(label), *texts] for w in t.split()]
        longest_word = max((len(w) for w in words), default=4)
        longest_text = max((len(t) for t in texts), default=0)
        header_chars = max(longest_word, -(-len(str(label)) // 3))  # a header on three lines at most
        need = max(header_chars * char_cm * 1.15, 0.8) + pad
        if texts and is_number:
            need = max(need, max(len(t) for t in texts) * char_cm + pad)
        elif texts:  # names up to about 24 characters on one line (a province, a country, a short title)
            need = max(need, min(longest_text, 24) * char_cm * 1.1 + pad)
        minimum.append(need)
        weight.append(min(max(longest_text, len(str(label)) // 2, 4), 60))
    total_min = sum(minimum)
    if total_min >= TEXT_WIDTH_CM:
        return [TEXT_WIDTH_CM * m / total_min for m in minimum]
    spare = TEXT_WIDTH_CM - total_min
    total_weight = sum(weight)
    if not total_weight:  # numbers only: share the spare evenly
        return [m + spare / len(minimum) for m in minimum]
    return [m + spare * w / total_weight for m, w in zip(minimum, weight, strict=True)]


def _section(document: Any, index: int, section: Section, table_number: int) -> int:
    title = _LEADING_NUMBER.sub("", section.title).strip()
    numeral = ROMAN[index] if index < len(ROMAN) else str(index + 1)
    _heading(document, f"{numeral}. {title.upper()}")
    if section.narrative.strip():
        _text_block(document, section.narrative)
    if section.figures:
        _subheading(document, "Số liệu chính:")
        for figure in section.figures:
            paragraph = _para(document, "", indent=INDENT, after=3)
            _run(paragraph, f"- {figure.label}: ")
            _run(paragraph, figure_value(figure), bold=not figure.missing and figure.value is not None)
            _run(paragraph, ".")
    for table in section.tables:
        table_number += 1
        _table(document, table, table_number)
    for bullet in section.bullets:
        _para(document, f"- {bullet}", indent=INDENT, after=3)
    return table_number


def _proposals(document: Any, index: int, content: ReportContent) -> None:
    numeral = ROMAN[index] if index < len(ROMAN) else str(index + 1)
    _heading(document, f"{numeral}. KIẾN NGHỊ, ĐỀ XUẤT")
    if content.proposals.strip():
        _text_block(document, content.proposals)
    else:
        _para(document, "Không có kiến nghị.", indent=INDENT, italic=True)


def signer_lines(content: ReportContent) -> list[str]:
    """The authority lines above the signature (e.g. "KT. CỤC TRƯỞNG", "PHÓ CỤC TRƯỞNG"), in capitals."""
    prefix = getattr(content, "signer_prefix", "")
    lines = [ln.strip().upper() for ln in (prefix + "\n" + content.signer_title).split("\n") if ln.strip()]
    return lines


def _signature(document: Any, content: ReportContent) -> None:
    table = document.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _no_borders(table)
    _fixed_widths(table, [7.8, 8.7])
    table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))  # the block stays on one page
    left, right = table.cell(0, 0), table.cell(0, 1)
    _cell_para(left, "Nơi nhận:", first=True, size=12, bold=True, italic=True, align=WD_ALIGN_PARAGRAPH.LEFT)
    recipients = [r.strip().rstrip(";.") for r in content.recipients if r.strip()] or ["Như trên"]
    if not any(r.lower().startswith("lưu") for r in recipients):
        recipients.append("Lưu: VT")
    for i, name in enumerate(recipients):
        end = "." if i == len(recipients) - 1 else ";"
        _cell_para(left, f"- {name}{end}", size=11, align=WD_ALIGN_PARAGRAPH.LEFT)
    lines = signer_lines(content) or ["THỦ TRƯỞNG CƠ QUAN"]
    for i, line in enumerate(lines):
        _cell_para(right, line, first=i == 0, size=14, bold=True)
    _cell_para(right, "", size=14)
    _cell_para(right, "", size=14)
    _cell_para(right, "", size=14)
    _cell_para(right, "", size=14)
    _cell_para(right, content.signer_name, size=14, bold=True)


def write_docx(content: ReportContent, *, issued_on: dt.date, symbol: str = "") -> bytes:
    """The report as .docx bytes (Decree 30/2020 layout; module docstring)."""
    document = Document()
    _setup(document)
    _properties(document, content)
    _page_numbers(document)
    body_start = document.paragraphs[0] if document.paragraphs else None
    if body_start is not None:  # python-docx's template opens with one empty paragraph: drop it
        body_start._p.getparent().remove(body_start._p)
    _header(document, content, issued_on, symbol)
    _title(document, content)
    table_number = 0
    for index, section in enumerate(content.sections):
        table_number = _section(document, index, section, table_number)
    if content.proposals.strip() or content.kind == "province_periodic":
        _proposals(document, len(content.sections), content)
    if document.paragraphs:  # the signature never stands alone on the last page: it keeps the last lines
        for paragraph in document.paragraphs[-2:]:
            paragraph.paragraph_format.keep_with_next = True
    _para(document, "", after=6).paragraph_format.keep_with_next = True
    _signature(document, content)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
