"""The shared calendar: delegations, leader visits, conferences, promotion events (the events app) and their
deadlines in a period, among what the user may see."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import get_language

from ngoaivu.border import selectors as border
from ngoaivu.core.actors import Actor
from ngoaivu.core.agenda import CalendarEntry as CalendarEntry
from ngoaivu.core.agenda import CalendarFeed
from ngoaivu.core.lists import stamp_key
from ngoaivu.core.scoping import Action
from ngoaivu.core.selectors import provisional_label
from ngoaivu.core.text import vi_sort_key
from ngoaivu.culture import selectors as culture
from ngoaivu.delegations.models import (
    Conference,
    Delegation,
    FollowUpTask,
    LeaderVisit,
)
from ngoaivu.delegations.selectors.delegations import details_q
from ngoaivu.events import selectors as events
from ngoaivu.events.models import PromotionEvent
from ngoaivu.overseas import selectors as overseas
from ngoaivu.press import selectors as press
from ngoaivu.training import selectors as training

FEEDS: list[CalendarFeed] = [
    # issue 21: each app's dated records, described in its selectors (core.agenda)
    culture.CALENDAR_FEED,
    press.CALENDAR_FEED,
    overseas.CALENDAR_FEED,
    training.CALENDAR_FEED,
    border.CALENDAR_FEED,
]
CALENDAR_KINDS = ("delegation", "visit", "conference", "event", *(f.kind for f in FEEDS))
"""What the calendar page filters on ("kind"): a kind's deadlines come with it (a delegation's report and
follow-up tasks, a conference's dossier)."""


@dataclass(frozen=True)
class CalendarFilters:
    kind: str = ""  # "" (all) or one of CALENDAR_KINDS
    province: str = ""  # a province code
    country: str = ""  # ISO alpha-2: the delegations and conferences naming the country (visits have none)


def calendar_filter_choices(*, user: Actor) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(provinces, countries) the calendar's filters offer: those of the delegations, visits, conferences and
    promotion events the user may see, by Vietnamese name — never a province or country that could only answer an
    empty calendar."""
    delegations = Delegation.objects.visible_to(user, Action.VIEW)
    visits = LeaderVisit.objects.visible_to(user, Action.VIEW)
    conferences = Conference.objects.visible_to(user, Action.VIEW)
    provinces: dict[str, str] = {}
    for qs in (delegations, visits, conferences):
        provinces.update(qs.order_by().values_list("province__code", "province__name").distinct())
    countries: dict[str, str] = {}
    countries.update(
        Delegation.countries.through.objects.filter(delegation_id__in=delegations.values("pk"))
        .order_by()
        .values_list("country__iso2", "country__name_vi")
        .distinct()
    )
    countries.update(
        Conference.countries.through.objects.filter(conference_id__in=conferences.values("pk"))
        .order_by()
        .values_list("country__iso2", "country__name_vi")
        .distinct()
    )
    event_provinces, event_countries = events.calendar_choices(user=user)
    provinces.update(event_provinces)
    countries.update(event_countries)
    for feed in FEEDS:
        feed_provinces, feed_countries = feed.choices(user=user)
        provinces.update(feed_provinces)
        countries.update(feed_countries)
    return (
        sorted(provinces.items(), key=lambda kv: vi_sort_key(kv[1])),
        sorted(countries.items(), key=lambda kv: vi_sort_key(kv[1])),
    )


MAX_CALENDAR_DAYS = 400
CALENDAR_LIMIT = 2000  # per kind of entry: a national month holds a few hundred trips
MAX_TRIP_DAYS = 366


def _detail_path(name: str, app: str = "delegations") -> Callable[[int], str]:
    """`reverse("<app>:<name>", args=[pk])` for many records: one reverse() per calendar instead of one
    per entry (66 µs each, 2,000 trips a national month). Equal to each record's `get_absolute_url()`."""
    head, _zero, tail = reverse(f"{app}:{name}", args=[0]).rpartition("/0/")
    return lambda pk: f"{head}/{pk}/{tail}"


def calendar_key(*, user: Actor, start: dt.date, end: dt.date) -> str | None:
    """The cache key of `calendar_entries` for this user and period: it moves with every change to the
    delegations, visits, conferences, follow-up tasks and promotion events the user may see
    (`core.lists.stamp_key`)."""
    delegations = Delegation.objects.visible_to(user, Action.VIEW)
    return stamp_key(
        "calendar",
        [
            delegations,
            LeaderVisit.objects.visible_to(user, Action.VIEW),
            Conference.objects.visible_to(user, Action.VIEW),
            FollowUpTask.objects.filter(delegation_id__in=delegations.values("pk")),
            *events.calendar_querysets(user=user),
            *(qs for feed in FEEDS for qs in feed.querysets(user=user)),
        ],
        start,
        end,
        get_language(),
    )


def calendar_entries(
    *, user: Actor, start: dt.date, end: dt.date, filters: CalendarFilters | None = None
) -> list[CalendarEntry]:
    """Delegations, leader visits, conferences, promotion events and their deadlines between `start` and `end`
    (inclusive), among what the user may see; `filters` narrows them to a kind, a province, a country."""
    from django.utils.translation import gettext as _

    f = filters or CalendarFilters()
    wants = set(CALENDAR_KINDS) if not f.kind else {f.kind}
    if f.country:
        wants.discard("visit")  # a leader visit names no foreign country
    entries: list[CalendarEntry] = []
    delegation_url, visit_url, conference_url = (
        _detail_path(n) for n in ("delegation_detail", "visit_detail", "conference_detail")
    )
    delegations = Delegation.objects.visible_to(user, Action.VIEW).exclude(
        state__in=[Delegation.State.CANCELLED, Delegation.State.REFUSED]
    )
    if "delegation" not in wants:
        delegations = delegations.none()
    if f.province:
        delegations = delegations.filter(province__code=f.province)
    if f.country:
        delegations = delegations.filter(countries__iso2=f.country)
    # a trip lasts at most MAX_TRIP_DAYS (validated), so the index on departs_on bounds the search
    trips = list(
        delegations.filter(
            departs_on__gte=max(start, dt.date.min + dt.timedelta(days=MAX_TRIP_DAYS))
            - dt.timedelta(days=MAX_TRIP_DAYS),
            departs_on__lte=end,
            returns_on__gte=start,
        )
        .order_by("departs_on", "pk")
        .values("pk", "title", "direction", "state", "departs_on", "returns_on", "province__name")[
            :CALENDAR_LIMIT
        ]
    )
    names: dict[int, list[str]] = {}
    links = Delegation.countries.through.objects.filter(delegation_id__in=[t["pk"] for t in trips])
    for delegation_id, name in links.values_list("delegation_id", "country__name_vi"):
        names.setdefault(delegation_id, []).append(name)
    directions = {k: str(v) for k, v in Delegation.Direction.choices}
    states = {k: str(v) for k, v in Delegation.State.choices}
    for t in trips:
        entries.append(
            CalendarEntry(
                f"delegation-{t['pk']}@ngoaivu",
                "delegation",
                f"{directions[t['direction']]}: {t['title']}",
                t["departs_on"],
                t["returns_on"],
                delegation_url(t["pk"]),
                f"{t['province__name']} — {', '.join(names.get(t['pk'], []))} — {states[t['state']]}",
            )
        )
    detailed = delegations if (only := details_q(user)) is None else delegations.filter(only)
    for d in detailed.filter(
        report_due_on__range=(start, end), reported_on__isnull=True, state__in=Delegation.APPROVED_STATES
    )[:CALENDAR_LIMIT]:
        entries.append(
            CalendarEntry(
                f"delegation-report-{d.pk}@ngoaivu",
                "deadline",
                provisional_label(_("Hạn báo cáo kết quả đoàn: %(t)s") % {"t": d.title}, d.report_due_on),
                d.report_due_on,  # type: ignore[arg-type]
                d.report_due_on,  # type: ignore[arg-type]
                delegation_url(d.pk),
            )
        )
    for task in FollowUpTask.objects.filter(
        delegation_id__in=detailed.values("pk"),  # a trip's internal tasks: for those who read its details
        status=FollowUpTask.Status.OPEN,
        due_on__range=(start, end),
    ).select_related("delegation")[:CALENDAR_LIMIT]:
        entries.append(
            CalendarEntry(
                f"follow-up-{task.pk}@ngoaivu",
                "deadline",
                _("Hạn việc sau chuyến đi: %(t)s") % {"t": task.title},
                task.due_on,
                task.due_on,
                f"{delegation_url(task.delegation_id)}#follow-ups",
                task.owner,
            )
        )
    visits = LeaderVisit.objects.visible_to(user, Action.VIEW)
    if "visit" not in wants:
        visits = visits.none()
    if f.province:
        visits = visits.filter(province__code=f.province)
    for v in (
        visits.exclude(status=LeaderVisit.Status.CANCELLED)
        .filter(starts_on__lte=end, ends_on__gte=start)
        .select_related("province")[:CALENDAR_LIMIT]
    ):
        entries.append(
            CalendarEntry(
                f"visit-{v.pk}@ngoaivu",
                "visit",
                f"{v.get_direction_display()}: {v.province.name}",
                v.starts_on,
                v.ends_on,
                visit_url(v.pk),
                v.ministry_leaders,
            )
        )
    conferences = Conference.objects.visible_to(user, Action.VIEW).exclude(
        state__in=[Conference.State.CANCELLED, Conference.State.REFUSED]
    )
    if "conference" not in wants:
        conferences = conferences.none()
    if f.province:
        conferences = conferences.filter(province__code=f.province)
    if f.country:
        conferences = conferences.filter(countries__iso2=f.country)
    for c in conferences.filter(starts_on__lte=end, ends_on__gte=start).select_related("province")[
        :CALENDAR_LIMIT
    ]:
        entries.append(
            CalendarEntry(
                f"conference-{c.pk}@ngoaivu",
                "conference",
                c.title,
                c.starts_on,
                c.ends_on,
                conference_url(c.pk),
                f"{c.province.name} — {c.venue}",
            )
        )
    for c in conferences.filter(state=Conference.State.PLANNED, dossier_due_on__range=(start, end))[
        :CALENDAR_LIMIT
    ]:
        entries.append(
            CalendarEntry(
                f"conference-dossier-{c.pk}@ngoaivu",
                "deadline",
                provisional_label(_("Hạn trình hồ sơ hội nghị: %(t)s") % {"t": c.title}, c.dossier_due_on),
                c.dossier_due_on,
                c.dossier_due_on,
                conference_url(c.pk),
            )
        )
    if "event" in wants:
        event_url = _detail_path("event_detail", app="events")
        kinds = {k: str(v) for k, v in PromotionEvent.Kind.choices}
        for ev in events.calendar_events(
            user=user, start=start, end=end, province=f.province, country=f.country
        ):
            entries.append(
                CalendarEntry(
                    f"promotion-event-{ev.pk}@ngoaivu",
                    "event",
                    f"{kinds.get(ev.kind, ev.kind)}: {ev.title}",
                    ev.starts_on,
                    ev.ends_on,
                    event_url(ev.pk),
                    " — ".join(x for x in (ev.province, ev.place) if x),
                )
            )
        for due in events.calendar_task_deadlines(
            user=user, start=start, end=end, province=f.province, country=f.country
        ):
            entries.append(
                CalendarEntry(
                    f"promotion-event-task-{due.pk}@ngoaivu",
                    "deadline",
                    _("Hạn việc sau sự kiện: %(t)s") % {"t": due.title},
                    due.due_on,
                    due.due_on,
                    f"{event_url(due.event_id)}#tasks",
                    due.owner,
                )
            )
    for feed in FEEDS:
        if feed.kind in wants:
            entries.extend(
                feed.entries(user=user, start=start, end=end, province=f.province, country=f.country)
            )
    entries.sort(key=lambda e: (e.starts_on, e.kind, e.title))
    return entries
