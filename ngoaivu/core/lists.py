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
from django.core.paginator import EmptyPage, Page, Paginator
from django.db.models import Max, Q, QuerySet
from django.http import QueryDict
from django.utils.functional import cached_property
from ninja import FilterSchema, Schema
from ninja.pagination import PageNumberPagination
from pydantic import Field, ValidationError

from ngoaivu.core.text import fold_terms

PAGE_SIZES = (25, 50, 100)
API_MAX_PAGE_SIZE = 200
F = TypeVar("F", bound=FilterSchema)


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


def order(qs: QuerySet, sort: str | None, allowed: Mapping[str, tuple[str, ...]], default: str) -> QuerySet:
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
        errors = {str(e["loc"][0]): e["msg"] for e in exc.errors()}
        clean = {k: v for k, v in data.items() if k not in errors}
        return ParsedFilters(schema(**clean), errors)


def page_size(params: QueryDict, *, maximum: int = PAGE_SIZES[-1]) -> int:
    try:
        size = int(params.get("page_size") or PAGE_SIZES[0])
    except ValueError:
        size = PAGE_SIZES[0]
    return max(1, min(size, maximum))


def stamped_count(rows: Any) -> int:
    """The count of a list, remembered while its table does not change.

    Counting 150,000 delegations a province may see costs 30-110 ms on every page; the count is kept under
    a key made of the count's own SQL (so of the user's scope and filters) and the table's stamp — the
    newest `updated_at` and the highest id, two index lookups — so an added, edited or (soft-)deleted record
    shows in the total at once. A change only in a related table (the parts of a request, the countries of a
    delegation edited without saving the delegation) shows within NGOAIVU_COUNT_CACHE_SECONDS."""
    seconds = settings.NGOAIVU_COUNT_CACHE_SECONDS
    if not isinstance(rows, QuerySet):
        return int(rows.count())
    model = rows.model
    if seconds <= 0 or not any(f.name == "updated_at" for f in model._meta.concrete_fields):
        return rows.count()
    stamp = model._base_manager.aggregate(changed=Max("updated_at"), last=Max("pk"))
    sql, params = rows.query.sql_with_params()
    digest = hashlib.sha256(repr((sql, params, stamp["changed"], stamp["last"])).encode()).hexdigest()
    key = f"count:v1:{model._meta.label_lower}:{digest[:40]}"
    found = cache.get(key)
    if found is None:
        found = rows.count()
        cache.set(key, found, seconds)
    return int(found)


class StampedPaginator(Paginator):
    @cached_property
    def count(self) -> int:
        return stamped_count(self.object_list)


def paginate(qs: QuerySet, params: QueryDict) -> Page:
    paginator = StampedPaginator(qs, page_size(params))
    try:
        number = int(params.get("page") or 1)
    except ValueError:
        number = 1
    try:
        return paginator.page(number)
    except EmptyPage:
        return paginator.page(paginator.num_pages)


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
