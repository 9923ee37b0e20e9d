from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.pagination import paginate

from ngoaivu.accounts.web import api_user
from ngoaivu.core.exceptions import NotFound, ServiceError
from ngoaivu.core.inputs import input_from
from ngoaivu.core.lists import BoundedPageNumberPagination, Mapped
from ngoaivu.core.problems import IF_MATCH, act_then_read, required_version
from ngoaivu.core.schemas import ERRORS, Problem, versioned
from ngoaivu.directory.models import Province
from ngoaivu.indicators import selectors, services
from ngoaivu.indicators.filters import RateFilters, ValueFilters
from ngoaivu.indicators.models import ExchangeRate, Indicator, IndicatorValue
from ngoaivu.indicators.periods import Period
from ngoaivu.indicators.schemas import (
    CorrectIn,
    IndicatorOut,
    RateIn,
    RateOut,
    ReturnIn,
    SeriesOut,
    SeriesQuery,
    ValueDetailOut,
    ValueIn,
    ValueOut,
    ValuePatch,
    value_row,
)

router = Router(tags=["indicators"])
MAX_YEARS = 50


@router.get(
    "/indicators",
    response={200: list[IndicatorOut], **ERRORS},
    operation_id="indicators_indicator_list",
    summary="Danh mục chỉ tiêu (mã, tên, đơn vị, kỳ, cách cộng, nguồn, định nghĩa)",
)
def indicators_list(request: HttpRequest) -> list[Indicator]:
    api_user(request)
    return list(selectors.indicator_list())


# --- values ----------------------------------------------------------------------------------------------------


def _detail(user: Any, value_id: int) -> dict[str, Any]:
    value = selectors.value_get(user=user, pk=value_id)
    history = selectors.value_history(user=user, value=value)
    rows = selectors.value_list(user=user, filters=ValueFilters()).filter(pk__in=[v.pk for v in history])
    by_pk = {v.pk: v for v in rows}
    return {**value_row(value), "history": [value_row(by_pk[v.pk]) for v in history if v.pk in by_pk]}


@router.get(
    "/indicators/values",
    response={200: list[ValueOut], **ERRORS},
    operation_id="indicators_value_list",
    summary="Giá trị chỉ tiêu (lọc theo chỉ tiêu, tỉnh, kỳ, trạng thái); hàng chờ xác nhận: status=submitted",
)
@paginate(BoundedPageNumberPagination)
def values_list(request: HttpRequest, filters: Query[ValueFilters]) -> Mapped:
    return Mapped(selectors.value_list(user=api_user(request), filters=filters), value_row)


@router.post(
    "/indicators/values",
    response={201: ValueDetailOut, **ERRORS},
    operation_id="indicators_value_create",
    summary="Nhập giá trị của tỉnh (nháp, hoặc gửi Bộ với submit=true)",
)
def values_create(request: HttpRequest, payload: ValueIn) -> Status[dict[str, Any]]:
    user = api_user(request)
    value = services.value_create(
        actor=user, data=input_from(services.ValueInput, payload.model_dump()), submit=payload.submit
    )
    return Status(201, _detail(user, value.pk))


@router.get(
    "/indicators/values/{int:value_id}",
    response={200: ValueDetailOut, **ERRORS},
    operation_id="indicators_value_get",
    summary="Một giá trị, với lịch sử đính chính",
)
def values_get(request: HttpRequest, response: HttpResponse, value_id: int) -> dict[str, Any]:
    detail = _detail(api_user(request), value_id)
    response["ETag"] = f'"{detail["version"]}"'
    return detail


def _acted(request: HttpRequest, value_id: int, act: Callable[[Any, int], object]) -> dict[str, Any]:
    user = api_user(request)
    act_then_read(
        request,
        read=lambda: selectors.value_get(user=user, pk=value_id),
        act=lambda version: act(user, version),
    )
    return _detail(user, value_id)


@router.patch(
    "/indicators/values/{int:value_id}",
    **versioned(ValueDetailOut),
    operation_id="indicators_value_update",
    summary="Sửa giá trị nháp hoặc bị trả lại (If-Match: phiên bản)",
)
def values_update(request: HttpRequest, value_id: int, payload: ValuePatch) -> dict[str, Any]:
    def act(user: Any, version: int) -> object:
        current = selectors.value_get(user=user, pk=value_id)
        sent = payload.model_dump(exclude_none=True)
        data = services.ValueInput(
            indicator=current.indicator.code,
            period=sent.get("period", Period(current.period_kind, current.period_start).key),
            value=sent.get("value", current.value),
            province="" if current.former_province is not None else current.province.code,
            former_province=current.former_province.code if current.former_province is not None else "",
            country=sent.get("country", current.country.iso2 if current.country is not None else ""),
            currency=sent.get("currency", current.currency),
            source=sent.get("source", current.source),
            note=sent.get("note", current.note),
            convention=sent.get("convention", current.convention),
        )
        return services.value_update(actor=user, value_id=value_id, expected_version=version, data=data)

    return _acted(request, value_id, act)


@router.post(
    "/indicators/values/{int:value_id}/submit",
    **versioned(ValueDetailOut),
    operation_id="indicators_value_submit",
    summary="Gửi Bộ (tỉnh; If-Match: phiên bản)",
)
def values_submit(request: HttpRequest, value_id: int) -> dict[str, Any]:
    return _acted(
        request,
        value_id,
        lambda user, version: services.value_submit(actor=user, value_id=value_id, expected_version=version),
    )


@router.post(
    "/indicators/values/{int:value_id}/validate",
    **versioned(ValueDetailOut),
    operation_id="indicators_value_validate",
    summary="Xác nhận (Bộ; người gửi không tự xác nhận; If-Match: phiên bản)",
)
def values_validate(request: HttpRequest, value_id: int) -> dict[str, Any]:
    return _acted(
        request,
        value_id,
        lambda user, version: services.value_validate(
            actor=user, value_id=value_id, expected_version=version
        ),
    )


@router.post(
    "/indicators/values/{int:value_id}/return",
    **versioned(ValueDetailOut),
    operation_id="indicators_value_return",
    summary="Trả lại tỉnh, ghi lý do (Bộ; If-Match: phiên bản)",
)
def values_return(request: HttpRequest, value_id: int, payload: ReturnIn) -> dict[str, Any]:
    return _acted(
        request,
        value_id,
        lambda user, version: services.value_return(
            actor=user, value_id=value_id, expected_version=version, reason=payload.reason
        ),
    )


@router.post(
    "/indicators/values/{int:value_id}/correct",
    **versioned(ValueDetailOut),
    operation_id="indicators_value_correct",
    summary="Đính chính giá trị đã xác nhận: giá trị mới, lý do; giá trị cũ được giữ (If-Match: phiên bản "
    "của giá trị cũ). Trả về giá trị mới",
)
def values_correct(request: HttpRequest, value_id: int, payload: CorrectIn) -> dict[str, Any]:
    user = api_user(request)
    created: list[IndicatorValue] = []

    def act(version: int) -> object:
        new = services.value_correct(
            actor=user,
            value_id=value_id,
            expected_version=version,
            data=input_from(services.CorrectionInput, payload.model_dump()),
        )
        created.append(new)
        return new

    act_then_read(request, read=lambda: selectors.value_get(user=user, pk=value_id), act=act)
    return _detail(user, created[0].pk)


# --- series ----------------------------------------------------------------------------------------------------


@router.get(
    "/indicators/{code}/series",
    response={200: SeriesOut, **ERRORS},
    operation_id="indicators_series_get",
    summary="Một chỉ tiêu theo năm hoặc theo tỉnh (cả nước hoặc một tỉnh; đơn vị hiện hành hoặc khi báo cáo); "
    "tiền quy đổi USD theo tỷ giá của kỳ, mỗi điểm ghi tỷ giá đã dùng",
)
def series_get(request: HttpRequest, code: str, params: Query[SeriesQuery]) -> dict[str, Any]:
    user = api_user(request)
    indicator = selectors.indicator_get(code)
    if indicator is None:
        raise NotFound()
    if params.to < params.from_:
        message = _("“to” phải từ “from” trở đi.")
        raise ServiceError(message, {"to": [message]})
    if params.to - params.from_ >= MAX_YEARS:
        message = _("Tối đa %(n)d năm mỗi lần.") % {"n": MAX_YEARS}
        raise ServiceError(message, {"to": [message]})
    province = None
    if params.province:
        province = Province.objects.filter(code=params.province).first()
        if province is None:
            message = _("Không có tỉnh, thành phố mã “%(c)s”.") % {"c": params.province}
            raise ServiceError(message, {"province": [message]})
    found = selectors.series(
        user=user,
        indicator=indicator,
        group_by=params.group_by,
        year_from=params.from_,
        year_to=params.to,
        units=params.units,
        province=province,
        country=params.country,
    )
    return SeriesOut.read(found)


# --- exchange rates --------------------------------------------------------------------------------------------


@router.get(
    "/indicators/rates",
    response={200: list[RateOut], **ERRORS},
    operation_id="indicators_rate_list",
    summary="Tỷ giá trung tâm theo kỳ (số đồng cho 1 đơn vị ngoại tệ)",
)
@paginate(BoundedPageNumberPagination)
def rates_list(request: HttpRequest, filters: Query[RateFilters]) -> Any:
    api_user(request)
    return selectors.rate_list(filters=filters)


@router.post(
    "/indicators/rates",
    response={201: RateOut, **ERRORS},
    operation_id="indicators_rate_create",
    summary="Thêm tỷ giá (Bộ)",
)
def rates_create(request: HttpRequest, payload: RateIn) -> Status[ExchangeRate]:
    rate = services.rate_create(
        actor=api_user(request), data=input_from(services.RateInput, payload.model_dump())
    )
    return Status(201, rate)


def _rate(rate_id: int) -> ExchangeRate:
    rate = ExchangeRate.objects.filter(pk=rate_id).first() if 0 < rate_id < 2**63 else None
    if rate is None:
        raise NotFound()
    return rate


@router.get(
    "/indicators/rates/{int:rate_id}",
    response={200: RateOut, **ERRORS},
    operation_id="indicators_rate_get",
)
def rates_get(request: HttpRequest, response: HttpResponse, rate_id: int) -> ExchangeRate:
    api_user(request)
    rate = _rate(rate_id)
    response["ETag"] = f'"{rate.version}"'
    return rate


@router.put(
    "/indicators/rates/{int:rate_id}",
    **versioned(RateOut, conflict=False),
    operation_id="indicators_rate_update",
    summary="Sửa tỷ giá (Bộ; If-Match: phiên bản)",
)
def rates_update(request: HttpRequest, rate_id: int, payload: RateIn) -> ExchangeRate:
    user = api_user(request)
    return act_then_read(
        request,
        read=lambda: _rate(rate_id),
        act=lambda version: services.rate_update(
            actor=user,
            rate_id=rate_id,
            expected_version=version,
            data=input_from(services.RateInput, payload.model_dump()),
        ),
    )


@router.delete(
    "/indicators/rates/{int:rate_id}",
    response={204: None, 412: Problem, 428: Problem, **ERRORS},
    openapi_extra=IF_MATCH,
    operation_id="indicators_rate_delete",
    summary="Xóa tỷ giá (Bộ; If-Match: phiên bản)",
)
def rates_delete(request: HttpRequest, rate_id: int) -> Status[None]:
    user = api_user(request)
    version = required_version(request, lambda: _rate(rate_id))
    services.rate_delete(actor=user, rate_id=rate_id, expected_version=version)
    return Status(204, None)
