"""`/api/v1/citizen-cases`: list, detail (ETag; `personal=true` unmasks for who may, logged), create, PATCH
(If-Match), the workflow actions, handovers, the action log; `/summary` counts by country and kind for all."""

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Status
from ninja.pagination import paginate

from ngoaivu.accounts.web import api_user
from ngoaivu.consular import selectors, services
from ngoaivu.consular.filters import CaseFilters, SummaryFilters
from ngoaivu.consular.models import CaseAction, CaseHandover, CitizenCase
from ngoaivu.consular.schemas import (
    NULLABLE,
    CaseActionIn,
    CaseLogIn,
    CaseLogOut,
    CitizenCaseIn,
    CitizenCaseListOut,
    CitizenCaseOut,
    CitizenCasePatch,
    CitizenCaseSummaryOut,
    HandoverAcceptIn,
    HandoverIn,
    HandoverOut,
    SummaryCountOut,
)
from ngoaivu.core.lists import BoundedPageNumberPagination
from ngoaivu.core.problems import act_then_read
from ngoaivu.core.schemas import ERRORS, versioned
from ngoaivu.core.scoping import Action

router = Router(tags=["consular"])


def _read(request: HttpRequest, case_id: int, personal: bool = False) -> CitizenCase:
    user = api_user(request)
    case = selectors.case_get(user=user, pk=case_id)
    if personal:
        services.personal_data_read(user=user, case=case, path=request.get_full_path(), purpose="api")
    case.citizen_views = [  # type: ignore[attr-defined]
        {**v.__dict__, "id": v.pk} for v in selectors.citizen_views(case, unmasked=personal)
    ]
    return case


@router.get(
    "/citizen-cases",
    response={200: list[CitizenCaseListOut], **ERRORS},
    operation_id="consular_citizen_case_list",
    summary="Vụ việc bảo hộ công dân (cơ quan đại diện xử lý, tỉnh quê quán, Cục Lãnh sự)",
)
@paginate(BoundedPageNumberPagination)
def cases_list(request: HttpRequest, filters: Query[CaseFilters]) -> QuerySet[CitizenCase]:
    return selectors.case_list(user=api_user(request), filters=filters)


@router.get(
    "/citizen-cases/summary",
    response={200: CitizenCaseSummaryOut, **ERRORS},
    operation_id="consular_citizen_case_summary",
    summary="Số vụ việc theo quốc gia và loại (mọi người dùng; không có tên, không có nội dung)",
)
def cases_summary(request: HttpRequest, filters: Query[SummaryFilters]) -> CitizenCaseSummaryOut:
    api_user(request)
    rows, by_kind, total = selectors.case_summary(filters=filters)
    return CitizenCaseSummaryOut(
        rows=[
            SummaryCountOut(country=r.country, country_name=r.country_name, counts=r.counts, total=r.total)
            for r in rows
        ],
        by_kind={k: n for k, n in by_kind.items() if n},
        total=total,
    )


@router.post(
    "/citizen-cases",
    response={201: CitizenCaseOut, **ERRORS},
    operation_id="consular_citizen_case_create",
    summary="Tiếp nhận vụ việc (cơ quan đại diện)",
)
def cases_create(request: HttpRequest, payload: CitizenCaseIn) -> Status[CitizenCase]:
    user = api_user(request)
    data = payload.model_dump()
    citizens = [services.CitizenInput(**c) for c in data.pop("citizens")]
    case = services.case_create(actor=user, data=services.CaseInput(**data), citizens=citizens)
    return Status(201, _read(request, case.pk))


@router.get(
    "/citizen-cases/{int:case_id}",
    response={200: CitizenCaseOut, **ERRORS},
    operation_id="consular_citizen_case_get",
    summary="Chi tiết vụ việc; personal=true: xem dữ liệu cá nhân công dân (được ghi nhật ký)",
)
def cases_get(
    request: HttpRequest, response: HttpResponse, case_id: int, personal: bool = False
) -> CitizenCase:
    case = _read(request, case_id, personal)
    response["ETag"] = f'"{case.version}"'
    return case


@router.patch(
    "/citizen-cases/{int:case_id}",
    **versioned(CitizenCaseOut, conflict=False),
    operation_id="consular_citizen_case_update",
    summary="Sửa vụ việc: chỉ các trường gửi lên (If-Match: phiên bản)",
)
def cases_update(request: HttpRequest, case_id: int, payload: CitizenCasePatch) -> CitizenCase:
    user = api_user(request)
    sent = payload.model_dump(exclude_unset=True)
    changes = {k: v for k, v in sent.items() if v is not None or k in NULLABLE}

    def act(version: int) -> object:
        case = selectors.case_get(user=user, pk=case_id, action=Action.CHANGE)
        data = services.with_changes(services.input_of(case), changes)
        return services.case_update(actor=user, case_id=case.pk, expected_version=version, data=data)

    return act_then_read(request, read=lambda: _read(request, case_id), act=act)


def _transition(request: HttpRequest, case_id: int, action: str, payload: CaseActionIn) -> CitizenCase:
    user = api_user(request)
    return act_then_read(
        request,
        read=lambda: _read(request, case_id),
        act=lambda version: services.case_transition(
            actor=user,
            case_id=case_id,
            action=action,
            expected_version=version,
            on=payload.on,
            note=payload.note,
        ),
    )


@router.post(
    "/citizen-cases/{int:case_id}/notify",
    **versioned(CitizenCaseOut),
    operation_id="consular_citizen_case_notify",
    summary="Thông báo cho tỉnh quê quán (cơ quan đại diện; If-Match)",
)
def cases_notify(request: HttpRequest, case_id: int, payload: CaseActionIn) -> CitizenCase:
    return _transition(request, case_id, "notify", payload)


@router.post(
    "/citizen-cases/{int:case_id}/start",
    **versioned(CitizenCaseOut),
    operation_id="consular_citizen_case_start",
    summary="Bắt đầu xử lý (If-Match)",
)
def cases_start(request: HttpRequest, case_id: int, payload: CaseActionIn) -> CitizenCase:
    return _transition(request, case_id, "start", payload)


@router.post(
    "/citizen-cases/{int:case_id}/resolve",
    **versioned(CitizenCaseOut),
    operation_id="consular_citizen_case_resolve",
    summary="Đã giải quyết, với kết quả (If-Match)",
)
def cases_resolve(request: HttpRequest, case_id: int, payload: CaseActionIn) -> CitizenCase:
    return _transition(request, case_id, "resolve", payload)


@router.post(
    "/citizen-cases/{int:case_id}/close",
    **versioned(CitizenCaseOut),
    operation_id="consular_citizen_case_close",
    summary="Đóng hồ sơ (If-Match)",
)
def cases_close(request: HttpRequest, case_id: int, payload: CaseActionIn) -> CitizenCase:
    return _transition(request, case_id, "close", payload)


@router.post(
    "/citizen-cases/{int:case_id}/handover",
    response={201: HandoverOut, 409: ERRORS[400], **ERRORS},
    operation_id="consular_citizen_case_handover",
    summary="Bàn giao vụ việc cho đơn vị khác (chờ bên nhận xác nhận)",
)
def cases_handover(request: HttpRequest, case_id: int, payload: HandoverIn) -> Status[CaseHandover]:
    handover = services.handover_send(
        actor=api_user(request), case_id=case_id, to_org=payload.to_org, note=payload.note
    )
    return Status(201, handover)


@router.post(
    "/citizen-cases/{int:case_id}/handover/accept",
    response={200: HandoverOut, 409: ERRORS[400], **ERRORS},
    operation_id="consular_citizen_case_handover_accept",
    summary="Nhận bàn giao (chỉ đơn vị nhận)",
)
def cases_handover_accept(request: HttpRequest, case_id: int, payload: HandoverAcceptIn) -> CaseHandover:
    return services.handover_accept(actor=api_user(request), case_id=case_id, handover_id=payload.handover)


@router.post(
    "/citizen-cases/{int:case_id}/handover/withdraw",
    response={200: HandoverOut, 409: ERRORS[400], **ERRORS},
    operation_id="consular_citizen_case_handover_withdraw",
    summary="Rút lại bàn giao chưa được nhận (chỉ bên giao)",
)
def cases_handover_withdraw(request: HttpRequest, case_id: int, payload: HandoverAcceptIn) -> CaseHandover:
    return services.handover_withdraw(actor=api_user(request), case_id=case_id, handover_id=payload.handover)


@router.get(
    "/citizen-cases/{int:case_id}/actions",
    response={200: list[CaseLogOut], **ERRORS},
    operation_id="consular_citizen_case_action_list",
    summary="Các việc đã làm (ai, việc gì, ngày nào)",
)
def cases_actions(request: HttpRequest, case_id: int) -> list[CaseAction]:
    return list(selectors.case_get(user=api_user(request), pk=case_id).actions.all())


@router.post(
    "/citizen-cases/{int:case_id}/actions",
    response={201: CaseLogOut, **ERRORS},
    operation_id="consular_citizen_case_action_create",
    summary="Ghi việc đã làm (các bên của vụ việc)",
)
def cases_action_add(request: HttpRequest, case_id: int, payload: CaseLogIn) -> Status[CaseAction]:
    action = services.action_add(
        actor=api_user(request), case_id=case_id, text=payload.text, done_on=payload.done_on
    )
    return Status(201, action)
