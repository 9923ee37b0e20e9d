"""The Excel annexes of a report (phụ lục): a first sheet with every figure (its section, value, unit, source,
or why it has none) and one sheet per table, numbered as in the Word document. Written with openpyxl: a few
small sheets with a title row and number formats, which the streaming list writer (`core/xlsx.py`, one sheet)
does not do. Text cells starting with = + - @ are written as text, never as formulas."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from ngoaivu.core.columns import safe_cell
from ngoaivu.reports.content import ReportContent
from ngoaivu.reports.documents.vietnamese import period_text

INVALID_TITLE = str.maketrans({c: " " for c in "[]:*?/\\"})


def _safe(value: object) -> object:
    if isinstance(value, str | int | float | Decimal | dt.date) or value is None:
        return safe_cell(value)
    return str(value)


def _title(index: int, text: str, used: set[str]) -> str:
    base = f"{index}. {text}".translate(INVALID_TITLE).strip()[:31] or f"Bảng {index}"
    title, n = base, 1
    while title.lower() in used:
        n += 1
        title = f"{base[:28]}~{n}"
    used.add(title.lower())
    return title


def write_xlsx(content: ReportContent) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Số liệu"
    bold = Font(bold=True)
    sheet.append([_safe(content.title)])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([f"Số liệu {period_text(content.period_from, content.period_to)}"])
    sheet.append([])
    sheet.append(["Mục", "Chỉ tiêu", "Số liệu", "Đơn vị", "Nguồn / ghi chú"])
    for c in sheet[4]:
        c.font = bold
    for section in content.sections:
        for figure in section.figures:
            missing = bool(figure.missing) or figure.value is None
            sheet.append(
                [
                    _safe(section.title),
                    _safe(figure.label),
                    None if missing else figure.value,
                    _safe(figure.unit),
                    _safe(("Chưa có số liệu: " + figure.missing) if missing else figure.source),
                ]
            )
            if not missing:
                sheet.cell(row=sheet.max_row, column=3).number_format = "#,##0.##"
    for col, width in zip("ABCDE", (28, 48, 14, 16, 60), strict=True):
        sheet.column_dimensions[col].width = width
    sheet.freeze_panes = "A5"
    used = {"số liệu"}
    number = 0
    for section in content.sections:
        for table in section.tables:
            number += 1
            ws = book.create_sheet(_title(number, table.title, used))
            ws.append([_safe(f"Bảng {number}. {table.title}")])
            ws["A1"].font = Font(bold=True, size=12)
            ws.append([])
            ws.append([_safe(c) for c in table.columns])
            for c in ws[3]:
                c.font = bold
                c.alignment = Alignment(wrap_text=True, vertical="top")
            for row in table.rows:
                ws.append([_safe(v) for v in row])
                for c in ws[ws.max_row]:
                    if isinstance(c.value, dt.date):
                        c.number_format = "DD/MM/YYYY"
            if table.note:
                ws.append([])
                ws.append([_safe(table.note)])
            for i, label in enumerate(table.columns, start=1):
                longest = max([len(str(label)), *(len(str(r[i - 1])) for r in table.rows if i <= len(r))])
                ws.column_dimensions[get_column_letter(i)].width = min(max(longest + 2, 10), 60)
            ws.freeze_panes = "A4"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
