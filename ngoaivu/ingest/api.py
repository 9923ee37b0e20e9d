from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.pagination import paginate

from ngoaivu.accounts.web import api_user
from ngoaivu.core.inputs import input_from
from ngoaivu.core.lists import BoundedPageNumberPagination
from ngoaivu.core.problems import problem_response
from ngoaivu.core.schemas import ERRORS, Problem
from ngoaivu.ingest import selectors, services
from ngoaivu.ingest.filters import DocumentFilters
from ngoaivu.ingest.models import Document
from ngoaivu.ingest.schemas import DocumentIn, DocumentOut, DocumentRow, EntityDecisionIn

router = Router(tags=["documents"])


@router.get("/documents", response={200: list[DocumentRow], **ERRORS}, operation_id="ingest_documents_list")
@paginate(BoundedPageNumberPagination)
def documents_list(request: HttpRequest, filters: Query[DocumentFilters]) -> Any:
    return selectors.document_list(user=api_user(request), filters=filters)


@router.post(
    "/documents",
    response={201: DocumentOut, 409: Problem, 413: Problem, **ERRORS},
    operation_id="ingest_documents_create",
)
def documents_create(request: HttpRequest, payload: DocumentIn) -> Status[Document] | JsonResponse:
    data = input_from(services.DocumentInput, payload.model_dump())
    try:
        document = services.document_create(actor=api_user(request), data=data)
    except services.DuplicateDocument as exc:
        return problem_response(request, 409, "duplicate", _("Tài liệu trùng"), exc.message)
    except services.TextTooLong as exc:
        errors = [{"field": f, "message": str(m)} for f, msgs in exc.errors.items() for m in msgs]
        return problem_response(request, 413, "too_large", _("Nội dung quá dài"), exc.message, errors)
    return Status(201, document)


@router.get(
    "/documents/{int:document_id}", response={200: DocumentOut, **ERRORS}, operation_id="ingest_document_get"
)
def document_get(request: HttpRequest, response: HttpResponse, document_id: int) -> Document:
    document = selectors.document_get(user=api_user(request), document_id=document_id)
    response["ETag"] = f'"{document.version}"'
    return document


@router.post(
    "/documents/{int:document_id}/entities",
    response={200: DocumentOut, **ERRORS},
    operation_id="ingest_document_entities_decide",
    summary="Xác nhận hoặc bỏ các liên kết được đề xuất từ nội dung",
)
def document_entities(request: HttpRequest, document_id: int, payload: EntityDecisionIn) -> Document:
    return services.entities_decide(
        actor=api_user(request), document_id=document_id, confirm=payload.confirm, reject=payload.reject
    )
