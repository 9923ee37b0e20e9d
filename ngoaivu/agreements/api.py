import datetime as dt
import decimal
from collections.abc import Callable
from typing import Any, Literal

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from ninja import File, Form, Query, Router, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from ngoaivu.accounts.models import User
from ngoaivu.accounts.web import api_user
from ngoaivu.agreements import selectors, services
from ngoaivu.agreements.filters import AgreementFilters
from ngoaivu.agreements.models import Agreement, Milestone
from ngoaivu.agreements.schemas import (
    AgreementActionIn,
    AgreementIn,
    AgreementListOut,
    AgreementOut,
    CountsOut,
    MilestoneIn,
    MilestoneOut,
)
from ngoaivu.core.inputs import input_from
from ngoaivu.core.lists import BoundedPageNumberPagination
from ngoaivu.core.problems import act_then_read
from ngoaivu.core.schemas import ERRORS, Problem, versioned

router = Router(tags=["agreements"])
ActionName = Literal[tuple(sorted(services.ALL_ACTIONS))]  # type: ignore[valid-type]


def _input(payload: AgreementIn) -> services.AgreementInput:
    return input_from(
        services.AgreementInput,
        payload.model_dump(),
        partner_ids=tuple(payload.partners),
        fields=tuple(payload.fields),
        budget=decimal.Decimal(payload.budget) if payload.budget is not None else None,
    )


def _acted(request: HttpRequest, agreement_id: int, act: Callable[[User, int], object]) -> Agreement:
    """An update or workflow action on an agreement, then the agreement read again (`act_then_read`); the body
    is `AgreementOut` reading it."""
    user = api_user(request)
    return act_then_read(
        request,
        read=lambda: selectors.agreement_get(user=user, pk=agreement_id),
        act=lambda version: act(user, version),
    )


@router.get(
    "/agreements", response={200: list[AgreementListOut], **ERRORS}, operation_id="agreements_agreement_list"
)
@paginate(BoundedPageNumberPagination)
def agreements_list(request: HttpRequest, filters: Query[AgreementFilters]) -> QuerySet[Agreement]:
    return selectors.agreement_list(user=api_user(request), filters=filters, details=False)


@router.post(
    "/agreements",
    response={201: AgreementOut, **ERRORS},
    operation_id="agreements_agreement_create",
    summary="Đăng ký thỏa thuận (tỉnh)",
)
def agreements_create(request: HttpRequest, payload: AgreementIn) -> Status[Agreement]:
    user = api_user(request)
    agreement = services.agreement_create(actor=user, data=_input(payload))
    return Status(201, selectors.agreement_get(user=user, pk=agreement.pk))


@router.get(
    "/agreements/counts",
    response={200: CountsOut, **ERRORS},
    operation_id="agreements_counts_get",
    summary="Số thỏa thuận theo năm ký và loại, theo tỉnh, theo quốc gia",
)
def agreements_counts(request: HttpRequest) -> dict[str, Any]:
    return selectors.agreement_counts(user=api_user(request))


@router.get(
    "/agreements/{int:agreement_id}",
    response={200: AgreementOut, **ERRORS},
    operation_id="agreements_agreement_get",
)
def agreements_get(request: HttpRequest, response: HttpResponse, agreement_id: int) -> Agreement:
    agreement = selectors.agreement_get(user=api_user(request), pk=agreement_id)
    response["ETag"] = f'"{agreement.version}"'
    return agreement


@router.put(
    "/agreements/{int:agreement_id}",
    **versioned(AgreementOut, conflict=False),
    operation_id="agreements_agreement_update",
    summary="Sửa thông tin thỏa thuận (If-Match: phiên bản)",
)
def agreements_update(request: HttpRequest, agreement_id: int, payload: AgreementIn) -> Agreement:
    return _acted(
        request,
        agreement_id,
        lambda user, version: services.agreement_update(
            actor=user, agreement_id=agreement_id, expected_version=version, data=_input(payload)
        ),
    )


@router.get(
    "/agreements/{int:agreement_id}/milestones",
    response={200: list[MilestoneOut], **ERRORS},
    operation_id="agreements_milestone_list",
)
def milestones_list(request: HttpRequest, agreement_id: int) -> list[Milestone]:
    agreement = selectors.agreement_get(user=api_user(request), pk=agreement_id)
    return list(selectors.milestone_list(agreement=agreement))


@router.post(
    "/agreements/{int:agreement_id}/milestones",
    response={201: MilestoneOut, 409: Problem, **ERRORS},
    operation_id="agreements_milestone_create",
    summary="Thêm mốc lộ trình (thỏa thuận đã ký)",
)
def milestones_create(request: HttpRequest, agreement_id: int, payload: MilestoneIn) -> Status[Milestone]:
    milestone = services.milestone_create(
        actor=api_user(request), agreement_id=agreement_id, data=payload.model_dump()
    )
    return Status(201, milestone)


@router.put(
    "/agreements/{int:agreement_id}/milestones/{int:milestone_id}",
    **versioned(MilestoneOut),
    operation_id="agreements_milestone_update",
    summary="Cập nhật tiến độ mốc lộ trình (If-Match: phiên bản của mốc)",
)
def milestones_update(
    request: HttpRequest, agreement_id: int, milestone_id: int, payload: MilestoneIn
) -> Milestone | None:
    user = api_user(request)

    def read() -> Milestone | None:
        # through the agreement's scope (404 before 428); an unknown milestone answers 428 without If-Match, as
        # it always did, and the service's 404 with it
        agreement = selectors.agreement_get(user=user, pk=agreement_id)
        return selectors.milestone_list(agreement=agreement).filter(pk=milestone_id).first()

    return act_then_read(
        request,
        read=read,
        act=lambda version: services.milestone_update(
            actor=user,
            agreement_id=agreement_id,
            milestone_id=milestone_id,
            expected_version=version,
            data=payload.model_dump(),
        ),
    )


@router.post(
    "/agreements/{int:agreement_id}/opinions/paper",
    **versioned(AgreementOut),
    operation_id="agreements_agreement_record_paper_opinion",
    summary="Ghi nhận ý kiến của cơ quan được lấy ý kiến từ văn bản giấy: multipart với số, ngày văn bản "
    "và bản scan; được đánh dấu “ghi nhận từ văn bản” (If-Match: phiên bản)",
)
def agreements_record_paper_opinion(
    request: HttpRequest,
    agreement_id: int,
    step_id: Form[int | None] = None,
    outcome: Form[str] = "",
    document_number: Form[str] = "",
    document_date: Form[dt.date | None] = None,
    text: Form[str] = "",
    file: File[UploadedFile | None] = None,
) -> Agreement:
    # every field is optional here so the scope answers first (404/403); the service names missing fields
    data = services.PaperOpinionInput(
        step_id=step_id,
        outcome=outcome,
        document_number=document_number,
        document_date=document_date,
        text=text,
    )
    return _acted(
        request,
        agreement_id,
        lambda user, version: services.opinion_record_from_paper(
            actor=user, agreement_id=agreement_id, expected_version=version, data=data, upload=file
        ),
    )


@router.post(
    "/agreements/{int:agreement_id}/{action}",
    **versioned(AgreementOut),
    operation_id="agreements_agreement_action",
    summary="Thao tác: consult, record_opinion, approve, submit_to_pm, pm_decision, sign, report, … "
    "(If-Match: phiên bản)",
)
def agreements_action(
    request: HttpRequest,
    agreement_id: int,
    action: ActionName,  # type: ignore[valid-type]
    payload: AgreementActionIn,
) -> Agreement:
    data = input_from(services.ActionInput, payload.model_dump(), bodies=tuple(payload.bodies))
    return _acted(
        request,
        agreement_id,
        lambda user, version: services.agreement_action(
            actor=user, agreement_id=agreement_id, action=action, expected_version=version, data=data
        ),
    )
