"""View helpers shared by every app: HTMX detection and the standard list page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext_lazy

from ngoaivu.core.columns import Column, xlsx_response
from ngoaivu.core.exceptions import ServiceError, StaleObject, StateConflict
from ngoaivu.core.lists import PAGE_SIZES, paginate, parse_filters

YES_NO = [("true", gettext_lazy("Có")), ("false", gettext_lazy("Không"))]


def bool_param(value: bool | None) -> str:
    """A parsed boolean filter back to its query-string value ("" when not set)."""
    return "" if value is None else ("true" if value else "false")


def run_action(
    request: HttpRequest, form: Any, do: Callable[[dict[str, Any]], Any], *, done: str, stale: str
) -> bool:
    """The POST-redirect pattern of the workflow buttons: validate `form`, run `do(cleaned_data)` (a service
    call), and say what happened as a flash message — the field and problem, the state conflict, or `stale`
    when someone else saved first. Returns whether the action ran."""
    if not form.is_valid():
        for field, errs in form.errors.items():
            label = form.fields[field].label if field in form.fields and form.fields[field].label else field
            messages.error(request, f"{label}: {' '.join(str(e) for e in errs)}")
        return False
    try:
        do(form.cleaned_data)
    except ServiceError as exc:
        messages.error(request, exc.as_text())
    except StateConflict as exc:
        messages.error(request, str(exc))
    except StaleObject:
        messages.error(request, stale)
    else:
        messages.success(request, done)
        return True
    return False


def int_or_none(value: Any) -> int | None:
    """A form value as an int, or None when it is missing or not a number."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def list_page(
    request: HttpRequest,
    *,
    title: str,
    filters_schema: Any,
    queryset: Callable[[Any], Any],  # a QuerySet, or anything with count(), slices and iterator()
    columns: list[Column],
    export_stem: str,
    filter_fields: list[dict[str, Any]],
    actions: list[dict[str, Any]] | None = None,
    on_export: Callable[[Any], None] | None = None,
) -> HttpResponseBase:
    """Filters, sort and pagination from the query string; `?format=xlsx` exports the filtered list."""
    parsed = parse_filters(filters_schema, request.GET)
    qs = queryset(parsed.filters)
    if request.GET.get("format") == "xlsx":
        if on_export is not None:
            on_export(parsed.filters)
        return xlsx_response(
            qs.iterator(chunk_size=2000), columns, title=str(title), filename_stem=export_stem
        )
    page = paginate(qs, request.GET)
    params = request.GET.copy()
    params.pop("page", None)
    sort_params = params.copy()
    sort_params.pop("sort", None)
    export_params = params.copy()
    export_params["format"] = "xlsx"
    context = {
        "title": title,
        "page": page,
        "rows": [
            [(col, col.display(obj), col.link(obj) if col.link else None) for col in columns] for obj in page
        ],
        "columns": columns,
        "filters": parsed.filters,
        "filter_errors": parsed.errors,
        "filter_fields": filter_fields,
        "current_sort": getattr(parsed.filters, "sort", None) or "",
        "query": params.urlencode(),
        "sort_query": sort_params.urlencode(),
        "export_query": export_params.urlencode(),
        "page_sizes": PAGE_SIZES,
        "actions": actions or [],
    }
    template = "partials/_list_results.html" if is_htmx(request) else "list.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response
