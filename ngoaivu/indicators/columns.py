from __future__ import annotations

import tempfile
from decimal import Decimal
from typing import IO, Any

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ngoaivu.core.columns import Column, display, safe_cell
from ngoaivu.indicators.models import ExchangeRate, IndicatorValue
from ngoaivu.indicators.periods import Period
from ngoaivu.indicators.selectors import Comparison, Point, unit_label


def vn_number(value: Decimal | None, places: int | None = None) -> str:
    """A figure as the reader writes it ("1.234,5" in Vietnamese), trailing zeros dropped."""
    if value is None:
        return ""
    value = Decimal(value)
    if places is not None:
        value = value.quantize(Decimal(1).scaleb(-places))
    else:
        value = value.normalize()
        if value == value.to_integral():
            value = value.quantize(Decimal(1))
    return number_format(value, force_grouping=True)


COUNT_UNITS = frozenset({"persons", "visits", "projects", "count"})


def places_for(indicator: Any) -> int:
    """Decimals shown for an indicator's figures: none for counts (persons, visits, projects), two otherwise."""
    return 0 if getattr(indicator, "unit", "") in COUNT_UNITS else 2


class NumberColumn(Column):
    """A number kept as a number in the Excel export, shown in the reader's style on the page."""

    def display(self, obj: Any) -> str:
        return vn_number(self.value(obj))


def _period(v: IndicatorValue | ExchangeRate) -> str:
    return Period(v.period_kind, v.period_start).label()


VALUE_COLUMNS = [
    Column(
        "indicator",
        _("Chỉ tiêu"),
        lambda v: v.indicator.name_vi,
        sort="indicator",
        link=lambda v: reverse("indicators:value_detail", args=[v.pk]),
    ),
    Column("province", _("Đơn vị báo cáo"), unit_label, sort="province"),
    Column("period", _("Kỳ"), _period, sort="period"),
    Column("market", _("Thị trường"), lambda v: v.country.name_vi if v.country is not None else ""),
    NumberColumn("value", _("Giá trị"), lambda v: v.value, sort="value"),
    Column("currency", _("Đơn vị"), lambda v: v.currency or v.indicator.get_unit_display()),
    Column("source", _("Nguồn"), lambda v: v.source),
    Column("status", _("Trạng thái"), lambda v: display(v, "status"), sort="status"),
    Column("updated", _("Cập nhật"), lambda v: v.updated_at, sort="updated"),
]

RATE_COLUMNS = [
    Column("currency", _("Đơn vị tiền tệ"), lambda r: r.currency),
    Column("period", _("Kỳ"), _period),
    NumberColumn("rate", _("Số đồng cho 1 đơn vị"), lambda r: r.vnd_per_unit),
    Column("source", _("Nguồn"), lambda r: r.source),
    Column("note", _("Ghi chú"), lambda r: r.note),
]


def comparison_workbook(table: Comparison, year_from: int, year_to: int) -> tuple[IO[bytes], str]:
    """The comparison as on screen (walk #9): a title and a note on the figures, the header, one row per
    province and the "Cả nước" row; counts as whole numbers, money with two decimals, Vietnamese grouping
    left to the reader's Excel; a figure lacking a rate says which one."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    period = f"{year_from}" if year_from == year_to else f"{year_from}-{year_to}"
    book = Workbook()
    sheet = book.active
    sheet.title = gettext("So sánh")[:31]
    sheet.append([gettext("So sánh các tỉnh, năm %(p)s") % {"p": period.replace("-", "–")}])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append(
        [
            gettext(
                "Số liệu đã xác nhận và số liệu tính từ hồ sơ, theo đơn vị hành chính hiện hành; tiền quy đổi "
                "USD theo tỷ giá của kỳ. Xuất ngày %(d)s."
            )
            % {"d": timezone.localdate().strftime("%d/%m/%Y")}
        ]
    )
    sheet.append([])
    header = [str(gettext("Tỉnh, thành phố"))]
    for ind in table.indicators:
        unit = "USD" if ind.is_money else ind.get_unit_display()
        header.append(f"{ind.name_vi} ({unit})")
    sheet.append(header)
    for cell in sheet[4]:
        cell.font = Font(bold=True)
    formats = ["#,##0" if places_for(ind) == 0 else "#,##0.00" for ind in table.indicators]

    def cells(label: str, points: list[Point | None]) -> list[Any]:
        out: list[Any] = [safe_cell(label)]
        for point in points:
            if point is None:
                out.append(None)
            elif point.value is None and point.missing_rates:
                out.append(gettext("thiếu tỷ giá: %(r)s") % {"r": ", ".join(point.missing_rates)})
            else:
                out.append(point.value)
        return out

    for row in table.rows:
        sheet.append(cells(row["label"], [row.get(ind.code) for ind in table.indicators]))
    sheet.append(cells(str(gettext("Cả nước")), [table.totals.get(ind.code) for ind in table.indicators]))
    last = sheet.max_row
    for cell in sheet[last]:
        cell.font = Font(bold=True)
    for row_cells in sheet.iter_rows(min_row=5, max_row=last, min_col=2):
        for i, cell in enumerate(row_cells):
            cell.number_format = formats[i]
    sheet.freeze_panes = "B5"
    sheet.column_dimensions["A"].width = 28
    tmp = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 - the response closes it
    book.save(tmp)
    tmp.seek(0)
    return tmp, f"so-sanh-chi-tieu-{period}-{timezone.localdate():%Y-%m-%d}.xlsx"
