"""Reads of the aid app: the project list (page, API, export), one project, and the planned-versus-actual
summaries per year and per donor, all through `AidProject.objects.visible_to`."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, QuerySet, Sum

from ngoaivu.aid.filters import AidProjectFilters
from ngoaivu.aid.models import AidProject, AidYear
from ngoaivu.core.actors import Actor
from ngoaivu.core.lists import order
from ngoaivu.core.scoping import Action, get_for_action
from ngoaivu.directory.models import Partner
from ngoaivu.indicators.models import Indicator
from ngoaivu.indicators.selectors import Figure, RateUsed, _convert_computed

CENT = Decimal("0.01")
PROJECT_SORTS = {
    "approved": ("approval_date",),
    "title": ("title",),
    "commitment": ("currency", "commitment"),
    "status": ("status",),
}


def project_list(
    *, user: Actor, filters: AidProjectFilters, action: Action = Action.VIEW
) -> QuerySet[AidProject]:
    qs = AidProject.objects.visible_to(user, action).filter(filters.get_filter_expression())
    qs = qs.select_related("ngo", "country", "province").prefetch_related("provinces")
    return order(qs, filters.sort, PROJECT_SORTS, default="-approved")


def project_get(*, user: Actor, pk: int, action: Action = Action.VIEW) -> AidProject:
    found = get_for_action(AidProject, user, action, pk=pk)
    return (
        AidProject.objects.visible_to(user, Action.VIEW)
        .select_related("ngo", "country", "province", "former_province", "owner_org")
        .prefetch_related("fields", "provinces", "years", "reports")
        .get(pk=found.pk)
    )


def project_values(project: AidProject) -> dict[str, Any]:
    """The project as a service input's keys (the form's initial values, the base a PATCH changes)."""
    return {
        "title": project.title,
        "ngo_id": project.ngo_id,
        "commitment": project.commitment,
        "currency": project.currency,
        "status": project.status,
        "country": project.country.iso2,
        "fields": tuple(f.code for f in project.fields.all()),
        "provinces": tuple(p.code for p in project.provinces.all() if p.pk != project.province_id),
        "localities": project.localities,
        "former_province": project.former_province.code if project.former_province is not None else "",
        "province_as_named": project.province_as_named,
        "approval_number": project.approval_number,
        "approval_date": project.approval_date,
        "approving_body": project.approving_body,
        "start_on": project.start_on,
        "end_on": project.end_on,
        "description": project.description,
    }


def ngo_choices(*, user: Actor, limit: int = 2000) -> list[tuple[int, str]]:
    """NGOs of the directory the user may link (through the partners' own scope)."""
    rows = (
        Partner.objects.visible_to(user, Action.VIEW)
        .filter(kind=Partner.Kind.NGO)
        .select_related("country")
        .order_by("sort_key", "pk")[:limit]
    )
    return [(p.pk, f"{p.name_vi or p.name} ({p.country.iso2})") for p in rows]


def ngo_filter_choices(*, user: Actor) -> list[tuple[int, str]]:
    """The list's NGO filter: only NGOs with a project the user may see (at national scale about 300, where
    `ngo_choices` offers 2,000 and their rendering was most of the list page's time)."""
    with_projects = AidProject.objects.visible_to(user, Action.VIEW).values("ngo_id")
    rows = (
        Partner.objects.visible_to(user, Action.VIEW)
        .filter(pk__in=with_projects)
        .select_related("country")
        .order_by("sort_key", "pk")
    )
    return [(p.pk, f"{p.name_vi or p.name} ({p.country.iso2})") for p in rows]


@dataclass
class SummaryRow:
    """Planned and actual disbursement of a group (a year, a donor) in one currency; `rate` is actual/planned."""

    key: Any
    label: str
    currency: str
    planned: Decimal = Decimal(0)
    actual: Decimal = Decimal(0)
    count: int = 0

    @property
    def rate(self) -> Decimal | None:
        if not self.planned:
            return None
        return (self.actual * 100 / self.planned).quantize(Decimal("0.1"))

    @property
    def project_count(self) -> int:
        return self.count


def _money(value: Decimal | None) -> Decimal:
    """A sum with two decimals on both databases (SQLite's SUM drops them)."""
    return (value or Decimal(0)).quantize(CENT)


def _year_rows(user: Actor, filters: AidProjectFilters) -> QuerySet[AidYear]:
    projects = AidProject.objects.visible_to(user, Action.VIEW).filter(filters.get_filter_expression())
    years = AidYear.objects.filter(project__in=projects.values("pk"))
    if filters.year:
        years = years.filter(year=filters.year)
    return years


def summary_by_year(*, user: Actor, filters: AidProjectFilters) -> list[SummaryRow]:
    """Planned versus actual per year and currency, over the projects the user sees (one aggregate query)."""
    rows = (
        _year_rows(user, filters)
        .values("year", "project__currency")
        .annotate(planned=Sum("planned"), actual=Sum("actual"))
        .order_by("year", "project__currency")
    )
    return [
        SummaryRow(
            key=r["year"],
            label=str(r["year"]),
            currency=r["project__currency"],
            planned=_money(r["planned"]),
            actual=_money(r["actual"]),
        )
        for r in rows
    ]


def summary_by_donor(*, user: Actor, filters: AidProjectFilters) -> list[SummaryRow]:
    """Planned versus actual per donor (NGO) and currency, with the number of projects, biggest first (one
    aggregate query)."""
    rows = (
        _year_rows(user, filters)
        .values("project__ngo_id", "project__ngo__name", "project__ngo__name_vi", "project__currency")
        .annotate(planned=Sum("planned"), actual=Sum("actual"), n=Count("project_id", distinct=True))
        .order_by()
    )
    found = [
        SummaryRow(
            key=r["project__ngo_id"],
            label=r["project__ngo__name_vi"] or r["project__ngo__name"],
            currency=r["project__currency"],
            planned=_money(r["planned"]),
            actual=_money(r["actual"]),
            count=r["n"],
        )
        for r in rows
    ]
    return sorted(found, key=lambda s: (s.currency, -s.planned, -s.actual, s.label, s.key))


@dataclass
class UsdTotal:
    """One year's planned and actual disbursement over every currency, converted to USD exactly as the aid
    indicator figures are (`indicators.selectors`: the year's rate of each currency and of USD, in VND per unit).
    A total is None when a rate it needs is missing (`missing` names it); it is never guessed."""

    key: int
    planned: Decimal | None
    actual: Decimal | None
    rates: list[RateUsed]
    missing: list[str]
    currency: str = "USD"
    project_count: int = 0

    @property
    def label(self) -> str:
        return str(self.key)

    @property
    def rate(self) -> Decimal | None:
        if not self.planned or self.actual is None:
            return None
        return (self.actual * 100 / self.planned).quantize(Decimal("0.1"))

    @property
    def note(self) -> str:
        """Which rates were used, or which are missing, in words ("KRW 2024: 18,5 đồng; USD 2024: 25.000 đồng")."""
        from django.utils.formats import number_format
        from django.utils.translation import gettext as _

        parts = []
        if self.missing:
            parts.append(_("Thiếu tỷ giá %(rates)s: chưa quy đổi được") % {"rates": ", ".join(self.missing)})
        if self.rates:
            used = "; ".join(
                f"{r.currency} {r.period}: "
                + number_format(r.vnd_per_unit.normalize(), use_l10n=True, force_grouping=True)
                + " "
                + _("đồng")
                for r in self.rates
            )
            parts.append(_("Tỷ giá đã dùng: %(rates)s") % {"rates": used})
        if not parts:
            parts.append(_("Chỉ có USD, không cần quy đổi"))
        return ". ".join(parts)


# the conversion of `indicators.selectors` asks only whether the figures are money; aid amounts are in the
# project's own currency, like the `ngo_aid_*` indicators (unit "currency")
_AID_MONEY = Indicator(code="ngo_aid_disbursed", unit=Indicator.Unit.CURRENCY)


def usd_totals(by_year: list[SummaryRow]) -> list[UsdTotal]:
    """Per year, the planned and actual sums of `summary_by_year` converted to USD and added up."""
    figures: dict[tuple[int, str], list[Figure]] = {}
    for row in by_year:
        for part, value in (("planned", row.planned), ("actual", row.actual)):
            fig = Figure("", 0, None, row.key, value, computed=True, currency=row.currency)
            figures.setdefault((row.key, part), []).append(fig)
    _convert_computed(_AID_MONEY, [f for fs in figures.values() for f in fs if f.value])
    out = []
    for year in sorted({row.key for row in by_year}):
        totals: dict[str, Decimal | None] = {}
        rates: set[RateUsed] = set()
        missing: set[str] = set()
        for part in ("planned", "actual"):
            found = [f for f in figures.get((year, part), []) if f.value or f.missing]
            for f in found:
                rates |= f.rates
                missing |= f.missing
            gaps = any(f.value is None for f in found)
            totals[part] = None if gaps else _money(sum((f.value or Decimal(0) for f in found), Decimal(0)))
        out.append(
            UsdTotal(
                key=year,
                planned=totals["planned"],
                actual=totals["actual"],
                rates=sorted(rates, key=lambda r: (r.currency, r.period)),
                missing=sorted(missing),
            )
        )
    return out


def field_choices() -> list[tuple[str, str]]:
    from ngoaivu.agreements.models import CooperationField

    return [(f.code, f.name) for f in CooperationField.objects.order_by("sort_order", "pk")]


def former_choices(*, province_code: str) -> list[tuple[str, str]]:
    """The pre-2025 units that became the user's province (or all, for a reader without one)."""
    from ngoaivu.directory.models import FormerProvince

    qs = FormerProvince.objects.select_related("successor").order_by("code")
    if province_code:
        qs = qs.filter(successor__code=province_code)
    return [(f.code, f.name) for f in qs]


def rate(planned: Decimal | int | None, actual: Decimal | int | None) -> str:
    """Actual as a share of planned, "87,5 %" in the reader's number style; empty without a plan."""
    from django.utils.formats import number_format

    if not planned or actual is None:
        return ""
    return f"{number_format(Decimal(actual) * 100 / Decimal(planned), decimal_pos=1, use_l10n=True)} %"
