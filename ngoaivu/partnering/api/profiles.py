"""`/api/v1/profiles`: locality profiles (list with filters; one by code — a current province's two-digit code or
`partner-<id>` for a foreign locality — with ETag; PATCH with If-Match, "0" for a profile not written yet)."""

import dataclasses
import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Schema
from ninja.pagination import paginate
from pydantic import Field

from ngoaivu.accounts.models import User
from ngoaivu.accounts.web import api_user
from ngoaivu.core.lists import BoundedPageNumberPagination, Mapped
from ngoaivu.core.problems import act_then_read
from ngoaivu.core.schemas import ERRORS, Line, Text, versioned
from ngoaivu.partnering import profiles_selectors as selectors
from ngoaivu.partnering import profiles_services as services
from ngoaivu.partnering.models import LocalityProfile

router = Router(tags=["partnering"])


class PartnershipOut(Schema):
    id: int
    title_vi: str
    province: str
    country: str
    state: str
    signed_on: dt.date | None


class ProfileListOut(Schema):
    code: str
    kind: str = Field(..., description="province | foreign")
    name: str
    country: str = Field(..., description="ISO alpha-2; VN cho tỉnh, thành phố")
    population: int | None
    area_km2: Decimal | None
    figures_year: int | None
    figures_source: str
    main_industries: str
    strengths: str
    fields_sought: list[str]
    contact_name: str
    contact_title: str
    contact_email: str
    contact_phone: str
    version: int = Field(..., description="0: chưa có hồ sơ")


class ProfileOut(ProfileListOut):
    exists: bool
    may_edit: bool
    indicators_url: str | None
    partnerships: list[PartnershipOut]


class ProfilePatch(Schema):
    """Only the fields sent are changed (If-Match: the profile's version, "0" before its first save)."""

    population: int | None = Field(None, ge=1, le=2_000_000_000)
    area_km2: Decimal | None = Field(None, gt=0, max_digits=10, decimal_places=2)
    figures_year: int | None = Field(None, ge=1900, le=2100)
    figures_source: Line | None = Field(None, max_length=300)
    main_industries: Text | None = Field(None, max_length=5000)
    strengths: Text | None = Field(None, max_length=5000)
    fields_sought: list[str] | None = Field(None, max_length=40, description="mã lĩnh vực hợp tác")
    contact_name: Line | None = Field(None, max_length=200)
    contact_title: Line | None = Field(None, max_length=300)
    contact_email: Line | None = Field(None, max_length=254)
    contact_phone: Line | None = Field(None, max_length=40)


def _values(profile: LocalityProfile | None) -> dict[str, Any]:
    data = dataclasses.asdict(services.input_of(profile))
    data["fields_sought"] = list(data["fields_sought"])
    data["version"] = profile.version if profile is not None else 0
    return data


def _row(p: LocalityProfile) -> dict[str, Any]:
    return {
        "code": selectors.code_of(p),
        "kind": "province" if p.province_id else "foreign",
        "name": p.province.full_name if p.province else str(p.partner),
        "country": p.partner.country.iso2 if p.partner else "VN",
        **{f: getattr(p, f) for f in services.EDITED},
        "fields_sought": [f.code for f in p.fields_sought.all()],
        "version": p.version,
    }


def _detail(user: User, code: str) -> dict[str, Any]:
    locality = selectors.locality_get(user=user, code=code)
    return {
        "code": locality.code,
        "kind": "province" if locality.province else "foreign",
        "name": locality.name,
        "country": locality.country.iso2 if locality.country else "VN",
        **_values(locality.profile),
        "exists": locality.profile is not None,
        "may_edit": selectors.may_edit(user, locality),
        "indicators_url": f"/indicators/provinces/{locality.province.code}/" if locality.province else None,
        "partnerships": [
            {
                "id": a.pk,
                "title_vi": a.title_vi,
                "province": a.province.code,
                "country": a.country.iso2,
                "state": a.state,
                "signed_on": a.signed_on,
            }
            for a in selectors.partnerships(user=user, locality=locality)
        ],
    }


@router.get(
    "/profiles",
    response={200: list[ProfileListOut], **ERRORS},
    operation_id="partnering_profile_list",
    summary="Hồ sơ địa phương (tỉnh, thành phố và địa phương nước ngoài)",
)
@paginate(BoundedPageNumberPagination)
def profiles_list(request: HttpRequest, filters: Query[selectors.ProfileFilters]) -> Mapped:
    return Mapped(selectors.profile_list(user=api_user(request), filters=filters), _row)


@router.get(
    "/profiles/{code}",
    response={200: ProfileOut, **ERRORS},
    operation_id="partnering_profile_get",
    summary="Một hồ sơ: mã tỉnh hai chữ số, hoặc partner-<id> cho địa phương nước ngoài",
)
def profiles_get(request: HttpRequest, response: HttpResponse, code: str) -> dict[str, Any]:
    body = _detail(api_user(request), code[:40])
    response["ETag"] = f'"{body["version"]}"'
    return body


@router.patch(
    "/profiles/{code}",
    **versioned(ProfileOut, conflict=False),
    operation_id="partnering_profile_update",
    summary='Sửa hồ sơ: chỉ các trường gửi lên (If-Match: phiên bản; "0" khi chưa có hồ sơ)',
)
def profiles_update(request: HttpRequest, code: str, payload: ProfilePatch) -> dict[str, Any]:
    user = api_user(request)
    code = code[:40]
    sent = payload.model_dump(exclude_unset=True)

    def act(version: int) -> None:
        locality = selectors.locality_get(user=user, code=code)
        changes: dict[str, Any] = {k: (tuple(v) if isinstance(v, list) else v) for k, v in sent.items()}
        for text_field in ("figures_source", "main_industries", "strengths", "contact_name", "contact_title",
                           "contact_email", "contact_phone"):  # fmt: skip
            if text_field in changes and changes[text_field] is None:
                changes[text_field] = ""
        if changes.get("fields_sought") is None and "fields_sought" in changes:
            changes["fields_sought"] = ()
        data = dataclasses.replace(services.input_of(locality.profile), **changes)
        services.profile_save(actor=user, code=locality.code, data=data, expected_version=version)

    return act_then_read(request, read=lambda: _detail(user, code), act=act)
