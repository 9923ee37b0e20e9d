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

from ngoaivu.accounts.web import signed_in
from ngoaivu.core.columns import safe_cell
from ngoaivu.core.exceptions import NotFound
from ngoaivu.core.xlsx import write_workbook
from ngoaivu.directory import selectors as directory
from ngoaivu.reports.selectors import dashboards as selectors


def chart_workbook(board: selectors.Dashboard, key: str) -> FileResponse:
    """One chart's table as a dated workbook (the house's exports: one sheet, bold frozen header)."""
    chart = board.chart(key)
    if chart is None:
        raise NotFound()
    tmp = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 - FileResponse closes it
    write_workbook(
        tmp,
        title=chart.title,
        header=[safe_cell(h) for h in chart.header],
        rows=([safe_cell(v) for v in row] for row in chart.workbook_rows()),
    )
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
