"""The rows of the request lists: a page with its recipients' parts, the Excel export read in chunks, and the
inbox read from the recipients' index and cached per page."""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
from collections.abc import Iterable, Iterator
from typing import Any, Protocol

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import Count, Max, QuerySet, Sum
from django.db.models.expressions import RawSQL
from django.utils.translation import get_language

from ngoaivu.accounts.models import Organisation
from ngoaivu.core.lists import stamped_count
from ngoaivu.requests.models import Category, Recipient, ServiceRequest
from ngoaivu.requests.progress import _progress

PART_COLUMNS = (
    "status",
    "received_on",
    "ack_due",
    "answer_due",
    "acknowledged_on",
    "answered_on",
    "paused_working_days",
    "rating",
    "rating_comment",
)
"""A part's own columns the lists show (the API's rows copy them by these names)."""
PART_FIELDS = (
    "request_id",
    *PART_COLUMNS,
    "organisation__code",
    "organisation__name_vi",
    "organisation__name_en",
    "assignee__username",
)


class _Due(Protocol):
    @property
    def answer_due(self) -> dt.date: ...

    @property
    def is_open(self) -> bool: ...


def nearest_open_due(parts: Iterable[_Due]) -> dt.date | None:
    """The nearest answer deadline among a request's open parts (the lists' "Hạn trả lời gần nhất")."""
    return min((p.answer_due for p in parts if p.is_open), default=None)


def with_parts(requests: list[ServiceRequest]) -> list[ServiceRequest]:
    """Each request of a page gets its recipients' parts as `.parts`, in one query (a `Prefetch` cloned a
    queryset per request: ~10 ms of Python for a page of 25), and `.next_due`, the nearest answer deadline of
    its open parts, unless the query already computed it to sort by it."""
    by_request: dict[int, list[Recipient]] = {r.pk: [] for r in requests}
    if by_request:
        parts = (
            Recipient.objects.filter(request_id__in=list(by_request))
            .select_related("organisation", "assignee")
            .only(*PART_FIELDS)
        )
        for part in parts.order_by("pk"):
            by_request[part.request_id].append(part)
    for r in requests:
        r.parts = by_request[r.pk]  # type: ignore[attr-defined]
        if not hasattr(r, "next_due"):
            r.next_due = nearest_open_due(r.parts)  # type: ignore[attr-defined]
    return requests


class RequestRows:
    """A list of requests that paginators and the Excel export use like a queryset (`count`, slices,
    `iterator`); each page comes with its parts (`with_parts`)."""

    def __init__(self, requests: QuerySet[ServiceRequest]) -> None:
        self.requests = requests

    def all(self) -> RequestRows:
        return self

    def count(self) -> int:
        return stamped_count(self.requests)

    def __len__(self) -> int:
        return self.count()

    def page(self, window: slice) -> list[ServiceRequest]:
        return list(self.requests[window])

    def __getitem__(self, window: slice) -> list[ServiceRequest]:
        return with_parts(self.page(window))

    def __iter__(self) -> Iterator[ExportRequest]:
        return self.iterator()

    def iterator(self, chunk_size: int = 2000) -> Iterator[ExportRequest]:
        """Every row in the list's order for the Excel export: the list's own query read as it streams
        (`QuerySet.iterator`: a server-side cursor on PostgreSQL; OFFSET chunks re-ran the whole filtered,
        sorted query each time, and reading ids first then the rows by id doubled the lookups), each chunk's
        parts in one query, as plain values (`ExportRequest`, `ExportPart`: a model instance per row and part,
        with `select_related`'s category and organisation for each, cost most of a national export).
        Categories and organisations are read once and shared by every row."""
        language = get_language() or ""
        categories = {c.pk: ExportCategory(c.name) for c in Category.objects.all()}
        organisations = {o.pk: o for o in Organisation.objects.only(*ORGANISATION_FIELDS)}
        states: dict[tuple[str, tuple[str, ...]], str] = {}
        rows = self.requests.values_list(*EXPORT_FIELDS).iterator(chunk_size=chunk_size)
        while chunk := list(itertools.islice(rows, chunk_size)):
            yield from _export_chunk(chunk, categories, organisations, states, language)


ORGANISATION_FIELDS = ("code", "name_vi", "name_en")
EXPORT_FIELDS = ("pk", "number", "title", "status", "sent_at", "category_id", "owner_org_id")


class ExportCategory:
    """A category as the export's column reads it: its name in the export's language, looked up once (the
    model's `name` asked for the language on every row)."""

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name


class ExportPart:
    """A recipient's part as the export's columns read it (`organisation.code`, `status`, `rating`,
    `answer_due`, `is_open`), built from one row of values: a model instance per part cost 25 µs, 170,000 of
    them 4 s of a national export."""

    __slots__ = ("answer_due", "organisation", "rating", "status")
    _meta = Recipient._meta  # `core.columns.display` reads the status label through it

    def __init__(
        self, organisation: Organisation, status: str, answer_due: dt.date, rating: int | None
    ) -> None:
        self.organisation = organisation
        self.status = status
        self.answer_due = answer_due
        self.rating = rating

    @property
    def is_open(self) -> bool:
        return self.status in Recipient.OPEN


class ExportRequest:
    """A request as the export's columns read it (`requests.columns.REQUEST_COLUMNS`): its own values, its
    category and sending organisation, its parts, the nearest open deadline and the status a person reads
    (`progress`), from rows of values."""

    __slots__ = (
        "category",
        "display_status",
        "next_due",
        "number",
        "owner_org",
        "parts",
        "pk",
        "sent_at",
        "status",
        "title",
    )

    def __init__(
        self,
        values: tuple[int, str | None, str, str, dt.datetime | None],
        category: ExportCategory,
        owner_org: Organisation,
        parts: list[ExportPart],
        display_status: str,
    ) -> None:
        self.pk, self.number, self.title, self.status, self.sent_at = values
        self.category = category
        self.owner_org = owner_org
        self.parts = parts
        self.next_due = nearest_open_due(parts)
        self.display_status = display_status


def _among(ids: list[int]) -> list[int] | RawSQL:
    """The right side of `pk__in` for a chunk of ids: on PostgreSQL one array parameter (2,000 placeholders
    cost Django and psycopg more to build and parse than the query took to run)."""
    if connection.vendor == "postgresql":
        return RawSQL("SELECT unnest(%s::bigint[])", [ids])
    return ids


def _export_chunk(
    chunk: list[tuple[Any, ...]],
    categories: dict[int, ExportCategory],
    organisations: dict[int, Organisation],
    states: dict[tuple[str, tuple[str, ...]], str],
    language: str,
) -> list[ExportRequest]:
    parts: dict[int, list[ExportPart]] = {values[0]: [] for values in chunk}
    rows = Recipient.objects.filter(request_id__in=_among(list(parts))).order_by("pk")
    for request_id, org_id, status, answer_due, rating in rows.values_list(
        "request_id", "organisation_id", "status", "answer_due", "rating"
    ):
        parts[request_id].append(ExportPart(organisations[org_id], status, answer_due, rating))
    requests = []
    for values in chunk:
        status, category_id, owner_org_id = values[3], values[5], values[6]
        own = parts[values[0]]
        # the status a person reads, derived once per combination of states (`progress.request_progress`)
        key = (status, tuple(p.status for p in own))
        label = states.get(key)
        if label is None:
            label = states[key] = _progress(language, status, tuple(sorted(key[1]))).label
        r = ExportRequest(values[:5], categories[category_id], organisations[owner_org_id], own, label)
        requests.append(r)
    return requests


class InboxRows(RequestRows):
    """The inbox in its default order, read from the recipients' partial index (organisation, request sent
    time): one index-only query gives the ordered ids of the open parts (an organisation has at most a few
    thousand), which are the count and, sliced, the page; then only that page's requests are read."""

    def __init__(
        self, parts: Iterable[int], requests: QuerySet[ServiceRequest], cache_scope: str | None = None
    ) -> None:
        super().__init__(requests)
        self.parts = parts
        self.cache_scope = cache_scope
        self._ids: list[int] | None = None

    def ids(self) -> list[int]:
        if self._ids is None:
            self._ids = list(self.parts)
        return self._ids

    def count(self) -> int:
        return len(self.ids())

    def page(self, window: slice) -> list[ServiceRequest]:
        ids = self.ids()[window]
        found = {r.pk: r for r in self.requests.filter(pk__in=ids)} if ids else {}
        return [found[i] for i in ids if i in found]

    def page_key(self, window: slice) -> str | None:
        """The cache key of a page of this inbox, None when not cached: it moves with the page's ids and with
        one aggregate over their rows (every save, and every bulk update of parts, sets `updated_at`)."""
        ids = self.ids()[window]
        if not ids or self.cache_scope is None:
            return None
        stamp = (
            ServiceRequest.objects.system(reason="freshness stamp of ids read through visible_to")
            .filter(pk__in=ids)
            .aggregate(
                changed=Max("updated_at"),
                versions=Sum("version"),
                parts_changed=Max("recipients__updated_at"),
                parts=Count("recipients"),
            )
        )
        digest = hashlib.sha256(repr((ids, len(self.ids()), sorted(stamp.items()))).encode()).hexdigest()[:32]
        return f"inbox:v2:{self.cache_scope}:{digest}"

    def __getitem__(self, window: slice) -> list[ServiceRequest]:
        """A page already read for this organisation is reused while none of its requests or parts changed.
        Entries live NGOAIVU_INBOX_CACHE_SECONDS at most (a renamed organisation shows then)."""
        key = self.page_key(window)
        if key is None:
            return self.read(window)
        rows: list[ServiceRequest] | None = cache.get(key)
        if rows is None:
            rows = self.read(window)
            cache.set(key, rows, settings.NGOAIVU_INBOX_CACHE_SECONDS)
        return rows

    def read(self, window: slice) -> list[ServiceRequest]:
        """The page from the database, not from the cache (for a caller that keeps its own copy)."""
        return super().__getitem__(window)
