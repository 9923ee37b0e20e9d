"""`/api/v1/ftas`: Viet Nam's free-trade agreements (reference data, read by any signed-in user)."""

import datetime as dt
from typing import Any

from django.http import HttpRequest, JsonResponse
from ninja import Query, Router, Schema
from ninja.pagination import paginate

from ngoaivu.core.lists import BoundedPageNumberPagination, Mapped
from ngoaivu.core.problems import problem_response
from ngoaivu.core.schemas import ERRORS
from ngoaivu.directory import ftas
from ngoaivu.directory.models import FreeTradeAgreement

router = Router(tags=["directory"])


class FtaCommitmentOut(Schema):
    position: int
    topic_vi: str
    topic_en: str
    note_vi: str
    note_en: str
    source: str


class FtaListOut(Schema):
    id: int
    short_name: str
    name_vi: str
    name_en: str
    status: str
    members: list[str]
    signed_on: dt.date | None
    in_force_on: dt.date | None
    source: str
    reviewed_on: dt.date | None


class FtaOut(FtaListOut):
    summary_vi: str
    summary_en: str
    commitments: list[FtaCommitmentOut]


def _row(f: FreeTradeAgreement) -> dict[str, Any]:
    return {
        "id": f.pk,
        "short_name": f.short_name,
        "name_vi": f.name_vi,
        "name_en": f.name_en,
        "status": f.status,
        "members": [c.iso2 for c in f.members.all()],
        "signed_on": f.signed_on,
        "in_force_on": f.in_force_on,
        "source": f.source,
        "reviewed_on": f.reviewed_on,
    }


@router.get(
    "/ftas",
    response={200: list[FtaListOut], **ERRORS},
    operation_id="directory_fta_list",
    summary="Hiệp định thương mại tự do của Việt Nam (lọc theo country, status)",
)
@paginate(BoundedPageNumberPagination)
def fta_list(request: HttpRequest, filters: Query[ftas.FtaFilters]) -> Mapped:
    return Mapped(ftas.fta_list(filters=filters), _row)


@router.get(
    "/ftas/{key}",
    response={200: FtaOut, **ERRORS},
    operation_id="directory_fta_get",
    summary="Một hiệp định, theo tên viết tắt hoặc id, với các cam kết chính",
)
def fta_get(request: HttpRequest, key: str) -> dict[str, Any] | JsonResponse:
    fta = ftas.fta_get(key=key[:40])
    if fta is None:
        return problem_response(
            request, 404, "not_found", "Không tìm thấy hiệp định có tên viết tắt hoặc id này."
        )
    return {
        **_row(fta),
        "summary_vi": fta.summary_vi,
        "summary_en": fta.summary_en,
        "commitments": [
            {
                "position": c.position,
                "topic_vi": c.topic_vi,
                "topic_en": c.topic_en,
                "note_vi": c.note_vi,
                "note_en": c.note_en,
                "source": c.source,
            }
            for c in fta.commitments.all()
        ],
    }
