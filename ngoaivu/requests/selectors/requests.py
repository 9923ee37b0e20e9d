"""Reads of requests: the lists and boxes, one request with its parts, its history, similar requests, the
actions a user may take, and the choices the forms offer."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db.models import OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone

from ngoaivu.accounts.models import Organisation, User
from ngoaivu.core.exceptions import NotFound
from ngoaivu.core.lists import order
from ngoaivu.core.scoping import Action
from ngoaivu.core.text import fold_terms
from ngoaivu.requests import rules
from ngoaivu.requests.filters import RequestFilters
from ngoaivu.requests.models import Category, Event, Recipient, ServiceRequest
from ngoaivu.requests.progress import ANSWERED_LIKE, PARTLY_ANSWERED, was_answered
from ngoaivu.requests.selectors.rows import InboxRows, RequestRows, with_parts

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


def _parts(**lookup: Any) -> QuerySet[Recipient, int]:
    """The ids of the requests with a part matching `lookup`, for `pk IN (subquery)`."""
    return Recipient.objects.filter(**lookup).values_list("request_id", flat=True)


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


def plain_inbox(filters: RequestFilters) -> bool:
    """Only the box and the default order asked for: the inbox can be read from the recipients' index."""
    asked = filters.model_dump(exclude_none=True, exclude={"box", "sort"})
    return filters.box == "inbox" and not asked and (filters.sort or "-sent") == "-sent"


def request_list(*, user: User, filters: RequestFilters) -> RequestRows:
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
        open_ids = list(_parts(organisation_id=scope.org_id, status__in=Recipient.OPEN))
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
    if (
        filters.status == PARTLY_ANSWERED
    ):  # a derived status (`progress`): some parts answered, some still open
        qs = qs.filter(
            Q(status=ServiceRequest.Status.SENT)
            & Q(pk__in=_parts(status__in=ANSWERED_LIKE))
            & Q(pk__in=_parts(status__in=Recipient.OPEN))
        )
    elif filters.status:
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
        parts = _parts(organisation_id=scope.org_id, status__in=Recipient.OPEN).order_by(
            "-request_sent_at", "-request_id"
        )
        who = "admin" if scope.is_site_admin else f"org{scope.org_id}"
        return InboxRows(parts, qs, cache_scope=who if settings.NGOAIVU_INBOX_CACHE_SECONDS > 0 else None)
    return RequestRows(order(qs, filters.sort, SORTS, "-sent"))


def request_get(*, user: User, pk: int) -> ServiceRequest:
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


def _status_label(choices: type[ServiceRequest.Status] | type[Recipient.Status], code: str) -> str:
    return str(choices(code).label) if code in choices.values else code


def request_history(*, request: ServiceRequest) -> list[Event]:
    """The request's history as the page says it: each event with `from_label` and `to_label`, the states in
    words ("Dự thảo → Đã gửi"): a part's step speaks of the part's states, the request's own of the request's.
    (The API's history keeps the codes.)"""
    events = list(request_events(request=request))
    for e in events:
        choices = Recipient.Status if e.recipient_id else ServiceRequest.Status
        e.from_label = _status_label(choices, e.from_status) if e.from_status else ""  # type: ignore[attr-defined]
        e.to_label = _status_label(choices, e.to_status) if e.to_status else ""  # type: ignore[attr-defined]
    return events


def organisation_names(codes: list[str]) -> list[str]:
    """The names of organisations given by code (a draft's planned recipients), in the codes' order."""
    names = dict(Organisation.objects.filter(code__in=codes).values_list("code", "name_vi"))
    return [names.get(c, c) for c in codes]


def similar_requests(
    *,
    user: User,
    text: str,
    category: str | None = None,
    countries: list[str] | None = None,
    exclude_pk: int | None = None,
    limit: int = 5,
) -> list[ServiceRequest]:
    """Earlier sent requests of the same category or countries, ranked by shared words of title and text: the
    user's own, those routed to them, and (for a province) other provinces' answered requests their senders
    shared — `visible_to` decides, so an unshared request of another province never shows. Each comes with
    its parts (`.parts`) so that the panel shows where it stands (`display_status`)."""
    words = {w for w in fold_terms(text) if len(w) > 2 and w not in STOPWORDS}
    qs = ServiceRequest.objects.readable_or_shared(user).exclude(status__in=["draft", "pending_approval"])
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
    for req in qs.filter(cond).distinct().select_related("category", "owner_org").order_by("-sent_at")[:200]:
        theirs = set(req.search_text.split())
        score = len(words & theirs) * 2 + (3 if category and req.category.code == category else 0)
        scored.append((score, req.sent_at, req))
    scored.sort(key=lambda t: (t[0], t[1] or dt.datetime.min.replace(tzinfo=dt.UTC)), reverse=True)
    found = with_parts([r for s, _d, r in scored[:limit] if s > 0])
    full = set(
        ServiceRequest.objects.visible_to(user)
        .filter(pk__in=[r.pk for r in found])
        .values_list("pk", flat=True)
    )
    for r in found:
        r.full_read = r.pk in full  # type: ignore[attr-defined]
    return found


def shared_request_get(*, user: User, pk: int) -> tuple[ServiceRequest, list[tuple[Recipient, list[Any]]]]:
    """The public part of a request the user may read in full or that another province shared with them: the
    request, and each answering recipient with its answers (text, partner contacts, next steps) — no history,
    assignees, notes, ratings or files. 404 otherwise."""
    req = (
        ServiceRequest.objects.readable_or_shared(user)
        .select_related("category", "owner_org")
        .prefetch_related("target_countries")
        .filter(pk=pk)
        .first()
    )
    if req is None:
        raise NotFound()
    parts = list(
        Recipient.objects.filter(request=req)
        .exclude(status=Recipient.Status.FORWARDED)
        .select_related("organisation")
        .prefetch_related("answers")
    )
    with_parts([req])
    return req, [(p, list(p.answers.all())) for p in parts if p.answers.all()]


def recipient_choices() -> list[tuple[str, str]]:
    return [
        (o.code, o.name_vi)
        for o in Organisation.objects.filter(
            is_active=True,
            kind__in=[Organisation.Kind.MOFA, Organisation.Kind.MOFA_UNIT, Organisation.Kind.MISSION],
        ).order_by("kind", "sort_key")
    ]


def available_actions(*, user: User, req: ServiceRequest) -> list[str]:
    """The actions this user could take now (the same rules the service enforces), for the page's buttons."""

    scope = user.scope
    if not scope.can_write:
        return []
    is_sender = req.owner_org_id == scope.org_id
    parts = list(req.recipients.all())
    actions: list[str] = []
    for action, states in rules.REQUEST_ACTIONS.items():
        if req.status not in states:
            continue
        if action == "withdraw" and was_answered(
            parts
        ):  # answered: closed, never withdrawn (the service refuses)
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
