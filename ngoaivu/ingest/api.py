from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.pagination import paginate

from ngoaivu.core.lists import BoundedPageNumberPagination
from ngoaivu.core.problems import api_user, problem_response
from ngoaivu.core.schemas import Problem
from ngoaivu.ingest import selectors, services
from ngoaivu.ingest.filters import DocumentFilters
from ngoaivu.ingest.models import Document
from ngoaivu.ingest.schemas import DocumentIn, DocumentOut, DocumentRow, EntityDecisionIn

router = Router(tags=["documents"])
ERRORS: dict[int, Any] = {400: Problem, 401: Problem, 403: Problem, 404: Problem, 422: Problem}


def document_out(d: Document, user: Any) -> dict[str, Any]:
    """Linked records are listed only when the reader may see them (a shared document can link to a private
    agreement of its province)."""

    def linked(name: str) -> list[int]:
        return list(selectors.linked(user=user, document=d, name=name).values_list("pk", flat=True))

    return {
        "id": d.pk,
        "title": d.title,
        "kind": d.kind,
        "source": d.source,
        "published_on": d.published_on,
        "number": d.number,
        "visibility": d.visibility,
        "version": d.version,
        "issuer": d.issuer,
        "summary": d.summary,
        "text": d.text,
        "provinces": [p.code for p in d.provinces.all()],
        "countries": [c.iso2 for c in d.countries.all()],
        "partners": linked("partners"),
        "agreements": linked("agreements"),
        "requests": linked("requests"),
        "delegations": linked("delegations"),
        "entities": [
            {
                "id": e.pk,
                "type": e.type,
                "text": e.text,
                "start": e.start,
                "end": e.end,
                "norm": e.norm,
                "target": e.target,
                "status": e.status,
            }
            for e in d.entities.all()
        ],
        "versions": d.versions.count(),
    }


@router.get("/documents", response={200: list[DocumentRow], **ERRORS}, operation_id="ingest_documents_list")
@paginate(BoundedPageNumberPagination)
def documents_list(request: HttpRequest, filters: Query[DocumentFilters]) -> Any:
    return selectors.document_list(user=api_user(request), filters=filters)


@router.post(
    "/documents",
    response={201: DocumentOut, 409: Problem, 413: Problem, **ERRORS},
    operation_id="ingest_documents_create",
)
def documents_create(request: HttpRequest, payload: DocumentIn) -> Any:
    data = services.DocumentInput(**payload.dict())
    try:
        document = services.document_create(actor=api_user(request), data=data)
    except services.DuplicateDocument as exc:
        return problem_response(request, 409, "duplicate", _("Tài liệu trùng"), exc.message)
    except services.TextTooLong as exc:
        errors = [{"field": f, "message": str(m)} for f, msgs in exc.errors.items() for m in msgs]
        return problem_response(request, 413, "too_large", _("Nội dung quá dài"), exc.message, errors)
    return Status(201, document_out(document, api_user(request)))


@router.get(
    "/documents/{int:document_id}", response={200: DocumentOut, **ERRORS}, operation_id="ingest_document_get"
)
def document_get(request: HttpRequest, response: HttpResponse, document_id: int) -> Any:
    document = selectors.document_get(user=api_user(request), document_id=document_id)
    response["ETag"] = f'"{document.version}"'
    return document_out(document, api_user(request))


@router.post(
    "/documents/{int:document_id}/entities",
    response={200: DocumentOut, **ERRORS},
    operation_id="ingest_document_entities_decide",
    summary="Xác nhận hoặc bỏ các liên kết được đề xuất từ nội dung",
)
def document_entities(request: HttpRequest, document_id: int, payload: EntityDecisionIn) -> Any:
    document = services.entities_decide(
        actor=api_user(request), document_id=document_id, confirm=payload.confirm, reject=payload.reject
    )
    return document_out(document, api_user(request))
