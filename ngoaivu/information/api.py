"""`/api/v1/briefs` (list with country, field, product, kind, province; create; detail with ETag; `useful`) and
`/api/v1/subscriptions` (the user's organisation's: list, create, delete)."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Status
from ninja.pagination import paginate

from ngoaivu.accounts.web import api_user
from ngoaivu.core.actors import Actor
from ngoaivu.core.inputs import input_from
from ngoaivu.core.lists import BoundedPageNumberPagination, Mapped
from ngoaivu.core.schemas import ERRORS
from ngoaivu.information import selectors, services
from ngoaivu.information.filters import BriefFilters
from ngoaivu.information.models import BriefSubscription
from ngoaivu.information.schemas import (
    BriefIn,
    BriefListOut,
    BriefOut,
    SubscriptionIn,
    SubscriptionOut,
    UsefulIn,
    UsefulOut,
)

router = Router(tags=["information"])


def _row(b: Any) -> dict[str, Any]:
    return {
        "id": b.pk,
        "title": b.title,
        "summary": b.summary,
        "kind": b.kind.code,
        "author": b.owner_org.code,
        "author_name": b.owner_org.name_vi,
        "status": b.status,
        "audience": b.audience,
        "region": b.region.code if b.region else None,
        "countries": [c.iso2 for c in b.countries.all()],
        "products": [p.code for p in b.products.all()],
        "fta": b.fta.short_name if b.fta else None,
        "published_at": b.published_at,
        "withdrawn_at": b.withdrawn_at,
        "valid_until": b.valid_until,
        "provinces_opened": getattr(b, "provinces_opened", 0),
        "useful": getattr(b, "useful_count", 0),
        "not_useful": getattr(b, "not_useful_count", 0),
        "version": b.version,
    }


def _detail(user: Actor, brief_id: int) -> dict[str, Any]:
    b = selectors.brief_get(user=user, pk=brief_id)
    figures = selectors.brief_readership(user=user, brief=b)
    for key, value in figures.items():
        setattr(b, key, value)
    return {
        **_row(b),
        "body": b.body,
        "fields": [f.code for f in b.fields.all()],
        "provinces": [p.code for p in b.provinces.all()],
        "attachments": [a.name for a in selectors.brief_attachments(b)],
        "versions": [v.number for v in selectors.brief_versions(b)],
        "questions": [r.pk for r in selectors.brief_questions(user=user, brief=b)],
    }


@router.get(
    "/briefs",
    response={200: list[BriefListOut], **ERRORS},
    operation_id="information_brief_list",
    summary="Bản tin thông tin, tham mưu (trong phạm vi được xem)",
)
@paginate(BoundedPageNumberPagination)
def briefs_list(request: HttpRequest, filters: Query[BriefFilters]) -> Mapped:
    return Mapped(selectors.brief_list(user=api_user(request), filters=filters), _row)


@router.post(
    "/briefs",
    response={201: BriefOut, **ERRORS},
    operation_id="information_brief_create",
    summary="Soạn bản tin (cơ quan đại diện, Cục); publish=true để phát hành ngay",
)
def briefs_create(request: HttpRequest, payload: BriefIn) -> Status[dict[str, Any]]:
    user = api_user(request)
    data = payload.model_dump()
    publish = data.pop("publish")
    brief = services.brief_create(
        actor=user,
        data=input_from(
            services.BriefInput,
            data,
            countries=tuple(data["countries"]),
            fields=tuple(data["fields"]),
            products=tuple(data["products"]),
            provinces=tuple(data["provinces"]),
        ),
    )
    if publish:
        services.brief_publish(actor=user, brief_id=brief.pk, expected_version=brief.version)
    return Status(201, _detail(user, brief.pk))


@router.get(
    "/briefs/{int:brief_id}",
    response={200: BriefOut, **ERRORS},
    operation_id="information_brief_get",
)
def briefs_get(request: HttpRequest, response: HttpResponse, brief_id: int) -> dict[str, Any]:
    user = api_user(request)
    body = _detail(user, brief_id)
    services.mark_read(actor=user, brief=selectors.brief_get(user=user, pk=brief_id))
    response["ETag"] = f'"{body["version"]}"'
    return body


@router.post(
    "/briefs/{int:brief_id}/useful",
    response={200: UsefulOut, **ERRORS},
    operation_id="information_brief_useful",
    summary="Tỉnh đánh giá bản tin hữu ích / chưa hữu ích (một đánh giá mỗi tỉnh, gửi lại để đổi)",
)
def briefs_useful(request: HttpRequest, brief_id: int, payload: UsefulIn) -> dict[str, Any]:
    user = api_user(request)
    rating = services.brief_rate(
        actor=user, brief_id=brief_id, useful=payload.useful, comment=payload.comment
    )
    return {
        "brief": brief_id,
        "useful": rating.useful,
        "comment": rating.comment,
        "rated_at": rating.rated_at,
    }


def _sub(s: BriefSubscription) -> dict[str, Any]:
    return {
        "id": s.pk,
        "name": s.name,
        "countries": [c.iso2 for c in s.countries.all()],
        "fields": [f.code for f in s.fields.all()],
        "products": [p.code for p in s.products.all()],
    }


@router.get(
    "/subscriptions",
    response={200: list[SubscriptionOut], **ERRORS},
    operation_id="information_subscription_list",
    summary="Đăng ký nhận bản tin của đơn vị (tỉnh)",
)
@paginate(BoundedPageNumberPagination)
def subscriptions_list(request: HttpRequest) -> Mapped:
    return Mapped(selectors.subscription_list(user=api_user(request)), _sub)


@router.post(
    "/subscriptions",
    response={201: SubscriptionOut, **ERRORS},
    operation_id="information_subscription_create",
)
def subscriptions_create(request: HttpRequest, payload: SubscriptionIn) -> Status[dict[str, Any]]:
    data = payload.model_dump()
    sub = services.subscription_create(
        actor=api_user(request),
        data=services.SubscriptionInput(
            name=data["name"],
            countries=tuple(data["countries"]),
            fields=tuple(data["fields"]),
            products=tuple(data["products"]),
        ),
    )
    return Status(201, _sub(sub))


@router.delete(
    "/subscriptions/{int:subscription_id}",
    response={204: None, **ERRORS},
    operation_id="information_subscription_delete",
)
def subscriptions_delete(request: HttpRequest, subscription_id: int) -> Status[None]:
    services.subscription_delete(actor=api_user(request), subscription_id=subscription_id)
    return Status(204, None)
