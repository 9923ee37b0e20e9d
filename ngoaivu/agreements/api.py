import datetime as dt
import decimal
from typing import Any, Literal

from django.http import HttpRequest, HttpResponse
from ninja import File, Form, Query, Router, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from ngoaivu.agreements import selectors, services
from ngoaivu.agreements.filters import AgreementFilters
from ngoaivu.agreements.models import Agreement
from ngoaivu.agreements.schemas import (
    AgreementActionIn,
    AgreementIn,
    AgreementListOut,
    AgreementOut,
    CountsOut,
    MilestoneIn,
    MilestoneOut,
)
from ngoaivu.core.lists import BoundedPageNumberPagination
from ngoaivu.core.problems import IF_MATCH, api_user, required_version
from ngoaivu.core.schemas import Problem

router = Router(tags=["agreements"])
ERRORS: dict[int, Any] = {400: Problem, 401: Problem, 403: Problem, 404: Problem, 422: Problem}
ActionName = Literal[tuple(sorted(services.ALL_ACTIONS))]  # type: ignore[valid-type]


def agreement_detail(agreement: Agreement, user: Any) -> dict[str, Any]:
    state = selectors.dormancy(agreement)
    return {
        **{f.attname: getattr(agreement, f.attname) for f in Agreement._meta.concrete_fields},
        "kind.code": agreement.kind.code,
        "province.code": agreement.province.code,
        "country.iso2": agreement.country.iso2,
        "former_province": agreement.former_province.code if agreement.former_province else None,
        "owner": agreement.owner_org.code,
        "renews": agreement.renews_id,
        "partners": [{"id": p.pk, "name": str(p)} for p in agreement.partners.all()],
        "fields": [f.code for f in agreement.fields.all()],
        "dormant": state.dormant,
        "dormant_reason": state.reason,
        "legal_steps": list(agreement.legal_steps.all()),
        "milestones": list(agreement.milestones.all()),
        "actions": services.available_actions(user=user, agreement=agreement),
    }


def _input(payload: AgreementIn) -> services.AgreementInput:
    return services.AgreementInput(
        kind=payload.kind,
        title_vi=payload.title_vi,
        country=payload.country,
        province=payload.province,
        title_foreign=payload.title_foreign,
        foreign_language=payload.foreign_language,
        vn_party=payload.vn_party,
        partner_ids=tuple(payload.partners),
        fields=tuple(payload.fields),
        description=payload.description,
        signed_on=payload.signed_on,
        signed_place=payload.signed_place,
        valid_from=payload.valid_from,
        valid_until=payload.valid_until,
        renewal_terms=payload.renewal_terms,
        signatories_vn=payload.signatories_vn,
        signatories_foreign=payload.signatories_foreign,
        budget=decimal.Decimal(payload.budget) if payload.budget is not None else None,
        visibility=payload.visibility,
        state=payload.state,
    )


@router.get(
    "/agreements", response={200: list[AgreementListOut], **ERRORS}, operation_id="agreements_agreement_list"
)
@paginate(BoundedPageNumberPagination)
def agreements_list(request: HttpRequest, filters: Query[AgreementFilters]) -> Any:
    return selectors.agreement_list(user=api_user(request), filters=filters, details=False)


@router.post(
    "/agreements",
    response={201: AgreementOut, **ERRORS},
    operation_id="agreements_agreement_create",
    summary="Đăng ký thỏa thuận (tỉnh)",
)
def agreements_create(request: HttpRequest, payload: AgreementIn) -> Any:
    user = api_user(request)
    agreement = services.agreement_create(actor=user, data=_input(payload))
    return Status(201, agreement_detail(selectors.agreement_get(user=user, pk=agreement.pk), user))


@router.get(
    "/agreements/counts",
    response={200: CountsOut, **ERRORS},
    operation_id="agreements_counts_get",
    summary="Số thỏa thuận theo năm ký và loại, theo tỉnh, theo quốc gia",
)
def agreements_counts(request: HttpRequest) -> Any:
    return selectors.agreement_counts(user=api_user(request))


@router.get(
    "/agreements/{int:agreement_id}",
    response={200: AgreementOut, **ERRORS},
    operation_id="agreements_agreement_get",
)
def agreements_get(request: HttpRequest, response: HttpResponse, agreement_id: int) -> Any:
    user = api_user(request)
    agreement = selectors.agreement_get(user=user, pk=agreement_id)
    response["ETag"] = f'"{agreement.version}"'
    return agreement_detail(agreement, user)


@router.put(
    "/agreements/{int:agreement_id}",
    response={200: AgreementOut, 412: Problem, 428: Problem, **ERRORS},
    operation_id="agreements_agreement_update",
    summary="Sửa thông tin thỏa thuận (If-Match: phiên bản)",
    openapi_extra=IF_MATCH,
)
def agreements_update(request: HttpRequest, agreement_id: int, payload: AgreementIn) -> Any:
    user = api_user(request)
    services.agreement_update(
        actor=user,
        agreement_id=agreement_id,
        expected_version=required_version(
            request, lambda: selectors.agreement_get(user=user, pk=agreement_id)
        ),
        data=_input(payload),
    )
    return agreement_detail(selectors.agreement_get(user=user, pk=agreement_id), user)


@router.get(
    "/agreements/{int:agreement_id}/milestones",
    response={200: list[MilestoneOut], **ERRORS},
    operation_id="agreements_milestone_list",
)
def milestones_list(request: HttpRequest, agreement_id: int) -> Any:
    agreement = selectors.agreement_get(user=api_user(request), pk=agreement_id)
    return list(selectors.milestone_list(agreement=agreement))


@router.post(
    "/agreements/{int:agreement_id}/milestones",
    response={201: MilestoneOut, 409: Problem, **ERRORS},
    operation_id="agreements_milestone_create",
    summary="Thêm mốc lộ trình (thỏa thuận đã ký)",
)
def milestones_create(request: HttpRequest, agreement_id: int, payload: MilestoneIn) -> Any:
    milestone = services.milestone_create(
        actor=api_user(request), agreement_id=agreement_id, data=payload.model_dump()
    )
    return Status(201, milestone)


@router.put(
    "/agreements/{int:agreement_id}/milestones/{int:milestone_id}",
    response={200: MilestoneOut, 409: Problem, 412: Problem, 428: Problem, **ERRORS},
    operation_id="agreements_milestone_update",
    summary="Cập nhật tiến độ mốc lộ trình (If-Match: phiên bản của mốc)",
    openapi_extra=IF_MATCH,
)
def milestones_update(
    request: HttpRequest, agreement_id: int, milestone_id: int, payload: MilestoneIn
) -> Any:
    user = api_user(request)
    return services.milestone_update(
        actor=user,
        agreement_id=agreement_id,
        milestone_id=milestone_id,
        expected_version=required_version(
            request, lambda: selectors.agreement_get(user=user, pk=agreement_id)
        ),
        data=payload.model_dump(),
    )


@router.post(
    "/agreements/{int:agreement_id}/opinions/paper",
    response={200: AgreementOut, 409: Problem, 412: Problem, 428: Problem, **ERRORS},
    operation_id="agreements_agreement_record_paper_opinion",
    summary="Ghi nhận ý kiến của cơ quan được lấy ý kiến từ văn bản giấy: multipart với số, ngày văn bản "
    "và bản scan; được đánh dấu “ghi nhận từ văn bản” (If-Match: phiên bản)",
    openapi_extra=IF_MATCH,
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
) -> Any:
    # every field is optional here so the scope answers first (404/403); the service names missing fields
    user = api_user(request)
    services.opinion_record_from_paper(
        actor=user,
        agreement_id=agreement_id,
        expected_version=required_version(
            request, lambda: selectors.agreement_get(user=user, pk=agreement_id)
        ),
        data=services.PaperOpinionInput(
            step_id=step_id,
            outcome=outcome,
            document_number=document_number,
            document_date=document_date,
            text=text,
        ),
        upload=file,
    )
    return agreement_detail(selectors.agreement_get(user=user, pk=agreement_id), user)


@router.post(
    "/agreements/{int:agreement_id}/{action}",
    response={200: AgreementOut, 409: Problem, 412: Problem, 428: Problem, **ERRORS},
    operation_id="agreements_agreement_action",
    summary="Thao tác: consult, record_opinion, approve, submit_to_pm, pm_decision, sign, report, … "
    "(If-Match: phiên bản)",
    openapi_extra=IF_MATCH,
)
def agreements_action(
    request: HttpRequest,
    agreement_id: int,
    action: ActionName,  # type: ignore[valid-type]
    payload: AgreementActionIn,
) -> Any:
    user = api_user(request)
    services.agreement_action(
        actor=user,
        agreement_id=agreement_id,
        action=action,
        expected_version=required_version(
            request, lambda: selectors.agreement_get(user=user, pk=agreement_id)
        ),
        data=services.ActionInput(**payload.model_dump()),
    )
    return agreement_detail(selectors.agreement_get(user=user, pk=agreement_id), user)
