"""`/api/v1/aid-projects`: foreign NGO aid projects (list, detail, create, PATCH) and their yearly figures."""

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Status
from ninja.pagination import paginate

from ngoaivu.accounts.web import api_user
from ngoaivu.aid import selectors, services
from ngoaivu.aid.filters import AidProjectFilters
from ngoaivu.aid.models import AidProject, AidYear
from ngoaivu.aid.schemas import (
    AidProjectIn,
    AidProjectListOut,
    AidProjectOut,
    AidProjectPatch,
    AidSummaryOut,
    AidYearIn,
    AidYearOut,
    AidYearsIn,
)
from ngoaivu.core.inputs import input_from
from ngoaivu.core.lists import BoundedPageNumberPagination
from ngoaivu.core.problems import act_then_read
from ngoaivu.core.schemas import ERRORS, versioned

router = Router(tags=["aid"])


def _years(rows: list[AidYearIn]) -> tuple[services.YearInput, ...]:
    return tuple(services.YearInput(year=r.year, planned=r.planned, actual=r.actual) for r in rows)


def _input(data: dict[str, Any]) -> services.ProjectInput:
    return input_from(
        services.ProjectInput,
        data,
        ngo_id=data["ngo_id"],
        fields=tuple(data.get("fields") or ()),
        provinces=tuple(data.get("provinces") or ()),
    )


def _tagged(response: HttpResponse, project: AidProject) -> AidProject:
    response["ETag"] = f'"{project.version}"'
    return project


@router.get(
    "/aid-projects",
    response={200: list[AidProjectListOut], **ERRORS},
    operation_id="aid_project_list",
    summary="Dự án viện trợ phi chính phủ nước ngoài",
)
@paginate(BoundedPageNumberPagination)
def projects_list(request: HttpRequest, filters: Query[AidProjectFilters]) -> QuerySet[AidProject]:
    return selectors.project_list(user=api_user(request), filters=filters)


@router.post(
    "/aid-projects",
    response={201: AidProjectOut, **ERRORS},
    operation_id="aid_project_create",
    summary="Ghi dự án viện trợ PCPNN (tỉnh), kèm kế hoạch và thực tế giải ngân theo năm",
)
def projects_create(
    request: HttpRequest, response: HttpResponse, payload: AidProjectIn
) -> Status[AidProject]:
    user = api_user(request)
    data = payload.model_dump()
    data["ngo_id"] = data.pop("ngo")
    project = services.project_create(actor=user, data=_input(data), years=_years(payload.years))
    return Status(201, _tagged(response, selectors.project_get(user=user, pk=project.pk)))


@router.get(
    "/aid-projects/summary",
    response={200: AidSummaryOut, **ERRORS},
    operation_id="aid_summary_get",
    summary="Kế hoạch và thực tế giải ngân theo năm và theo nhà tài trợ (cùng bộ lọc với danh sách)",
)
def projects_summary(request: HttpRequest, filters: Query[AidProjectFilters]) -> dict[str, Any]:
    user = api_user(request)
    return {
        "by_year": selectors.summary_by_year(user=user, filters=filters),
        "by_donor": selectors.summary_by_donor(user=user, filters=filters),
    }


@router.get(
    "/aid-projects/{int:project_id}",
    response={200: AidProjectOut, **ERRORS},
    operation_id="aid_project_get",
)
def projects_get(request: HttpRequest, response: HttpResponse, project_id: int) -> AidProject:
    return _tagged(response, selectors.project_get(user=api_user(request), pk=project_id))


@router.patch(
    "/aid-projects/{int:project_id}",
    **versioned(AidProjectOut, conflict=False),
    operation_id="aid_project_update",
    summary="Sửa dự án: chỉ các trường gửi lên (If-Match: phiên bản)",
)
def projects_update(request: HttpRequest, project_id: int, payload: AidProjectPatch) -> AidProject:
    user = api_user(request)

    def act(version: int) -> object:
        current = selectors.project_values(selectors.project_get(user=user, pk=project_id))
        changes = payload.model_dump(exclude_unset=True)
        if "ngo" in changes:
            changes["ngo_id"] = changes.pop("ngo")
            changes.setdefault("country", "")  # another NGO: its country, unless one is sent
        for key in ("title", "ngo_id", "commitment", "currency", "status"):
            if key in changes and changes[key] is None:  # required fields: null means "unchanged"
                changes.pop(key)
        for key, value in list(changes.items()):
            if value is None and isinstance(current.get(key), str):
                changes[key] = ""
        return services.project_update(
            actor=user, project_id=project_id, expected_version=version, data=_input({**current, **changes})
        )

    return act_then_read(request, read=lambda: selectors.project_get(user=user, pk=project_id), act=act)


@router.get(
    "/aid-projects/{int:project_id}/years",
    response={200: list[AidYearOut], **ERRORS},
    operation_id="aid_project_years_get",
)
def years_get(request: HttpRequest, project_id: int) -> list[AidYear]:
    return list(selectors.project_get(user=api_user(request), pk=project_id).years.all())


@router.put(
    "/aid-projects/{int:project_id}/years",
    **versioned(list[AidYearOut], conflict=False),
    operation_id="aid_project_years_update",
    summary="Thay bảng kế hoạch / thực tế giải ngân theo năm (If-Match: phiên bản của dự án)",
)
def years_update(
    request: HttpRequest, response: HttpResponse, project_id: int, payload: AidYearsIn
) -> list[AidYear]:
    user = api_user(request)
    project = act_then_read(
        request,
        read=lambda: selectors.project_get(user=user, pk=project_id),
        act=lambda version: services.years_set(
            actor=user, project_id=project_id, expected_version=version, rows=list(_years(payload.years))
        ),
    )
    _tagged(response, project)  # the project's new version, for the next If-Match
    return list(project.years.all())
