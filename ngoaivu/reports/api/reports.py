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
