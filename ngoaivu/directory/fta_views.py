"""FTA pages: the list (filters, sort, pages, xlsx) and an agreement with its members and main commitments."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils.translation import gettext as _

from ngoaivu.core.lists import parse_filters
from ngoaivu.core.web import list_page
from ngoaivu.directory import ftas
from ngoaivu.directory import selectors as directory
from ngoaivu.directory.models import FreeTradeAgreement


@login_required
def fta_list(request: HttpRequest) -> HttpResponseBase:
    filters = parse_filters(ftas.FtaFilters, request.GET).filters
    return list_page(
        request,
        title=_("Hiệp định thương mại tự do của Việt Nam"),
        filters_schema=ftas.FtaFilters,
        queryset=lambda f: ftas.fta_list(filters=f),
        columns=ftas.FTA_COLUMNS,
        export_stem="hiep-dinh-thuong-mai-tu-do",
        filter_fields=[
            {"name": "q", "label": _("Tìm kiếm"), "type": "search", "current": filters.q},
            {
                "name": "status",
                "label": _("Tình trạng"),
                "choices": FreeTradeAgreement.Status.choices,
                "current": filters.status,
            },
            {
                "name": "country",
                "label": _("Thành viên"),
                "choices": directory.country_code_choices(foreign_only=True),
                "current": filters.country,
            },
        ],
    )


@login_required
def fta_detail(request: HttpRequest, pk: int) -> HttpResponseBase:
    fta = ftas.fta_get(key=pk)
    if fta is None:
        raise Http404()
    return render(
        request,
        "directory/fta_detail.html",
        {
            "title": fta.short_name,
            "fta": fta,
            "partners": [c for c in fta.members.all() if c.iso2 != "VN"],
            "commitments": list(fta.commitments.all()),
        },
    )
