"""Reads of the culture app; everything starts from `visible_to`. Also its part of the shared calendar
(`CALENDAR_FEED`: cultural events, and the next steps of UNESCO dossiers as deadlines)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ngoaivu.core.actors import Actor
from ngoaivu.core.agenda import CalendarEntry, CalendarFeed
from ngoaivu.core.lists import order
from ngoaivu.core.scoping import Action, get_for_action
from ngoaivu.culture.filters import CulturalEventFilters, TitleFilters
from ngoaivu.culture.models import (
    CulturalEvent,
    HeritageTitle,
    Stage,
    StageChange,
    TitleDocument,
    TitleKind,
    TitleProvince,
)
from ngoaivu.directory.models import Mission

TITLE_SORTS = {
    "stage_on": ("stage_on",),
    "name": ("name_vi",),
    "kind": ("kind__sort_order", "-stage_on"),
    "province": ("province__code", "-stage_on"),
    "stage": ("stage__sort_order", "-stage_on"),
    "due": ("next_step_due_on",),
}
EVENT_SORTS = {
    "starts": ("starts_on",),
    "title": ("title_vi",),
    "kind": ("kind", "-starts_on"),
    "province": ("province__code", "-starts_on"),
    "status": ("status", "-starts_on"),
}
PREPARING = ("inventory", "preparation", "submitted_ministry")
"""Stages of a dossier still being prepared in Vietnam: UNESCO's next submission deadline is shown for them."""


def _today() -> dt.date:
    return timezone.localdate()


def kind_choices() -> list[tuple[str, str]]:
    return list(TitleKind.objects.order_by("sort_order", "pk").values_list("code", "name_vi"))


def stage_choices(*, ministry: bool = True) -> list[tuple[str, str]]:
    stages = Stage.objects.order_by("sort_order", "pk")
    if not ministry:
        stages = stages.filter(ministry_only=False)
    return list(stages.values_list("code", "name_vi"))


def mission_choices() -> list[tuple[str, str]]:
    return list(Mission.objects.order_by("sort_key").values_list("code", "name_vi"))


def unesco_delegation_code() -> str:
    """The permanent delegation to UNESCO when the directory has it ("Phái đoàn thường trực … UNESCO")."""
    return str(
        Mission.objects.filter(name_vi__icontains="UNESCO")
        .order_by("pk")
        .values_list("code", flat=True)
        .first()
        or ""
    )


def title_list(
    *, user: Actor, filters: TitleFilters, action: Action = Action.VIEW
) -> QuerySet[HeritageTitle]:
    qs = HeritageTitle.objects.visible_to(user, action).filter(filters.get_filter_expression())
    if filters.step_overdue is not None:
        late = Q(next_step_due_on__lt=_today())
        qs = qs.filter(late) if filters.step_overdue else qs.exclude(late)
    qs = qs.select_related("kind", "stage", "province").prefetch_related(
        Prefetch("involved", queryset=TitleProvince.objects.select_related("province"))
    )
    return order(qs, filters.sort, TITLE_SORTS, default="-stage_on")


def title_get(*, user: Actor, pk: int, action: Action = Action.VIEW) -> HeritageTitle:
    found = get_for_action(HeritageTitle, user, action, pk=pk)
    return (
        HeritageTitle.objects.visible_to(user, Action.VIEW)
        .select_related("kind", "stage", "province", "former_province", "owner_org", "delegation")
        .prefetch_related(
            Prefetch(
                "involved", queryset=TitleProvince.objects.select_related("province", "former_province")
            ),
            Prefetch("stages", queryset=StageChange.objects.select_related("stage").order_by("-on", "-pk")),
            Prefetch("documents", queryset=TitleDocument.objects.order_by("-created_at", "-pk")),
        )
        .get(pk=found.pk)
    )


def document_get(*, user: Actor, title_id: int, document_id: int) -> TitleDocument | None:
    title = get_for_action(HeritageTitle, user, Action.VIEW, pk=title_id)
    if not 0 < document_id < 2**63:
        return None
    return TitleDocument.objects.filter(title_id=title.pk, pk=document_id).first()


def next_unesco_deadline(title: HeritageTitle, today: dt.date | None = None) -> dt.date | None:
    """UNESCO's next yearly submission deadline for the title's kind, while the dossier is prepared."""
    if title.stage.code not in PREPARING:
        return None
    return title.kind.next_deadline(today or _today())


def event_list(
    *, user: Actor, filters: CulturalEventFilters, action: Action = Action.VIEW
) -> QuerySet[CulturalEvent]:
    qs = CulturalEvent.objects.visible_to(user, action).filter(filters.get_filter_expression())
    qs = qs.select_related("province", "country", "mission")
    return order(qs, filters.sort, EVENT_SORTS, default="-starts")


def event_get(*, user: Actor, pk: int, action: Action = Action.VIEW) -> CulturalEvent:
    """One event; its linked agreements are only those the user may also see in the register."""
    from ngoaivu.agreements.models import Agreement

    found = get_for_action(CulturalEvent, user, action, pk=pk)
    visible_agreements = Agreement.objects.visible_to(user, Action.VIEW).select_related("kind", "country")
    return (
        CulturalEvent.objects.visible_to(user, Action.VIEW)
        .select_related("province", "former_province", "owner_org", "country", "mission")
        .prefetch_related(
            "provinces",
            Prefetch("agreements", queryset=visible_agreements, to_attr="linked_agreements"),
        )
        .get(pk=found.pk)
    )


def agreement_choices(*, user: Actor, linked: Any = (), limit: int = 500) -> list[tuple[int, str]]:
    """The agreements the user may see, to link as signed at the event (own first, newest first)."""
    from ngoaivu.agreements.models import Agreement

    visible = Agreement.objects.visible_to(user, Action.VIEW)
    fields = ("pk", "title_vi", "signed_on")
    org_id = user.scope.org_id
    own = visible.filter(owner_org_id=org_id) if org_id is not None else visible.none()
    others = visible.exclude(owner_org_id=org_id) if org_id is not None else visible
    rows = [
        *own.order_by("-signed_on", "-pk").values_list(*fields)[:limit],
        *others.order_by("-signed_on", "-pk").values_list(*fields)[:limit],
    ]
    wanted = set(linked) - {pk for pk, _t, _s in rows}
    if wanted:
        rows.extend(visible.filter(pk__in=wanted).values_list(*fields))
    return [(pk, f"{title} ({signed:%d/%m/%Y})" if signed else title) for pk, title, signed in rows]


# --- counts ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RecognitionCount:
    year: int
    province_code: str  # the current province's code, or the former one's when grouped "as then"
    province_name: str
    count: int
    current: bool  # grouped by the current province (True) or as named then (False)


def recognition_counts(*, user: Actor, as_then: bool = False) -> list[RecognitionCount]:
    """Recognitions (inscribed, recognised, re-recognised) by decision year and lead province — today's
    province, or the province as named then — over the titles the user may see. A title shared by several
    provinces counts once, for its lead province (as the indicator `unesco_recognitions`)."""
    titles = HeritageTitle.objects.visible_to(user, Action.VIEW)
    rows = StageChange.objects.filter(
        title_id__in=titles.values("pk"), stage__kind=Stage.Kind.RECOGNITION, decision_year__isnull=False
    )
    if as_then:
        grouped = (
            rows.values(
                "decision_year",
                "title__former_province__code",
                "title__province__code",
                "title__province_as_named",
            )
            .annotate(n=Count("pk"))
            .order_by()
        )
        out: dict[tuple[int, str], RecognitionCount] = {}
        for r in grouped:
            former = r["title__former_province__code"]
            code = former or r["title__province__code"]
            key = (r["decision_year"], code)
            n = r["n"] + (out[key].count if key in out else 0)
            out[key] = RecognitionCount(
                r["decision_year"], code, r["title__province_as_named"], n, not former
            )
        return sorted(out.values(), key=lambda x: (-x.year, x.province_code))
    grouped = (
        rows.values("decision_year", "title__province__code", "title__province__name")
        .annotate(n=Count("pk"))
        .order_by("-decision_year", "title__province__code")
    )
    return [
        RecognitionCount(
            r["decision_year"], r["title__province__code"], r["title__province__name"], r["n"], True
        )
        for r in grouped
    ]


# --- the shared calendar --------------------------------------------------------------------------------------

CALENDAR_LIMIT = 2000


def calendar_entries(
    *, user: Actor, start: dt.date, end: dt.date, province: str = "", country: str = ""
) -> list[CalendarEntry]:
    """Cultural events between `start` and `end` that the user may see (never the cancelled ones), and the next
    steps of the UNESCO dossiers due then, as deadlines for whom they are work: the owner's people and the
    ministry's Cục. Two queries whatever the number of rows."""
    events = (
        CulturalEvent.objects.visible_to(user, Action.VIEW)
        .exclude(status=CulturalEvent.Status.CANCELLED)
        .filter(starts_on__lte=end, ends_on__gte=start)
    )
    if province or country:
        events = events.filter(
            CulturalEventFilters(province=province or None, country=country or None).get_filter_expression()
        )
    entries = [
        CalendarEntry(
            uid=f"culture-{r['pk']}@ngoaivu",
            kind="culture",
            title=r["title_vi"],
            starts_on=r["starts_on"],
            ends_on=r["ends_on"],
            url=reverse("culture:event_detail", args=[r["pk"]]),
            detail=" — ".join(x for x in (r["province__name"], r["city"], r["country__name_vi"]) if x),
        )
        for r in events.order_by("starts_on", "pk").values(
            "pk", "title_vi", "starts_on", "ends_on", "province__name", "city", "country__name_vi"
        )[:CALENDAR_LIMIT]
    ]
    if country:  # the dossiers are Vietnam's own: none belongs to a foreign country
        return entries
    scope = user.scope
    if scope.org_id is None:
        return entries
    titles = HeritageTitle.objects.visible_to(user, Action.VIEW).filter(next_step_due_on__range=(start, end))
    if not (scope.is_national or scope.is_site_admin):
        titles = titles.filter(owner_org_id=scope.org_id)
    if province:
        titles = titles.filter(TitleFilters(province=province).get_filter_expression())
    for r in (
        titles.filter(next_step_due_on__isnull=False)
        .order_by("next_step_due_on", "pk")
        .values("pk", "name_vi", "next_step", "next_step_due_on")[:CALENDAR_LIMIT]
    ):
        due = r["next_step_due_on"] or start  # never None: filtered above
        entries.append(
            CalendarEntry(
                uid=f"culture-step-{r['pk']}@ngoaivu",
                kind="deadline",
                title=_("Hạn bước tiếp theo hồ sơ UNESCO: %(t)s") % {"t": r["name_vi"]},
                starts_on=due,
                ends_on=due,
                url=reverse("culture:title_detail", args=[r["pk"]]),
                detail=r["next_step"],
            )
        )
    return entries


def calendar_choices(*, user: Actor) -> tuple[dict[str, str], dict[str, str]]:
    events = CulturalEvent.objects.visible_to(user, Action.VIEW)
    provinces = dict(events.order_by().values_list("province__code", "province__name").distinct())
    countries = dict(
        events.filter(country__isnull=False)
        .order_by()
        .values_list("country__iso2", "country__name_vi")
        .distinct()
    )
    return provinces, countries


def calendar_querysets(*, user: Actor) -> list[QuerySet[Any]]:
    return [
        CulturalEvent.objects.visible_to(user, Action.VIEW),
        HeritageTitle.objects.visible_to(user, Action.VIEW),
    ]


CALENDAR_FEED = CalendarFeed(
    kind="culture",
    label=gettext_lazy("Văn hóa, UNESCO"),
    entries=calendar_entries,
    choices=calendar_choices,
    querysets=calendar_querysets,
)
