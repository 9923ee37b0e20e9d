"""`GET /api/v1/dashboards`: the figures of a dashboard (the user's role's, or `view=`), each with the URL of the
list that reproduces it — the same figures as the `/reports/` page, from the same cache."""

import datetime as dt
from typing import Annotated

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from pydantic import Field

from ngoaivu.accounts.web import api_user
from ngoaivu.core.exceptions import ServiceError
from ngoaivu.core.schemas import ERRORS
from ngoaivu.directory import selectors as directory
from ngoaivu.reports.selectors import dashboards as selectors

router = Router(tags=["reports"])


class DashboardParams(Schema):
    view: Annotated[
        str | None,
        Field(
            pattern="^(national|ministry|province|mission)$",
            description="national | ministry | province | mission; default: the user's role's",
        ),
    ] = None
    province: Annotated[
        str | None,
        Field(
            max_length=2,
            description="province code: that province's dashboard (for the ministry, with or without "
            "view=province; a province only its own); an unknown code is a 422 naming province",
        ),
    ] = None


class DashboardCellOut(Schema):
    value: float | None = Field(description="null: no figure (nothing to compute it from)")
    shown: str = Field(description="as the page shows it (Vietnamese number format)")
    link: str = Field(description="the list that reproduces this figure")


class DashboardSeriesOut(Schema):
    name: str
    unit: str
    total: bool = Field(description="the sum of the other series of the chart")
    cells: list[DashboardCellOut]


class DashboardChartOut(Schema):
    key: str = Field(description="also `?chart=<key>&format=xlsx` on /reports/")
    title: str
    kind: str = Field(description="bar | stacked | hbar | bar_line")
    category_label: str
    categories: list[str]
    series: list[DashboardSeriesOut]
    note: str
    missing: str = Field(description="why the chart has no figures (no source); empty otherwise")


class DashboardCardOut(Schema):
    label: str
    value: float | None
    shown: str
    link: str


class DashboardOut(Schema):
    view: str
    title: str
    place: str
    province: str
    today: dt.date
    computed_at: dt.datetime | None
    cards: list[DashboardCardOut]
    charts: list[DashboardChartOut]


def dashboard_out(board: selectors.Dashboard) -> DashboardOut:
    return DashboardOut(
        view=board.view,
        title=board.title,
        place=board.place,
        province=board.province,
        today=board.today,
        computed_at=board.computed_at,
        cards=[
            DashboardCardOut(
                label=c.label, value=None if c.value is None else float(c.value), shown=c.shown, link=c.link
            )
            for c in board.cards
        ],
        charts=[
            DashboardChartOut(
                key=c.key,
                title=c.title,
                kind=c.kind,
                category_label=c.category_label,
                categories=c.categories,
                note=c.note,
                missing=c.missing,
                series=[
                    DashboardSeriesOut(
                        name=s.name,
                        unit=s.unit,
                        total=s.total,
                        cells=[
                            DashboardCellOut(
                                value=None if x.value is None else float(x.value), shown=x.shown, link=x.link
                            )
                            for x in s.cells
                        ],
                    )
                    for s in c.series
                ],
            )
            for c in board.charts
        ],
    )


@router.get(
    "/dashboards",
    response={200: DashboardOut, **ERRORS},
    operation_id="reports_dashboard",
    summary="Bảng điều khiển theo vai trò: số liệu, biểu đồ và danh sách tương ứng của từng số",
)
def dashboard(request: HttpRequest, params: Query[DashboardParams]) -> DashboardOut:
    user = api_user(request)
    province = params.province or ""
    if province and directory.province_get(code=province) is None:
        message = _("Không có tỉnh, thành phố mang mã này.")
        raise ServiceError(message, {"province": [message]})
    view = selectors.resolve_view(user, params.view or "", province)
    return dashboard_out(selectors.dashboard(user=user, view=view, province_code=province))
