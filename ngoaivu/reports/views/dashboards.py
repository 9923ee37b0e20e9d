"""The dashboards (`/reports/`): the dashboard of the user's role, or another the role may open (`?view=`,
`?province=` for the ministry), each chart with its table and `?chart=<key>&format=xlsx` for its figures."""

from __future__ import annotations

import tempfile

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import URLPattern, URLResolver, path
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from ngoaivu.accounts.web import signed_in
from ngoaivu.core.columns import safe_cell
from ngoaivu.core.exceptions import NotFound
from ngoaivu.core.xlsx import sheet_title
from ngoaivu.directory import selectors as directory
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


@login_required
def dashboard(request: HttpRequest) -> HttpResponseBase:
    user = signed_in(request)
    province = str(request.GET.get("province") or "")
    # the form's province list decides: a province → its dashboard; "Cả nước" → the national or work view
    view = selectors.resolve_view(user, str(request.GET.get("view") or ""), province)
    board = selectors.dashboard(user=user, view=view, province_code=province)
    key = request.GET.get("chart")
    if request.GET.get("format") == "xlsx" or key:
        return chart_workbook(board, str(key or ""))
    views = selectors.views_for(user)
    titles = selectors.view_titles()
    base = {"view": view, "province": board.province} if board.province else {"view": view}
    return render(
        request,
        "reports/dashboard.html",
        {
            "title": f"{board.title} — {board.place}",
            "board": board,
            "charts": [
                {"chart": c, "data": c.chart_data(), "json_id": f"chart-{c.key}", "empty": c.empty}
                for c in board.charts
            ],
            # the ministry picks a province in the province list, not here
            "other_views": [(v, titles[v]) for v in views if v not in (view, "province")],
            "provinces": directory.province_code_choices() if user.scope.is_national else [],
            "export_base": "&".join(f"{k}={v}" for k, v in base.items()),
        },
    )


urlpatterns: list[URLPattern | URLResolver] = [
    path("", dashboard, name="dashboard"),
]
