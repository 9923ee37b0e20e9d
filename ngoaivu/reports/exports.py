"""One chart of a dashboard as a workbook (`?chart=<key>&format=xlsx`): built here, not in the view, so the view
stays an entry point that writes nothing."""

from __future__ import annotations

import tempfile

from django.http import FileResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from ngoaivu.core.columns import safe_cell
from ngoaivu.core.exceptions import NotFound
from ngoaivu.core.xlsx import sheet_title
from ngoaivu.reports.selectors import dashboards as selectors


def chart_workbook(board: selectors.Dashboard, key: str) -> FileResponse:
    """One chart's table as a dated workbook: a title row (the chart and its scope), the date the figures were
    computed and the chart's note, then the table under a bold frozen header; the sheet named after the chart,
    cut at a whole word."""
    chart = board.chart(key)
    if chart is None:
        raise NotFound()
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = sheet_title(chart.title)
    at = timezone.localtime(board.computed_at) if board.computed_at else timezone.now()
    sheet.append([safe_cell(f"{chart.title} — {board.place}")])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([safe_cell(_("Số liệu tính lúc %(at)s") % {"at": f"{at:%H:%M %d/%m/%Y}"})])
    sheet.append([safe_cell(chart.note)] if chart.note else [])
    sheet.append([safe_cell(h) for h in chart.header])
    for cell in sheet[4]:
        cell.font = Font(bold=True)
    for row in chart.workbook_rows():
        sheet.append([safe_cell(v) for v in row])
    sheet.freeze_panes = "A5"
    for i, label in enumerate(chart.header, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = min(max(len(label) + 2, 12), 60)
    tmp = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 - FileResponse closes it
    book.save(tmp)
    tmp.seek(0)
    stem = f"bang-dieu-khien-{board.view}-{chart.key.replace('_', '-')}"
    if board.province:
        stem += f"-{board.province}"
    return FileResponse(
        tmp,
        as_attachment=True,
        filename=f"{stem}-{timezone.localdate():%Y-%m-%d}.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
