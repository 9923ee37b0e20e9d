"""Reads of the overseas app (issue 21): lists, one record, the masking of contact details, the counts, the
remittances panel and the shared calendar's feed. Everything starts from `visible_to`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Prefetch, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ngoaivu.core.actors import Actor
from ngoaivu.core.agenda import CalendarEntry, CalendarFeed
from ngoaivu.core.lists import order
from ngoaivu.core.scoping import Action, get_for_action
from ngoaivu.overseas.filters import AssociationFilters, InvestmentFilters, PersonFilters, ProgrammeFilters
from ngoaivu.overseas.models import OverseasAssociation, OverseasInvestment, OverseasPerson, OverseasProgramme
from ngoaivu.overseas.querysets import is_overseas_ministry

ASSOCIATION_SORTS = {
    "name": ("name_vi",),
    "country": ("country__name_vi", "name_vi"),
    "kind": ("kind", "name_vi"),
    "members": ("members", "name_vi"),
}
PERSON_SORTS = {
    "name": ("full_name",),
    "country": ("country__name_vi", "full_name"),
    "field": ("field", "full_name"),
}
PROGRAMME_SORTS = {
    "starts": ("starts_on",),
    "title": ("title",),
    "kind": ("kind", "-starts_on"),
    "status": ("status", "-starts_on"),
}
INVESTMENT_SORTS = {
    "year": ("year",),
    "title": ("title",),
    "province": ("province__code", "-year"),
    "status": ("status", "-year"),
}


def _today() -> dt.date:
    return timezone.localdate()


# --- lists and records ----------------------------------------------------------------------------------------


def association_list(
    *, user: Actor, filters: AssociationFilters, action: Action = Action.VIEW
) -> QuerySet[OverseasAssociation]:
    qs = OverseasAssociation.objects.visible_to(user, action).filter(filters.get_filter_expression())
    qs = qs.select_related("country", "mission")
    return order(qs, filters.sort, ASSOCIATION_SORTS, default="name")


def association_get(*, user: Actor, pk: int, action: Action = Action.VIEW) -> OverseasAssociation:
    found = get_for_action(OverseasAssociation, user, action, pk=pk)
    people = OverseasPerson.objects.visible_to(user, Action.VIEW).select_related("country")
    programmes = OverseasProgramme.objects.visible_to(user, Action.VIEW).order_by("-starts_on", "-pk")
    investments = OverseasInvestment.objects.visible_to(user, Action.VIEW).select_related("province")
    return (
        OverseasAssociation.objects.visible_to(user, Action.VIEW)
        .select_related("country", "mission", "owner_org")
        .prefetch_related(Prefetch("people", queryset=people, to_attr="visible_people"))
        .prefetch_related(Prefetch("programmes", queryset=programmes, to_attr="visible_programmes"))
        .prefetch_related(Prefetch("investments", queryset=investments, to_attr="visible_investments"))
        .get(pk=found.pk)
    )


def person_list(
    *, user: Actor, filters: PersonFilters, action: Action = Action.VIEW
) -> QuerySet[OverseasPerson]:
    qs = OverseasPerson.objects.visible_to(user, action).filter(filters.get_filter_expression())
    visible = OverseasAssociation.objects.visible_to(user, Action.VIEW).order_by("name_vi", "pk")
    if (
        filters.association
    ):  # an association out of the reader's scope matches nothing (no oracle on its links)
        qs = qs.filter(associations__in=visible.filter(pk=filters.association).values("pk"))
    rows: QuerySet[OverseasPerson] = qs.select_related("country").prefetch_related(
        Prefetch("associations", queryset=visible, to_attr="visible_associations")
    )
    return order(rows, filters.sort, PERSON_SORTS, default="name")


def person_get(*, user: Actor, pk: int, action: Action = Action.VIEW) -> OverseasPerson:
    found = get_for_action(OverseasPerson, user, action, pk=pk)
    visible = OverseasAssociation.objects.visible_to(user, Action.VIEW).select_related("country")
    investments = OverseasInvestment.objects.visible_to(user, Action.VIEW).select_related("province")
    return (
        OverseasPerson.objects.visible_to(user, Action.VIEW)
        .select_related("country", "owner_org")
        .prefetch_related(Prefetch("associations", queryset=visible, to_attr="visible_associations"))
        .prefetch_related(Prefetch("investments", queryset=investments, to_attr="visible_investments"))
        .get(pk=found.pk)
    )


def programme_list(
    *, user: Actor, filters: ProgrammeFilters, action: Action = Action.VIEW
) -> QuerySet[OverseasProgramme]:
    qs = OverseasProgramme.objects.visible_to(user, action).filter(filters.get_filter_expression())
    qs = qs.prefetch_related("provinces", "countries")
    return order(qs, filters.sort, PROGRAMME_SORTS, default="-starts")


def programme_get(*, user: Actor, pk: int, action: Action = Action.VIEW) -> OverseasProgramme:
    found = get_for_action(OverseasProgramme, user, action, pk=pk)
    visible = OverseasAssociation.objects.visible_to(user, Action.VIEW).select_related("country")
    return (
        OverseasProgramme.objects.visible_to(user, Action.VIEW)
        .select_related("owner_org")
        .prefetch_related(
            "provinces",
            "countries",
            Prefetch("associations", queryset=visible, to_attr="visible_associations"),
        )
        .get(pk=found.pk)
    )


def investment_list(
    *, user: Actor, filters: InvestmentFilters, action: Action = Action.VIEW
) -> QuerySet[OverseasInvestment]:
    qs = OverseasInvestment.objects.visible_to(user, action).filter(filters.get_filter_expression())
    if (
        filters.association
    ):  # an association out of the reader's scope matches nothing (no oracle on its links)
        visible = OverseasAssociation.objects.visible_to(user, Action.VIEW).filter(pk=filters.association)
        qs = qs.filter(association__in=visible.values("pk"))
    qs = qs.select_related("province", "former_province", "association", "person")
    return order(qs, filters.sort, INVESTMENT_SORTS, default="-year")


def investment_get(*, user: Actor, pk: int, action: Action = Action.VIEW) -> OverseasInvestment:
    found = get_for_action(OverseasInvestment, user, action, pk=pk)
    return (
        OverseasInvestment.objects.visible_to(user, Action.VIEW)
        .select_related("province", "former_province", "association", "person", "owner_org")
        .get(pk=found.pk)
    )


def linked_association(user: Actor, investment: OverseasInvestment) -> OverseasAssociation | None:
    """The investing association, when the user may see it (never another unit's private one by name)."""
    if investment.association_id is None:
        return None
    return (
        OverseasAssociation.objects.visible_to(user, Action.VIEW).filter(pk=investment.association_id).first()
    )


def linked_person(user: Actor, investment: OverseasInvestment) -> OverseasPerson | None:
    if investment.person_id is None:
        return None
    return OverseasPerson.objects.visible_to(user, Action.VIEW).filter(pk=investment.person_id).first()


def association_choices(*, user: Actor, limit: int = 1000) -> list[tuple[int, str]]:
    rows = (
        OverseasAssociation.objects.visible_to(user, Action.VIEW)
        .order_by("name_vi", "pk")
        .values_list("pk", "name_vi", "country__name_vi")[:limit]
    )
    return [(pk, f"{name} ({country})") for pk, name, country in rows]


def person_choices(*, user: Actor, limit: int = 1000) -> list[tuple[int, str]]:
    rows = (
        OverseasPerson.objects.visible_to(user, Action.VIEW)
        .order_by("full_name", "pk")
        .values_list("pk", "full_name", "country__name_vi")[:limit]
    )
    return [(pk, f"{name} ({country})") for pk, name, country in rows]


# --- personal data --------------------------------------------------------------------------------------------


def may_see_personal_data(user: Actor, record: OverseasAssociation | OverseasPerson) -> bool:
    """A leader's or a person's e-mail and phone: the organisation that keeps the record, the ministry (the Cục
    and the State Committee for Overseas Vietnamese) and site administrators; masked for everyone else."""
    scope = user.scope
    if not scope.active:
        return False
    return scope.is_site_admin or scope.org_id == record.owner_org_id or is_overseas_ministry(scope)


def mask(value: str, keep: int = 2) -> str:
    if not value:
        return ""
    return "•" * max(len(value) - keep, 3) + value[-keep:] if len(value) > keep else "•" * 4


def mask_email(value: str) -> str:
    if not value or "@" not in value:
        return mask(value)
    local, domain = value.split("@", 1)
    return f"{local[:1]}•••@{domain}"


def mask_name(value: str) -> str:
    """A contact person's name as initials ("Phạm Thị Lan" → "P. T. L.")."""
    return " ".join(f"{w[:1]}." for w in value.split())


@dataclass(frozen=True)
class Contact:
    email: str
    phone: str
    masked: bool
    leader: str = ""  # an association's leader (a contact person: personal data, DOMAIN §4)


def contact_of(record: OverseasAssociation | OverseasPerson, *, unmasked: bool) -> Contact:
    leader = ""
    if isinstance(record, OverseasAssociation):
        email, phone, leader = record.contact_email, record.contact_phone, record.leader_name
    else:
        email, phone = record.email, record.phone
    if unmasked:
        return Contact(email, phone, False, leader)
    return Contact(mask_email(email), mask(phone), bool(email or phone or leader), mask_name(leader))


# --- counts ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CountRow:
    key: str
    label: str
    count: int
    link: str
    extra: str = ""


def _link(name: str, **params: Any) -> str:
    from urllib.parse import urlencode

    return (
        reverse(f"overseas:{name}")
        + "?"
        + urlencode({k: v for k, v in params.items() if v not in (None, "")})
    )


def associations_by_country(*, user: Actor) -> list[CountRow]:
    rows = (
        OverseasAssociation.objects.visible_to(user, Action.VIEW)
        .values("country__iso2", "country__name_vi")
        .annotate(n=Count("pk"))
        .order_by("-n", "country__name_vi")
    )
    return [
        CountRow(
            r["country__iso2"],
            r["country__name_vi"],
            r["n"],
            _link("association_list", country=r["country__iso2"]),
        )
        for r in rows
    ]


def associations_by_mission(*, user: Actor) -> list[CountRow]:
    rows = (
        OverseasAssociation.objects.visible_to(user, Action.VIEW)
        .filter(mission__isnull=False)
        .values("mission__code", "mission__name_vi")
        .annotate(n=Count("pk"))
        .order_by("-n", "mission__name_vi")
    )
    return [
        CountRow(
            r["mission__code"],
            r["mission__name_vi"],
            r["n"],
            _link("association_list", mission=r["mission__code"]),
        )
        for r in rows
    ]


def programmes_by_year_and_kind(*, user: Actor) -> list[CountRow]:
    from django.db.models.functions import ExtractYear

    labels = dict(OverseasProgramme.Kind.choices)
    rows = (
        OverseasProgramme.objects.visible_to(user, Action.VIEW)
        .annotate(y=ExtractYear("starts_on"))
        .values("y", "kind")
        .annotate(n=Count("pk"))
        .order_by("-y", "kind")
    )
    return [
        CountRow(
            f"{r['y']}-{r['kind']}",
            str(r["y"]),
            r["n"],
            _link("programme_list", year=r["y"], kind=r["kind"]),
            str(labels.get(r["kind"], r["kind"])),
        )
        for r in rows
    ]


def investments_by_province(*, user: Actor) -> list[CountRow]:
    rows = (
        OverseasInvestment.objects.visible_to(user, Action.VIEW)
        .values("province__code", "province__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "province__code")
    )
    return [
        CountRow(
            r["province__code"],
            r["province__name"],
            r["n"],
            _link("investment_list", province=r["province__code"]),
        )
        for r in rows
    ]


# --- the remittances panel ------------------------------------------------------------------------------------

REMITTANCES = "remittances"
PANEL_YEARS = 5


@dataclass(frozen=True)
class RemittanceFigure:
    label: str
    value: Decimal
    unit: str
    link: str


@dataclass(frozen=True)
class RemittancesPanel:
    national: list[RemittanceFigure]  # one per year, oldest first
    provinces: list[RemittanceFigure]  # the latest year with figures, biggest first
    latest_year: int | None
    catalogue_link: str
    province_count: int = 0  # provinces with a figure the reader may see, in the years summed
    year_from: int | None = None


def remittances_panel(*, user: Actor, today: dt.date | None = None) -> RemittancesPanel | None:
    """The `remittances` indicator as the indicators app computes it (validated values only, read through its
    `visible_to`), national by year and by province for the latest year: None when the indicator or any
    figure is missing — never a made-up number."""
    from ngoaivu.indicators import selectors as indicators

    indicator = indicators.indicator_get(REMITTANCES)
    if indicator is None:
        return None
    year_to = (today or _today()).year
    year_from = year_to - PANEL_YEARS + 1
    national = indicators.series(
        user=user, indicator=indicator, group_by="year", year_from=year_from, year_to=year_to
    )
    years = [p for p in national.points if p.value is not None]
    if not years:
        return None
    latest = max(p.year or 0 for p in years)
    by_province = indicators.series(
        user=user, indicator=indicator, group_by="province", year_from=latest, year_to=latest
    )
    # the yearly totals sum only the provinces whose validated figures the reader may see: say how many
    in_sum = indicators.series(
        user=user, indicator=indicator, group_by="province", year_from=year_from, year_to=year_to
    )
    return RemittancesPanel(
        national=[RemittanceFigure(p.label, p.value, p.unit, p.link) for p in years if p.value is not None],
        provinces=[
            RemittanceFigure(p.label, p.value, p.unit, p.link)
            for p in by_province.points
            if p.value is not None
        ],
        latest_year=latest,
        catalogue_link="",
        province_count=sum(1 for p in in_sum.points if p.value is not None),
        year_from=min(p.year or latest for p in years),
    )


# --- the shared calendar --------------------------------------------------------------------------------------

CALENDAR_LIMIT = 2000


def calendar_entries(
    *, user: Actor, start: dt.date, end: dt.date, province: str = "", country: str = ""
) -> list[CalendarEntry]:
    """The programmes held or planned between `start` and `end` the user may see (never cancelled ones);
    `province` (a current code taking part) and `country` narrow them. One query."""
    qs = (
        OverseasProgramme.objects.visible_to(user, Action.VIEW)
        .exclude(status=OverseasProgramme.Status.CANCELLED)
        .filter(starts_on__lte=end, ends_on__gte=start)
    )
    if province or country:
        qs = qs.filter(
            ProgrammeFilters(province=province or None, country=country or None).get_filter_expression()
        )
    rows = qs.order_by("starts_on", "pk").values(
        "pk", "title", "starts_on", "ends_on", "place", "organiser_name"
    )[:CALENDAR_LIMIT]
    return [
        CalendarEntry(
            uid=f"overseas-{r['pk']}@ngoaivu",
            kind="overseas",
            title=r["title"],
            starts_on=r["starts_on"],
            ends_on=r["ends_on"],
            url=reverse("overseas:programme_detail", args=[r["pk"]]),
            detail=" — ".join(x for x in (r["organiser_name"], r["place"]) if x),
        )
        for r in rows
    ]


def calendar_choices(*, user: Actor) -> tuple[dict[str, str], dict[str, str]]:
    programmes = OverseasProgramme.objects.visible_to(user, Action.VIEW).values("pk")
    provinces = dict(
        OverseasProgramme.provinces.through.objects.filter(overseasprogramme_id__in=programmes)
        .order_by()
        .values_list("province__code", "province__name")
        .distinct()
    )
    countries = dict(
        OverseasProgramme.countries.through.objects.filter(overseasprogramme_id__in=programmes)
        .order_by()
        .values_list("country__iso2", "country__name_vi")
        .distinct()
    )
    return provinces, countries


def calendar_querysets(*, user: Actor) -> list[QuerySet[Any]]:
    return [OverseasProgramme.objects.visible_to(user, Action.VIEW)]


CALENDAR_FEED = CalendarFeed(
    kind="overseas",
    label=_("Người Việt Nam ở nước ngoài"),
    entries=calendar_entries,
    choices=calendar_choices,
    querysets=calendar_querysets,
)
