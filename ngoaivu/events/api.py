from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Status
from ninja.pagination import paginate

from ngoaivu.accounts.web import api_user
from ngoaivu.core.inputs import input_from
from ngoaivu.core.lists import BoundedPageNumberPagination
from ngoaivu.core.problems import act_then_read
from ngoaivu.core.schemas import ERRORS, versioned
from ngoaivu.core.scoping import Action
from ngoaivu.events import selectors, services
from ngoaivu.events.filters import EventFilters
from ngoaivu.events.models import FollowUpTask, PromotionEvent
from ngoaivu.events.schemas import (
    NULLABLE,
    PromotionEventIn,
    PromotionEventListOut,
    PromotionEventOut,
    PromotionEventPatch,
    TaskCompleteIn,
    TaskIn,
    TaskOut,
    service_fields,
)

router = Router(tags=["events"])


@router.get(
    "/promotion-events",
    response={200: list[PromotionEventListOut], **ERRORS},
    operation_id="events_promotion_event_list",
    summary="Sự kiện xúc tiến thương mại, đầu tư, du lịch và hội nghị kết nối",
)
@paginate(BoundedPageNumberPagination)
def events_list(request: HttpRequest, filters: Query[EventFilters]) -> QuerySet[PromotionEvent]:
    return selectors.event_list(user=api_user(request), filters=filters)


@router.post(
    "/promotion-events",
    response={201: PromotionEventOut, **ERRORS},
    operation_id="events_promotion_event_create",
    summary="Thêm sự kiện xúc tiến (tỉnh)",
)
def events_create(request: HttpRequest, payload: PromotionEventIn) -> Status[PromotionEvent]:
    user = api_user(request)
    data = input_from(services.EventInput, service_fields(payload.model_dump()))
    event = services.event_create(actor=user, data=data)
    return Status(201, selectors.event_get(user=user, pk=event.pk))


@router.get(
    "/promotion-events/{int:event_id}",
    response={200: PromotionEventOut, **ERRORS},
    operation_id="events_promotion_event_get",
)
def events_get(request: HttpRequest, response: HttpResponse, event_id: int) -> PromotionEvent:
    event = selectors.event_get(user=api_user(request), pk=event_id)
    response["ETag"] = f'"{event.version}"'
    return event


@router.patch(
    "/promotion-events/{int:event_id}",
    **versioned(PromotionEventOut, conflict=False),
    operation_id="events_promotion_event_update",
    summary="Sửa sự kiện: chỉ các trường gửi lên (If-Match: phiên bản)",
)
def events_update(request: HttpRequest, event_id: int, payload: PromotionEventPatch) -> PromotionEvent:
    user = api_user(request)
    sent = payload.model_dump(exclude_unset=True)
    changes = service_fields({k: v for k, v in sent.items() if v is not None or k in NULLABLE})

    def act(version: int) -> object:
        event = selectors.event_get(user=user, pk=event_id, action=Action.CHANGE)
        data = services.with_changes(services.input_of(event), changes)
        return services.event_update(actor=user, event_id=event.pk, expected_version=version, data=data)

    return act_then_read(request, read=lambda: selectors.event_get(user=user, pk=event_id), act=act)


@router.get(
    "/promotion-events/{int:event_id}/tasks",
    response={200: list[TaskOut], **ERRORS},
    operation_id="events_task_list",
    summary="Việc cần làm sau sự kiện",
)
def tasks_list(request: HttpRequest, event_id: int) -> list[FollowUpTask]:
    event = selectors.event_get(user=api_user(request), pk=event_id)
    return list(event.tasks.all())


@router.post(
    "/promotion-events/{int:event_id}/tasks",
    response={201: TaskOut, **ERRORS},
    operation_id="events_task_create",
    summary="Thêm việc cần làm sau sự kiện",
)
def tasks_create(request: HttpRequest, event_id: int, payload: TaskIn) -> Status[FollowUpTask]:
    task = services.task_create(
        actor=api_user(request), event_id=event_id, data=services.TaskInput(**payload.model_dump())
    )
    return Status(201, task)


@router.post(
    "/promotion-events/{int:event_id}/tasks/{int:task_id}/complete",
    **versioned(TaskOut, conflict=False),
    operation_id="events_task_complete",
    summary="Ghi nhận việc đã xong (If-Match: phiên bản của việc)",
)
def tasks_complete(
    request: HttpRequest, event_id: int, task_id: int, payload: TaskCompleteIn
) -> FollowUpTask:
    user = api_user(request)
    return act_then_read(
        request,
        read=lambda: selectors.task_get(user=user, event_id=event_id, task_id=task_id),
        act=lambda version: services.task_complete(
            actor=user,
            event_id=event_id,
            task_id=task_id,
            expected_version=version,
            done_on=payload.done_on,
            note=payload.note,
        ),
    )
