"""Shared list mechanics: folded text filters, validated sort keys, filter parsing, pagination."""

from __future__ import annotations

import functools
import hashlib
import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.core.paginator import EmptyPage, Page, Paginator
from django.db import models
from django.db.models import Max, Q, QuerySet
from django.http import HttpRequest, HttpResponse, QueryDict
from django.utils.functional import cached_property
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from ninja import FilterSchema, Schema
from ninja.pagination import PageNumberPagination
from pydantic import Field, ValidationError

from ngoaivu.core.text import fold_terms

PAGE_SIZES = (25, 50, 100)
API_MAX_PAGE_SIZE = 200
F = TypeVar("F", bound=FilterSchema)
M = TypeVar("M", bound=models.Model)


def reference_id(model: Any, **lookup: str) -> int:
    """A reference code resolved to its id before the list query, so that PostgreSQL plans with the real value
    (a join on the code made it expect 88 rows of 5,227 and sort them all); 0 matches nothing."""
    return int(model.objects.filter(**lookup).values_list("pk", flat=True).first() or 0)


def text_q(value: str | None, field: str = "search_text") -> Q:
    """Every folded query term must be a whole word of the folded column, except the last, which may be the
    start of a word (typing "vinh ph" finds "Vĩnh Phúc"); see `core.text.search_key`. The same comparison
    runs on SQLite and PostgreSQL, so both return the same rows."""
    terms = fold_terms(value)
    if not terms:
        return Q()
    patterns = [f" {t} " for t in terms[:-1]] + [f" {terms[-1]}"]
    return functools.reduce(operator.and_, (Q(**{f"{field}__contains": p}) for p in patterns))


def order(
    qs: QuerySet[M], sort: str | None, allowed: Mapping[str, tuple[str, ...]], default: str
) -> QuerySet[M]:
    """Sort by a whitelisted key (`-key` for descending); always ends in pk so pages are stable."""
    key = sort or default
    desc = key.startswith("-")
    fields = allowed.get(key.lstrip("-")) or allowed[default.lstrip("-")]
    if desc:
        fields = tuple(f[1:] if f.startswith("-") else f"-{f}" for f in fields)
    return qs.order_by(*fields, "-pk" if desc else "pk")


@dataclass
class ParsedFilters:
    filters: Any
    errors: dict[str, str]


def parse_filters(schema: type[F], params: QueryDict) -> ParsedFilters:
    """Read a FilterSchema from query parameters; invalid values are dropped and reported, never 500."""
    data: dict[str, Any] = {}
    for name, field in schema.model_fields.items():
        values = [v for v in params.getlist(name) if v != ""]
        if not values:
            continue
        origin = getattr(field.annotation, "__origin__", None)
        data[name] = values if origin is list or "list" in str(field.annotation) else values[0]
    try:
        return ParsedFilters(schema(**data), {})
    except ValidationError as exc:
        errors = {str(e["loc"][0]): filter_error_message(e) for e in exc.errors()}
        clean = {k: v for k, v in data.items() if k not in errors}
        return ParsedFilters(schema(**clean), errors)


def filter_error_message(error: Mapping[str, Any]) -> str:
    """A filter's validation error in the reader's language (Vietnamese msgids, English in the catalogue),
    never pydantic's English text. The page puts the field's label before it (`filter_error_rows`)."""
    kind = str(error.get("type", ""))
    ctx = error.get("ctx") or {}
    if kind == "value_error" and "year" in str(ctx.get("error", "")):
        return _("năm phải từ %(a)d đến %(b)d") % {"a": 1900, "b": 2200}
    if (kind == "value_error" and "date" in str(ctx.get("error", ""))) or kind.startswith(
        ("date", "datetime")
    ):
        return _("ngày không hợp lệ, hãy chọn ngày theo dạng dd/mm/yyyy")
    if kind == "string_too_long":
        return _("quá dài (tối đa %(n)s ký tự)") % {"n": ctx.get("max_length", "")}
    if kind == "string_too_short":
        return _("quá ngắn (tối thiểu %(n)s ký tự)") % {"n": ctx.get("min_length", "")}
    if kind in {"int_parsing", "int_type", "int_from_float"}:
        return _("phải là một số nguyên")
    if kind in {"float_parsing", "float_type", "decimal_parsing", "decimal_type"}:
        return _("phải là một số")
    if kind in {"greater_than_equal", "greater_than"}:
        return _("phải lớn hơn hoặc bằng %(n)s") % {"n": ctx.get("ge", ctx.get("gt", ""))}
    if kind in {"less_than_equal", "less_than"}:
        return _("phải nhỏ hơn hoặc bằng %(n)s") % {"n": ctx.get("le", ctx.get("lt", ""))}
    if kind in {"bool_parsing", "bool_type"}:
        return _("phải là có hoặc không")
    if kind in {"literal_error", "enum"}:
        return _("giá trị không có trong danh sách")
    if kind in {"list_type", "too_long"}:
        return _("quá nhiều giá trị")
    return _("giá trị không hợp lệ")


def filter_error_rows(errors: Mapping[str, str], fields: Any) -> list[tuple[str, str]]:
    """(label, message) per invalid filter, named by the filter's label on the page (else a generic name)."""
    labels = {str(f.get("name")): str(f.get("label")) for f in fields or [] if isinstance(f, Mapping)}
    labels.setdefault("sort", str(_("Sắp xếp")))
    labels.setdefault("page", str(_("Trang")))
    return [(labels.get(name, str(_("Điều kiện lọc"))), message) for name, message in errors.items()]


def page_size(params: QueryDict, *, maximum: int = PAGE_SIZES[-1]) -> int:
    try:
        size = int(params.get("page_size") or PAGE_SIZES[0])
    except ValueError:
        size = PAGE_SIZES[0]
    return max(1, min(size, maximum))


def table_stamp(model: Any) -> tuple[Any, Any]:
    """The newest `updated_at` and the highest id of a table (two index lookups): they move with every added,
    edited or soft-deleted row."""
    stamp = model._base_manager.aggregate(changed=Max("updated_at"), last=Max("pk"))
    return stamp["changed"], stamp["last"]


T = TypeVar("T")


def _sql(qs: QuerySet[Any]) -> Any:
    try:
        return qs.query.sql_with_params()
    except EmptyResultSet:  # a scope that can see nothing of this table
        return "empty"


def stamp_key(name: str, querysets: list[QuerySet[Any]], *extra: Any) -> str | None:
    """A cache key that moves whenever the answer of `querysets` may change; None when caching is off.

    It is made of the querysets' own SQL — so of the user's scope and filters, never shared between two
    scopes — plus `extra` and each table's stamp (`table_stamp`): a change to any of those tables shows at once.
    A change only in a table not listed (the countries of a delegation edited without saving the delegation)
    shows within NGOAIVU_COUNT_CACHE_SECONDS."""
    models = {qs.model for qs in querysets}
    if settings.NGOAIVU_COUNT_CACHE_SECONDS <= 0 or not all(
        any(f.name == "updated_at" for f in m._meta.concrete_fields) for m in models
    ):
        return None
    parts = [_sql(qs) for qs in querysets]
    stamps = sorted((m._meta.label_lower, table_stamp(m)) for m in models)
    digest = hashlib.sha256(repr((parts, extra, stamps)).encode()).hexdigest()
    return f"{name}:v1:{digest[:40]}"


def stamped(name: str, querysets: list[QuerySet[Any]], compute: Callable[[], T], *extra: Any) -> T:
    """`compute()`, remembered under `stamp_key` for NGOAIVU_COUNT_CACHE_SECONDS."""
    key = stamp_key(name, querysets, *extra)
    if key is None:
        return compute()
    found = cache.get(key)
    if found is None:
        found = compute()
        cache.set(key, found, settings.NGOAIVU_COUNT_CACHE_SECONDS)
    return found  # type: ignore[no-any-return]


def stamped_count(rows: Any) -> int:
    """The count of a list, remembered while its table does not change (`stamped`).

    Counting 150,000 delegations a province may see costs 30-110 ms on every page."""
    if isinstance(rows, list):  # rows already read (a table of counts)
        return len(rows)
    if not isinstance(rows, QuerySet):
        return int(rows.count())
    return int(stamped(f"count:{rows.model._meta.label_lower}", [rows], rows.count))


class StampedPaginator(Paginator[Any]):
    @cached_property
    def count(self) -> int:
        return stamped_count(self.object_list)


def paginate(qs: QuerySet[Any] | list[Any], params: QueryDict) -> Page[Any]:
    paginator = StampedPaginator(qs, page_size(params))
    try:
        number = int(params.get("page") or 1)
    except ValueError:
        number = 1
    try:
        return paginator.page(number)
    except EmptyPage:
        return paginator.page(paginator.num_pages)


def rendered_json(request: HttpRequest, key: str, payload: Callable[[], Any], seconds: int) -> HttpResponse:
    """The body the API's own renderer gives `payload()` (validated and dumped by the caller), kept under `key`
    for `seconds`: a repeat read skips building, validating and encoding the rows (pydantic's validation of
    1,100 calendar entries cost 30 ms). `key` must move with everything the body shows (`stamp_key`)."""
    body = cache.get(key)
    if body is None:
        api = import_string(settings.NGOAIVU_API)
        body = api.create_response(request, payload(), status=200).content
        cache.set(key, body, seconds)
    return HttpResponse(body, content_type="application/json; charset=utf-8")


class Mapped:
    """A paginated source (queryset or anything with `count()` and slices) whose page rows are turned into
    plain dicts before serialisation: ninja resolving dotted aliases on model instances attribute by
    attribute cost more than the SQL of a list page."""

    def __init__(self, rows: Any, to_dict: Callable[[Any], dict[str, Any]]) -> None:
        self.rows = rows
        self.to_dict = to_dict

    def all(self) -> Mapped:
        return self

    def count(self) -> int:
        return stamped_count(self.rows)

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, window: slice) -> list[dict[str, Any]]:
        return [self.to_dict(row) for row in self.rows[window]]


class BoundedPageNumberPagination(PageNumberPagination):
    """Page-number pagination with page_size ≤ 200 and a page number small enough for any database."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_page_size=API_MAX_PAGE_SIZE, **kwargs)

    def _items_count(self, queryset: Any) -> int:
        return stamped_count(queryset) if isinstance(queryset, QuerySet) else super()._items_count(queryset)

    class Input(Schema):
        page: int = Field(1, ge=1, le=1_000_000)
        page_size: int | None = Field(
            None, ge=1, description=f"at most {API_MAX_PAGE_SIZE}; larger values are capped"
        )
