import datetime as dt
import decimal
from collections.abc import Callable
from typing import Any, Literal, TypeVar

from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import File, Form, Query, Router, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from ngoaivu.accounts.models import User
from ngoaivu.accounts.web import api_user
from ngoaivu.core.exceptions import ServiceError
from ngoaivu.core.inputs import input_from
from ngoaivu.core.lists import BoundedPageNumberPagination, Mapped, rendered_json
from ngoaivu.core.problems import act_then_read
from ngoaivu.core.schemas import ERRORS, versioned
from ngoaivu.delegations import selectors, services
from ngoaivu.delegations.filters import ConferenceFilters, DelegationFilters, VisitFilters
from ngoaivu.delegations.models import Conference, Delegation, LeaderVisit
from ngoaivu.delegations.schemas import (
    CalendarEntryOut,
    CalendarRange,
    ConferenceActionIn,
    ConferenceIn,
    ConferenceOut,
    DelegationActionIn,
    DelegationIn,
    DelegationListOut,
    DelegationOut,
    VisitIn,
    VisitOut,
)

router = Router(tags=["delegations"])
ActionName = Literal[tuple(sorted(services.ALL_ACTIONS))]  # type: ignore[valid-type]
ConferenceActionName = Literal[tuple(sorted(services.CONFERENCE_ACTIONS))]  # type: ignore[valid-type]


def _list_row(d: Delegation) -> dict[str, Any]:
    """A row of the delegation list as a plain dict (`core.lists.Mapped`); the detail reads the object."""
    return {
        **{
            f: getattr(d, f)
            for f in (
                "id",
                "direction",
                "title",
                "head_name",
                "departs_on",
                "returns_on",
                "state",
                "report_due_on",
                "reported_on",
                "version",
            )
        },
        "province": d.province.code,
        "countries": [c.iso2 for c in d.countries.all()],
    }


R = TypeVar("R", Delegation, LeaderVisit, Conference)


def _tagged(response: HttpResponse, record: R) -> R:
    """`record`, its version sent as the ETag that an update sends back in If-Match."""
    response["ETag"] = f'"{record.version}"'
    return record


def _vnd(amount: int | None) -> decimal.Decimal | None:
    return None if amount is None else decimal.Decimal(amount)


def _delegation_input(payload: DelegationIn) -> services.DelegationInput:
    data = payload.model_dump()
    return input_from(
        services.DelegationInput,
        data,
        countries=tuple(payload.countries),
        partner_ids=tuple(payload.partners),
        budget_estimate=_vnd(payload.budget_estimate),
        members=tuple(input_from(services.MemberInput, m) for m in data["members"]),
    )


def _action_input(payload: DelegationActionIn) -> services.DelegationActionInput:
    data = payload.model_dump()
    return input_from(
        services.DelegationActionInput,
        data,
        agreement_ids=tuple(payload.agreements),
        actual_cost=_vnd(payload.actual_cost),
        follow_ups=tuple(
            input_from(services.FollowUpInput, f, agreement_id=f["agreement"]) for f in data["follow_ups"]
        ),
    )


def _acted(request: HttpRequest, delegation_id: int, act: Callable[[User, int], object]) -> DelegationOut:
    """An update or workflow action on a delegation, `act(user, version)`, answered with the delegation read
    again (`core.problems.act_then_read`)."""
    user = api_user(request)
    delegation = act_then_read(
        request,
        read=lambda: selectors.delegation_get(user=user, pk=delegation_id),
        act=lambda version: act(user, version),
    )
    return DelegationOut.read(delegation, user)


@router.get(
    "/delegations",
    response={200: list[DelegationListOut], **ERRORS},
    operation_id="delegations_delegation_list",
    summary="Đoàn ra, đoàn vào (lọc theo loại, tỉnh, quốc gia, trạng thái, ngày, chưa báo cáo)",
)
@paginate(BoundedPageNumberPagination)
def delegations_list(request: HttpRequest, filters: Query[DelegationFilters]) -> Mapped:
    return Mapped(
        selectors.delegation_list(user=api_user(request), filters=filters, details=False), _list_row
    )


@router.post(
    "/delegations",
    response={201: DelegationOut, **ERRORS},
    operation_id="delegations_delegation_create",
    summary="Lập kế hoạch đoàn (tỉnh)",
)
def delegations_create(request: HttpRequest, payload: DelegationIn) -> Status[DelegationOut]:
    user = api_user(request)
    delegation = services.delegation_create(actor=user, data=_delegation_input(payload))
    return Status(201, DelegationOut.read(selectors.delegation_get(user=user, pk=delegation.pk), user))


@router.get(
    "/delegations/{int:delegation_id}",
    response={200: DelegationOut, **ERRORS},
    operation_id="delegations_delegation_get",
    summary="Chi tiết đoàn; personal=true: xem dữ liệu cá nhân thành viên (được ghi nhật ký)",
)
def delegations_get(
    request: HttpRequest, response: HttpResponse, delegation_id: int, personal: bool = False
) -> DelegationOut:
    user = api_user(request)
    delegation = _tagged(response, selectors.delegation_get(user=user, pk=delegation_id))
    if personal:
        services.personal_data_read(
            user=user, delegation=delegation, path=request.get_full_path(), purpose="api"
        )
    return DelegationOut.read(delegation, user, unmasked=personal)


@router.put(
    "/delegations/{int:delegation_id}",
    **versioned(DelegationOut),
    operation_id="delegations_delegation_update",
    summary="Sửa kế hoạch đoàn khi đang chuẩn bị (If-Match: phiên bản)",
)
def delegations_update(request: HttpRequest, delegation_id: int, payload: DelegationIn) -> DelegationOut:
    return _acted(
        request,
        delegation_id,
        lambda user, version: services.delegation_update(
            actor=user, delegation_id=delegation_id, expected_version=version, data=_delegation_input(payload)
        ),
    )


@router.post(
    "/delegations/{int:delegation_id}/approvals/record",
    **versioned(DelegationOut),
    operation_id="delegations_delegation_record_decision",
    summary="Ghi nhận quyết định bằng văn bản của lãnh đạo (Chủ tịch UBND tỉnh, Ban Thường vụ Tỉnh ủy) "
    "cho bước đang chờ: multipart với số, ngày, người ký và bản scan (If-Match: phiên bản)",
)
def delegations_record_decision(
    request: HttpRequest,
    delegation_id: int,
    decision: Form[str] = "",
    document_number: Form[str] = "",
    document_date: Form[dt.date | None] = None,
    signer: Form[str] = "",
    comment: Form[str] = "",
    file: File[UploadedFile | None] = None,
) -> DelegationOut:
    # every field is optional here so the scope answers first (404/403); the service names missing fields
    data = services.PaperDecisionInput(
        decision=decision,
        document_number=document_number,
        document_date=document_date,
        signer=signer,
        comment=comment,
    )
    return _acted(
        request,
        delegation_id,
        lambda user, version: services.delegation_record_decision(
            actor=user, delegation_id=delegation_id, expected_version=version, data=data, upload=file
        ),
    )


@router.post(
    "/delegations/{int:delegation_id}/{action}",
    **versioned(DelegationOut),
    operation_id="delegations_delegation_action",
    summary="Thao tác: submit, approve, return, refuse, report, postpone, resume, cancel, close "
    "(If-Match: phiên bản)",
)
def delegations_action(
    request: HttpRequest,
    delegation_id: int,
    action: ActionName,  # type: ignore[valid-type]
    payload: DelegationActionIn,
) -> DelegationOut:
    return _acted(
        request,
        delegation_id,
        lambda user, version: services.delegation_action(
            actor=user,
            delegation_id=delegation_id,
            action=action,
            expected_version=version,
            data=_action_input(payload),
        ),
    )


# --- visits ----------------------------------------------------------------------------------------------------


def _visit_input(payload: VisitIn) -> services.VisitInput:
    return input_from(services.VisitInput, payload.model_dump(), asks=tuple(payload.asks))


@router.get(
    "/visits",
    response={200: list[VisitOut], **ERRORS},
    operation_id="delegations_visit_list",
    summary="Lãnh đạo Bộ làm việc với địa phương",
)
@paginate(BoundedPageNumberPagination)
def visits_list(request: HttpRequest, filters: Query[VisitFilters]) -> QuerySet[LeaderVisit]:
    return selectors.visit_list(user=api_user(request), filters=filters).prefetch_related("asks")


@router.post(
    "/visits",
    response={201: VisitOut, **ERRORS},
    operation_id="delegations_visit_create",
    summary="Ghi chuyến làm việc (Bộ)",
)
def visits_create(request: HttpRequest, payload: VisitIn) -> Status[LeaderVisit]:
    user = api_user(request)
    visit = services.visit_create(actor=user, data=_visit_input(payload))
    return Status(201, selectors.visit_get(user=user, pk=visit.pk))


@router.get(
    "/visits/{int:visit_id}", response={200: VisitOut, **ERRORS}, operation_id="delegations_visit_get"
)
def visits_get(request: HttpRequest, response: HttpResponse, visit_id: int) -> LeaderVisit:
    return _tagged(response, selectors.visit_get(user=api_user(request), pk=visit_id))


@router.put(
    "/visits/{int:visit_id}",
    **versioned(VisitOut),
    operation_id="delegations_visit_update",
    summary="Sửa chuyến làm việc (Bộ: tất cả; tỉnh: phần của tỉnh). If-Match: phiên bản",
)
def visits_update(request: HttpRequest, visit_id: int, payload: VisitIn) -> LeaderVisit:
    user = api_user(request)
    return act_then_read(
        request,
        read=lambda: selectors.visit_get(user=user, pk=visit_id),
        act=lambda version: services.visit_update(
            actor=user, visit_id=visit_id, expected_version=version, data=_visit_input(payload)
        ),
    )


# --- conferences -------------------------------------------------------------------------------------------------


@router.get(
    "/conferences",
    response={200: list[ConferenceOut], **ERRORS},
    operation_id="delegations_conference_list",
    summary="Hội nghị, hội thảo quốc tế",
)
@paginate(BoundedPageNumberPagination)
def conferences_list(request: HttpRequest, filters: Query[ConferenceFilters]) -> QuerySet[Conference]:
    return selectors.conference_list(user=api_user(request), filters=filters).prefetch_related(
        "consultations"
    )


@router.post(
    "/conferences",
    response={201: ConferenceOut, **ERRORS},
    operation_id="delegations_conference_create",
    summary="Đăng ký hội nghị quốc tế (tỉnh): cấp cho phép và hạn trình hồ sơ được tính",
)
def conferences_create(request: HttpRequest, payload: ConferenceIn) -> Status[Conference]:
    user = api_user(request)
    conference = services.conference_create(
        actor=user,
        data=input_from(
            services.ConferenceInput,
            payload.model_dump(),
            countries=tuple(payload.countries),
            sensitive_topics=tuple(payload.sensitive_topics),
        ),
    )
    return Status(201, selectors.conference_get(user=user, pk=conference.pk))


@router.get(
    "/conferences/{int:conference_id}",
    response={200: ConferenceOut, **ERRORS},
    operation_id="delegations_conference_get",
)
def conferences_get(request: HttpRequest, response: HttpResponse, conference_id: int) -> Conference:
    return _tagged(response, selectors.conference_get(user=api_user(request), pk=conference_id))


@router.post(
    "/conferences/{int:conference_id}/{action}",
    **versioned(ConferenceOut),
    operation_id="delegations_conference_action",
    summary="Thao tác: submit (bodies), record_reply, approve, refuse (decision), report (text), cancel "
    "(If-Match: phiên bản)",
)
def conferences_action(
    request: HttpRequest,
    conference_id: int,
    action: ConferenceActionName,  # type: ignore[valid-type]
    payload: ConferenceActionIn,
) -> Conference:
    user = api_user(request)
    data = input_from(services.ConferenceActionInput, payload.model_dump(), bodies=tuple(payload.bodies))
    return act_then_read(
        request,
        read=lambda: selectors.conference_get(user=user, pk=conference_id),
        act=lambda version: services.conference_action(
            actor=user, conference_id=conference_id, action=action, expected_version=version, data=data
        ),
    )


# --- calendar ------------------------------------------------------------------------------------------------------


@router.get(
    "/calendar",
    response={200: list[CalendarEntryOut], **ERRORS},
    operation_id="delegations_calendar_list",
    summary="Lịch chung: đoàn, chuyến làm việc, hội nghị và các hạn (tối đa 400 ngày)",
)
def calendar(
    request: HttpRequest, period: Query[CalendarRange]
) -> list[selectors.CalendarEntry] | HttpResponse:
    from_, to = period.from_, period.to
    if to < from_:
        raise ServiceError(_("“to” phải từ “from” trở đi."), {"to": [_("“to” phải từ “from” trở đi.")]})
    if (to - from_).days > selectors.MAX_CALENDAR_DAYS:
        message = _("Tối đa %(n)d ngày mỗi lần.") % {"n": selectors.MAX_CALENDAR_DAYS}
        raise ServiceError(message, {"to": [message]})
    user = api_user(request)
    key = selectors.calendar_key(user=user, start=from_, end=to)
    if key is None:
        return selectors.calendar_entries(user=user, start=from_, end=to)

    def entries() -> list[dict[str, Any]]:
        found = selectors.calendar_entries(user=user, start=from_, end=to)
        return [CalendarEntryOut.model_validate(e).model_dump() for e in found]

    return rendered_json(request, f"{key}:json", entries, settings.NGOAIVU_COUNT_CACHE_SECONDS)
