from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Status
from ninja.pagination import paginate

from ngoaivu.accounts.web import api_user
from ngoaivu.core.inputs import input_from
from ngoaivu.core.lists import BoundedPageNumberPagination
from ngoaivu.core.problems import IF_MATCH, act_then_read, required_version
from ngoaivu.core.schemas import ERRORS, Problem, versioned
from ngoaivu.core.scoping import Action
from ngoaivu.training import selectors, services
from ngoaivu.training.filters import CourseFilters, NominationFilters
from ngoaivu.training.models import Course, Nomination
from ngoaivu.training.schemas import (
    NULLABLE,
    TrainingCourseIn,
    TrainingCourseListOut,
    TrainingCourseOut,
    TrainingCoursePatch,
    TrainingNominationActionIn,
    TrainingNominationIn,
    TrainingNominationOut,
    TrainingNominationResultIn,
)

router = Router(tags=["training"])


def _course(user: Any, pk: int) -> Course:
    course = selectors.course_get(user=user, pk=pk)
    course.visible_nominations = selectors.course_nominations(user=user, course=course)  # type: ignore[attr-defined]
    return course


@router.get(
    "/trainings",
    response={200: list[TrainingCourseListOut], **ERRORS},
    operation_id="training_course_list",
    summary="Khóa đào tạo, bồi dưỡng",
)
@paginate(BoundedPageNumberPagination)
def courses_list(request: HttpRequest, filters: Query[CourseFilters]) -> QuerySet[Course]:
    return selectors.course_list(user=api_user(request), filters=filters)


@router.post(
    "/trainings",
    response={201: TrainingCourseOut, **ERRORS},
    operation_id="training_course_create",
    summary="Thêm khóa học (Bộ, tỉnh)",
)
def courses_create(request: HttpRequest, payload: TrainingCourseIn) -> Status[Course]:
    user = api_user(request)
    course = services.course_create(actor=user, data=input_from(services.CourseInput, payload.model_dump()))
    return Status(201, _course(user, course.pk))


@router.get(
    "/trainings/nominations",
    response={200: list[TrainingNominationOut], **ERRORS},
    operation_id="training_nomination_list",
    summary="Các lượt cử cán bộ (tỉnh cử, đơn vị tổ chức, Bộ)",
)
@paginate(BoundedPageNumberPagination)
def nominations_list(request: HttpRequest, filters: Query[NominationFilters]) -> QuerySet[Nomination]:
    return selectors.nomination_list(user=api_user(request), filters=filters)


@router.get(
    "/trainings/{int:course_id}",
    response={200: TrainingCourseOut, **ERRORS},
    operation_id="training_course_get",
)
def courses_get(request: HttpRequest, response: HttpResponse, course_id: int) -> Course:
    course = _course(api_user(request), course_id)
    response["ETag"] = f'"{course.version}"'
    return course


@router.patch(
    "/trainings/{int:course_id}",
    **versioned(TrainingCourseOut),
    operation_id="training_course_update",
    summary="Sửa khóa học: chỉ các trường gửi lên (If-Match: phiên bản)",
)
def courses_update(request: HttpRequest, course_id: int, payload: TrainingCoursePatch) -> Course:
    user = api_user(request)
    sent = payload.model_dump(exclude_unset=True)
    changes = {k: v for k, v in sent.items() if v is not None or k in NULLABLE}

    def act(version: int) -> object:
        course = selectors.course_get(user=user, pk=course_id, action=Action.CHANGE)
        data = services.with_changes(services.course_input_of(course), changes)
        return services.course_update(actor=user, course_id=course.pk, expected_version=version, data=data)

    return act_then_read(request, read=lambda: _course(user, course_id), act=act)


def _course_action(action: str) -> Callable[..., Course]:
    def handler(request: HttpRequest, course_id: int) -> Course:
        user = api_user(request)
        return act_then_read(
            request,
            read=lambda: _course(user, course_id),
            act=lambda version: services.course_transition(
                actor=user, course_id=course_id, action=action, expected_version=version
            ),
        )

    return handler


for _action, _summary in (
    ("open", "Mở nhận cử cán bộ"),
    ("close", "Kết thúc nhận cử cán bộ"),
    ("start", "Bắt đầu khóa học"),
    ("complete", "Kết thúc khóa học"),
    ("cancel", "Hủy khóa học"),
):
    router.post(
        f"/trainings/{{int:course_id}}/{_action}",
        **versioned(TrainingCourseOut),
        operation_id=f"training_course_{_action}",
        summary=f"{_summary} (If-Match: phiên bản khóa học)",
    )(_course_action(_action))


@router.get(
    "/trainings/{int:course_id}/nominations",
    response={200: list[TrainingNominationOut], **ERRORS},
    operation_id="training_course_nominations",
    summary="Các lượt cử vào khóa học mà người dùng được xem",
)
def course_nominations(request: HttpRequest, course_id: int) -> list[Nomination]:
    user = api_user(request)
    return selectors.course_nominations(user=user, course=selectors.course_get(user=user, pk=course_id))


@router.post(
    "/trainings/{int:course_id}/nominations",
    response={201: TrainingNominationOut, 409: ERRORS[400], **ERRORS},
    operation_id="training_nomination_create",
    summary="Tỉnh đề xuất cử một cán bộ (trong chỉ tiêu; lãnh đạo tỉnh duyệt sau)",
)
def nominations_create(
    request: HttpRequest, course_id: int, payload: TrainingNominationIn
) -> Status[Nomination]:
    user = api_user(request)
    made = services.nomination_create(
        actor=user, course_id=course_id, data=services.TraineeInput(**payload.model_dump())
    )
    return Status(201, selectors.nomination_get(user=user, pk=made.pk))


def _nomination_action(action: str) -> Callable[..., Nomination]:
    def handler(request: HttpRequest, nomination_id: int, payload: TrainingNominationActionIn) -> Nomination:
        user = api_user(request)
        return act_then_read(
            request,
            read=lambda: selectors.nomination_get(user=user, pk=nomination_id),
            act=lambda version: services.nomination_action(
                actor=user,
                nomination_id=nomination_id,
                action=action,
                expected_version=version,
                reason=payload.reason,
            ),
        )

    return handler


for _action, _summary in (
    ("approve", "Lãnh đạo tỉnh duyệt cử (không phải người đề xuất)"),
    ("accept", "Đơn vị tổ chức nhận học viên"),
    ("decline", "Đơn vị tổ chức không nhận (ghi lý do)"),
    ("attend", "Ghi nhận đã tham dự"),
    ("absent", "Ghi nhận vắng mặt"),
):
    router.post(
        f"/trainings/nominations/{{int:nomination_id}}/{_action}",
        **versioned(TrainingNominationOut),
        operation_id=f"training_nomination_{_action}",
        summary=f"{_summary} (If-Match: phiên bản)",
    )(_nomination_action(_action))


@router.post(
    "/trainings/nominations/{int:nomination_id}/withdraw",
    response={204: None, 409: Problem, 412: Problem, 428: Problem, **ERRORS},
    openapi_extra=IF_MATCH,
    operation_id="training_nomination_withdraw",
    summary="Người đề xuất rút đề xuất chưa được lãnh đạo tỉnh duyệt (If-Match: phiên bản)",
)
def nominations_withdraw(request: HttpRequest, nomination_id: int) -> Status[None]:
    user = api_user(request)
    version = required_version(request, lambda: selectors.nomination_get(user=user, pk=nomination_id))
    services.nomination_withdraw(actor=user, nomination_id=nomination_id, expected_version=version)
    return Status(204, None)


@router.post(
    "/trainings/nominations/{int:nomination_id}/result",
    **versioned(TrainingNominationOut),
    operation_id="training_nomination_result",
    summary="Đơn vị tổ chức ghi kết quả, chứng chỉ (If-Match: phiên bản)",
)
def nominations_result(
    request: HttpRequest, nomination_id: int, payload: TrainingNominationResultIn
) -> Nomination:
    user = api_user(request)
    return act_then_read(
        request,
        read=lambda: selectors.nomination_get(user=user, pk=nomination_id),
        act=lambda version: services.nomination_result(
            actor=user, nomination_id=nomination_id, expected_version=version, **payload.model_dump()
        ),
    )
