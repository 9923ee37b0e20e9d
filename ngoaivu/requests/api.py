import functools
from collections.abc import Callable
from typing import Any, Literal

from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.translation import get_language
from ninja import Query, Router, Status
from ninja.pagination import paginate

from ngoaivu.accounts.web import api_user
from ngoaivu.core.inputs import input_from
from ngoaivu.core.lists import BoundedPageNumberPagination, Mapped, rendered_json
from ngoaivu.core.problems import act_then_read, problem_response
from ngoaivu.core.schemas import ERRORS, IsoDate, versioned
from ngoaivu.requests import selectors, services
from ngoaivu.requests.filters import RequestFilters
from ngoaivu.requests.models import Category, Recipient, ServiceRequest
from ngoaivu.requests.rules import ALL_ACTIONS
from ngoaivu.requests.schemas import (
    CategoryOut,
    RequestActionIn,
    RequestIn,
    RequestListOut,
    RequestOut,
    ResponsivenessOut,
)

router = Router(tags=["requests"])
ActionName = Literal[tuple(sorted(ALL_ACTIONS))]  # type: ignore[valid-type]


@router.get(
    "/requests/categories",
    response={200: list[CategoryOut], **ERRORS},
    operation_id="requests_categories_list",
    summary="Lĩnh vực đặt hàng và thời hạn",
)
def categories(request: HttpRequest) -> QuerySet[Category]:
    return selectors.category_list()


_PAGINATOR = BoundedPageNumberPagination()


class _InboxPage(BoundedPageNumberPagination.Output):  # type: ignore[name-defined,misc]
    items: list[RequestListOut]


def _rendered_inbox(view: Callable[..., Any]) -> Callable[..., Any]:
    """The inbox is the page most read (every officer, many times a day): its rendered JSON is kept under the
    inbox page's freshness key, so a repeat read costs the page's ids and one stamp query, without building,
    validating and encoding the rows again. Any other list goes through `view`. The body is the one ninja
    renders for the paginated schema (tested equal)."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, **kwargs: Any) -> Any:
        filters, pagination = kwargs.get("filters"), kwargs.get("ninja_pagination")
        if (
            settings.NGOAIVU_INBOX_CACHE_SECONDS <= 0
            or pagination is None
            or not isinstance(filters, RequestFilters)
            or not selectors.plain_inbox(filters)
        ):
            return view(request, **kwargs)
        rows = selectors.request_list(user=api_user(request), filters=filters)
        size = _PAGINATOR._get_page_size(pagination.page_size)  # the size the paginated view would use
        window = slice((pagination.page - 1) * size, pagination.page * size)
        if not isinstance(rows, selectors.InboxRows) or (key := rows.page_key(window)) is None:
            return view(request, **kwargs)

        def page() -> dict[str, Any]:
            items = [request_row(r) for r in rows.read(window)]
            return _InboxPage.model_validate({"items": items, "count": rows.count()}).model_dump()

        key = f"{key}:json:{window.start}:{size}:{get_language()}"
        return rendered_json(request, key, page, settings.NGOAIVU_INBOX_CACHE_SECONDS)

    return wrapper


@router.get("/requests", response={200: list[RequestListOut], **ERRORS}, operation_id="requests_list")
@_rendered_inbox
@paginate(BoundedPageNumberPagination)
def requests_list(request: HttpRequest, filters: Query[RequestFilters]) -> Mapped:
    return Mapped(selectors.request_list(user=api_user(request), filters=filters), request_row)


def _part_row(p: Recipient) -> dict[str, Any]:
    return {
        "organisation.code": p.organisation.code,
        "organisation.name_vi": p.organisation.name_vi,
        "assignee.username": p.assignee.username if p.assignee is not None else None,
        **{f: getattr(p, f) for f in selectors.PART_COLUMNS},
    }


def request_row(r: ServiceRequest) -> dict[str, Any]:
    """One row of the list as RequestListOut reads it (aliases as keys)."""
    return {
        "id": r.pk,
        "number": r.number,
        "title": r.title,
        "status": r.status,
        "category.code": r.category.code,
        "owner_org.code": r.owner_org.code,
        "sent_at": r.sent_at,
        "recipients": [_part_row(p) for p in r.parts],  # type: ignore[attr-defined]  # set by with_parts
    }


@router.post(
    "/requests",
    response={201: RequestOut, **ERRORS},
    operation_id="requests_create",
    summary="Tạo dự thảo đặt hàng (tỉnh)",
)
def requests_create(request: HttpRequest, payload: RequestIn) -> Status[ServiceRequest]:
    user = api_user(request)
    data = payload.model_dump()
    req = services.request_create(
        actor=user,
        data=input_from(
            services.DraftInput,
            data,
            target_countries=tuple(data["target_countries"]),
            target_partner_ids=tuple(data["target_partners"]),
            market_dossier_ids=tuple(data["market_dossiers"]),
        ),
    )
    return Status(201, selectors.request_get(user=user, pk=req.pk))


@router.get(
    "/requests/responsiveness",
    response={200: ResponsivenessOut, **ERRORS},
    operation_id="requests_responsiveness_get",
    summary="Mức độ đáp ứng theo đơn vị nhận và theo tỉnh",
)
def responsiveness(
    request: HttpRequest, date_from: IsoDate | None = None, date_to: IsoDate | None = None
) -> JsonResponse | dict[str, Any]:
    date_to = date_to or timezone.localdate()
    date_from = date_from or date_to.replace(month=1, day=1)
    if date_from > date_to:
        return problem_response(
            request,
            422,
            "invalid_input",
            "Khoảng thời gian không hợp lệ",
            errors=[{"field": "date_from", "message": "date_from phải trước date_to"}],
        )
    figures = selectors.responsiveness(user=api_user(request), date_from=date_from, date_to=date_to)
    return {"date_from": date_from, "date_to": date_to, **figures}


@router.get("/requests/{int:request_id}", response={200: RequestOut, **ERRORS}, operation_id="requests_get")
def requests_get(request: HttpRequest, response: HttpResponse, request_id: int) -> ServiceRequest:
    req = selectors.request_get(user=api_user(request), pk=request_id)
    response["ETag"] = f'"{req.version}"'
    return req


@router.post(
    "/requests/{int:request_id}/{action}",
    **versioned(RequestOut),
    operation_id="requests_action",
    summary="Thao tác: submit, approve, acknowledge, assign, forward, … (If-Match: phiên bản)",
)
def requests_action(
    request: HttpRequest,
    request_id: int,
    action: ActionName,  # type: ignore[valid-type]
    payload: RequestActionIn,
) -> ServiceRequest:
    user = api_user(request)
    return act_then_read(
        request,
        read=lambda: selectors.request_get(user=user, pk=request_id),
        act=lambda version: services.request_step(
            actor=user,
            request_id=request_id,
            action=action,
            expected_version=version,
            data=input_from(services.ActionInput, payload.model_dump()),
        ),
    )
