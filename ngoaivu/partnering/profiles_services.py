"""Writes of locality profiles: one service saves a profile (creating it on the first save), scope → validate →
versioned write → audit. A province's profile belongs to the province's organisation; a foreign locality's to
the organisation that first wrote it (a mission or the ministry)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ngoaivu.accounts.models import Organisation
from ngoaivu.agreements.models import CooperationField
from ngoaivu.audit import services as audit
from ngoaivu.core.actors import Actor
from ngoaivu.core.exceptions import Forbidden, NotFound, ServiceError, StaleObject
from ngoaivu.core.inputs import checked_text, max_length
from ngoaivu.core.text import clean_line, search_key
from ngoaivu.core.versioning import save_versioned
from ngoaivu.directory.models import Partner, Province
from ngoaivu.partnering import profiles_selectors as selectors
from ngoaivu.partnering.models import LocalityProfile

MAX_POPULATION = 2_000_000_000
MAX_AREA = Decimal("20000000")  # km²: larger than any country's subdivision
EDITED = (
    "population",
    "area_km2",
    "figures_year",
    "figures_source",
    "main_industries",
    "strengths",
    "contact_name",
    "contact_title",
    "contact_email",
    "contact_phone",
)


@dataclass(frozen=True)
class ProfileInput:
    population: int | None = None
    area_km2: Decimal | None = None
    figures_year: int | None = None
    figures_source: str = ""
    main_industries: str = ""
    strengths: str = ""
    fields_sought: tuple[str, ...] = ()  # cooperation field codes
    contact_name: str = ""
    contact_title: str = ""
    contact_email: str = ""
    contact_phone: str = ""


def input_of(profile: LocalityProfile | None) -> ProfileInput:
    """The profile's current values (all empty for a profile not written yet), for a partial update."""
    if profile is None:
        return ProfileInput()
    return ProfileInput(
        **{f: getattr(profile, f) for f in EDITED},
        fields_sought=tuple(f.code for f in profile.fields_sought.all()),
    )


def _is_system(actor: Actor) -> bool:
    return isinstance(actor, audit.SystemActor)


def _locality(actor: Actor, code: str) -> selectors.Locality:
    if not _is_system(actor):
        return selectors.locality_get(user=actor, code=code)
    reason = f"{audit.actor_label(actor)}: locality profile"
    profiles = LocalityProfile.objects.system(reason=reason)
    if re.fullmatch(r"\d{2}", code):
        province = Province.objects.filter(code=code).first()
        if province is None:
            raise NotFound()
        return selectors.Locality(code, province, None, profiles.filter(province=province).first())
    match = selectors.PARTNER_CODE.fullmatch(code)
    partner = (
        Partner.objects.system(reason=reason)
        .filter(pk=int(match.group(1)), kind=Partner.Kind.LOCALITY)
        .first()
        if match
        else None
    )
    if partner is None:
        raise NotFound()
    return selectors.Locality(code, None, partner, profiles.filter(partner=partner).first())


def _owner_id(actor: Actor, locality: selectors.Locality) -> int:
    if locality.province is not None:
        org = Organisation.objects.filter(
            kind=Organisation.Kind.PROVINCE, province_code=locality.province.code
        ).first()
        if org is None:
            raise ServiceError(_("Tỉnh chưa có cơ quan ngoại vụ trong danh mục đơn vị."))
        return org.pk
    assert locality.partner is not None
    if _is_system(actor) or actor.scope.org_id is None:
        return locality.partner.owner_org_id
    return actor.scope.org_id


def _validate(data: ProfileInput) -> tuple[dict[str, Any], list[CooperationField]]:
    errors: dict[str, list[str]] = {}
    v: dict[str, Any] = {}
    if data.population is not None and not 0 < data.population <= MAX_POPULATION:
        errors["population"] = [_("Dân số phải là số người dương.")]
    v["population"] = data.population
    area = data.area_km2
    if area is not None:
        try:
            area = Decimal(area).quantize(Decimal("0.01"))
        except (InvalidOperation, TypeError):
            area = None
            errors["area_km2"] = [_("Diện tích phải là một số (km²).")]
        else:
            if not Decimal(0) < area <= MAX_AREA:
                errors["area_km2"] = [_("Diện tích phải là số km² dương.")]
    v["area_km2"] = area
    this_year = timezone.localdate().year
    if data.figures_year is not None and not 1900 <= data.figures_year <= this_year:
        errors["figures_year"] = [_("Năm số liệu phải từ 1900 đến năm nay.")]
    v["figures_year"] = data.figures_year
    v["figures_source"] = checked_text(
        errors,
        "figures_source",
        data.figures_source,
        max_length(LocalityProfile, "figures_source"),
        one_line=True,
    )
    if (v["population"] is not None or v["area_km2"] is not None) and not v["figures_source"]:
        errors.setdefault("figures_source", []).append(
            _("Ghi nguồn của số liệu dân số, diện tích (văn bản, cơ quan công bố).")
        )
    if (v["population"] is not None or v["area_km2"] is not None) and v["figures_year"] is None:
        errors.setdefault("figures_year", []).append(_("Ghi năm của số liệu dân số, diện tích."))
    v["main_industries"] = checked_text(errors, "main_industries", data.main_industries, 5000)
    v["strengths"] = checked_text(errors, "strengths", data.strengths, 5000)
    v["contact_name"] = checked_text(
        errors, "contact_name", data.contact_name, max_length(LocalityProfile, "contact_name"), one_line=True
    )
    v["contact_title"] = checked_text(
        errors,
        "contact_title",
        data.contact_title,
        max_length(LocalityProfile, "contact_title"),
        one_line=True,
    )
    email = clean_line(data.contact_email or "")
    if email and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", email):
        errors["contact_email"] = [_("Địa chỉ thư điện tử không hợp lệ.")]
    v["contact_email"] = email[:254]
    phone = clean_line(data.contact_phone or "")
    if phone and not re.fullmatch(r"[+0-9 ().\-]{6,40}", phone):
        errors["contact_phone"] = [_("Số điện thoại chỉ gồm chữ số, dấu cách và + ( ) . -")]
    v["contact_phone"] = phone
    codes = list(dict.fromkeys(clean_line(c) for c in data.fields_sought if clean_line(c)))
    fields = list(CooperationField.objects.filter(code__in=codes))
    if len(fields) != len(codes):
        errors["fields_sought"] = [_("Có lĩnh vực không có trong danh mục lĩnh vực hợp tác.")]
    if errors:
        raise ServiceError(_("Chưa lưu được hồ sơ địa phương."), errors)
    return v, fields


def _snapshot(profile: LocalityProfile) -> dict[str, Any]:
    return {**audit.snapshot(profile), "fields_sought": sorted(f.code for f in profile.fields_sought.all())}


@transaction.atomic
def profile_save(
    *, actor: Actor, code: str, data: ProfileInput, expected_version: int | None
) -> LocalityProfile:
    """Create the profile of the locality `code` names, or update it under `expected_version` (0 or None for
    one not written yet). 404 when the actor cannot see the locality; 403 when they may not edit it."""
    locality = _locality(actor, code)
    if not _is_system(actor) and not selectors.may_edit(actor, locality):
        raise Forbidden()
    values, fields = _validate(data)
    profile = locality.profile
    before: dict[str, Any] = {}
    if profile is None:
        profile = LocalityProfile(
            province=locality.province,
            partner=locality.partner,
            owner_org_id=_owner_id(actor, locality),
            created_by=actor if actor.is_authenticated else None,  # type: ignore[misc]
        )
        expected_version = None
    else:
        before = _snapshot(profile)
        if expected_version == 0:
            expected_version = -1  # someone wrote it since the form was opened: stale
    for key, value in values.items():
        setattr(profile, key, value)
    profile.updated_by = actor if actor.is_authenticated else None  # type: ignore[assignment]
    country = locality.country
    profile.search_text = search_key(
        locality.name,
        locality.partner.name if locality.partner else "",
        country.name_vi if country else "Việt Nam",
        country.name_en if country else "Viet Nam",
        profile.main_industries,
        profile.strengths,
        *(f.name_vi for f in fields),
    )
    # one profile per locality is kept by the database (a first save racing another is answered as stale)
    profile.full_clean(
        exclude=["owner_org", "created_by", "updated_by", "fields_sought"], validate_unique=False
    )
    if profile.pk is None:
        try:
            with transaction.atomic():  # two first saves at once: the second finds the row taken, as if stale
                save_versioned(profile, None)
        except IntegrityError:
            raise StaleObject(LocalityProfile._meta.label, None, 1) from None
    else:
        save_versioned(profile, expected_version)
    profile.fields_sought.set(fields)
    after = _snapshot(profile)
    if before:
        audit.record(
            actor=actor, action="locality_profile.update", target=profile, before=before, after=after
        )
    else:
        audit.record(actor=actor, action="locality_profile.create", target=profile, after=after)
    return profile
