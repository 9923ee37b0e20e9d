from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Status
from ninja.pagination import paginate

from ngoaivu.accounts.web import api_user
from ngoaivu.border import selectors, services
from ngoaivu.border.filters import MechanismFilters, MeetingFilters
from ngoaivu.border.models import BorderMechanism, BorderMeeting, Commitment
from ngoaivu.border.schemas import (
    NULLABLE,
    BorderMechanismIn,
    BorderMechanismListOut,
    BorderMechanismOut,
    BorderMechanismPatch,
    BorderMeetingIn,
    BorderMeetingListOut,
    BorderMeetingOut,
    BorderMeetingPatch,
    CommitmentActionIn,
    CommitmentIn,
    CommitmentOut,
    MeetingActionIn,
    mechanism_service_fields,
)
from ngoaivu.core.inputs import input_from
from ngoaivu.core.lists import BoundedPageNumberPagination
from ngoaivu.core.problems import act_then_read
from ngoaivu.core.schemas import ERRORS, versioned
from ngoaivu.core.scoping import Action

router = Router(tags=["border"])


@router.get(
    "/border-mechanisms",
    response={200: list[BorderMechanismListOut], **ERRORS},
    operation_id="border_mechanism_list",
    summary="Cơ chế hợp tác biên giới",
)
@paginate(BoundedPageNumberPagination)
def mechanisms_list(request: HttpRequest, filters: Query[MechanismFilters]) -> QuerySet[BorderMechanism]:
    return selectors.mechanism_list(user=api_user(request), filters=filters)


@router.post(
    "/border-mechanisms",
    response={201: BorderMechanismOut, **ERRORS},
    operation_id="border_mechanism_create",
    summary="Thêm cơ chế hợp tác biên giới (tỉnh chủ trì hoặc Ủy ban Biên giới quốc gia)",
)
def mechanisms_create(request: HttpRequest, payload: BorderMechanismIn) -> Status[BorderMechanism]:
    user = api_user(request)
    data = input_from(services.MechanismInput, mechanism_service_fields(payload.model_dump()))
    m = services.mechanism_create(actor=user, data=data)
    return Status(201, selectors.mechanism_get(user=user, pk=m.pk))


@router.get(
    "/border-mechanisms/{int:mechanism_id}",
    response={200: BorderMechanismOut, **ERRORS},
    operation_id="border_mechanism_get",
)
def mechanisms_get(request: HttpRequest, response: HttpResponse, mechanism_id: int) -> BorderMechanism:
    m = selectors.mechanism_get(user=api_user(request), pk=mechanism_id)
    response["ETag"] = f'"{m.version}"'
    return m


@router.patch(
    "/border-mechanisms/{int:mechanism_id}",
    **versioned(BorderMechanismOut, conflict=False),
    operation_id="border_mechanism_update",
    summary="Sửa cơ chế: chỉ các trường gửi lên (If-Match: phiên bản)",
)
def mechanisms_update(
    request: HttpRequest, mechanism_id: int, payload: BorderMechanismPatch
) -> BorderMechanism:
    user = api_user(request)
    sent = payload.model_dump(exclude_unset=True)
    changes = mechanism_service_fields({k: v for k, v in sent.items() if v is not None or k in NULLABLE})

    def act(version: int) -> object:
        m = selectors.mechanism_get(user=user, pk=mechanism_id, action=Action.CHANGE)
        data = services.with_changes(services.mechanism_input_of(m), changes)
        return services.mechanism_update(actor=user, mechanism_id=m.pk, expected_version=version, data=data)

    return act_then_read(request, read=lambda: selectors.mechanism_get(user=user, pk=mechanism_id), act=act)


@router.get(
    "/border-meetings",
    response={200: list[BorderMeetingListOut], **ERRORS},
    operation_id="border_meeting_list",
    summary="Cuộc họp của các cơ chế hợp tác biên giới",
)
@paginate(BoundedPageNumberPagination)
def meetings_list(request: HttpRequest, filters: Query[MeetingFilters]) -> QuerySet[BorderMeeting]:
    return selectors.meeting_list(user=api_user(request), filters=filters)


@router.post(
    "/border-meetings",
    response={201: BorderMeetingOut, 409: ERRORS[400], **ERRORS},
    operation_id="border_meeting_create",
    summary="Thêm cuộc họp của một cơ chế (đơn vị chủ trì cơ chế)",
)
def meetings_create(request: HttpRequest, payload: BorderMeetingIn) -> Status[BorderMeeting]:
    user = api_user(request)
    data = input_from(services.MeetingInput, payload.model_dump())
    meeting = services.meeting_create(actor=user, mechanism_id=payload.mechanism, data=data)
    return Status(201, selectors.meeting_get(user=user, pk=meeting.pk))


@router.get(
    "/border-meetings/{int:meeting_id}",
    response={200: BorderMeetingOut, **ERRORS},
    operation_id="border_meeting_get",
)
def meetings_get(request: HttpRequest, response: HttpResponse, meeting_id: int) -> BorderMeeting:
    meeting = selectors.meeting_get(user=api_user(request), pk=meeting_id)
    response["ETag"] = f'"{meeting.version}"'
    return meeting


@router.patch(
    "/border-meetings/{int:meeting_id}",
    **versioned(BorderMeetingOut, conflict=False),
    operation_id="border_meeting_update",
    summary="Sửa cuộc họp: chỉ các trường gửi lên (If-Match: phiên bản)",
)
def meetings_update(request: HttpRequest, meeting_id: int, payload: BorderMeetingPatch) -> BorderMeeting:
    user = api_user(request)
    changes = {k: v for k, v in payload.model_dump(exclude_unset=True).items() if v is not None}

    def act(version: int) -> object:
        meeting = selectors.meeting_get(user=user, pk=meeting_id, action=Action.CHANGE)
        data = services.with_changes(services.meeting_input_of(meeting), changes)
        return services.meeting_update(actor=user, meeting_id=meeting.pk, expected_version=version, data=data)

    return act_then_read(request, read=lambda: selectors.meeting_get(user=user, pk=meeting_id), act=act)


def _meeting_action(
    request: HttpRequest, meeting_id: int, action: str, payload: MeetingActionIn
) -> BorderMeeting:
    user = api_user(request)
    return act_then_read(
        request,
        read=lambda: selectors.meeting_get(user=user, pk=meeting_id),
        act=lambda version: services.meeting_action(
            actor=user,
            meeting_id=meeting_id,
            action=action,
            expected_version=version,
            minutes_number=payload.minutes_number,
            minutes_signed_on=payload.minutes_signed_on,
            summary=payload.summary,
            reason=payload.reason,
        ),
    )


@router.post(
    "/border-meetings/{int:meeting_id}/hold",
    **versioned(BorderMeetingOut),
    operation_id="border_meeting_hold",
    summary="Ghi nhận cuộc họp đã diễn ra (If-Match)",
)
def meetings_hold(request: HttpRequest, meeting_id: int, payload: MeetingActionIn) -> BorderMeeting:
    return _meeting_action(request, meeting_id, "hold", payload)


@router.post(
    "/border-meetings/{int:meeting_id}/minutes",
    **versioned(BorderMeetingOut),
    operation_id="border_meeting_minutes",
    summary="Ghi biên bản cuộc họp: số, ngày ký (If-Match)",
)
def meetings_minutes(request: HttpRequest, meeting_id: int, payload: MeetingActionIn) -> BorderMeeting:
    return _meeting_action(request, meeting_id, "minutes", payload)


@router.post(
    "/border-meetings/{int:meeting_id}/cancel",
    **versioned(BorderMeetingOut),
    operation_id="border_meeting_cancel",
    summary="Hủy cuộc họp dự kiến, có lý do (If-Match)",
)
def meetings_cancel(request: HttpRequest, meeting_id: int, payload: MeetingActionIn) -> BorderMeeting:
    return _meeting_action(request, meeting_id, "cancel", payload)


@router.get(
    "/border-meetings/{int:meeting_id}/commitments",
    response={200: list[CommitmentOut], **ERRORS},
    operation_id="border_commitment_list",
    summary="Cam kết tại cuộc họp",
)
def commitments_list(request: HttpRequest, meeting_id: int) -> list[Commitment]:
    meeting = selectors.meeting_get(user=api_user(request), pk=meeting_id)
    return list(meeting.commitments.all())


@router.post(
    "/border-meetings/{int:meeting_id}/commitments",
    response={201: CommitmentOut, 409: ERRORS[400], **ERRORS},
    operation_id="border_commitment_create",
    summary="Thêm cam kết (đơn vị chủ trì cơ chế; tỉnh thành viên: cam kết do mình chủ trì)",
)
def commitments_create(request: HttpRequest, meeting_id: int, payload: CommitmentIn) -> Status[Commitment]:
    c = services.commitment_add(
        actor=api_user(request),
        meeting_id=meeting_id,
        data=input_from(services.CommitmentInput, payload.model_dump()),
    )
    return Status(201, c)


def _commitment_action(
    request: HttpRequest, meeting_id: int, commitment_id: int, action: str, payload: CommitmentActionIn
) -> Commitment:
    user = api_user(request)
    return act_then_read(
        request,
        read=lambda: selectors.commitment_get(user=user, meeting_id=meeting_id, commitment_id=commitment_id),
        act=lambda version: services.commitment_update(
            actor=user,
            meeting_id=meeting_id,
            commitment_id=commitment_id,
            action=action,
            expected_version=version,
            note=payload.note,
            done_on=payload.done_on,
            reason=payload.reason,
        ),
    )


@router.post(
    "/border-meetings/{int:meeting_id}/commitments/{int:commitment_id}/progress",
    **versioned(CommitmentOut),
    operation_id="border_commitment_progress",
    summary="Báo cáo tiến độ cam kết (If-Match: phiên bản của cam kết)",
)
def commitments_progress(
    request: HttpRequest, meeting_id: int, commitment_id: int, payload: CommitmentActionIn
) -> Commitment:
    return _commitment_action(request, meeting_id, commitment_id, "progress", payload)


@router.post(
    "/border-meetings/{int:meeting_id}/commitments/{int:commitment_id}/complete",
    **versioned(CommitmentOut),
    operation_id="border_commitment_complete",
    summary="Ghi nhận cam kết đã hoàn thành (If-Match: phiên bản của cam kết)",
)
def commitments_complete(
    request: HttpRequest, meeting_id: int, commitment_id: int, payload: CommitmentActionIn
) -> Commitment:
    return _commitment_action(request, meeting_id, commitment_id, "complete", payload)


@router.post(
    "/border-meetings/{int:meeting_id}/commitments/{int:commitment_id}/drop",
    **versioned(CommitmentOut),
    operation_id="border_commitment_drop",
    summary="Ghi nhận cam kết không thực hiện, có lý do (If-Match)",
)
def commitments_drop(
    request: HttpRequest, meeting_id: int, commitment_id: int, payload: CommitmentActionIn
) -> Commitment:
    return _commitment_action(request, meeting_id, commitment_id, "drop", payload)
