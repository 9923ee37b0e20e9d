"""View helpers shared by every app: HTMX detection and the standard list page."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.contrib import messages
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_lazy as _

from ngoaivu.core.columns import Column, xlsx_response
from ngoaivu.core.exceptions import ServiceError, StaleObject, StateConflict, one_line
from ngoaivu.core.lists import PAGE_SIZES, paginate, parse_filters

YES_NO = [("true", gettext_lazy("Có")), ("false", gettext_lazy("Không"))]

STALE = _(
    "Bản ghi vừa được người khác cập nhật; thay đổi của bạn chưa được lưu. Tải lại trang để xem bản mới nhất "
    "rồi nhập lại."
)
"""The one message for an edit that lost the race (StaleObject), on forms and on workflow buttons."""

T = TypeVar("T")


def bool_param(value: bool | None) -> str:
    """A parsed boolean filter back to its query-string value ("" when not set)."""
    return "" if value is None else ("true" if value else "false")


@dataclass
class Saved(Generic[T]):
    """What `save_form` did: the service's result when it ran, else None; the HTTP status for the page
    that shows the form again (200 for a GET, 400 invalid input, 409 stale or wrong state)."""

    ok: bool
    result: T | None
    status: int


def save_form(
    request: HttpRequest,
    form: Any,
    save: Callable[[dict[str, Any]], T],
    *,
    done: str | Callable[[T], str],
    also_valid: Iterable[Any] = (),
    route_errors: Callable[[dict[str, list[str]]], dict[str, list[str]]] | None = None,
) -> Saved[T]:
    """The one way a create/edit page saves: on POST, validate `form` (and the formsets in `also_valid`),
    call `save(cleaned_data)` — a service — and map what it raises onto the form: a `ServiceError`'s field
    messages onto their fields (those `route_errors` does not take for a formset) and its message when no
    field is named (400); a `StateConflict`'s message or `STALE` (409). On success the `done` flash message
    is set and the caller redirects. On GET nothing happens (status 200)."""
    if request.method != "POST":
        return Saved(False, None, 200)
    valid = form.is_valid()
    for other in also_valid:
        valid = other.is_valid() and valid
    if not valid:
        return Saved(False, None, 400)
    try:
        result = save(form.cleaned_data)
    except ServiceError as exc:
        errors = route_errors(exc.errors) if route_errors is not None else exc.errors
        form.apply_service_errors(errors)
        if not exc.errors:
            form.add_error(None, exc.message)
        return Saved(False, None, 400)
    except StateConflict as exc:
        form.add_error(None, str(exc))
        return Saved(False, None, 409)
    except StaleObject:
        form.add_error(None, STALE)
        return Saved(False, None, 409)
    messages.success(request, done(result) if callable(done) else done)
    return Saved(True, result, 200)


def service_error_text(form: Any, exc: ServiceError) -> str:
    """A service's refusal as one flash line: its message, then each field's problems under the field's label
    on the form, or alone when the form has no such field — never the internal field key."""
    parts: list[str] = []
    for key, problems in exc.errors.items():
        field = form.fields.get(key) or form.fields.get(key.removesuffix("_id"))
        text = " ".join(str(p) for p in problems)
        parts.append(f"{field.label}: {text}" if field is not None and field.label else text)
    return one_line(exc.message, parts)


def run_action(
    request: HttpRequest,
    form: Any,
    do: Callable[[dict[str, Any]], Any],
    *,
    done: str,
    stale: str | None = None,
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
        messages.error(request, service_error_text(form, exc))
    except StateConflict as exc:
        messages.error(request, str(exc))
    except StaleObject:
        messages.error(request, stale or str(STALE))
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
