import datetime as dt
import decimal
from typing import Any, Literal

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import File, Form, Query, Router, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from ngoaivu.core.exceptions import ServiceError
from ngoaivu.core.lists import BoundedPageNumberPagination, Mapped, rendered_json
from ngoaivu.core.problems import IF_MATCH, api_user, required_version
from ngoaivu.core.schemas import Problem
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
ERRORS: dict[int, Any] = {400: Problem, 401: Problem, 403: Problem, 404: Problem, 422: Problem}
ActionName = Literal[tuple(sorted(services.ALL_ACTIONS))]  # type: ignore[valid-type]
ConferenceActionName = Literal[tuple(sorted(services.CONFERENCE_ACTIONS))]  # type: ignore[valid-type]


def _list_row(d: Delegation) -> dict[str, Any]:
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


def summary_out(d: Delegation) -> dict[str, Any]:
    """A shared delegation as another province sees it (`selectors.reads_details`): the list row, the head's
    position and the owner; every other field empty and `detail` saying so."""
    return {
        **_list_row(d),
        **dict.fromkeys(
            ("purpose", "cities", "programme", "invitation", "funding", "guests_rank", "receiving_leader"), ""
        ),
        **dict.fromkeys(("report_results", "report_better_preparation"), ""),
        "head_position": d.head_position,
        "owner": d.owner_org.code,
        "visibility": d.visibility,
        "party_managed": False,
        "budget_estimate": None,
        "actual_cost": None,
        "partners": [],
        "report_agreements": [],
        "members": [],
        "personal_data": "masked",
        "approvals": [],
        "briefings": [],
        "follow_ups": [],
        "actions": [],
        "detail": "summary",
    }


def delegation_out(d: Delegation, user: Any, *, unmasked: bool = False) -> dict[str, Any]:
    if not selectors.reads_details(user, d):
        return summary_out(d)
    members = selectors.member_views(d, unmasked=unmasked)
    return {
        **_list_row(d),
        **{
            f: getattr(d, f)
            for f in (
                "purpose",
                "head_position",
                "cities",
                "programme",
                "invitation",
                "funding",
                "guests_rank",
                "receiving_leader",
                "party_managed",
                "visibility",
                "report_results",
                "report_better_preparation",
            )
        },
        "budget_estimate": int(d.budget_estimate) if d.budget_estimate is not None else None,
        "actual_cost": int(d.actual_cost) if d.actual_cost is not None else None,
        "owner": d.owner_org.code,
        "partners": [p.pk for p in d.partners.all()],
        "report_agreements": [a.pk for a in d.report_agreements.all()],
        "members": [
            {
                "full_name": v.member.full_name,
                "position": v.member.position,
                "unit": v.member.unit,
                "is_head": v.member.is_head,
                "birth_date": v.birth_date,
                "passport_type": v.member.passport_type,
                "passport_number": v.passport_number,
                "passport_expiry": v.passport_expiry,
                "passport_flag": v.member.passport_flag,
            }
            for v in members
        ],
        "personal_data": "unmasked" if unmasked else "masked",
        "approvals": [
            {
                "round": a.round,
                "order": a.order,
                "label": a.label,
                "decision": a.decision or "pending",
                "decided_by": a.decided_by.username if a.decided_by else None,
                "on_behalf_of": a.on_behalf_of.username if a.on_behalf_of else None,
                "decided_at": a.decided_at,
                "comment": a.comment,
                "on_paper": a.on_paper,
                "document_number": a.document_number,
                "document_date": a.document_date,
                "document_signer": a.document_signer,
            }
            for a in d.approvals.all()
        ],
        "briefings": [
            {"organisation": b.organisation.code, "kind": b.kind, "text": b.text, "created_at": b.created_at}
            for b in d.briefings.all()
        ],
        "follow_ups": [
            {
                "id": t.pk,
                "title": t.title,
                "owner": t.owner,
                "due_on": t.due_on,
                "status": t.status,
                "agreement": t.agreement_id,
                "request_reference": t.request_reference,
            }
            for t in d.follow_ups.all()
        ],
        "actions": services.available_actions(user=user, delegation=d),
    }


def _input(payload: DelegationIn) -> services.DelegationInput:
    data = payload.model_dump()
    members = tuple(services.MemberInput(**m) for m in data.pop("members"))
    budget = data.pop("budget_estimate")
    return services.DelegationInput(
        **{k: v for k, v in data.items() if k not in ("partners", "countries")},
        countries=tuple(payload.countries),
        partner_ids=tuple(payload.partners),
        budget_estimate=decimal.Decimal(budget) if budget is not None else None,
        members=members,
    )


@router.get(
    "/delegations",
    response={200: list[DelegationListOut], **ERRORS},
    operation_id="delegations_delegation_list",
    summary="Đoàn ra, đoàn vào (lọc theo loại, tỉnh, quốc gia, trạng thái, ngày, chưa báo cáo)",
)
@paginate(BoundedPageNumberPagination)
def delegations_list(request: HttpRequest, filters: Query[DelegationFilters]) -> Any:
    return Mapped(
        selectors.delegation_list(user=api_user(request), filters=filters, details=False), _list_row
    )


@router.post(
    "/delegations",
    response={201: DelegationOut, **ERRORS},
    operation_id="delegations_delegation_create",
    summary="Lập kế hoạch đoàn (tỉnh)",
)
def delegations_create(request: HttpRequest, payload: DelegationIn) -> Any:
    user = api_user(request)
    delegation = services.delegation_create(actor=user, data=_input(payload))
    return Status(201, delegation_out(selectors.delegation_get(user=user, pk=delegation.pk), user))


@router.get(
    "/delegations/{int:delegation_id}",
    response={200: DelegationOut, **ERRORS},
    operation_id="delegations_delegation_get",
    summary="Chi tiết đoàn; personal=true: xem dữ liệu cá nhân thành viên (được ghi nhật ký)",
)
def delegations_get(
    request: HttpRequest, response: HttpResponse, delegation_id: int, personal: bool = False
) -> Any:
    user = api_user(request)
    delegation = selectors.delegation_get(user=user, pk=delegation_id)
    response["ETag"] = f'"{delegation.version}"'
    if personal:
        services.personal_data_read(
            user=user, delegation=delegation, path=request.get_full_path(), purpose="api"
        )
    return delegation_out(delegation, user, unmasked=personal)


@router.put(
    "/delegations/{int:delegation_id}",
    response={200: DelegationOut, 409: Problem, 412: Problem, 428: Problem, **ERRORS},
    operation_id="delegations_delegation_update",
    summary="Sửa kế hoạch đoàn khi đang chuẩn bị (If-Match: phiên bản)",
    openapi_extra=IF_MATCH,
)
def delegations_update(request: HttpRequest, delegation_id: int, payload: DelegationIn) -> Any:
    user = api_user(request)
    services.delegation_update(
        actor=user,
        delegation_id=delegation_id,
        expected_version=required_version(
            request, lambda: selectors.delegation_get(user=user, pk=delegation_id)
        ),
        data=_input(payload),
    )
    return delegation_out(selectors.delegation_get(user=user, pk=delegation_id), user)


@router.post(
    "/delegations/{int:delegation_id}/approvals/record",
    response={200: DelegationOut, 409: Problem, 412: Problem, 428: Problem, **ERRORS},
    operation_id="delegations_delegation_record_decision",
    summary="Ghi nhận quyết định bằng văn bản của lãnh đạo (Chủ tịch UBND tỉnh, Ban Thường vụ Tỉnh ủy) "
    "cho bước đang chờ: multipart với số, ngày, người ký và bản scan (If-Match: phiên bản)",
    openapi_extra=IF_MATCH,
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
) -> Any:
    # every field is optional here so the scope answers first (404/403); the service names missing fields
    user = api_user(request)
    services.delegation_record_decision(
        actor=user,
        delegation_id=delegation_id,
        expected_version=required_version(
            request, lambda: selectors.delegation_get(user=user, pk=delegation_id)
        ),
        data=services.PaperDecisionInput(
            decision=decision,
            document_number=document_number,
            document_date=document_date,
            signer=signer,
            comment=comment,
        ),
        upload=file,
    )
    return delegation_out(selectors.delegation_get(user=user, pk=delegation_id), user)


@router.post(
    "/delegations/{int:delegation_id}/{action}",
    response={200: DelegationOut, 409: Problem, 412: Problem, 428: Problem, **ERRORS},
    operation_id="delegations_delegation_action",
    summary="Thao tác: submit, approve, return, refuse, report, postpone, resume, cancel, close "
    "(If-Match: phiên bản)",
    openapi_extra=IF_MATCH,
)
def delegations_action(
    request: HttpRequest,
    delegation_id: int,
    action: ActionName,  # type: ignore[valid-type]
    payload: DelegationActionIn,
) -> Any:
    user = api_user(request)
    services.delegation_action(
        actor=user,
        delegation_id=delegation_id,
        action=action,
        expected_version=required_version(
            request, lambda: selectors.delegation_get(user=user, pk=delegation_id)
        ),
        data=services.DelegationActionInput(
            comment=payload.comment,
            results=payload.results,
            better_preparation=payload.better_preparation,
            agreement_ids=tuple(payload.agreements),
            actual_cost=decimal.Decimal(payload.actual_cost) if payload.actual_cost is not None else None,
            follow_ups=tuple(
                services.FollowUpInput(
                    title=f.title,
                    owner=f.owner,
                    due_on=f.due_on,
                    agreement_id=f.agreement,
                    request_reference=f.request_reference,
                )
                for f in payload.follow_ups
            ),
        ),
    )
    return delegation_out(selectors.delegation_get(user=user, pk=delegation_id), user)


# --- visits ----------------------------------------------------------------------------------------------------


def visit_out(v: LeaderVisit) -> dict[str, Any]:
    return {
        **{
            f: getattr(v, f)
            for f in (
                "id",
                "direction",
                "starts_on",
                "ends_on",
                "ministry_leaders",
                "province_leaders",
                "agenda",
                "agreed",
                "follow_up",
                "status",
                "version",
            )
        },
        "province": v.province.code,
        "asks": [{"id": a.pk, "text": a.text, "request_number": a.request_number} for a in v.asks.all()],
    }


def _visit_input(payload: VisitIn) -> services.VisitInput:
    data = payload.model_dump()
    return services.VisitInput(**{**data, "asks": tuple(data["asks"])})


@router.get(
    "/visits",
    response={200: list[VisitOut], **ERRORS},
    operation_id="delegations_visit_list",
    summary="Lãnh đạo Bộ làm việc với địa phương",
)
@paginate(BoundedPageNumberPagination)
def visits_list(request: HttpRequest, filters: Query[VisitFilters]) -> Any:
    return Mapped(
        selectors.visit_list(user=api_user(request), filters=filters).prefetch_related("asks"), visit_out
    )


@router.post(
    "/visits",
    response={201: VisitOut, **ERRORS},
    operation_id="delegations_visit_create",
    summary="Ghi chuyến làm việc (Bộ)",
)
def visits_create(request: HttpRequest, payload: VisitIn) -> Any:
    user = api_user(request)
    visit = services.visit_create(actor=user, data=_visit_input(payload))
    return Status(201, visit_out(selectors.visit_get(user=user, pk=visit.pk)))


@router.get(
    "/visits/{int:visit_id}", response={200: VisitOut, **ERRORS}, operation_id="delegations_visit_get"
)
def visits_get(request: HttpRequest, response: HttpResponse, visit_id: int) -> Any:
    visit = selectors.visit_get(user=api_user(request), pk=visit_id)
    response["ETag"] = f'"{visit.version}"'
    return visit_out(visit)


@router.put(
    "/visits/{int:visit_id}",
    response={200: VisitOut, 409: Problem, 412: Problem, 428: Problem, **ERRORS},
    operation_id="delegations_visit_update",
    summary="Sửa chuyến làm việc (Bộ: tất cả; tỉnh: phần của tỉnh). If-Match: phiên bản",
    openapi_extra=IF_MATCH,
)
def visits_update(request: HttpRequest, visit_id: int, payload: VisitIn) -> Any:
    user = api_user(request)
    services.visit_update(
        actor=user,
        visit_id=visit_id,
        expected_version=required_version(request, lambda: selectors.visit_get(user=user, pk=visit_id)),
        data=_visit_input(payload),
    )
    return visit_out(selectors.visit_get(user=user, pk=visit_id))


# --- conferences -------------------------------------------------------------------------------------------------


def conference_out(c: Conference) -> dict[str, Any]:
    return {
        **{
            f: getattr(c, f)
            for f in (
                "id",
                "title",
                "organiser",
                "format",
                "venue",
                "starts_on",
                "ends_on",
                "foreign_participants",
                "top_rank",
                "sensitive_topics",
                "approval_level",
                "dossier_due_on",
                "dossier_submitted_on",
                "report_due_on",
                "reported_on",
                "state",
                "version",
            )
        },
        "province": c.province.code,
        "countries": [x.iso2 for x in c.countries.all()],
        "consultations": list(c.consultations.all()),
    }


def _conference_input(payload: ConferenceIn) -> services.ConferenceInput:
    data = payload.model_dump()
    return services.ConferenceInput(
        **{**data, "countries": tuple(data["countries"]), "sensitive_topics": tuple(data["sensitive_topics"])}
    )


@router.get(
    "/conferences",
    response={200: list[ConferenceOut], **ERRORS},
    operation_id="delegations_conference_list",
    summary="Hội nghị, hội thảo quốc tế",
)
@paginate(BoundedPageNumberPagination)
def conferences_list(request: HttpRequest, filters: Query[ConferenceFilters]) -> Any:
    return Mapped(
        selectors.conference_list(user=api_user(request), filters=filters).prefetch_related("consultations"),
        conference_out,
    )


@router.post(
    "/conferences",
    response={201: ConferenceOut, **ERRORS},
    operation_id="delegations_conference_create",
    summary="Đăng ký hội nghị quốc tế (tỉnh): cấp cho phép và hạn trình hồ sơ được tính",
)
def conferences_create(request: HttpRequest, payload: ConferenceIn) -> Any:
    user = api_user(request)
    conference = services.conference_create(actor=user, data=_conference_input(payload))
    return Status(201, conference_out(selectors.conference_get(user=user, pk=conference.pk)))


@router.get(
    "/conferences/{int:conference_id}",
    response={200: ConferenceOut, **ERRORS},
    operation_id="delegations_conference_get",
)
def conferences_get(request: HttpRequest, response: HttpResponse, conference_id: int) -> Any:
    conference = selectors.conference_get(user=api_user(request), pk=conference_id)
    response["ETag"] = f'"{conference.version}"'
    return conference_out(conference)


@router.post(
    "/conferences/{int:conference_id}/{action}",
    response={200: ConferenceOut, 409: Problem, 412: Problem, 428: Problem, **ERRORS},
    operation_id="delegations_conference_action",
    summary="Thao tác: submit (bodies), record_reply, approve, refuse (decision), report (text), cancel "
    "(If-Match: phiên bản)",
    openapi_extra=IF_MATCH,
)
def conferences_action(
    request: HttpRequest,
    conference_id: int,
    action: ConferenceActionName,  # type: ignore[valid-type]
    payload: ConferenceActionIn,
) -> Any:
    user = api_user(request)
    services.conference_action(
        actor=user,
        conference_id=conference_id,
        action=action,
        expected_version=required_version(
            request, lambda: selectors.conference_get(user=user, pk=conference_id)
        ),
        data=services.ConferenceActionInput(
            text=payload.text,
            bodies=tuple(payload.bodies),
            consultation_id=payload.consultation_id,
            decision=payload.decision,
        ),
    )
    return conference_out(selectors.conference_get(user=user, pk=conference_id))


# --- calendar ------------------------------------------------------------------------------------------------------


@router.get(
    "/calendar",
    response={200: list[CalendarEntryOut], **ERRORS},
    operation_id="delegations_calendar_list",
    summary="Lịch chung: đoàn, chuyến làm việc, hội nghị và các hạn (tối đa 400 ngày)",
)
def calendar(request: HttpRequest, period: Query[CalendarRange]) -> Any:
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
