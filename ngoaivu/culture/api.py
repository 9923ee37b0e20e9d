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
from ngoaivu.culture import selectors, services
from ngoaivu.culture.filters import CulturalEventFilters, TitleFilters
from ngoaivu.culture.models import CulturalEvent, HeritageTitle
from ngoaivu.culture.schemas import (
    EVENT_NULLABLE,
    TITLE_NULLABLE,
    CulturalEventIn,
    CulturalEventListOut,
    CulturalEventOut,
    CulturalEventPatch,
    HeritageTitleIn,
    HeritageTitleListOut,
    HeritageTitleOut,
    HeritageTitlePatch,
    StageAdvanceIn,
    event_service_fields,
    title_service_fields,
)

router = Router(tags=["culture"])


@router.get(
    "/unesco",
    response={200: list[HeritageTitleListOut], **ERRORS},
    operation_id="culture_heritage_title_list",
    summary="Danh hiệu, hồ sơ UNESCO",
)
@paginate(BoundedPageNumberPagination)
def titles_list(request: HttpRequest, filters: Query[TitleFilters]) -> QuerySet[HeritageTitle]:
    return selectors.title_list(user=api_user(request), filters=filters)


@router.post(
    "/unesco",
    response={201: HeritageTitleOut, **ERRORS},
    operation_id="culture_heritage_title_create",
    summary="Thêm danh hiệu, hồ sơ UNESCO (tỉnh chủ trì hoặc Cục)",
)
def titles_create(request: HttpRequest, payload: HeritageTitleIn) -> Status[HeritageTitle]:
    user = api_user(request)
    data = input_from(services.TitleInput, title_service_fields(payload.model_dump()))
    title = services.title_create(actor=user, data=data)
    return Status(201, selectors.title_get(user=user, pk=title.pk))


@router.get(
    "/unesco/{int:title_id}",
    response={200: HeritageTitleOut, **ERRORS},
    operation_id="culture_heritage_title_get",
)
def titles_get(request: HttpRequest, response: HttpResponse, title_id: int) -> HeritageTitle:
    title = selectors.title_get(user=api_user(request), pk=title_id)
    response["ETag"] = f'"{title.version}"'
    return title


@router.patch(
    "/unesco/{int:title_id}",
    **versioned(HeritageTitleOut, conflict=False),
    operation_id="culture_heritage_title_update",
    summary="Sửa danh hiệu, hồ sơ: chỉ các trường gửi lên (If-Match: phiên bản)",
)
def titles_update(request: HttpRequest, title_id: int, payload: HeritageTitlePatch) -> HeritageTitle:
    user = api_user(request)
    sent = payload.model_dump(exclude_unset=True)
    changes = title_service_fields({k: v for k, v in sent.items() if v is not None or k in TITLE_NULLABLE})

    def act(version: int) -> object:
        title = selectors.title_get(user=user, pk=title_id, action=Action.CHANGE)
        data = services.with_changes(services.title_input_of(title), changes)
        return services.title_update(actor=user, title_id=title.pk, expected_version=version, data=data)

    return act_then_read(request, read=lambda: selectors.title_get(user=user, pk=title_id), act=act)


@router.post(
    "/unesco/{int:title_id}/stage",
    **versioned(HeritageTitleOut, conflict=False),
    operation_id="culture_heritage_title_stage",
    summary="Chuyển giai đoạn hồ sơ UNESCO (If-Match: phiên bản)",
)
def titles_stage(request: HttpRequest, title_id: int, payload: StageAdvanceIn) -> HeritageTitle:
    user = api_user(request)
    return act_then_read(
        request,
        read=lambda: selectors.title_get(user=user, pk=title_id),
        act=lambda version: services.title_advance(
            actor=user,
            title_id=title_id,
            expected_version=version,
            data=input_from(services.StageInput, payload.model_dump()),
        ),
    )


@router.get(
    "/cultural-events",
    response={200: list[CulturalEventListOut], **ERRORS},
    operation_id="culture_cultural_event_list",
    summary="Sự kiện ngoại giao văn hóa",
)
@paginate(BoundedPageNumberPagination)
def events_list(request: HttpRequest, filters: Query[CulturalEventFilters]) -> QuerySet[CulturalEvent]:
    return selectors.event_list(user=api_user(request), filters=filters)


@router.post(
    "/cultural-events",
    response={201: CulturalEventOut, **ERRORS},
    operation_id="culture_cultural_event_create",
    summary="Thêm sự kiện ngoại giao văn hóa (tỉnh)",
)
def events_create(request: HttpRequest, payload: CulturalEventIn) -> Status[CulturalEvent]:
    user = api_user(request)
    data = input_from(services.EventInput, event_service_fields(payload.model_dump()))
    event = services.event_create(actor=user, data=data)
    return Status(201, selectors.event_get(user=user, pk=event.pk))


@router.get(
    "/cultural-events/{int:event_id}",
    response={200: CulturalEventOut, **ERRORS},
    operation_id="culture_cultural_event_get",
)
def events_get(request: HttpRequest, response: HttpResponse, event_id: int) -> CulturalEvent:
    event = selectors.event_get(user=api_user(request), pk=event_id)
    response["ETag"] = f'"{event.version}"'
    return event


@router.patch(
    "/cultural-events/{int:event_id}",
    **versioned(CulturalEventOut, conflict=False),
    operation_id="culture_cultural_event_update",
    summary="Sửa sự kiện ngoại giao văn hóa: chỉ các trường gửi lên (If-Match: phiên bản)",
)
def events_update(request: HttpRequest, event_id: int, payload: CulturalEventPatch) -> CulturalEvent:
    user = api_user(request)
    sent = payload.model_dump(exclude_unset=True)
    changes = event_service_fields({k: v for k, v in sent.items() if v is not None or k in EVENT_NULLABLE})

    def act(version: int) -> object:
        event = selectors.event_get(user=user, pk=event_id, action=Action.CHANGE)
        data = services.with_changes(services.event_input_of(event), changes)
        return services.event_update(actor=user, event_id=event.pk, expected_version=version, data=data)

    return act_then_read(request, read=lambda: selectors.event_get(user=user, pk=event_id), act=act)
