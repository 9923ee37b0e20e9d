"""The catalogue, one indicator's figures (chart and table, national or per province), a province's profile
and the comparison table of a period (with its Excel export)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from ngoaivu.accounts.web import signed_in
from ngoaivu.core.scoping import Action
from ngoaivu.directory import selectors as directory
from ngoaivu.directory.models import Province
from ngoaivu.indicators import selectors
from ngoaivu.indicators.columns import comparison_workbook, places_for, vn_number
from ngoaivu.indicators.models import IndicatorValue
from ngoaivu.indicators.views.common import tabs, year_choices, year_param

MAX_YEARS = 50


@login_required
def catalogue(request: HttpRequest) -> HttpResponseBase:
    user = signed_in(request)
    return render(
        request,
        "indicators/catalogue.html",
        {
            "title": _("Danh mục chỉ tiêu kinh tế đối ngoại"),
            "indicators": selectors.indicator_list(),
            "tabs": tabs(user),
        },
    )


def _shown(points: list[selectors.Point], places: int) -> list[dict[str, Any]]:
    return [{"point": p, "shown": vn_number(p.value, places) if p.value is not None else ""} for p in points]


def _chart_data(s: selectors.Series, title: str) -> dict[str, Any]:
    return {
        "title": title,
        "unit": s.unit,
        "group_by": s.group_by,
        "points": [
            {"label": p.label, "value": str(p.value) if p.value is not None else None} for p in s.points
        ],
    }


@login_required
def indicator_detail(request: HttpRequest, code: str) -> HttpResponseBase:
    user = signed_in(request)
    indicator = selectors.indicator_get(code)
    if indicator is None:
        raise Http404()
    last = max(year_choices()[0] - 1, 2006)
    year_to = year_param(request.GET.get("to"), last)
    year_from = year_param(request.GET.get("from"), year_to - 9)
    if year_from > year_to or year_to - year_from >= MAX_YEARS:
        year_from = max(year_to - 9, 1986)
    units = str(request.GET.get("units") or "current")
    if units not in selectors.UNITS:
        units = "current"
    province = Province.objects.filter(code=request.GET.get("province") or "").first()
    by_year = selectors.series(
        user=user,
        indicator=indicator,
        group_by="year",
        year_from=year_from,
        year_to=year_to,
        province=province,
    )
    by_province = selectors.series(
        user=user,
        indicator=indicator,
        group_by="province",
        year_from=year_to,
        year_to=year_to,
        units=units,
    )
    scope = province.name if province else _("Cả nước")
    return render(
        request,
        "indicators/indicator_detail.html",
        {
            "title": indicator.name_vi,
            "indicator": indicator,
            "tabs": tabs(user),
            "by_year": by_year,
            "by_year_rows": _shown(by_year.points, places_for(indicator)),
            "by_province": by_province,
            "by_province_rows": _shown(by_province.points, places_for(indicator)),
            "chart_year": _chart_data(by_year, f"{indicator.name_vi} — {scope}"),
            "chart_province": _chart_data(by_province, f"{indicator.name_vi} — {year_to}"),
            "year_from": year_from,
            "year_to": year_to,
            "units": units,
            "province": province,
            "scope": scope,
            "years": year_choices(year_from, year_to),
            "provinces": directory.province_code_choices(),
        },
    )


@login_required
def province_profile(request: HttpRequest, code: str) -> HttpResponseBase:
    user = signed_in(request)
    province = Province.objects.filter(code=code).first()
    if province is None:
        raise Http404()
    year = year_param(request.GET.get("year"), year_choices()[0] - 1)
    rows = selectors.province_profile(user=user, province=province, year=year)
    # values of the year the reader may see that wait for the ministry: not counted yet (walk #3)
    waiting = (
        IndicatorValue.objects.visible_to(user, Action.VIEW)
        .filter(province=province, year=year, status=IndicatorValue.Status.SUBMITTED, deleted_at__isnull=True)
        .count()
    )
    return render(
        request,
        "indicators/profile.html",
        {
            "waiting": waiting,
            "waiting_url": reverse("indicators:value_list")
            + "?"
            + urlencode(
                {
                    "province": province.code,
                    "status": "submitted",
                    "period_from": str(year),
                    "period_to": str(year),
                }
            ),
            "title": _("%(p)s: chỉ tiêu kinh tế đối ngoại năm %(y)s") % {"p": province.name, "y": year},
            "province": province,
            "year": year,
            "years": year_choices(year),
            "tabs": tabs(user),
            "rows": [
                {
                    "row": r,
                    "shown": vn_number(r.point.value, places_for(r.indicator))
                    if r.point and r.point.value is not None
                    else "",
                    "national": vn_number(r.national.value, places_for(r.indicator))
                    if r.national and r.national.value is not None
                    else "",
                }
                for r in rows
            ],
            "provinces": directory.province_code_choices(),
        },
    )


@login_required
def compare(request: HttpRequest) -> HttpResponseBase:
    user = signed_in(request)
    last = year_choices()[0] - 1
    year_to = year_param(request.GET.get("to"), last)
    year_from = year_param(request.GET.get("from"), year_to)
    if year_from > year_to or year_to - year_from >= MAX_YEARS:
        year_from = year_to
    codes = [c for c in request.GET.getlist("indicator") if c]
    table = selectors.comparison(user=user, year_from=year_from, year_to=year_to, codes=codes)
    if request.GET.get("format") == "xlsx":
        book, filename = comparison_workbook(table, year_from, year_to)
        return FileResponse(
            book,
            as_attachment=True,
            filename=filename,
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    rows = [
        {
            "label": r["label"],
            "key": r["key"],
            "cells": [
                (
                    r.get(i.code),
                    vn_number(r[i.code].value, places_for(i))
                    if r.get(i.code) and r[i.code].value is not None
                    else "",
                )
                for i in table.indicators
            ],
        }
        for r in table.rows
    ]
    export = request.GET.copy()
    export["format"] = "xlsx"
    return render(
        request,
        "indicators/compare.html",
        {
            "title": _("So sánh các tỉnh"),
            "table": table,
            "rows": rows,
            "totals": [
                (
                    table.totals.get(i.code),
                    vn_number(t.value, places_for(i))
                    if (t := table.totals.get(i.code)) and t.value is not None
                    else "",
                )
                for i in table.indicators
            ],
            "year_from": year_from,
            "year_to": year_to,
            "years": year_choices(year_from, year_to),
            "all_indicators": selectors.indicator_list(),
            "chosen": codes,
            "export_query": export.urlencode(),
            "tabs": tabs(user),
        },
    )
