"""`/api/v1/overseas-vietnamese/…`: associations, notable people, programmes and investments — list (the usual
shape: pages, the list's filters as query parameters), detail (ETag), create, PATCH (If-Match)."""

from typing import Any

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
from ngoaivu.overseas import selectors, services
from ngoaivu.overseas.filters import AssociationFilters, InvestmentFilters, PersonFilters, ProgrammeFilters
from ngoaivu.overseas.models import OverseasAssociation, OverseasInvestment, OverseasPerson, OverseasProgramme
from ngoaivu.overseas.schemas import (
    NULLABLE,
    OverseasAssociationIn,
    OverseasAssociationListOut,
    OverseasAssociationOut,
    OverseasAssociationPatch,
    OverseasInvestmentIn,
    OverseasInvestmentListOut,
    OverseasInvestmentOut,
    OverseasInvestmentPatch,
    OverseasPersonIn,
    OverseasPersonListOut,
    OverseasPersonOut,
    OverseasPersonPatch,
    OverseasProgrammeIn,
    OverseasProgrammeListOut,
    OverseasProgrammeOut,
    OverseasProgrammePatch,
    service_fields,
)

router = Router(tags=["overseas"])
BASE = "/overseas-vietnamese"


def _changes(payload: Any) -> dict[str, Any]:
    sent = payload.model_dump(exclude_unset=True)
    return service_fields({k: v for k, v in sent.items() if v is not None or k in NULLABLE})


def _with_contact(request: HttpRequest, record: Any, user: Any, personal: bool) -> Any:
    """Contact details masked unless `personal` is asked by someone who may see them (the read is logged)."""
    if personal:
        services.personal_data_read(user=user, record=record, path=request.get_full_path())
    record.contact_view = selectors.contact_of(record, unmasked=personal)
    return record


def _etag(response: HttpResponse, record: Any) -> Any:
    response["ETag"] = f'"{record.version}"'
    return record


# --- associations ---------------------------------------------------------------------------------------------


@router.get(
    f"{BASE}/associations",
    response={200: list[OverseasAssociationListOut], **ERRORS},
    operation_id="overseas_association_list",
    summary="Hội đoàn người Việt Nam ở nước ngoài",
)
@paginate(BoundedPageNumberPagination)
def association_list(
    request: HttpRequest, filters: Query[AssociationFilters]
) -> QuerySet[OverseasAssociation]:
    return selectors.association_list(user=api_user(request), filters=filters)


@router.post(
    f"{BASE}/associations",
    response={201: OverseasAssociationOut, **ERRORS},
    operation_id="overseas_association_create",
    summary="Thêm hội đoàn",
)
def association_create(request: HttpRequest, payload: OverseasAssociationIn) -> Status[Any]:
    user = api_user(request)
    data = input_from(services.AssociationInput, service_fields(payload.model_dump()))
    made = services.association_create(actor=user, data=data)
    return Status(201, _with_contact(request, selectors.association_get(user=user, pk=made.pk), user, False))


@router.get(
    f"{BASE}/associations/{{int:association_id}}",
    response={200: OverseasAssociationOut, **ERRORS},
    operation_id="overseas_association_get",
    summary="Một hội đoàn (liên hệ che trừ khi personal=1, được ghi nhật ký)",
)
def association_get(
    request: HttpRequest, response: HttpResponse, association_id: int, personal: bool = False
) -> Any:
    user = api_user(request)
    record = selectors.association_get(user=user, pk=association_id)
    return _etag(response, _with_contact(request, record, user, personal))


@router.patch(
    f"{BASE}/associations/{{int:association_id}}",
    **versioned(OverseasAssociationOut, conflict=False),
    operation_id="overseas_association_update",
    summary="Sửa hội đoàn: chỉ các trường gửi lên (If-Match: phiên bản)",
)
def association_update(request: HttpRequest, association_id: int, payload: OverseasAssociationPatch) -> Any:
    user = api_user(request)
    changes = _changes(payload)

    def act(version: int) -> object:
        record = selectors.association_get(user=user, pk=association_id, action=Action.CHANGE)
        data = services.with_changes(services.association_input_of(record), changes)
        return services.association_update(
            actor=user, association_id=record.pk, expected_version=version, data=data
        )

    def read() -> Any:
        return _with_contact(request, selectors.association_get(user=user, pk=association_id), user, False)

    return act_then_read(request, read=read, act=act)


# --- people ---------------------------------------------------------------------------------------------------


@router.get(
    f"{BASE}/people",
    response={200: list[OverseasPersonListOut], **ERRORS},
    operation_id="overseas_person_list",
    summary="Kiều bào tiêu biểu",
)
@paginate(BoundedPageNumberPagination)
def person_list(request: HttpRequest, filters: Query[PersonFilters]) -> QuerySet[OverseasPerson]:
    return selectors.person_list(user=api_user(request), filters=filters)


@router.post(
    f"{BASE}/people",
    response={201: OverseasPersonOut, **ERRORS},
    operation_id="overseas_person_create",
    summary="Thêm kiều bào tiêu biểu",
)
def person_create(request: HttpRequest, payload: OverseasPersonIn) -> Status[Any]:
    user = api_user(request)
    data = input_from(services.PersonInput, service_fields(payload.model_dump()))
    made = services.person_create(actor=user, data=data)
    return Status(201, _with_contact(request, selectors.person_get(user=user, pk=made.pk), user, False))


@router.get(
    f"{BASE}/people/{{int:person_id}}",
    response={200: OverseasPersonOut, **ERRORS},
    operation_id="overseas_person_get",
    summary="Một kiều bào (liên hệ che trừ khi personal=1, được ghi nhật ký)",
)
def person_get(request: HttpRequest, response: HttpResponse, person_id: int, personal: bool = False) -> Any:
    user = api_user(request)
    record = selectors.person_get(user=user, pk=person_id)
    return _etag(response, _with_contact(request, record, user, personal))


@router.patch(
    f"{BASE}/people/{{int:person_id}}",
    **versioned(OverseasPersonOut, conflict=False),
    operation_id="overseas_person_update",
    summary="Sửa thông tin kiều bào: chỉ các trường gửi lên (If-Match: phiên bản)",
)
def person_update(request: HttpRequest, person_id: int, payload: OverseasPersonPatch) -> Any:
    user = api_user(request)
    changes = _changes(payload)

    def act(version: int) -> object:
        record = selectors.person_get(user=user, pk=person_id, action=Action.CHANGE)
        data = services.with_changes(services.person_input_of(record), changes)
        return services.person_update(actor=user, person_id=record.pk, expected_version=version, data=data)

    def read() -> Any:
        return _with_contact(request, selectors.person_get(user=user, pk=person_id), user, False)

    return act_then_read(request, read=read, act=act)


# --- programmes -----------------------------------------------------------------------------------------------


@router.get(
    f"{BASE}/programmes",
    response={200: list[OverseasProgrammeListOut], **ERRORS},
    operation_id="overseas_programme_list",
    summary="Chương trình, sự kiện với kiều bào",
)
@paginate(BoundedPageNumberPagination)
def programme_list(request: HttpRequest, filters: Query[ProgrammeFilters]) -> QuerySet[OverseasProgramme]:
    return selectors.programme_list(user=api_user(request), filters=filters)


@router.post(
    f"{BASE}/programmes",
    response={201: OverseasProgrammeOut, **ERRORS},
    operation_id="overseas_programme_create",
    summary="Thêm chương trình với kiều bào",
)
def programme_create(request: HttpRequest, payload: OverseasProgrammeIn) -> Status[OverseasProgramme]:
    user = api_user(request)
    data = input_from(services.ProgrammeInput, service_fields(payload.model_dump()))
    made = services.programme_create(actor=user, data=data)
    return Status(201, selectors.programme_get(user=user, pk=made.pk))


@router.get(
    f"{BASE}/programmes/{{int:programme_id}}",
    response={200: OverseasProgrammeOut, **ERRORS},
    operation_id="overseas_programme_get",
)
def programme_get(request: HttpRequest, response: HttpResponse, programme_id: int) -> Any:
    return _etag(response, selectors.programme_get(user=api_user(request), pk=programme_id))


@router.patch(
    f"{BASE}/programmes/{{int:programme_id}}",
    **versioned(OverseasProgrammeOut, conflict=False),
    operation_id="overseas_programme_update",
    summary="Sửa chương trình: chỉ các trường gửi lên (If-Match: phiên bản)",
)
def programme_update(request: HttpRequest, programme_id: int, payload: OverseasProgrammePatch) -> Any:
    user = api_user(request)
    changes = _changes(payload)

    def act(version: int) -> object:
        record = selectors.programme_get(user=user, pk=programme_id, action=Action.CHANGE)
        data = services.with_changes(services.programme_input_of(record), changes)
        return services.programme_update(
            actor=user, programme_id=record.pk, expected_version=version, data=data
        )

    return act_then_read(request, read=lambda: selectors.programme_get(user=user, pk=programme_id), act=act)


# --- investments ----------------------------------------------------------------------------------------------


def _investment(user: Any, pk: int) -> OverseasInvestment:
    record = selectors.investment_get(user=user, pk=pk)
    record.visible_association = selectors.linked_association(user, record)  # type: ignore[attr-defined]
    record.visible_person = selectors.linked_person(user, record)  # type: ignore[attr-defined]
    return record


@router.get(
    f"{BASE}/investments",
    response={200: list[OverseasInvestmentListOut], **ERRORS},
    operation_id="overseas_investment_list",
    summary="Dự án đầu tư của kiều bào tại các tỉnh",
)
@paginate(BoundedPageNumberPagination)
def investment_list(request: HttpRequest, filters: Query[InvestmentFilters]) -> QuerySet[OverseasInvestment]:
    return selectors.investment_list(user=api_user(request), filters=filters)


@router.post(
    f"{BASE}/investments",
    response={201: OverseasInvestmentOut, **ERRORS},
    operation_id="overseas_investment_create",
    summary="Thêm dự án đầu tư của kiều bào (tỉnh)",
)
def investment_create(request: HttpRequest, payload: OverseasInvestmentIn) -> Status[OverseasInvestment]:
    user = api_user(request)
    data = input_from(services.InvestmentInput, service_fields(payload.model_dump()))
    made = services.investment_create(actor=user, data=data)
    return Status(201, _investment(user, made.pk))


@router.get(
    f"{BASE}/investments/{{int:investment_id}}",
    response={200: OverseasInvestmentOut, **ERRORS},
    operation_id="overseas_investment_get",
)
def investment_get(request: HttpRequest, response: HttpResponse, investment_id: int) -> Any:
    return _etag(response, _investment(api_user(request), investment_id))


@router.patch(
    f"{BASE}/investments/{{int:investment_id}}",
    **versioned(OverseasInvestmentOut, conflict=False),
    operation_id="overseas_investment_update",
    summary="Sửa dự án đầu tư: chỉ các trường gửi lên (If-Match: phiên bản)",
)
def investment_update(request: HttpRequest, investment_id: int, payload: OverseasInvestmentPatch) -> Any:
    user = api_user(request)
    changes = _changes(payload)

    def act(version: int) -> object:
        record = selectors.investment_get(user=user, pk=investment_id, action=Action.CHANGE)
        data = services.with_changes(services.investment_input_of(record), changes)
        return services.investment_update(
            actor=user, investment_id=record.pk, expected_version=version, data=data
        )

    return act_then_read(request, read=lambda: _investment(user, investment_id), act=act)
