from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router

from ngoaivu.accounts.web import api_user
from ngoaivu.core.schemas import Problem
from ngoaivu.search import selectors
from ngoaivu.search.schemas import SearchOut, SearchParams

router = Router(tags=["search"])


@router.get(
    "/search",
    response={200: SearchOut, 400: Problem, 401: Problem, 403: Problem, 422: Problem},
    operation_id="search_records",
    summary="Tìm kiếm mọi loại bản ghi, có dấu hoặc không dấu",
)
def search_records(request: HttpRequest, params: Query[SearchParams]) -> Any:
    user = api_user(request)
    filters = selectors.filters_from(params)
    single = bool(filters.kind)
    query, groups = selectors.search(
        user,
        params.q,
        filters,
        offset=(params.page - 1) * params.page_size if single else 0,
        limit=params.page_size if single else None,
    )
    return {
        "query": query.raw,
        "total": sum(g.count for g in groups),
        "groups": [
            {
                "kind": g.kind,
                "label": g.label,
                "count": g.count,
                "count_capped": g.capped,
                "hits": [
                    {
                        "kind": h.kind,
                        "id": h.id,
                        "title": str(h.title),
                        "snippet": str(h.snippet),
                        "url": h.url,
                        "date": h.on,
                        "via_former": h.via_former,
                    }
                    for h in g.hits
                ],
            }
            for g in groups
        ],
    }
