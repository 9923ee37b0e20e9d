"""Reads of promotion events; everything starts from `visible_to`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, DateField, Exists, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from ngoaivu.core.actors import Actor
from ngoaivu.core.lists import order
from ngoaivu.core.scoping import Action, get_for_action
from ngoaivu.directory.models import Mission
from ngoaivu.events.filters import EventFilters
from ngoaivu.events.models import EventParticipation, FollowUpTask, PromotionEvent

CHOICES_LIMIT = 500
"""Agreements offered on the event form, per group (the user's own organisation's; the others')."""

EVENT_SORTS = {
    "starts": ("starts_on",),
    "title": ("title_vi",),
    "kind": ("kind", "-starts_on"),
    "province": ("province__code", "-starts_on"),
    "status": ("status", "-starts_on"),
}


def _today() -> dt.date:
    return timezone.localdate()


def overdue_tasks_q(today: dt.date) -> Q:
    return Q(done_on__isnull=True, due_on__lt=today)


def event_list(
    *, user: Actor, filters: EventFilters, action: Action = Action.VIEW
) -> QuerySet[PromotionEvent]:
    """The events a user may see, filtered; each row carries `overdue_count` (open tasks past their date) and
    `overdue_since` (the due date of the most overdue one, or None)."""
    today = _today()
    qs = PromotionEvent.objects.visible_to(user, action).filter(filters.get_filter_expression())
    if filters.task_overdue is not None:
        late = FollowUpTask.objects.filter(overdue_tasks_q(today), event_id=OuterRef("pk"))
        qs = qs.filter(Exists(late)) if filters.task_overdue else qs.exclude(Exists(late))
    # a subquery, not a join with GROUP BY: computed only for the page's rows
    late_count = (
        FollowUpTask.objects.filter(overdue_tasks_q(today), event_id=OuterRef("pk"))
        .order_by()
        .values("event_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    oldest_late = (
        FollowUpTask.objects.filter(overdue_tasks_q(today), event_id=OuterRef("pk"))
        .order_by("due_on")
        .values("due_on")[:1]
    )
    qs = qs.annotate(
        overdue_count=Coalesce(Subquery(late_count, output_field=IntegerField()), 0),
        overdue_since=Subquery(oldest_late, output_field=DateField()),
    )
    qs = qs.select_related("province").prefetch_related("countries")
    return order(qs, filters.sort, EVENT_SORTS, default="-starts")


def event_get(*, user: Actor, pk: int, action: Action = Action.VIEW) -> PromotionEvent:
    """One event with everything its page and the API's detail show. Its linked agreements are those the user
    may also see in the register (`linked_agreements`), never another province's private MOU by title."""
    found = get_for_action(PromotionEvent, user, action, pk=pk)
    from ngoaivu.agreements.models import Agreement

    visible_agreements = Agreement.objects.visible_to(user, Action.VIEW).select_related("kind", "country")
    return (
        PromotionEvent.objects.visible_to(user, Action.VIEW)
        .select_related("province", "former_province", "owner_org")
        .prefetch_related(
            "countries",
            "provinces",
            Prefetch("missions", queryset=Mission.objects.select_related("country").order_by("sort_key")),
            Prefetch("agreements", queryset=visible_agreements, to_attr="linked_agreements"),
            Prefetch("participations", queryset=EventParticipation.objects.order_by("kind")),
            Prefetch(
                "tasks", queryset=FollowUpTask.objects.select_related("owner_org").order_by("due_on", "pk")
            ),
        )
        .get(pk=found.pk)
    )


def task_get(*, user: Actor, event_id: int, task_id: int, action: Action = Action.VIEW) -> FollowUpTask:
    """A task through its event's scope: 404 when the event is out of scope or the task is not its own."""
    from ngoaivu.core.exceptions import NotFound

    event = get_for_action(PromotionEvent, user, action, pk=event_id)
    if not 0 < task_id < 2**63:  # no database holds such an id
        raise NotFound()
    task = FollowUpTask.objects.filter(event_id=event.pk, pk=task_id).select_related("owner_org").first()
    if task is None:
        raise NotFound()
    return task


def agreement_choices(
    *, user: Actor, linked: Iterable[int] = (), limit: int = CHOICES_LIMIT
) -> list[tuple[int, str]]:
    """Every agreement and MOU the user may see in the register (`Agreement.visible_to`), to link as signed at
    the event: the user's own organisation's first, then the others', newest first, at most `limit` of each,
    plus always those already linked that the user may see (so saving the page never drops one). Links the
    user may not see are not offered and are kept by the service."""
    from ngoaivu.agreements.models import Agreement

    visible = Agreement.objects.visible_to(user, Action.VIEW)
    newest = ("-signed_on", "-pk")
    fields = ("pk", "title_vi", "signed_on")
    org_id = user.scope.org_id
    own = visible.filter(owner_org_id=org_id) if org_id is not None else visible.none()
    others = visible.exclude(owner_org_id=org_id) if org_id is not None else visible
    rows = [
        *own.order_by(*newest).values_list(*fields)[:limit],
        *others.order_by(*newest).values_list(*fields)[:limit],
    ]
    wanted = set(linked) - {pk for pk, _t, _s in rows}
    if wanted:
        rows.extend(visible.filter(pk__in=wanted).order_by(*newest).values_list(*fields))
    return [(pk, f"{title} ({signed:%d/%m/%Y})" if signed else title) for pk, title, signed in rows]


def mission_choices() -> list[tuple[str, str]]:
    """(code, name) of every mission, for the form and the API (missions are reference data)."""
    return list(Mission.objects.order_by("sort_key").values_list("code", "name_vi"))


@dataclass(frozen=True)
class EventDay:
    """One event as the shared calendar shows it (`delegations.selectors.calendar`)."""

    pk: int
    title: str
    kind: str
    starts_on: dt.date
    ends_on: dt.date
    province: str
    place: str
    status: str


CALENDAR_LIMIT = 2000


def calendar_events(
    *, user: Actor, start: dt.date, end: dt.date, province: str = "", country: str = ""
) -> list[EventDay]:
    """The events held or planned between `start` and `end` (inclusive) that the user may see — never the
    cancelled ones — for the shared calendar; `province` (current code: organising or taking part) and `country`
    (ISO alpha-2) narrow them. Two queries whatever the number of events."""
    qs = (
        PromotionEvent.objects.visible_to(user, Action.VIEW)
        .exclude(status=PromotionEvent.Status.CANCELLED)
        .filter(starts_on__lte=end, ends_on__gte=start)
    )
    if province or country:
        qs = qs.filter(
            EventFilters(province=province or None, country=country or None).get_filter_expression()
        )
    rows = qs.order_by("starts_on", "pk").values(
        "pk", "title_vi", "kind", "starts_on", "ends_on", "province__name", "place", "status"
    )[:CALENDAR_LIMIT]
    return [
        EventDay(
            r["pk"],
            r["title_vi"],
            r["kind"],
            r["starts_on"],
            r["ends_on"],
            r["province__name"],
            r["place"],
            r["status"],
        )
        for r in rows
    ]


def calendar_choices(*, user: Actor) -> tuple[dict[str, str], dict[str, str]]:
    """(province code → name, country ISO → Vietnamese name) of the events the user may see, for the shared
    calendar's filters."""
    events = PromotionEvent.objects.visible_to(user, Action.VIEW)
    provinces = dict(events.order_by().values_list("province__code", "province__name").distinct())
    countries = dict(
        PromotionEvent.countries.through.objects.filter(promotionevent_id__in=events.values("pk"))
        .order_by()
        .values_list("country__iso2", "country__name_vi")
        .distinct()
    )
    return provinces, countries


@dataclass(frozen=True)
class TaskDay:
    """An open follow-up task's due date, for the shared calendar."""

    pk: int
    event_id: int
    title: str
    due_on: dt.date
    owner: str


def calendar_task_deadlines(
    *, user: Actor, start: dt.date, end: dt.date, province: str = "", country: str = ""
) -> list[TaskDay]:
    """The open follow-up tasks due between `start` and `end` of the events the user may see, for whom they are
    work: the organising province's people and those of the organisation named as the task's owner (the ministry
    and other readers see the events, not every province's to-do list)."""
    org_id = user.scope.org_id
    if org_id is None:
        return []
    events = PromotionEvent.objects.visible_to(user, Action.VIEW).exclude(
        status=PromotionEvent.Status.CANCELLED
    )
    if province or country:
        events = events.filter(
            EventFilters(province=province or None, country=country or None).get_filter_expression()
        )
    rows = (
        FollowUpTask.objects.filter(
            Q(event__owner_org_id=org_id) | Q(owner_org_id=org_id),
            event_id__in=events.values("pk"),
            done_on__isnull=True,
            due_on__range=(start, end),
        )
        .order_by("due_on", "pk")
        .values("pk", "event_id", "title", "due_on", "owner_person", "owner_org__name_vi")[:CALENDAR_LIMIT]
    )
    return [
        TaskDay(
            r["pk"],
            r["event_id"],
            r["title"],
            r["due_on"],
            " — ".join(x for x in (r["owner_org__name_vi"], r["owner_person"]) if x),
        )
        for r in rows
    ]


def calendar_querysets(*, user: Actor) -> list[QuerySet[Any]]:
    """What the shared calendar's cache key must move with: the events and their tasks the user may see."""
    events = PromotionEvent.objects.visible_to(user, Action.VIEW)
    return [events, FollowUpTask.objects.filter(event_id__in=events.values("pk"))]
