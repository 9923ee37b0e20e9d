"""Reads of market-access dossiers: the list, one dossier, the board (open dossiers by stage × market) and the
dossiers linked to an agreement or a request."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, QuerySet
from django.utils import timezone

from ngoaivu.core.actors import Actor
from ngoaivu.core.lists import order
from ngoaivu.core.scoping import Action, get_for_action
from ngoaivu.directory.models import FreeTradeAgreement
from ngoaivu.market_access.filters import DossierFilters
from ngoaivu.market_access.models import Dossier, Stage

DOSSIER_SORTS = {
    "product": ("product_vi",),
    "opened": ("opened_on",),
    "due": ("next_step_due",),
    "stage": ("stage__sort_order",),
    "updated": ("updated_at",),
}


def dossier_list(*, user: Actor, filters: DossierFilters, action: Action = Action.VIEW) -> QuerySet[Dossier]:
    qs = Dossier.objects.visible_to(user, action).filter(filters.get_filter_expression())
    qs = qs.select_related("market", "stage", "mission", "former_province").prefetch_related("provinces")
    return order(qs, filters.sort, DOSSIER_SORTS, default="-opened")


def dossier_get(*, user: Actor, pk: int, action: Action = Action.VIEW) -> Dossier:
    found = get_for_action(Dossier, user, action, pk=pk)
    return (
        Dossier.objects.visible_to(user, Action.VIEW)
        .select_related("market", "stage", "mission", "former_province__successor", "owner_org", "fta")
        .prefetch_related("provinces")
        .get(pk=found.pk)
    )


def dossier_steps(dossier: Dossier) -> list[Any]:
    """The timeline: steps in order, each with its documents and notes."""
    return list(
        dossier.steps.select_related("stage")
        .prefetch_related("documents", "notes")
        .order_by("started_on", "pk")
    )


def dossier_agreements(*, user: Actor, dossier: Dossier) -> QuerySet[Any]:
    """The agreements linked to a dossier that the reader may see."""
    from ngoaivu.agreements.models import Agreement

    return (
        Agreement.objects.visible_to(user, Action.VIEW)
        .filter(
            pk__in=Dossier.agreements.through.objects.filter(dossier_id=dossier.pk).values("agreement_id")
        )
        .select_related("country")
        .order_by("-signed_on", "pk")
    )


def dossiers_for_agreement(*, user: Actor, agreement_id: int) -> QuerySet[Dossier]:
    """The dossiers linked to an agreement the reader may see (404 otherwise), scoped for the reader."""
    from ngoaivu.agreements.models import Agreement

    agreement = get_for_action(Agreement, user, Action.VIEW, pk=agreement_id)
    through = Dossier.agreements.through.objects.filter(agreement_id=agreement.pk)
    return (
        Dossier.objects.visible_to(user, Action.VIEW)
        .filter(pk__in=through.values("dossier_id"))
        .select_related("market", "stage")
        .order_by("-opened_on", "pk")
    )


def dossiers_by_ids(*, user: Actor, ids: Any) -> QuerySet[Dossier]:
    """Dossiers among `ids` (a list or subquery) the reader may see: a request shows its linked dossiers."""
    return (
        Dossier.objects.visible_to(user, Action.VIEW)
        .filter(pk__in=ids)
        .select_related("market", "stage")
        .order_by("-opened_on", "pk")
    )


def dossier_choices(*, user: Actor, limit: int = 500) -> list[tuple[int, str]]:
    """Dossiers a request may link: those the user sees, newest first."""
    rows = dossier_list(user=user, filters=DossierFilters())[:limit]
    return [(d.pk, d.title) for d in rows]


def stage_choices() -> list[tuple[str, str]]:
    return [(s.code, s.name) for s in Stage.objects.all()]


@dataclass
class Board:
    stages: list[Stage]
    markets: list[tuple[str, str]]  # (iso2, name), most dossiers first
    cells: dict[tuple[str, str], int] = field(default_factory=dict)  # (stage code, iso2) → count
    stage_totals: dict[str, int] = field(default_factory=dict)
    market_totals: dict[str, int] = field(default_factory=dict)
    total: int = 0
    # open dossiers whose next step is past due, most overdue first: (dossier, days overdue)
    overdue: list[tuple[Dossier, int]] = field(default_factory=list)
    overdue_total: int = 0
    market_open: int = 0  # dossiers whose market is already open (not on the board), same filters

    @property
    def stage_row(self) -> list[tuple[str, int]]:
        return [(s.code, self.stage_totals.get(s.code, 0)) for s in self.stages]

    def rows(self) -> list[tuple[str, str, list[tuple[str, int]], int]]:
        """(iso2, market name, [(stage code, count)…], total) per market, for the template."""
        return [
            (
                iso2,
                name,
                [(s.code, self.cells.get((s.code, iso2), 0)) for s in self.stages],
                self.market_totals.get(iso2, 0),
            )
            for iso2, name in self.markets
        ]


OVERDUE_SHOWN = 50


def dossier_board(*, user: Actor, province: str | None = None, today: dt.date | None = None) -> Board:
    """Open dossiers (status `open`) counted by current stage and market (one grouped query), the overdue ones
    by name (at most OVERDUE_SHOWN, most overdue first, with their total), and how many dossiers in the same
    scope already opened their market (so an empty board says why)."""
    filters = DossierFilters(status=Dossier.Status.OPEN, province=province or None)
    qs = Dossier.objects.visible_to(user, Action.VIEW).filter(filters.get_filter_expression())
    grouped = qs.order_by().values("stage__code", "market__iso2", "market__name_vi").annotate(n=Count("pk"))
    board = Board(stages=list(Stage.objects.all()), markets=[])
    names: dict[str, str] = {}
    by_market: dict[str, int] = defaultdict(int)
    by_stage: dict[str, int] = defaultdict(int)
    for row in grouped:
        key = (row["stage__code"], row["market__iso2"])
        board.cells[key] = row["n"]
        names[row["market__iso2"]] = row["market__name_vi"]
        by_market[row["market__iso2"]] += row["n"]
        by_stage[row["stage__code"]] += row["n"]
    board.markets = sorted(names.items(), key=lambda kv: (-by_market[kv[0]], kv[1]))
    board.market_totals = dict(by_market)
    board.stage_totals = dict(by_stage)
    board.total = sum(by_market.values())
    today = today or timezone.localdate()
    late = qs.filter(next_step_due__lt=today)
    rows = list(late.select_related("market", "stage").order_by("next_step_due", "pk")[: OVERDUE_SHOWN + 1])
    board.overdue = [(d, (today - d.next_step_due).days) for d in rows[:OVERDUE_SHOWN] if d.next_step_due]
    board.overdue_total = len(rows) if len(rows) <= OVERDUE_SHOWN else late.count()
    opened = DossierFilters(status=Dossier.Status.MARKET_OPEN, province=province or None)
    board.market_open = (
        Dossier.objects.visible_to(user, Action.VIEW).filter(opened.get_filter_expression()).count()
    )
    return board


def agreement_choices(*, user: Actor, limit: int = 500) -> list[tuple[int, str]]:
    """Agreements a dossier may link: those the user sees, newest first."""
    from ngoaivu.agreements.models import Agreement

    rows = Agreement.objects.visible_to(user, Action.VIEW).select_related("country").order_by("-pk")[:limit]
    return [(a.pk, f"{a.title_vi} — {a.country.name_vi}") for a in rows]


def dossier_document(*, dossier: Dossier, document_id: int) -> Any:
    from ngoaivu.market_access.models import StepDocument

    return StepDocument.objects.filter(step__dossier=dossier, pk=document_id).first()


def fta_choices() -> list[tuple[str, str]]:
    """Viet Nam's FTAs for the dossier form, by short name (reference data: everyone reads them)."""
    return [
        (f.short_name, f"{f.short_name} — {f.name_vi}")
        for f in FreeTradeAgreement.objects.order_by("short_name")
    ]
