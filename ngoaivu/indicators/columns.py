from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from ngoaivu.core.columns import Column, display
from ngoaivu.indicators.models import ExchangeRate, IndicatorValue
from ngoaivu.indicators.periods import Period
from ngoaivu.indicators.selectors import unit_label


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
