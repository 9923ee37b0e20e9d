"""The dashboards (`/reports/`): the dashboard of the user's role, or another the role may open (`?view=`,
`?province=` for the ministry), each chart with its table and `?chart=<key>&format=xlsx` for its figures."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import URLPattern, URLResolver, path

from ngoaivu.accounts.web import signed_in
from ngoaivu.directory import selectors as directory
from ngoaivu.reports.exports import chart_workbook
from ngoaivu.reports.selectors import dashboards as selectors


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
