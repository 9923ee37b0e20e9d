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
from ngoaivu.press import personal, selectors, services
from ngoaivu.press.filters import PressVisitFilters
from ngoaivu.press.models import Article, PressVisit
from ngoaivu.press.schemas import (
    NULLABLE,
    AnswerIn,
    ArticleIn,
    ArticleOut,
    PressVisitIn,
    PressVisitListOut,
    PressVisitOut,
    PressVisitPatch,
    ReporterListOut,
    ReportersIn,
    TransitionIn,
    service_fields,
)

router = Router(tags=["press"])


@router.get(
    "/press-visits",
    response={200: list[PressVisitListOut], **ERRORS},
    operation_id="press_visit_list",
    summary="Đoàn phóng viên nước ngoài đến tỉnh",
)
@paginate(BoundedPageNumberPagination)
def visits_list(request: HttpRequest, filters: Query[PressVisitFilters]) -> QuerySet[PressVisit]:
    return selectors.visit_list(user=api_user(request), filters=filters)


@router.post(
    "/press-visits",
    response={201: PressVisitOut, **ERRORS},
    operation_id="press_visit_create",
    summary="Ghi nhận hồ sơ đoàn phóng viên nước ngoài (tỉnh đón)",
)
def visits_create(request: HttpRequest, payload: PressVisitIn) -> Status[PressVisit]:
    user = api_user(request)
    data = input_from(services.VisitInput, service_fields(payload.model_dump()))
    visit = services.visit_create(actor=user, data=data)
    return Status(201, selectors.visit_get(user=user, pk=visit.pk))


@router.get(
    "/press-visits/{int:visit_id}",
    response={200: PressVisitOut, **ERRORS},
    operation_id="press_visit_get",
)
def visits_get(request: HttpRequest, response: HttpResponse, visit_id: int) -> PressVisit:
    visit = selectors.visit_get(user=api_user(request), pk=visit_id)
    response["ETag"] = f'"{visit.version}"'
    return visit


@router.patch(
    "/press-visits/{int:visit_id}",
    **versioned(PressVisitOut, conflict=False),
    operation_id="press_visit_update",
    summary="Sửa đoàn: chỉ các trường gửi lên (If-Match: phiên bản)",
)
def visits_update(request: HttpRequest, visit_id: int, payload: PressVisitPatch) -> PressVisit:
    user = api_user(request)
    sent = payload.model_dump(exclude_unset=True)
    changes = service_fields({k: v for k, v in sent.items() if v is not None or k in NULLABLE})

    def act(version: int) -> object:
        visit = selectors.visit_get(user=user, pk=visit_id, action=Action.CHANGE)
        data = services.with_changes(services.input_of(visit), changes)
        return services.visit_update(actor=user, visit_id=visit.pk, expected_version=version, data=data)

    return act_then_read(request, read=lambda: selectors.visit_get(user=user, pk=visit_id), act=act)


@router.post(
    "/press-visits/{int:visit_id}/answer",
    **versioned(PressVisitOut),
    operation_id="press_visit_answer",
    summary="Trả lời đề nghị (lãnh đạo tỉnh, không phải người ghi nhận hồ sơ; If-Match)",
)
def visits_answer(request: HttpRequest, visit_id: int, payload: AnswerIn) -> PressVisit:
    user = api_user(request)
    return act_then_read(
        request,
        read=lambda: selectors.visit_get(user=user, pk=visit_id),
        act=lambda version: services.visit_answer(
            actor=user, visit_id=visit_id, expected_version=version, **payload.model_dump()
        ),
    )


def _transition(action: str, summary: str) -> None:
    @router.post(
        f"/press-visits/{{int:visit_id}}/{action}",
        **versioned(PressVisitOut),
        operation_id=f"press_visit_{action}",
        summary=summary,
    )
    def run(request: HttpRequest, visit_id: int, payload: TransitionIn) -> PressVisit:
        user = api_user(request)
        return act_then_read(
            request,
            read=lambda: selectors.visit_get(user=user, pk=visit_id),
            act=lambda version: services.visit_transition(
                actor=user, visit_id=visit_id, expected_version=version, action=action, note=payload.note
            ),
        )

    run.__name__ = f"visits_{action}"


_transition("start", "Bắt đầu tác nghiệp (If-Match)")
_transition("finish", "Kết thúc tác nghiệp (If-Match)")
_transition("report", "Đã báo cáo kết quả (If-Match)")
_transition("cancel", "Hủy đoàn, ghi lý do (If-Match)")


@router.get(
    "/press-visits/{int:visit_id}/reporters",
    response={200: ReporterListOut, **ERRORS},
    operation_id="press_reporter_list",
    summary="Phóng viên của đoàn: dữ liệu cá nhân che mặc định; unmask=true (nếu có quyền) được ghi nhật ký",
)
def reporters_list(request: HttpRequest, visit_id: int, unmask: bool = False) -> dict[str, object]:
    user = api_user(request)
    visit = selectors.visit_get(user=user, pk=visit_id)
    show = unmask and personal.may_see_personal_data(user, visit)
    if show:
        personal.personal_data_read(user=user, visit=visit, path=request.get_full_path(), purpose="api")
    views = personal.reporter_views(user=user, visit=visit, unmasked=show)
    return {"masked": not show, "reporters": [_reporter_out(v) for v in views]}


def _reporter_out(v: personal.ReporterView) -> dict[str, object]:
    r = v.reporter
    return {
        "id": r.pk,
        "full_name": r.full_name,
        "role": r.role,
        "nationality": r.nationality.iso2 if r.nationality_id and r.nationality else None,
        "passport_number": v.passport_number,
        "birth_date": v.birth_date,
        "masked": v.masked,
        "anonymised": r.anonymised_on is not None,
    }


@router.post(
    "/press-visits/{int:visit_id}/reporters",
    response={201: ReporterListOut, **ERRORS},
    operation_id="press_reporter_create",
    summary="Thêm phóng viên (cả danh sách hoặc không gì cả)",
)
def reporters_create(request: HttpRequest, visit_id: int, payload: ReportersIn) -> Status[dict[str, object]]:
    user = api_user(request)
    rows = [personal.ReporterInput(**r.model_dump()) for r in payload.reporters]
    personal.reporters_add(actor=user, visit_id=visit_id, rows=rows, source="api")
    visit = selectors.visit_get(user=user, pk=visit_id)
    views = personal.reporter_views(user=user, visit=visit, unmasked=False)
    return Status(201, {"masked": True, "reporters": [_reporter_out(v) for v in views]})


@router.post(
    "/press-visits/{int:visit_id}/articles",
    response={201: ArticleOut, **ERRORS},
    operation_id="press_article_create",
    summary="Thêm bài viết sau chuyến tác nghiệp (đường dẫn http/https)",
)
def articles_create(request: HttpRequest, visit_id: int, payload: ArticleIn) -> Status[Article]:
    article = services.article_add(
        actor=api_user(request), visit_id=visit_id, data=services.ArticleInput(**payload.model_dump())
    )
    return Status(201, article)
