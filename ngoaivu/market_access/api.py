"""`/api/v1/market-access`: dossiers (list, detail, create, PATCH) and their steps; the stages."""

import dataclasses
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Status
from ninja.pagination import paginate

from ngoaivu.accounts.web import api_user
from ngoaivu.core.actors import Actor
from ngoaivu.core.inputs import input_from
from ngoaivu.core.lists import BoundedPageNumberPagination, Mapped
from ngoaivu.core.problems import act_then_read
from ngoaivu.core.schemas import ERRORS, versioned
from ngoaivu.market_access import selectors, services
from ngoaivu.market_access.filters import DossierFilters
from ngoaivu.market_access.models import Dossier, DossierStep, Stage
from ngoaivu.market_access.schemas import (
    DossierIn,
    DossierListOut,
    DossierOut,
    DossierPatch,
    StageOut,
    StepCompleteIn,
    StepIn,
    StepOut,
)

router = Router(tags=["market_access"])


def _row(d: Dossier) -> dict[str, Any]:
    return {
        "id": d.pk,
        "product_vi": d.product_vi,
        "product_en": d.product_en,
        "hs_code": d.hs_code,
        "market": d.market.iso2,
        "market_name": d.market.name_vi,
        "provinces": [p.code for p in d.provinces.all()],
        "province_as_named": d.province_as_named,
        "mission": d.mission.code if d.mission else None,
        "stage": d.stage.code,
        "stage_name": d.stage.name_vi,
        "status": d.status,
        "opened_on": d.opened_on,
        "next_step": d.next_step,
        "next_step_due": d.next_step_due,
        "version": d.version,
    }


def _step(s: DossierStep) -> dict[str, Any]:
    return {
        "id": s.pk,
        "stage": s.stage.code,
        "stage_name": s.stage.name_vi,
        "started_on": s.started_on,
        "completed_on": s.completed_on,
        "note": s.note,
        "next_step": s.next_step,
        "next_step_due": s.next_step_due,
        "documents": [doc.label or doc.name for doc in s.documents.all()],
    }


def _detail(user: Actor, dossier_id: int) -> dict[str, Any]:
    d = selectors.dossier_get(user=user, pk=dossier_id)
    steps = selectors.dossier_steps(d)
    return {
        **_row(d),
        "owner_org": d.owner_org.code,
        "former_province": d.former_province.code if d.former_province else None,
        "vn_authority": d.vn_authority,
        "foreign_authority": d.foreign_authority,
        "visibility": d.visibility,
        "fta": d.fta.short_name if d.fta else None,
        "agreements": [a.pk for a in selectors.dossier_agreements(user=user, dossier=d)],
        "steps": [_step(s) for s in steps],
        "notes": [
            {
                "author_org": n.author_org.code,
                "author": n.author_label,
                "text": n.text,
                "created_at": n.created_at,
            }
            for n in d.notes.select_related("author_org")
        ],
    }


@router.get(
    "/market-access",
    response={200: list[DossierListOut], **ERRORS},
    operation_id="market_access_dossier_list",
    summary="Hồ sơ mở cửa thị trường",
)
@paginate(BoundedPageNumberPagination)
def dossiers_list(request: HttpRequest, filters: Query[DossierFilters]) -> Mapped:
    return Mapped(selectors.dossier_list(user=api_user(request), filters=filters), _row)


@router.post(
    "/market-access",
    response={201: DossierOut, **ERRORS},
    operation_id="market_access_dossier_create",
    summary="Mở hồ sơ mở cửa thị trường (tỉnh)",
)
def dossiers_create(request: HttpRequest, payload: DossierIn) -> Status[dict[str, Any]]:
    user = api_user(request)
    data = payload.model_dump()
    dossier = services.dossier_create(
        actor=user,
        data=input_from(
            services.DossierInput,
            data,
            provinces=tuple(data["provinces"]),
            agreements=tuple(data["agreements"]),
        ),
    )
    return Status(201, _detail(user, dossier.pk))


@router.get(
    "/market-access/stages",
    response={200: list[StageOut], **ERRORS},
    operation_id="market_access_stage_list",
    summary="Các giai đoạn (dữ liệu tham chiếu)",
)
def stages_list(request: HttpRequest) -> QuerySet[Stage]:
    return Stage.objects.all()


@router.get(
    "/market-access/{int:dossier_id}",
    response={200: DossierOut, **ERRORS},
    operation_id="market_access_dossier_get",
)
def dossiers_get(request: HttpRequest, response: HttpResponse, dossier_id: int) -> dict[str, Any]:
    body = _detail(api_user(request), dossier_id)
    response["ETag"] = f'"{body["version"]}"'
    return body


@router.patch(
    "/market-access/{int:dossier_id}",
    **versioned(DossierOut, conflict=False),
    operation_id="market_access_dossier_update",
    summary="Sửa hồ sơ: chỉ các trường gửi lên (If-Match: phiên bản)",
)
def dossiers_update(request: HttpRequest, dossier_id: int, payload: DossierPatch) -> dict[str, Any]:
    user = api_user(request)
    sent = payload.model_dump(exclude_unset=True)

    def act(version: int) -> None:
        current = selectors.dossier_get(user=user, pk=dossier_id)
        changes: dict[str, Any] = {
            k: (tuple(v) if isinstance(v, list) else v) for k, v in sent.items() if v is not None
        }
        if "next_step_due" in sent:  # null clears the due date
            changes["next_step_due"] = sent["next_step_due"]
        data = dataclasses.replace(services.dossier_input_of(current), **changes)
        services.dossier_update(actor=user, dossier_id=dossier_id, expected_version=version, data=data)

    return act_then_read(request, read=lambda: _detail(user, dossier_id), act=act)


@router.get(
    "/market-access/{int:dossier_id}/steps",
    response={200: list[StepOut], **ERRORS},
    operation_id="market_access_step_list",
)
def steps_list(request: HttpRequest, dossier_id: int) -> list[dict[str, Any]]:
    dossier = selectors.dossier_get(user=api_user(request), pk=dossier_id)
    return [_step(s) for s in selectors.dossier_steps(dossier)]


@router.post(
    "/market-access/{int:dossier_id}/steps",
    **versioned(DossierOut, conflict=False),
    operation_id="market_access_step_create",
    summary="Thêm bước: hồ sơ chuyển sang giai đoạn của bước (If-Match: phiên bản của hồ sơ)",
)
def steps_create(request: HttpRequest, dossier_id: int, payload: StepIn) -> dict[str, Any]:
    user = api_user(request)
    data = input_from(services.StepInput, payload.model_dump())
    return act_then_read(
        request,
        read=lambda: _detail(user, dossier_id),
        act=lambda version: services.step_add(
            actor=user, dossier_id=dossier_id, expected_version=version, data=data
        ),
    )


@router.post(
    "/market-access/{int:dossier_id}/steps/{int:step_id}/complete",
    **versioned(DossierOut, conflict=False),
    operation_id="market_access_step_complete",
    summary="Ghi ngày hoàn thành một bước (If-Match: phiên bản của hồ sơ)",
)
def steps_complete(
    request: HttpRequest, dossier_id: int, step_id: int, payload: StepCompleteIn
) -> dict[str, Any]:
    user = api_user(request)
    return act_then_read(
        request,
        read=lambda: _detail(user, dossier_id),
        act=lambda version: services.step_complete(
            actor=user,
            dossier_id=dossier_id,
            step_id=step_id,
            expected_version=version,
            completed_on=payload.completed_on,
            note=payload.note,
        ),
    )
