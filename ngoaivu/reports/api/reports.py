from ninja import Router

router = Router(tags=["reports"])

# --- the national review's figures: GET /reports/national-review (helper F) ------------------------------------

import datetime as dt  # noqa: E402
from decimal import Decimal  # noqa: E402

from django.http import HttpRequest  # noqa: E402
from django.utils import timezone  # noqa: E402
from ninja import Field, Query, Schema  # noqa: E402

from ngoaivu.accounts import web as _web  # noqa: E402
from ngoaivu.core.schemas import ERRORS, IsoDate  # noqa: E402
from ngoaivu.reports import figures  # noqa: E402
from ngoaivu.reports.content import ReportContent  # noqa: E402
from ngoaivu.reports.periods import LAST_CONFERENCE  # noqa: E402

Cell = str | int | Decimal | dt.date | None


class ReviewFigureOut(Schema):
    key: str
    label: str
    value: int | Decimal | None = Field(
        description="null: không có nguồn số liệu (xem missing), không bao giờ là 0 bịa"
    )
    unit: str
    api_list: str = Field(description="danh sách API (đường dẫn và điều kiện lọc) cho ra đúng số này")
    list_url: str = Field(description="trang danh sách với cùng điều kiện lọc")
    source: str
    missing: str = Field(description="vì sao không có số liệu")


class ReviewTableOut(Schema):
    title: str
    columns: list[str]
    rows: list[list[Cell]]
    note: str


class ReviewSectionOut(Schema):
    key: str
    title: str
    figures: list[ReviewFigureOut]
    tables: list[ReviewTableOut]
    narrative: str = Field(description="dự thảo nhận định, cán bộ sửa trước khi xuất văn bản")
    bullets: list[str]


class ReviewPeriod(Schema):
    from_: IsoDate | None = Field(
        None, alias="from", description="từ ngày (mặc định 13/12/2021, Hội nghị lần 20)"
    )
    to: IsoDate | None = Field(None, description="đến ngày (mặc định hôm nay)")


class NationalReviewOut(Schema):
    title: str
    period_from: dt.date
    period_to: dt.date
    sections: list[ReviewSectionOut]


@router.get(
    "/reports/national-review",
    response={200: NationalReviewOut, **ERRORS},
    operation_id="reports_national_review_get",
    summary="Số liệu báo cáo tổng kết công tác đối ngoại địa phương (chỉ Bộ): mỗi số kèm danh sách API tái tạo "
    "được số đó",
)
def national_review(request: HttpRequest, period: Query[ReviewPeriod]) -> ReportContent:
    user = _web.api_user(request)
    start, end = period.from_ or LAST_CONFERENCE, period.to or timezone.localdate()
    return figures.build("national_review", actor=user, period_from=start, period_to=end)


# --- end of the national review (helper F) ---------------------------------------------------------------------

# --- the report builder: POST /reports (a job), GET /reports/{id} (its status), its file, the list (helper B) ----
# (the national review's figures, GET /reports/national-review, sit above this line)

import datetime as dt  # noqa: E402
from typing import Literal  # noqa: E402

from django.db.models import QuerySet  # noqa: E402
from django.http import FileResponse, HttpRequest, HttpResponse  # noqa: E402
from django.urls import reverse  # noqa: E402
from ninja import Field, Query, Schema, Status  # noqa: E402
from ninja.pagination import paginate  # noqa: E402

from ngoaivu.accounts.models import Organisation  # noqa: E402
from ngoaivu.accounts.web import api_user  # noqa: E402
from ngoaivu.audit import services as audit  # noqa: E402
from ngoaivu.audit.models import AccessEvent  # noqa: E402
from ngoaivu.core.exceptions import Forbidden, ServiceError, StateConflict  # noqa: E402
from ngoaivu.core.lists import BoundedPageNumberPagination  # noqa: E402
from ngoaivu.core.schemas import ERRORS, DbId, IsoDate, Line, Problem, Text  # noqa: E402
from ngoaivu.reports import services  # noqa: E402
from ngoaivu.reports.models import ReportRun  # noqa: E402
from ngoaivu.reports.selectors import runs as selectors  # noqa: E402


class ReportRunIn(Schema):
    kind: Literal["national_review", "province_periodic", "mission_support"]
    period_from: IsoDate = Field(alias="from", description="ngày đầu kỳ báo cáo (YYYY-MM-DD)")
    period_to: IsoDate = Field(alias="to", description="ngày cuối kỳ báo cáo (YYYY-MM-DD)")
    organisation: DbId | None = Field(
        None, description="tỉnh hoặc cơ quan đại diện được báo cáo (mã số đơn vị)"
    )
    province: str | None = Field(None, max_length=2, description="hoặc mã tỉnh hiện hành (báo cáo định kỳ)")
    format: Literal["docx", "pdf", "xlsx"] = "docx"
    narratives: dict[str, Text] = Field(
        default_factory=dict, description="nhận định theo mã mục (section key)"
    )
    proposals: Text = Field("", max_length=20000, description="kiến nghị (báo cáo của tỉnh)")
    signer_title: Text = Field("", max_length=200, description="thẩm quyền, chức vụ; mỗi dòng một dòng in")
    signer_name: Line = Field("", max_length=200)
    symbol: Line = Field(
        "",
        max_length=30,
        description="ký hiệu văn bản sau “Số: …/” (Nghị định 30/2020), vd. BC-UBND; trống: mặc định của loại báo cáo",
    )


class ReportRunOut(Schema):
    id: int
    kind: str
    period_from: dt.date
    period_to: dt.date
    period_label: str
    organisation: int | None = Field(None, alias="organisation_id")
    format: str
    status: str = Field(description="queued | running | done | failed")
    progress: int = Field(description="0–100")
    step: str
    error: str
    created_at: dt.datetime
    started_at: dt.datetime | None
    finished_at: dt.datetime | None
    document: int | None = Field(None, alias="document_id", description="tài liệu trong thư viện")
    document_version: int | None
    url: str = ""
    download_url: str | None = None

    @staticmethod
    def resolve_url(obj: ReportRun) -> str:
        return reverse("api:reports_run_get", kwargs={"run_id": obj.pk})

    @staticmethod
    def resolve_download_url(obj: ReportRun) -> str | None:
        if obj.status != ReportRun.Status.DONE or not obj.file:
            return None
        return reverse("api:reports_run_file", kwargs={"run_id": obj.pk})


def _organisation_id(payload: ReportRunIn) -> int | None:
    if payload.organisation is not None or not payload.province:
        return payload.organisation
    org = Organisation.objects.filter(
        kind=Organisation.Kind.PROVINCE, province_code=payload.province, is_active=True
    ).first()
    if org is None:
        raise ServiceError("Không có tỉnh mang mã này.", {"province": ["Không có tỉnh mang mã này."]})
    return org.pk


@router.post(
    "/reports",
    response={202: ReportRunOut, **ERRORS},
    operation_id="reports_run_create",
    summary="Lập báo cáo (Word theo Nghị định 30/2020, PDF hoặc Excel): trả về mã công việc; máy chủ soạn nền",
)
def run_create(request: HttpRequest, response: HttpResponse, payload: ReportRunIn) -> Status[ReportRun]:
    user = api_user(request)
    if payload.province and payload.kind not in {k for k, _label in selectors.kinds_for(user)}:
        raise Forbidden()  # the kind first: a province code is no answer to a report the user may not build
    data = services.RunInput(
        kind=payload.kind,
        period_from=payload.period_from,
        period_to=payload.period_to,
        format=payload.format,
        organisation_id=_organisation_id(payload),
        narratives=dict(payload.narratives),
        proposals=payload.proposals,
        signer_title=payload.signer_title,
        signer_name=payload.signer_name,
        symbol=payload.symbol,
    )
    run = services.report_run_create(actor=user, data=data)
    response["Location"] = reverse("api:reports_run_get", kwargs={"run_id": run.pk})
    return Status(202, selectors.run_get(user=user, pk=run.pk))


@router.get(
    "/reports",
    response={200: list[ReportRunOut], **ERRORS},
    operation_id="reports_run_list",
    summary="Các lần lập báo cáo (của đơn vị; Bộ: tất cả)",
)
@paginate(BoundedPageNumberPagination)
def run_list(request: HttpRequest, filters: Query[selectors.RunFilters]) -> QuerySet[ReportRun]:
    return selectors.run_list(user=api_user(request), filters=filters)


@router.get(
    "/reports/{int:run_id}",
    response={200: ReportRunOut, **ERRORS},
    operation_id="reports_run_get",
    url_name="reports_run_get",
    summary="Trạng thái, tiến độ và (khi xong) địa chỉ tải báo cáo",
)
def run_get(request: HttpRequest, run_id: int) -> ReportRun:
    return selectors.run_get(user=api_user(request), pk=run_id)


@router.get(
    "/reports/{int:run_id}/file",
    response={200: None, 409: Problem, **ERRORS},
    operation_id="reports_run_file",
    url_name="reports_run_file",
    summary="Tải báo cáo đã lập (.docx, .pdf hoặc .xlsx)",
)
def run_file(request: HttpRequest, run_id: int) -> FileResponse:
    user = api_user(request)
    run = selectors.run_get(user=user, pk=run_id)
    if run.status != ReportRun.Status.DONE or not run.file:
        raise StateConflict(
            "Báo cáo chưa soạn xong hoặc không thành công: xem trạng thái tại GET /api/v1/reports/{id}."
        )
    audit.access(kind=AccessEvent.Kind.EXPORT, user=user, path=request.get_full_path())
    return FileResponse(
        run.file.open("rb"), as_attachment=True, filename=run.file_name or services.file_name(run)
    )
