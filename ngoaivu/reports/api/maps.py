"""`/api/v1/map/…`: the province boundaries of an era (a static file: ETag and a day's private caching) and one
figure per province for a metric and a year (scoped: counted through each app's list selector)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal

from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from ngoaivu.accounts.web import api_user
from ngoaivu.core.exceptions import ServiceError
from ngoaivu.core.schemas import ERRORS
from ngoaivu.reports.selectors import maps as selectors

router = Router(tags=["reports"])
CACHE_CONTROL = "private, max-age=86400"


class EraQuery(Schema):
    era: Literal["current", "former"] = Field(
        "current", description="current: 34 tỉnh, thành phố từ 01/07/2025; former: 63 tỉnh trước đó"
    )


class ValuesQuery(EraQuery):
    metric: str = Field(
        ...,
        max_length=80,
        description="requests_sent | agreements_signed | delegations_outbound | delegations_inbound | "
        "leader_visits | conferences | indicator:<mã chỉ tiêu>",
    )
    year: int = Field(..., ge=1986, le=2100)


class FeatureCollectionOut(Schema):
    type: Literal["FeatureCollection"]
    name: str
    source: str
    features: list[dict[str, Any]]


class MapValueOut(Schema):
    code: str
    name: str
    successor_code: str | None = None
    value: float | None = Field(
        None, description="không có số liệu: null (không bao giờ là 0 thay cho thiếu)"
    )
    note: str = ""
    link: str = Field("", description="danh sách hồ sơ hoặc giá trị tạo nên số liệu")
    profile: str = Field("", description="trang tỉnh, thành phố (hiện hành)")


class MapValuesOut(Schema):
    metric: str
    label: str
    unit: str
    year: int
    era: str
    available: bool
    note: str
    total: float | None
    values: list[MapValueOut]


@router.get(
    "/map/provinces",
    response={200: FeatureCollectionOut, 304: None, **ERRORS},
    operation_id="reports_map_provinces_get",
    url_name="map_provinces",
    summary="Ranh giới 34 tỉnh, thành phố hiện hành hoặc 63 tỉnh trước 01/07/2025 (GeoJSON, kèm quần đảo "
    "Hoàng Sa và Trường Sa); thuộc tính code, name và, với tỉnh cũ, successor_code",
)
def map_provinces(request: HttpRequest, params: Query[EraQuery]) -> HttpResponse:
    api_user(request)
    found = selectors.boundaries(params.era)
    if request.headers.get("If-None-Match") == found.etag:
        response: HttpResponse = HttpResponseNotModified()
    else:
        response = HttpResponse(found.content, content_type="application/json; charset=utf-8")  # GeoJSON
    response["ETag"] = found.etag
    response["Cache-Control"] = CACHE_CONTROL
    response["Vary"] = "Cookie, Authorization"
    return response


def _number(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None


@router.get(
    "/map/values",
    response={200: MapValuesOut, **ERRORS},
    operation_id="reports_map_values_get",
    url_name="map_values",
    summary="Số liệu theo tỉnh của một chỉ tiêu hoặc một loại hồ sơ trong một năm, cho bản đồ; đếm theo phạm vi "
    "người đọc (như danh sách tương ứng)",
)
def map_values(request: HttpRequest, params: Query[ValuesQuery]) -> dict[str, Any]:
    user = api_user(request)
    if not selectors.is_metric(params.metric):
        message = _("Không có chỉ tiêu hay loại hồ sơ “%(m)s”.") % {"m": params.metric}
        raise ServiceError(message, {"metric": [message]})
    if not selectors.era_allowed(params.era, params.year):
        message = _("Lớp 63 tỉnh cũ chỉ dùng cho các năm đến 2025.")
        raise ServiceError(message, {"era": [message]})
    found = selectors.map_values(user=user, metric=params.metric, year=params.year, era=params.era)
    return {
        "metric": found.metric,
        "label": found.label,
        "unit": found.unit,
        "year": found.year,
        "era": found.era,
        "available": found.available,
        "note": found.note,
        "total": _number(found.total),
        "values": [
            {
                "code": r.code,
                "name": r.name,
                "successor_code": r.successor_code if found.era == "former" else None,
                "value": _number(r.value),
                "note": r.note,
                "link": r.link,
                "profile": r.profile,
            }
            for r in found.rows
        ],
    }
