from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from pydantic import ValidationError

from ngoaivu.accounts.web import signed_in
from ngoaivu.directory.selectors import country_code_choices
from ngoaivu.search import selectors
from ngoaivu.search.registry import kinds
from ngoaivu.search.schemas import SearchParams

KEYS = ("q", "type", "province", "country", "from", "to", "page")


def _params(request: HttpRequest) -> tuple[SearchParams, dict[str, str]]:
    data = {k: request.GET.get(k, "").strip() for k in KEYS if request.GET.get(k, "").strip()}
    try:
        return SearchParams.model_validate(data), {}
    except ValidationError as exc:
        errors = {str(e["loc"][0]): e["msg"] for e in exc.errors()}
        return SearchParams.model_validate({k: v for k, v in data.items() if k not in errors}), errors


def _without(request: HttpRequest, *names: str) -> str:
    params = request.GET.copy()
    for name in names:
        params.pop(name, None)
    return params.urlencode()


@login_required
def search_page(request: HttpRequest) -> HttpResponse:
    params, errors = _params(request)
    filters = selectors.filters_from(params)
    size = 20
    single = bool(filters.kind)
    query, groups = selectors.search(
        signed_in(request),
        params.q,
        filters,
        offset=(params.page - 1) * size if single else 0,
        limit=size if single else None,
    )
    page = None
    if single and groups:
        page = Paginator(range(groups[0].count), size).get_page(params.page)
    context: dict[str, Any] = {
        "title": _("Tìm kiếm"),
        "params": params,
        "query": query,
        "groups": groups,
        "total": sum(g.count for g in groups),
        "capped": any(g.capped for g in groups),
        "errors": errors,
        "page": page,
        "kind_choices": [(k, str(v.label)) for k, v in kinds().items()],
        "province_choices": selectors.province_choices(),
        "country_choices": country_code_choices(foreign_only=True),
        "base_qs": _without(request, "page", "type"),
        "page_qs": _without(request, "page"),
    }
    return render(request, "search/search.html", context)
