from __future__ import annotations

import csv
import functools
import operator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.apps import apps
from django.db.models import Count, Prefetch, Q, QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from ngoaivu.accounts.models import Organisation
from ngoaivu.core.actors import Actor
from ngoaivu.core.lists import order
from ngoaivu.core.scoping import Action, can, get_for_action, scoped_manager
from ngoaivu.core.text import fold, fold_terms
from ngoaivu.directory.filters import (
    CountryFilters,
    FormerProvinceFilters,
    MissionFilters,
    OrganisationFilters,
    PartnerFilters,
    ProvinceFilters,
)
from ngoaivu.directory.models import (
    Accreditation,
    Contact,
    Country,
    FormerProvince,
    Mission,
    Partner,
    Province,
    ProvinceAlias,
)

PROVINCE_SORTS = {"name": ("sort_key",), "code": ("code",)}
FORMER_SORTS = {"name": ("sort_key",), "code": ("code",), "successor": ("successor__sort_key", "sort_key")}
COUNTRY_SORTS = {"name": ("sort_key",), "iso2": ("iso2",), "name_en": ("name_en",)}
MISSION_SORTS = {
    "name": ("sort_key",),
    "code": ("code",),
    "city": ("city_vi", "city"),
    "country": ("country__sort_key", "sort_key"),
}
ORG_SORTS = {"name": ("sort_key",), "code": ("code",), "kind": ("kind", "sort_key")}
PARTNER_SORTS = {
    "name": ("sort_key",),
    "country": ("country__sort_key", "sort_key"),
    "updated": ("-updated_at",),
    "kind": ("kind", "sort_key"),
}


def province_list(*, filters: ProvinceFilters) -> QuerySet[Province]:
    qs = filters.filter(Province.objects.all()).distinct()
    qs = qs.prefetch_related(Prefetch("predecessors", queryset=FormerProvince.objects.order_by("sort_key")))
    return order(qs, filters.sort, PROVINCE_SORTS, "name")


def province_get(*, code: str) -> Province | None:
    return Province.objects.prefetch_related("predecessors").filter(code=code).first()


def former_province_list(*, filters: FormerProvinceFilters) -> QuerySet[FormerProvince]:
    qs = filters.filter(FormerProvince.objects.select_related("successor"))
    return order(qs, filters.sort, FORMER_SORTS, "name")


def former_province_by_key(key: str) -> FormerProvince | None:
    for obj in FormerProvince.objects.select_related("successor").all():
        if fold(obj.name) == key or obj.code == key:
            return obj
    alias = (
        ProvinceAlias.objects.select_related("former__successor")
        .filter(alias_key=key, former__isnull=False)
        .first()
    )
    return alias.former if alias else None


def province_by_key(key: str) -> Province | None:
    for obj in Province.objects.all():
        if fold(obj.name) == key or fold(obj.name_en) == key:
            return obj
    alias = (
        ProvinceAlias.objects.select_related("current").filter(alias_key=key, current__isnull=False).first()
    )
    return alias.current if alias else None


def country_list(*, filters: CountryFilters) -> QuerySet[Country]:
    qs = filters.filter(Country.objects.all()).distinct()
    return order(qs, filters.sort, COUNTRY_SORTS, "name")


def country_get(*, iso2: str) -> Country | None:
    return Country.objects.filter(iso2=iso2.upper()).first()


def country_get_optional(pk: Any) -> Country | None:
    try:
        return Country.objects.filter(pk=int(pk)).first()
    except (TypeError, ValueError):
        return None


def country_choices() -> list[tuple[int, str]]:
    return [(c.pk, c.name_vi) for c in Country.objects.order_by("sort_key").only("pk", "name_vi")]


def country_code_choices(*, foreign_only: bool = False) -> list[tuple[str, str]]:
    """(ISO alpha-2, Vietnamese name) for forms and list filters; `foreign_only` leaves Việt Nam out."""
    rows = country_list(filters=CountryFilters()).values_list("iso2", "name_vi")
    # two columns, not 250 whole countries: every list page with a country filter builds these choices
    return [(iso2, name) for iso2, name in rows if not (foreign_only and iso2 == "VN")]


def province_code_choices() -> list[tuple[str, str]]:
    rows = province_list(filters=ProvinceFilters()).prefetch_related(None).values_list("code", "name")
    return list(rows)


def partner_choices(*, user: Actor, limit: int = 2000) -> list[tuple[str, str]]:
    """The partners a user may link, for a select box (at most `limit`: a search widget is the next step)."""
    partners = partner_list(user=user, filters=PartnerFilters(sort="name"))[:limit]
    return [(str(p.pk), f"{p} — {p.country.name_vi}") for p in partners]


def mission_list(*, filters: MissionFilters) -> QuerySet[Mission]:
    qs = filters.filter(Mission.objects.select_related("country", "organisation")).distinct()
    qs = qs.prefetch_related(
        Prefetch("accreditations", queryset=Accreditation.objects.select_related("country"))
    )
    return order(qs, filters.sort, MISSION_SORTS, "name")


def mission_get(*, code: str) -> Mission | None:
    return (
        Mission.objects.select_related("country", "organisation")
        .prefetch_related(
            Prefetch("accreditations", queryset=Accreditation.objects.select_related("country"))
        )
        .filter(code=code)
        .first()
    )


def missions_for_country(country: Country) -> QuerySet[Mission]:
    return (
        Mission.objects.filter(accreditations__country=country).select_related("country").order_by("sort_key")
    )


def organisation_list(*, filters: OrganisationFilters) -> QuerySet[Organisation]:
    qs = filters.filter(Organisation.objects.filter(is_active=True))
    return order(qs, filters.sort, ORG_SORTS, "name")


def organisation_get(*, code: str) -> Organisation | None:
    return Organisation.objects.filter(code=code, is_active=True).first()


def partner_list(*, user: Actor, filters: PartnerFilters, action: Action = Action.VIEW) -> QuerySet[Partner]:
    qs = filters.filter(Partner.objects.visible_to(user, action))
    qs = qs.select_related("country", "owner_org")
    return order(qs, filters.sort, PARTNER_SORTS, "name")


def partner_get(*, user: Actor, pk: int) -> Partner:
    return get_for_action(Partner, user, Action.VIEW, pk=pk)


def partner_similar(
    *, user: Actor, name: str, country_id: int | None, exclude_pk: int | None = None
) -> list[Partner]:
    """Possible duplicates in the same country: partners sharing at least half of the significant words
    of the name (at least two when both names are long), or the name as an abbreviation."""
    words = {w for w in fold_terms(name) if len(w) > 2} or set(fold_terms(name))
    if not words:
        return []
    qs = Partner.objects.visible_to(user, Action.VIEW).select_related("country", "owner_org")
    if country_id:
        qs = qs.filter(country_id=country_id)
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    any_word = functools.reduce(operator.or_, (Q(search_text__contains=f" {w} ") for w in sorted(words)[:8]))
    found = []
    for partner in qs.filter(any_word)[:50]:
        theirs = {
            w for w in fold_terms(f"{partner.name} {partner.name_vi} {partner.abbreviation}") if len(w) > 2
        }
        shared = len(words & theirs)
        if shared and (
            shared >= min(len(words), len(theirs), 2) or shared * 2 >= min(len(words), len(theirs))
        ):
            found.append(partner)
    return found[:10]


def partner_can(user: Actor, partner: Partner, action: Action) -> bool:
    return can(user, action, partner)


def contact_list_for_partner(*, user: Actor, partner: Partner) -> QuerySet[Contact]:
    return Contact.objects.visible_to(user, Action.VIEW).filter(partner=partner).select_related("owner_org")


def contact_ids_deletable(*, user: Actor, partner: Partner) -> set[int]:
    """The contacts of `partner` that `user` may delete (one query), for the delete buttons."""
    return set(
        Contact.objects.visible_to(user, Action.DELETE).filter(partner=partner).values_list("pk", flat=True)
    )


def contact_get(*, user: Actor, pk: int, action: Action = Action.VIEW) -> Contact:
    return get_for_action(Contact, user, action, pk=pk)


def partner_counts_by_country(*, user: Actor) -> dict[int, int]:
    rows = Partner.objects.visible_to(user, Action.VIEW).values("country_id").annotate(n=Count("pk"))
    return {r["country_id"]: r["n"] for r in rows}


COUNTRIES_CSV = Path(__file__).resolve().parent / "data" / "countries.csv"


def country_name_index() -> dict[str, str]:
    """Folded Vietnamese and English names, ISO codes and the aliases of the shipped country list ("Úc",
    "Nga", "South Korea"…) → ISO alpha-2, for importers that read names typed by people."""
    index: dict[str, str] = {}
    for c in Country.objects.all():
        for name in (c.name_vi, c.name_en, c.iso2, c.iso3):
            index.setdefault(fold(name), c.iso2)
    with COUNTRIES_CSV.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            for alias in (row.get("aliases") or "").split(";"):
                if alias.strip():
                    index.setdefault(fold(alias), row["iso2"])
    return index


@dataclass(frozen=True)
class MentionSource:
    """A kind of record that names partners: its model (by label — the apps that hold these records sit above
    the directory, so they are not imported, as in the audit log), the many-to-many field to Partner, the list
    page and its partner filter when the list has one."""

    key: str
    label: Any
    model: str
    relation: str
    detail_url: str
    list_url: str = ""
    list_filter: str = ""
    entity_target: bool = False  # documents: also a proposed link found in the text ("partner:<pk>")


MENTION_SOURCES = (
    MentionSource(
        "agreements",
        _("Thỏa thuận quốc tế"),
        "agreements.Agreement",
        "partners",
        "agreements:agreement_detail",
        "agreements:agreement_list",
        "partner",
    ),
    MentionSource(
        "delegations",
        _("Đoàn ra, đoàn vào"),
        "delegations.Delegation",
        "partners",
        "delegations:delegation_detail",
    ),
    MentionSource(
        "requests", _("Đặt hàng"), "requests.ServiceRequest", "target_partners", "requests:request_detail"
    ),
    MentionSource(
        "documents",
        _("Tài liệu"),
        "ingest.Document",
        "partners",
        "ingest:document_detail",
        entity_target=True,
    ),
)


@dataclass
class MentionSection:
    key: str
    label: Any
    count: int
    items: list[tuple[str, str]] = field(default_factory=list)  # (title, url)
    all_url: str = ""


def partner_mentions(*, user: Actor, partner: Partner, limit: int = 5) -> list[MentionSection]:
    """The agreements, delegations, requests and documents that name `partner`, only those `user` may open
    (each model's own `visible_to`): per kind a count and the newest `limit`, two queries per kind."""
    sections = []
    for source in MENTION_SOURCES:
        try:
            model = apps.get_model(source.model)
        except LookupError:
            continue
        manager = scoped_manager(model)
        if manager is None:
            continue
        named = Q(**{source.relation: partner})
        if source.entity_target:
            named |= Q(
                pk__in=apps.get_model("ingest", "DocumentEntity")
                .objects.filter(target=f"partner:{partner.pk}")
                .exclude(status="rejected")
                .values("document_id")
            )
        qs = manager.visible_to(user, Action.VIEW).filter(named).distinct()
        count = qs.count()
        rows = list(qs.order_by("-pk")[:limit]) if count else []
        all_url = ""
        if source.list_url and count:
            all_url = f"{reverse(source.list_url)}?{source.list_filter}={partner.pk}"
        sections.append(
            MentionSection(
                key=source.key,
                label=source.label,
                count=count,
                items=[(str(row), _detail_url(source.detail_url, row.pk)) for row in rows],
                all_url=all_url,
            )
        )
    return sections


def _detail_url(name: str, pk: int) -> str:
    try:
        return reverse(name, args=[pk])
    except NoReverseMatch:
        return ""
