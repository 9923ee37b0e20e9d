"""The province map: a choropleth of one metric for one year (34 current provinces, or the 63 former ones for the
years before 01/07/2025), drawn by static/js/province-map.js from the boundaries API and the figures in a
json_script block; the same figures in a table below (and in Excel), which is the page without JavaScript."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import URLPattern, URLResolver, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ngoaivu.accounts.web import signed_in
from ngoaivu.core.columns import Column, xlsx_response
from ngoaivu.indicators.columns import vn_number
from ngoaivu.reports.selectors import maps as selectors


def _year(value: str | None, default: int) -> int:
    try:
        year = int(value or default)
    except ValueError:
        return default
    return year if 1986 <= year <= 2100 else default


def _shown(value: Decimal | None, places: int) -> str:
    """A figure in the table: whole amounts without decimals ("846.000.000", not "846.000.000,00")."""
    if value is None:
        return ""
    return vn_number(value, 0 if value == value.to_integral_value() else places)


def _columns(found: selectors.MapValues) -> list[Column]:
    columns = [
        Column("code", gettext_lazy("Mã"), lambda r: r.code),
        Column("name", gettext_lazy("Tỉnh, thành phố"), lambda r: r.name),
    ]
    if found.era == "former":
        columns.append(Column("successor", gettext_lazy("Nay thuộc"), lambda r: r.successor_name))
    columns += [
        Column("value", f"{found.label} ({found.unit})", lambda r: r.value),
        Column("note", gettext_lazy("Ghi chú"), lambda r: r.note),
    ]
    return columns


def _chart_data(found: selectors.MapValues, geojson: str) -> dict[str, Any]:
    return {
        "geojson": geojson,
        "era": found.era,
        "label": found.label,
        "unit": found.unit,
        "places": found.places,
        "available": found.available,
        "values": {
            r.code: {
                "value": float(r.value) if r.value is not None else None,
                "name": r.name,
                "profile": r.profile,
                "successor": r.successor_name if found.era == "former" else "",
            }
            for r in found.rows
        },
        "text": {
            "no_data": _("Chưa có số liệu"),
            "belongs_to": _("thuộc"),
            "now_in": _("nay thuộc"),
            "open": _("Bấm để mở trang tỉnh, thành phố"),
        },
    }


@login_required
def province_map(request: HttpRequest) -> HttpResponseBase:
    user = signed_in(request)
    metric = request.GET.get("metric") or selectors.DEFAULT_METRIC
    if not selectors.is_metric(metric):
        metric = selectors.DEFAULT_METRIC
    year = (
        _year(request.GET.get("year"), timezone.localdate().year)
        if request.GET.get("year")
        else selectors.default_year(user, metric)
    )
    era = request.GET.get("era") or selectors.default_era(year)
    if not selectors.era_allowed(era, year):
        era = selectors.default_era(year)
    found = selectors.map_values(user=user, metric=metric, year=year, era=era)
    era_label = _("63 tỉnh, thành phố trước 01/07/2025") if era == "former" else _("34 tỉnh, thành phố")
    title = _("Bản đồ: %(m)s, năm %(y)s") % {"m": found.label, "y": year}
    if request.GET.get("format") == "xlsx":
        return xlsx_response(
            found.rows,
            _columns(found),
            title=f"{title} ({era_label})",
            filename_stem=f"ban-do-{metric.replace(':', '-')}-{year}-{era}",
        )
    export = request.GET.copy()
    export["metric"], export["year"], export["era"] = metric, str(year), era
    export["format"] = "xlsx"
    geojson = f"{reverse('api:map_provinces')}?era={era}"
    return render(
        request,
        "reports/map.html",
        {
            "title": title,
            "found": found,
            "era_label": era_label,
            "rows": [{"row": r, "shown": _shown(r.value, found.places)} for r in found.rows],
            "total": _shown(found.total, found.places) if found.total is not None else "",
            "chart": _chart_data(found, geojson),
            "metric": metric,
            "metrics": selectors.metric_choices(),
            "year": year,
            "years": selectors.year_choices(year),
            "era": era,
            "eras": [
                ("current", _("34 tỉnh, thành phố hiện hành")),
                ("former", _("63 tỉnh trước 01/07/2025 (các năm đến 2025)")),
            ],
            "export_query": export.urlencode(),
        },
    )


urlpatterns: list[URLPattern | URLResolver] = [
    path("map/", province_map, name="province_map"),
]
