"""Reads of locality profiles: the list (filters, sort, columns), a profile by its code (a current province's
two-digit code, or `partner-<id>` for a foreign locality in the directory), who may edit it, and the
partnerships shown on it, read from the agreements register through the reader's own scope."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Annotated, Any

from django.db.models import Prefetch, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from ninja import FilterSchema
from pydantic import Field

from ngoaivu.accounts.models import User
from ngoaivu.agreements.filters import AgreementFilters
from ngoaivu.agreements.models import Agreement, CooperationField
from ngoaivu.agreements.selectors import agreement_list
from ngoaivu.core.actors import Actor
from ngoaivu.core.columns import Column
from ngoaivu.core.exceptions import NotFound
from ngoaivu.core.lists import order, reference_id, text_q
from ngoaivu.core.scoping import Action
from ngoaivu.directory.coverage import covered_country_ids
from ngoaivu.directory.models import Country, Partner, Province
from ngoaivu.partnering.models import LocalityProfile

PARTNER_CODE = re.compile(r"partner-(\d{1,18})")
PROFILE_SORTS = {
    "name": ("locality_sort",),
    "population": ("population", "locality_sort"),
    "area": ("area_km2", "locality_sort"),
    "updated": ("-updated_at",),
}
PARTNERSHIPS_SHOWN = 50


class ProfileFilters(FilterSchema):
    q: Annotated[str | None, Field(max_length=200, description="Tìm không dấu / diacritic-insensitive")] = (
        None
    )
    kind: Annotated[str | None, Field(max_length=8, description="province | foreign")] = None
    country: Annotated[
        str | None, Field(max_length=2, description="ISO alpha-2 của địa phương nước ngoài")
    ] = None
    field: Annotated[str | None, Field(max_length=40, description="mã lĩnh vực muốn hợp tác")] = None
    sort: Annotated[str | None, Field(max_length=30)] = None

    def filter_q(self, value: str | None) -> Q:
        return text_q(value)

    def filter_kind(self, value: str | None) -> Q:
        if value == "province":
            return Q(province__isnull=False)
        if value == "foreign":
            return Q(partner__isnull=False)
        return Q()

    def filter_country(self, value: str | None) -> Q:
        if not value:
            return Q()
        if value.upper() == "VN":
            return Q(province__isnull=False)
        return Q(partner__country_id=reference_id(Country, iso2=value.upper()))

    def filter_field(self, value: str | None) -> Q:
        if not value:
            return Q()
        through = LocalityProfile.fields_sought.through.objects.filter(
            cooperationfield_id=reference_id(CooperationField, code=value)
        )
        return Q(pk__in=through.values("localityprofile_id"))

    def filter_sort(self, value: str | None) -> Q:
        return Q()


def _readable(user: Actor) -> QuerySet[LocalityProfile]:
    """Profiles are read by every active user, but a foreign locality's profile only by those who see the
    locality itself in the directory (a private partner stays private)."""
    partners = Partner.objects.visible_to(user, Action.VIEW).values("pk")
    return LocalityProfile.objects.visible_to(user, Action.VIEW).filter(
        Q(province__isnull=False) | Q(partner_id__in=partners)
    )


def profile_list(*, user: Actor, filters: ProfileFilters) -> QuerySet[LocalityProfile]:
    qs = filters.filter(_readable(user)).select_related("province", "partner__country")
    qs = qs.annotate(locality_sort=Coalesce("province__sort_key", "partner__sort_key"))
    qs = qs.prefetch_related(
        Prefetch("fields_sought", queryset=CooperationField.objects.order_by("sort_order"))
    )
    return order(qs, filters.sort, PROFILE_SORTS, "name")


@dataclass
class Locality:
    """What a profile code names: a current province, or a foreign locality the reader sees in the directory;
    `profile` is None while nobody has written one."""

    code: str
    province: Province | None
    partner: Partner | None
    profile: LocalityProfile | None

    @property
    def name(self) -> str:
        if self.province is not None:
            return self.province.full_name
        assert self.partner is not None
        return str(self.partner)

    @property
    def country(self) -> Country | None:
        return self.partner.country if self.partner is not None else None


def code_of(profile: LocalityProfile) -> str:
    return profile.province.code if profile.province_id else f"partner-{profile.partner_id}"  # type: ignore[union-attr]


def locality_get(*, user: Actor, code: str) -> Locality:
    """404 for a code that names nothing the reader may see (an unknown province, a partner that is not a
    locality or that the reader cannot see in the directory)."""
    if not user.scope.active:
        raise NotFound()
    code = (code or "").strip().lower()
    profiles = LocalityProfile.objects.visible_to(user, Action.VIEW).prefetch_related(
        Prefetch("fields_sought", queryset=CooperationField.objects.order_by("sort_order"))
    )
    if re.fullmatch(r"\d{2}", code):
        province = Province.objects.filter(code=code).first()
        if province is None:
            raise NotFound()
        return Locality(code, province, None, profiles.filter(province=province).first())
    match = PARTNER_CODE.fullmatch(code)
    if match is None:
        raise NotFound()
    partner = (
        Partner.objects.visible_to(user, Action.VIEW)
        .filter(pk=int(match.group(1)), kind=Partner.Kind.LOCALITY)
        .select_related("country")
        .first()
    )
    if partner is None:
        raise NotFound()
    return Locality(code, None, partner, profiles.filter(partner=partner).first())


def may_edit(user: Actor, locality: Locality) -> bool:
    """DOMAIN §2 for profiles: a province edits its own province's profile; the ministry (Cục) any profile; a
    mission the foreign localities of the countries it covers, or those it entered in the directory."""
    scope = user.scope
    if not scope.active or not scope.can_write:
        return False
    if scope.is_national:  # the Cục (and site administrators), not the ministry's other units
        return True
    if locality.province is not None:
        return scope.is_province and scope.province_code == locality.province.code
    partner = locality.partner
    if partner is None or not scope.is_mission:
        return False
    return partner.owner_org_id == scope.org_id or partner.country_id in covered_country_ids(scope)


def partnerships(*, user: User, locality: Locality) -> list[Agreement]:
    """The agreements of the province (with foreign partners) or of the foreign locality (with Vietnamese
    provinces) that the reader may see in the register (the register's own selector and scope), newest first."""
    filters = (
        AgreementFilters(province=locality.province.code)
        if locality.province is not None
        else AgreementFilters(partner=locality.partner.pk if locality.partner else 0)
    )
    qs = agreement_list(user=user, filters=filters, details=False)
    return list(qs[:PARTNERSHIPS_SHOWN])


def field_choices() -> list[tuple[str, str]]:
    return [(f.code, f.name_vi) for f in CooperationField.objects.order_by("sort_order", "pk")]


class NumberColumn(Column):
    """A number shown the Vietnamese way on the page (9.068,73; 3.065.628), kept a number in the export."""

    def display(self, obj: Any) -> str:
        value = self.value(obj)
        if value is None:
            return ""
        return number_format(value, use_l10n=True, force_grouping=True)


def _name(p: LocalityProfile) -> str:
    return p.province.full_name if p.province_id else str(p.partner)  # type: ignore[union-attr]


def _country(p: LocalityProfile) -> str:
    return p.partner.country.name_vi if p.partner_id else "Việt Nam"  # type: ignore[union-attr]


def _kind(p: LocalityProfile) -> str:
    return str(_("Tỉnh, thành phố") if p.province_id else _("Địa phương nước ngoài"))


def _fields(p: LocalityProfile) -> str:
    return ", ".join(f.name_vi for f in p.fields_sought.all())


def _url(p: LocalityProfile) -> str:
    return f"/partnering/profiles/{code_of(p)}/"


PROFILE_COLUMNS: list[Column] = [
    Column("name", _("Địa phương"), _name, sort="name", link=_url),
    Column("kind", _("Loại"), _kind),
    Column("country", _("Quốc gia"), _country),
    NumberColumn("population", _("Dân số (người)"), lambda p: p.population, sort="population"),
    NumberColumn("area", _("Diện tích (km²)"), lambda p: p.area_km2, sort="area"),
    Column("year", _("Năm số liệu"), lambda p: str(p.figures_year) if p.figures_year else None),
    Column("industries", _("Ngành kinh tế chính"), lambda p: p.main_industries),
    Column("fields", _("Lĩnh vực muốn hợp tác"), _fields),
    Column("contact", _("Đầu mối liên hệ"), lambda p: p.contact_name),
]


def choice_data() -> dict[str, Any]:
    return {"fields": field_choices()}
