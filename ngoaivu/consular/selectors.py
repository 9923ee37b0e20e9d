"""Reads of citizen protection cases; everything starts from `visible_to`, except the counts by country and
kind that every signed-in user may read (`case_summary`: no names, no summaries, no references)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from ngoaivu.consular.filters import CaseFilters, SummaryFilters
from ngoaivu.consular.models import CaseAction, CaseCitizen, CaseHandover, CitizenCase
from ngoaivu.core.actors import Actor
from ngoaivu.core.lists import order
from ngoaivu.core.scoping import Action, get_for_action

CASE_SORTS = {
    "received": ("received_on",),
    "reference": ("reference",),
    "kind": ("kind", "-received_on"),
    "country": ("country__iso2", "-received_on"),
    "province": ("province__code", "-received_on"),
    "status": ("status", "-received_on"),
    "due": ("notify_due_on",),
}


def _today() -> dt.date:
    return timezone.localdate()


def notify_late_q(today: dt.date) -> Q:
    """The 1-working-day rule broken: notified after the due day, or still not notified after it."""
    from django.db.models import F

    return Q(notified_on__gt=F("notify_due_on")) | Q(
        notified_on__isnull=True, notify_due_on__lt=today, status=CitizenCase.Status.RECEIVED
    )


def case_list(*, user: Actor, filters: CaseFilters, action: Action = Action.VIEW) -> QuerySet[CitizenCase]:
    qs = CitizenCase.objects.visible_to(user, action).filter(filters.get_filter_expression())
    if filters.notify_late is not None:
        late = notify_late_q(_today())
        qs = qs.filter(late) if filters.notify_late else qs.exclude(late)
    qs = qs.select_related("country", "province", "mission")
    return order(qs, filters.sort, CASE_SORTS, default="-received")


def case_get(*, user: Actor, pk: int, action: Action = Action.VIEW) -> CitizenCase:
    found = get_for_action(CitizenCase, user, action, pk=pk)
    return (
        CitizenCase.objects.visible_to(user, Action.VIEW)
        .select_related("country", "province", "former_province", "mission", "owner_org")
        .prefetch_related(
            Prefetch("citizens", queryset=CaseCitizen.objects.order_by("pk")),
            Prefetch(
                "handovers",
                queryset=CaseHandover.objects.select_related("from_org", "to_org", "sent_by", "accepted_by"),
            ),
            Prefetch("actions", queryset=CaseAction.objects.select_related("organisation", "author")),
        )
        .get(pk=found.pk)
    )


def may_see_personal_data(user: Actor, case: CitizenCase) -> bool:
    """Unmasked only for the officers and heads of the handling mission and of the province of origin, and site
    administrators (DOMAIN.md §2); never the consular unit's or a viewer's screen in clear."""
    scope = user.scope
    if not scope.active:
        return False
    if scope.is_site_admin:
        return True
    if not scope.can_write:
        return False
    if scope.org_id == case.owner_org_id:
        return True
    return scope.is_province and scope.province_code == case.province.code


def mask(value: str, keep: int = 2) -> str:
    if not value:
        return ""
    return "•" * max(len(value) - keep, 3) + value[-keep:] if len(value) > keep else "•" * 4


def mask_name(value: str) -> str:
    """Initials only: "Nguyễn Văn An" → "N. V. A."."""
    return " ".join(f"{w[0]}." for w in value.split()) if value else ""


@dataclass(frozen=True)
class CitizenView:
    pk: int
    version: int
    anonymised: bool
    full_name: str
    birth_date: str
    passport_number: str
    phone: str
    address: str
    family_name: str
    family_relation: str
    family_phone: str


def _dmy(iso: str) -> str:
    try:
        return dt.date.fromisoformat(iso).strftime("%d/%m/%Y")
    except ValueError:
        return iso


def citizen_views(case: CitizenCase, *, unmasked: bool) -> list[CitizenView]:
    """The case's citizens as shown: in clear when `unmasked` (the caller logged the read), else masked."""
    out = []
    for c in case.citizens.all():
        if unmasked:
            out.append(
                CitizenView(
                    c.pk,
                    c.version,
                    c.anonymised_on is not None,
                    c.full_name,
                    _dmy(c.birth_date),
                    c.passport_number,
                    c.phone,
                    c.address,
                    c.family_name,
                    c.family_relation,
                    c.family_phone,
                )
            )
        else:
            out.append(
                CitizenView(
                    c.pk,
                    c.version,
                    c.anonymised_on is not None,
                    mask_name(c.full_name),
                    mask(c.birth_date[:4], 0) if c.birth_date else "",
                    mask(c.passport_number),
                    mask(c.phone),
                    "•••" if c.address else "",
                    mask_name(c.family_name),
                    c.family_relation and "•••",
                    mask(c.family_phone),
                )
            )
    return out


def handover_pending_for(user: Actor, case: CitizenCase) -> list[CaseHandover]:
    org_id = user.scope.org_id
    return [
        h
        for h in case.handovers.all()
        if h.accepted_at is None and org_id is not None and h.to_org_id == org_id
    ]


# --- counts for everyone --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SummaryRow:
    country: str  # ISO alpha-2
    country_name: str
    counts: dict[str, int]  # kind → cases
    total: int


def case_summary(*, filters: SummaryFilters) -> tuple[list[SummaryRow], dict[str, int], int]:
    """Cases by country and kind, for every signed-in user (DOMAIN.md §2: "counts by country and kind without
    names for everyone else"). Read without scope on purpose: only counts leave this function."""
    qs = (
        CitizenCase.objects.system(reason="counts by country and kind, no names")
        .filter(deleted_at__isnull=True)
        .filter(filters.get_filter_expression())
        .order_by()
        .values("country__iso2", "country__name_vi", "kind")
        .annotate(n=Count("pk"))
    )
    rows: dict[str, dict[str, Any]] = {}
    by_kind: dict[str, int] = dict.fromkeys(CitizenCase.Kind.values, 0)
    for r in qs:
        row = rows.setdefault(r["country__iso2"], {"name": r["country__name_vi"], "counts": {}})
        row["counts"][r["kind"]] = r["n"]
        by_kind[r["kind"]] = by_kind.get(r["kind"], 0) + r["n"]
    out = [
        SummaryRow(iso, v["name"], v["counts"], sum(v["counts"].values()))
        for iso, v in sorted(rows.items(), key=lambda kv: (-sum(kv[1]["counts"].values()), kv[1]["name"]))
    ]
    return out, by_kind, sum(by_kind.values())


def summary_years() -> list[int]:
    years = (
        CitizenCase.objects.system(reason="years of the counts")
        .filter(deleted_at__isnull=True)
        .dates("received_on", "year", order="DESC")
    )
    return [d.year for d in years]


def mission_choices() -> list[tuple[str, str]]:
    from ngoaivu.directory.models import Mission

    return list(Mission.objects.order_by("sort_key").values_list("code", "name_vi"))
