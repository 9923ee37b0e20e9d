from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from pydantic import ValidationError

from ngoaivu.accounts.web import signed_in
from ngoaivu.directory.selectors import country_code_choices
from ngoaivu.search import selectors
from ngoaivu.search.registry import kinds
from ngoaivu.search.schemas import SearchParams

KEYS = ("q", "type", "province", "country", "from", "to", "page")
# the page's own switch (not an API parameter): only the successor's newer records of a former province
FORMER_ONLY = "tinh_cu"


def _params(request: HttpRequest) -> tuple[SearchParams, dict[str, str]]:
    data = {k: request.GET.get(k, "").strip() for k in KEYS if request.GET.get(k, "").strip()}
    try:
        return SearchParams.model_validate(data), {}
    except ValidationError as exc:
        wrong = {str(e["loc"][0]) for e in exc.errors()}
        errors = {
            k: _("%(field)s: giá trị không hợp lệ.") % {"field": _field_label(k)} for k in sorted(wrong)
        }
        return SearchParams.model_validate({k: v for k, v in data.items() if k not in wrong}), errors


def _field_label(key: str) -> str:
    """The form's label of a parameter, for the error list (never the parameter's key)."""
    labels = {
        "q": _("Từ khóa"),
        "type": _("Loại"),
        "province": _("Tỉnh, thành phố"),
        "country": pgettext("nav", "Quốc gia"),
        "from": _("Từ ngày"),
        "date_from": _("Từ ngày"),
        "to": _("Đến ngày"),
        "date_to": _("Đến ngày"),
        "page": _("Trang"),
    }
    return str(labels.get(key, _("Điều kiện lọc")))


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
    former_only = request.GET.get(FORMER_ONLY) == "1"
    found = selectors.search_page(
        signed_in(request),
        params.q,
        filters,
        offset=(params.page - 1) * size if single else 0,
        limit=size if single else None,
        former_only=former_only,
    )
    query, groups = found.query, found.groups
    page = None
    if single and groups:
        page = Paginator(range(groups[0].count), size).get_page(params.page)
    context: dict[str, Any] = {
        "title": _("Tìm kiếm"),
        "params": params,
        "query": query,
        "groups": groups,
        "former": found.former,
        "former_total": sum(g.count for g in found.former),
        "former_capped": any(g.capped for g in found.former),
        "former_heading": found.former_heading if query.places else "",
        "former_only": found.former_only,
        "named_qs": _without(request, "page", FORMER_ONLY),
        "total": sum(g.count for g in groups),
        "capped": any(g.capped for g in groups),
        "errors": errors,
        "page": page,
        "kind_choices": [(k, str(v.label)) for k, v in kinds().items()],
        "province_choices": selectors.province_choices(),
        "country_choices": country_code_choices(foreign_only=True),
        "base_qs": _without(request, "page", "type", FORMER_ONLY),
        "former_qs": _without(request, "page", "type", FORMER_ONLY),
        "page_qs": _without(request, "page"),
    }
    return render(request, "search/search.html", context)
