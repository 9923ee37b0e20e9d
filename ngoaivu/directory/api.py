from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.pagination import paginate

from ngoaivu.accounts.web import api_user
from ngoaivu.core.exceptions import ServiceError
from ngoaivu.core.lists import BoundedPageNumberPagination
from ngoaivu.core.problems import IF_MATCH, problem_response, required_version
from ngoaivu.core.schemas import ERRORS, IsoDate, Problem, versioned
from ngoaivu.core.selectors import working_calendar
from ngoaivu.directory import selectors, services
from ngoaivu.directory.filters import (
    CountryFilters,
    FormerProvinceFilters,
    MissionFilters,
    OrganisationFilters,
    PartnerFilters,
    ProvinceFilters,
)
from ngoaivu.directory.fta_api import router as fta_router
from ngoaivu.directory.models import Contact, Country, Mission, Partner, Province
from ngoaivu.directory.schemas import (
    AddDaysOut,
    ContactIn,
    ContactOut,
    CountryOut,
    FormerProvinceOut,
    MissionOut,
    OrganisationOut,
    PartnerCreated,
    PartnerIn,
    PartnerOut,
    PartnerPatch,
    ProvinceOut,
)

router = Router(tags=["directory"])


@router.get(
    "/provinces",
    response={200: list[ProvinceOut], **ERRORS},
    operation_id="directory_provinces_list",
    summary="34 tỉnh, thành phố hiện hành",
)
@paginate(BoundedPageNumberPagination)
def provinces_list(request: HttpRequest, filters: Query[ProvinceFilters]) -> Any:
    return selectors.province_list(filters=filters)


@router.get(
    "/provinces/former",
    response={200: list[FormerProvinceOut], **ERRORS},
    operation_id="directory_former_provinces_list",
    summary="63 tỉnh, thành phố trước 01/07/2025",
)
@paginate(BoundedPageNumberPagination)
def former_provinces_list(request: HttpRequest, filters: Query[FormerProvinceFilters]) -> Any:
    return selectors.former_province_list(filters=filters)


@router.get("/provinces/{code}", response={200: ProvinceOut, **ERRORS}, operation_id="directory_province_get")
def province_get(request: HttpRequest, code: str) -> Province | JsonResponse:
    province = selectors.province_get(code=code)
    if province is None:
        return problem_response(request, 404, "not_found", "Không tìm thấy tỉnh, thành phố có mã này.")
    return province


@router.get("/countries", response={200: list[CountryOut], **ERRORS}, operation_id="directory_countries_list")
@paginate(BoundedPageNumberPagination)
def countries_list(request: HttpRequest, filters: Query[CountryFilters]) -> Any:
    return selectors.country_list(filters=filters)


@router.get("/countries/{iso2}", response={200: CountryOut, **ERRORS}, operation_id="directory_country_get")
def country_get(request: HttpRequest, iso2: str) -> Country | JsonResponse:
    country = selectors.country_get(iso2=iso2)
    if country is None:
        return problem_response(request, 404, "not_found", "Không tìm thấy quốc gia có mã này.")
    return country


@router.get("/missions", response={200: list[MissionOut], **ERRORS}, operation_id="directory_missions_list")
@paginate(BoundedPageNumberPagination)
def missions_list(request: HttpRequest, filters: Query[MissionFilters]) -> Any:
    return selectors.mission_list(filters=filters)


@router.get("/missions/{code}", response={200: MissionOut, **ERRORS}, operation_id="directory_mission_get")
def mission_get(request: HttpRequest, code: str) -> Mission | JsonResponse:
    mission = selectors.mission_get(code=code)
    if mission is None:
        return problem_response(request, 404, "not_found", "Không tìm thấy cơ quan đại diện có mã này.")
    return mission


@router.get(
    "/organisations",
    response={200: list[OrganisationOut], **ERRORS},
    operation_id="directory_organisations_list",
)
@paginate(BoundedPageNumberPagination)
def organisations_list(request: HttpRequest, filters: Query[OrganisationFilters]) -> Any:
    return selectors.organisation_list(filters=filters)


@router.get("/partners", response={200: list[PartnerOut], **ERRORS}, operation_id="directory_partners_list")
@paginate(BoundedPageNumberPagination)
def partners_list(request: HttpRequest, filters: Query[PartnerFilters]) -> Any:
    return selectors.partner_list(user=api_user(request), filters=filters)


def _partner_data(payload: PartnerIn | PartnerPatch, *, partial: bool) -> dict[str, Any]:
    data = payload.dict(exclude_unset=partial)
    if partial:
        data = {k: v for k, v in data.items() if v is not None or k == "website"}
    if "website" in data:
        data["website"] = str(data["website"]) if data["website"] else ""
    if "country" in data:
        country = selectors.country_get(iso2=data.pop("country"))
        if country is None:
            raise ServiceError("Dữ liệu không hợp lệ.", {"country": ["Mã quốc gia không có trong danh mục."]})
        data["country_id"] = country.pk
    return data


@router.post("/partners", response={201: PartnerCreated, **ERRORS}, operation_id="directory_partners_create")
def partners_create(request: HttpRequest, payload: PartnerIn) -> Status[dict[str, Any]]:
    data = _partner_data(payload, partial=False)
    duplicates = services.partner_duplicates(
        user=api_user(request), name=data["name"], country_id=data["country_id"]
    )
    partner = services.partner_create(actor=api_user(request), data=data)
    return Status(201, {"partner": partner, "possible_duplicates": duplicates})


@router.get(
    "/partners/{int:partner_id}", response={200: PartnerOut, **ERRORS}, operation_id="directory_partner_get"
)
def partner_get(request: HttpRequest, response: HttpResponse, partner_id: int) -> Partner:
    partner = selectors.partner_get(user=api_user(request), pk=partner_id)
    response["ETag"] = f'"{partner.version}"'
    return partner


@router.patch(
    "/partners/{int:partner_id}",
    **versioned(PartnerOut),
    operation_id="directory_partner_update",
)
def partner_update(request: HttpRequest, partner_id: int, payload: PartnerPatch) -> Partner:
    selectors.partner_get(user=api_user(request), pk=partner_id)  # out of scope is 404 before 428
    version = required_version(request)
    partner = services.partner_update(
        actor=api_user(request),
        partner_id=partner_id,
        expected_version=version,
        changes=_partner_data(payload, partial=True),
    )
    return partner


@router.delete(
    "/partners/{int:partner_id}",
    response={204: None, 412: Problem, 428: Problem, **ERRORS},
    operation_id="directory_partner_delete",
    openapi_extra=IF_MATCH,
)
def partner_delete(request: HttpRequest, partner_id: int) -> Status[None]:
    selectors.partner_get(user=api_user(request), pk=partner_id)  # out of scope is 404 before 428
    version = required_version(request)
    services.partner_delete(actor=api_user(request), partner_id=partner_id, expected_version=version)
    return Status(204, None)


@router.get(
    "/partners/{int:partner_id}/contacts",
    response={200: list[ContactOut], **ERRORS},
    operation_id="directory_partner_contacts_list",
)
def partner_contacts(request: HttpRequest, partner_id: int) -> QuerySet[Contact]:
    partner = selectors.partner_get(user=api_user(request), pk=partner_id)
    return selectors.contact_list_for_partner(user=api_user(request), partner=partner)


@router.post(
    "/partners/{int:partner_id}/contacts",
    response={201: ContactOut, **ERRORS},
    operation_id="directory_partner_contacts_create",
)
def partner_contact_create(request: HttpRequest, partner_id: int, payload: ContactIn) -> Status[Contact]:
    contact = services.contact_create(actor=api_user(request), partner_id=partner_id, data=payload.dict())
    return Status(201, contact)


@router.get(
    "/calendar/add-days",
    response={200: AddDaysOut, **ERRORS},
    operation_id="directory_calendar_add_days",
    summary="Ngày làm việc thứ N sau một ngày (không tính ngày đó)",
)
def calendar_add_days(
    request: HttpRequest, date: IsoDate, n: int = Query(..., ge=0, le=3650), calendar_days: bool = False
) -> dict[str, Any]:
    cal = working_calendar()
    try:
        result = cal.add_calendar_days(date, n) if calendar_days else cal.add_working_days(date, n)
    except (ValueError, OverflowError) as exc:
        message = _("Kết quả nằm ngoài khoảng lịch tính được (tối đa 10 năm sau ngày bắt đầu).")
        raise ServiceError(message, {"n": [message]}) from exc
    provisional = cal.is_provisional(date, result)
    return {
        "start": date,
        "days": n,
        "calendar_days": calendar_days,
        "result": result,
        "provisional": provisional,
    }


# Viet Nam's free-trade agreements (directory.fta_api)
router.add_router("/", fta_router)
