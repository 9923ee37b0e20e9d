from __future__ import annotations

import datetime as dt
import hashlib
import statistics
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db.models import Avg, Count, F, Max, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum
from django.utils import timezone

from ngoaivu.accounts.models import Organisation
from ngoaivu.core.calendar import WorkingCalendar
from ngoaivu.core.db import on_replica
from ngoaivu.core.exceptions import NotFound
from ngoaivu.core.lists import order, stamped_count
from ngoaivu.core.scoping import Action
from ngoaivu.core.selectors import working_calendar
from ngoaivu.core.text import fold_terms
from ngoaivu.requests.filters import RequestFilters
from ngoaivu.requests.models import Category, Event, Recipient, ServiceRequest

R = Recipient.Status
STOPWORDS = frozenset(
    {"cua", "cho", "cac", "voi", "tai", "trong", "nhung", "mot", "duoc", "nay", "the", "and"}
)
SORTS = {
    "sent": ("sent_at",),
    "number": ("number",),
    "title": ("title",),
    "due": ("next_due",),
    "updated": ("-updated_at",),
}


def category_list() -> QuerySet[Category]:
    return Category.objects.filter(is_active=True)


def _parts(**lookup: Any) -> QuerySet[Recipient]:
    return Recipient.objects.filter(**lookup).values("request_id")


LIST_FIELDS = (
    "number",
    "title",
    "status",
    "priority",
    "sent_at",
    "sent_on",
    "version",
    "owner_org__code",
    "owner_org__name_vi",
    "owner_org__name_en",
    "category__code",
    "category__name_vi",
    "category__name_en",
)
PART_FIELDS = (
    "request_id",
    "status",
    "received_on",
    "ack_due",
    "answer_due",
    "acknowledged_on",
    "answered_on",
    "paused_working_days",
    "rating",
    "rating_comment",
    "organisation__code",
    "organisation__name_vi",
    "organisation__name_en",
    "assignee__username",
)


def nearest_open_due(parts: Any) -> dt.date | None:
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

    def __iter__(self) -> Any:
        return self.iterator()

    def iterator(self, chunk_size: int = 2000) -> Any:
        """Every row in the list's order for the Excel export: the ordered ids in one query (OFFSET chunks
        re-ran the whole filtered, sorted query each time), then the rows and their parts by id, chunk by
        chunk, with only the columns the export shows. Categories and organisations are read once and shared
        by every row: `select_related` built a new instance of each for every row and part (643,000 model
        instances, 17 of 21 s, for 101,000 requests)."""
        ids = list(self.requests.values_list("pk", flat=True))
        categories = {c.pk: c for c in Category.objects.all()}
        organisations = {o.pk: o for o in Organisation.objects.only(*ORGANISATION_FIELDS)}
        for start in range(0, len(ids), chunk_size):
            yield from _export_chunk(ids[start : start + chunk_size], categories, organisations)


ORGANISATION_FIELDS = ("code", "name_vi", "name_en")
EXPORT_FIELDS = ("number", "title", "status", "sent_at", "category_id", "owner_org_id")


class ExportPart:
    """A recipient's part as the export's columns read it (`organisation.code`, `status`, `rating`,
    `answer_due`, `is_open`), built from one row of values: a model instance per part cost 25 µs, 170,000 of
    them 4 s of a national export."""

    __slots__ = ("answer_due", "organisation", "rating", "status")
    _meta = Recipient._meta  # `core.columns.display` reads the status label through it

    def __init__(self, organisation: Organisation, status: str, answer_due: Any, rating: Any) -> None:
        self.organisation = organisation
        self.status = status
        self.answer_due = answer_due
        self.rating = rating

    @property
    def is_open(self) -> bool:
        return self.status in Recipient.OPEN


def _export_chunk(
    ids: list[int], categories: dict[int, Category], organisations: dict[int, Organisation]
) -> list[ServiceRequest]:
    found = {
        r.pk: r
        for r in ServiceRequest.objects.system(reason="rows of ids read through visible_to")
        .filter(pk__in=ids)
        .only(*EXPORT_FIELDS)
    }
    parts: dict[int, list[ExportPart]] = {pk: [] for pk in ids}
    rows = Recipient.objects.filter(request_id__in=ids).order_by("pk")
    for request_id, org_id, status, answer_due, rating in rows.values_list(
        "request_id", "organisation_id", "status", "answer_due", "rating"
    ):
        parts[request_id].append(ExportPart(organisations[org_id], status, answer_due, rating))
    category_field = ServiceRequest._meta.get_field("category")
    owner_field = ServiceRequest._meta.get_field("owner_org")
    chunk = []
    for pk in ids:
        if (r := found.get(pk)) is None:
            continue
        category_field.set_cached_value(r, categories[r.category_id])  # type: ignore[union-attr]
        owner_field.set_cached_value(r, organisations[r.owner_org_id])  # type: ignore[union-attr]
        r.parts = parts[pk]  # type: ignore[attr-defined]
        r.next_due = nearest_open_due(parts[pk])  # type: ignore[attr-defined]
        chunk.append(r)
    return chunk


class InboxRows(RequestRows):
    """The inbox in its default order, read from the recipients' partial index (organisation, request sent
    time): one index-only query gives the ordered ids of the open parts (an organisation has at most a few
    thousand), which are the count and, sliced, the page; then only that page's requests are read."""

    def __init__(
        self, parts: Any, requests: QuerySet[ServiceRequest], cache_scope: str | None = None
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
        rows = cache.get(key)
        if rows is None:
            rows = self.read(window)
            cache.set(key, rows, settings.NGOAIVU_INBOX_CACHE_SECONDS)
        return rows

    def read(self, window: slice) -> list[ServiceRequest]:
        """The page from the database, not from the cache (for a caller that keeps its own copy)."""
        return super().__getitem__(window)


def plain_inbox(filters: RequestFilters) -> bool:
    """Only the box and the default order asked for: the inbox can be read from the recipients' index."""
    asked = filters.model_dump(exclude_none=True, exclude={"box", "sort"})
    return filters.box == "inbox" and not asked and (filters.sort or "-sent") == "-sent"


def request_list(*, user: Any, filters: RequestFilters) -> RequestRows:
    """One query for the page plus one for its recipient parts, whatever the page size: box and part
    filters are `pk IN (subquery)` (no join, no DISTINCT), the nearest deadline a correlated subquery."""
    scope = user.scope
    qs = ServiceRequest.objects.visible_to(user, Action.VIEW)
    box = filters.box or "all"
    today = timezone.localdate()
    from_index = plain_inbox(filters)
    if box == "inbox" and not from_index:
        # An explicit id list (an organisation has at most a few thousand open parts) lets PostgreSQL plan
        # from the recipients' index instead of walking every request in date order to fill a page.
        open_ids = list(
            _parts(organisation_id=scope.org_id, status__in=Recipient.OPEN).values_list(
                "request_id", flat=True
            )
        )
        qs = qs.filter(pk__in=open_ids)
    elif box == "sent":
        qs = qs.filter(owner_org_id=scope.org_id)
    elif box == "overdue":
        late = Recipient.objects.filter(status__in=Recipient.OPEN).filter(
            Q(answer_due__lt=today) | Q(ack_due__lt=today, acknowledged_on__isnull=True)
        )
        if not scope.is_national:
            late = late.filter(Q(organisation_id=scope.org_id) | Q(request__owner_org_id=scope.org_id))
        qs = qs.filter(pk__in=late.values("request_id"))
    if filters.status:
        qs = qs.filter(Q(status=filters.status) | Q(pk__in=_parts(status=filters.status)))
    if filters.recipient:
        qs = qs.filter(pk__in=_parts(organisation__code=filters.recipient))
    if filters.rating:
        qs = qs.filter(pk__in=_parts(rating=filters.rating))
    qs = filters.filter(qs)
    next_due = (
        Recipient.objects.filter(request_id=OuterRef("pk"), status__in=Recipient.OPEN)
        .order_by("answer_due")
        .values("answer_due")[:1]
    )
    if (filters.sort or "").lstrip("-") == "due":
        qs = qs.annotate(next_due=Subquery(next_due))  # else `with_parts` finds it among the page's parts
    qs = qs.select_related("category", "owner_org").only(*LIST_FIELDS)  # only the columns lists show
    if from_index:
        parts = (
            Recipient.objects.filter(organisation_id=scope.org_id, status__in=Recipient.OPEN)
            .order_by("-request_sent_at", "-request_id")
            .values_list("request_id", flat=True)
        )
        who = "admin" if scope.is_site_admin else f"org{scope.org_id}"
        return InboxRows(parts, qs, cache_scope=who if settings.NGOAIVU_INBOX_CACHE_SECONDS > 0 else None)
    return RequestRows(order(qs, filters.sort, SORTS, "-sent"))


def request_get(*, user: Any, pk: int) -> ServiceRequest:
    """404 when missing or outside the user's scope: one scoped query answers both."""
    req = (
        ServiceRequest.objects.visible_to(user)
        .select_related("category", "owner_org", "merged_into")
        .prefetch_related(
            "target_countries",
            "attachments",
            Prefetch(
                "recipients",
                queryset=Recipient.objects.select_related("organisation", "assignee").prefetch_related(
                    "answers__attachments"
                ),
            ),
        )
        .filter(pk=pk)
        .first()
    )
    if req is None:
        raise NotFound()
    return req


def request_events(*, request: ServiceRequest) -> QuerySet[Event]:
    return request.events.exclude(action="recipients").select_related(
        "recipient__organisation", "organisation"
    )


def similar_requests(
    *,
    user: Any,
    text: str,
    category: str | None = None,
    countries: list[str] | None = None,
    exclude_pk: int | None = None,
    limit: int = 5,
) -> list[ServiceRequest]:
    """Earlier sent requests of the same category or countries, ranked by shared words of title and text."""
    words = {w for w in fold_terms(text) if len(w) > 2 and w not in STOPWORDS}
    qs = ServiceRequest.objects.visible_to(user).exclude(status__in=["draft", "pending_approval"])
    cond = Q()
    if category:
        cond |= Q(category__code=category)
    if countries:
        cond |= Q(target_countries__iso2__in=[c.upper() for c in countries])
    if words:
        for w in sorted(words)[:6]:
            cond |= Q(search_text__contains=f" {w} ")
    if not cond:
        return []
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    scored = []
    for req in qs.filter(cond).distinct().select_related("category").order_by("-sent_at")[:200]:
        theirs = set(req.search_text.split())
        score = len(words & theirs) * 2 + (3 if category and req.category.code == category else 0)
        scored.append((score, req.sent_at, req))
    scored.sort(key=lambda t: (t[0], t[1] or dt.datetime.min.replace(tzinfo=dt.UTC)), reverse=True)
    return [r for s, _d, r in scored[:limit] if s > 0]


@dataclass
class UnitFigures:
    code: str
    name: str
    received: int = 0
    acknowledged_on_time: int = 0
    answered: int = 0
    answered_on_time: int = 0
    open: int = 0
    overdue: int = 0
    days_to_answer: list[int] | None = None
    rating_avg: float | None = None

    def pct(self, n: int) -> float | None:
        return round(100 * n / self.received, 1) if self.received else None

    @property
    def ack_on_time_pct(self) -> float | None:
        return self.pct(self.acknowledged_on_time)

    @property
    def answer_on_time_pct(self) -> float | None:
        return self.pct(self.answered_on_time)

    @property
    def median_days(self) -> float | None:
        return statistics.median(self.days_to_answer) if self.days_to_answer else None

    @property
    def average_rating(self) -> float | None:
        return round(float(self.rating_avg), 2) if self.rating_avg is not None else None


@on_replica
def responsiveness(
    *, user: Any, date_from: dt.date, date_to: dt.date, calendar: WorkingCalendar | None = None
) -> dict[str, Any]:
    """The report, kept for `NGOAIVU_REPORT_CACHE_SECONDS` (default 300) per visibility scope and period: a
    national year scans tens of thousands of recipient parts, and the figures are read far more often than they
    change. The key is the user's scope (site admin, or the organisation), never shared across scopes; the
    result says when it was computed."""
    seconds = settings.NGOAIVU_REPORT_CACHE_SECONDS
    scope = user.scope
    if seconds <= 0 or calendar is not None or not scope.active:
        return {
            **_responsiveness(user=user, date_from=date_from, date_to=date_to, calendar=calendar),
            "computed_at": timezone.now(),
        }
    who = "admin" if scope.is_site_admin else f"org{scope.org_id}"
    key = f"responsiveness:v1:{who}:{date_from}:{date_to}:{timezone.localdate()}"
    return cache.get_or_set(  # type: ignore[no-any-return,return-value]
        key,
        lambda: {
            **_responsiveness(user=user, date_from=date_from, date_to=date_to),
            "computed_at": timezone.now(),
        },
        seconds,
    )


def _responsiveness(
    *, user: Any, date_from: dt.date, date_to: dt.date, calendar: WorkingCalendar | None = None
) -> dict[str, Any]:
    """Per receiving unit (missions, ministry units) and per sending province, for requests sent in the period;
    only what the user may see is counted."""
    cal = calendar or working_calendar()
    today = timezone.localdate()
    requests_in_period = (
        ServiceRequest.objects.visible_to(user)
        .filter(sent_on__gte=date_from, sent_on__lte=date_to)
        .values("pk")
    )
    parts = Recipient.objects.filter(request_id__in=requests_in_period).exclude(status=R.FORWARDED)
    late_open = Q(status__in=Recipient.OPEN, answered_on__isnull=True)
    per_unit = parts.values("organisation_id", "organisation__code", "organisation__name_vi").annotate(
        received=Count("pk"),
        ack_on_time=Count("pk", filter=Q(acknowledged_on__isnull=False, acknowledged_on__lte=F("ack_due"))),
        answered=Count("pk", filter=Q(answered_on__isnull=False)),
        answered_on_time=Count("pk", filter=Q(answered_on__isnull=False, answered_on__lte=F("answer_due"))),
        open=Count("pk", filter=late_open),
        overdue=Count("pk", filter=late_open & Q(answer_due__lt=today)),
        rating_avg=Avg("rating"),
    )
    units: dict[int, UnitFigures] = {}
    for row in per_unit:
        units[row["organisation_id"]] = UnitFigures(
            row["organisation__code"],
            row["organisation__name_vi"],
            received=row["received"],
            acknowledged_on_time=row["ack_on_time"],
            answered=row["answered"],
            answered_on_time=row["answered_on_time"],
            open=row["open"],
            overdue=row["overdue"],
            days_to_answer=[],
            rating_avg=row["rating_avg"],
        )
    # Working days need the calendar, so the medians come from narrow rows; date pairs recur, hence the cache.
    working_days: dict[tuple[dt.date, dt.date], int] = {}
    answered_rows = parts.filter(answered_on__isnull=False).values_list(
        "organisation_id", "received_on", "answered_on", "paused_working_days"
    )
    for org_id, received_on, answered_on, paused in answered_rows:
        span = working_days.get((received_on, answered_on))
        if span is None:
            span = working_days[(received_on, answered_on)] = cal.working_days_between(
                received_on, answered_on
            )
        days = units[org_id].days_to_answer
        assert days is not None
        days.append(max(0, span - paused))
    per_province = (
        parts.values("request__owner_org__code", "request__owner_org__name_vi")
        .annotate(
            sent=Count("request_id", distinct=True),
            answered=Count("pk", filter=Q(answered_on__isnull=False)),
            rating_avg=Avg("rating"),
        )
        .order_by("request__owner_org__code")
    )
    province_rows = [
        {
            "code": r["request__owner_org__code"],
            "name": r["request__owner_org__name_vi"],
            "sent": r["sent"],
            "answered": r["answered"],
            "average_rating_given": round(r["rating_avg"], 2) if r["rating_avg"] is not None else None,
        }
        for r in per_province
    ]
    result: dict[str, Any] = {"units": sorted(units.values(), key=lambda u: (-u.received, u.code))}
    result["provinces"] = province_rows
    return result


def recipient_choices() -> list[tuple[str, str]]:
    return [
        (o.code, o.name_vi)
        for o in Organisation.objects.filter(
            is_active=True,
            kind__in=[Organisation.Kind.MOFA, Organisation.Kind.MOFA_UNIT, Organisation.Kind.MISSION],
        ).order_by("kind", "sort_key")
    ]


def available_actions(*, user: Any, req: ServiceRequest) -> list[str]:
    """The actions this user could take now (the same rules the service enforces), for the page's buttons."""
    from ngoaivu.requests import rules

    scope = user.scope
    if not scope.can_write:
        return []
    is_sender = req.owner_org_id == scope.org_id
    actions: list[str] = []
    for action, states in rules.REQUEST_ACTIONS.items():
        if req.status not in states:
            continue
        if (
            (action in ("submit", "withdraw", "close") and is_sender)
            or (
                action in ("approve", "return")
                and is_sender
                and scope.can_approve
                and req.submitted_by_id != user.pk  # four eyes: never one's own submission
            )
            or (action == "merge" and scope.is_national)
        ):
            actions.append(action)
    if req.status != ServiceRequest.Status.SENT:
        return actions
    parts = list(req.recipients.all())
    for action, states in rules.RECIPIENT_ACTIONS.items():
        if action in rules.SENDER_PART_ACTIONS:
            if is_sender and any(p.status in states for p in parts):
                actions.append(action)
            continue
        own = [p for p in parts if p.organisation_id == scope.org_id and p.status in states]
        if not own:
            continue
        if action == "forward" and not scope.is_ministry:
            continue
        if action == "handover" and not scope.is_mission:
            continue
        actions.append(action)
    return actions


def work_counts(*, user: Any) -> list[dict[str, Any]]:
    """The home page's work list: counts of requests needing this user's action, each with its filtered list."""
    from django.utils.translation import gettext as _

    scope = user.scope

    def count(**params: Any) -> int:
        return request_list(user=user, filters=RequestFilters(**params)).count()

    rows: list[dict[str, Any]] = []
    if scope.is_province:
        rows.append(
            {
                "label": _("Dự thảo chưa gửi"),
                "params": "box=sent&status=draft",
                "n": count(box="sent", status="draft"),
            }
        )
        rows.append(
            {
                "label": _("Chờ lãnh đạo duyệt"),
                "params": "box=sent&status=pending_approval",
                "n": count(box="sent", status="pending_approval"),
            }
        )
        rows.append(
            {
                "label": _("Đã được trả lời, chờ đánh giá"),
                "params": "box=sent&status=answered",
                "n": count(box="sent", status="answered"),
            }
        )
        rows.append(
            {
                "label": _("Cơ quan nhận đề nghị làm rõ"),
                "params": "box=sent&status=clarification",
                "n": count(box="sent", status="clarification"),
            }
        )
    else:
        rows.append(
            {"label": _("Đặt hàng đang chờ đơn vị xử lý"), "params": "box=inbox", "n": count(box="inbox")}
        )
        rows.append(
            {
                "label": _("Mới nhận, chưa xác nhận"),
                "params": "box=inbox&status=new",
                "n": count(box="inbox", status="new"),
            }
        )
    rows.append({"label": _("Quá hạn"), "params": "box=overdue", "n": count(box="overdue")})
    return rows
