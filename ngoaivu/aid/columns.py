from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from ngoaivu.aid.models import AidProject
from ngoaivu.core.columns import Column, display


def amount(value: Decimal | None) -> str:
    """A sum in the reader's number style ("1.234.567" or "1.234,50" in Vietnamese); no decimals when whole."""
    if value is None:
        return ""
    places = 0 if value == value.to_integral_value() else 2
    return number_format(value, decimal_pos=places, use_l10n=True, force_grouping=True)


def money(value: Decimal | None, currency: str) -> str:
    """An amount with its currency: money is never shown without it."""
    return "" if value is None else f"{amount(value)} {currency}"


PROJECT_COLUMNS = [
    Column("title", _("Tên dự án"), lambda p: p.title, sort="title", link=lambda p: p.get_absolute_url()),
    Column("ngo", _("Tổ chức PCPNN"), lambda p: p.ngo.name_vi or p.ngo.name),
    Column("country", _("Quốc gia"), lambda p: p.country.name_vi),
    Column("province", _("Tỉnh quản lý"), lambda p: p.province.name),
    Column("provinces", _("Tỉnh thực hiện"), lambda p: ", ".join(sorted(x.name for x in p.provinces.all()))),
    Column("approved", _("Ngày phê duyệt"), lambda p: p.approval_date, sort="approved"),
    Column("commitment", _("Giá trị cam kết"), lambda p: money(p.commitment, p.currency), sort="commitment"),
    Column("period", _("Thời gian thực hiện"), lambda p: _period(p)),
    Column("status", _("Tình trạng"), lambda p: display(p, "status"), sort="status"),
]


def _period(p: AidProject) -> str:
    start = f"{p.start_on:%d/%m/%Y}" if p.start_on else "…"
    end = f"{p.end_on:%d/%m/%Y}" if p.end_on else "…"
    return "" if not (p.start_on or p.end_on) else f"{start} – {end}"


def _summary(index: int) -> Any:
    return lambda row: getattr(
        row[1], ("label", "currency", "project_count", "planned", "actual", "rate")[index]
    )


SUMMARY_COLUMNS = [
    Column("group", _("Nhóm"), lambda row: row[0]),
    Column("label", _("Năm / nhà tài trợ"), _summary(0)),
    Column("currency", _("Tiền tệ"), _summary(1)),
    Column("projects", _("Số dự án"), lambda row: row[1].project_count or None),
    Column("planned", _("Kế hoạch giải ngân"), _summary(3)),
    Column("actual", _("Thực tế giải ngân"), _summary(4)),
    Column("rate", _("Tỷ lệ thực hiện (%)"), _summary(5)),
    Column("note", _("Tỷ giá quy đổi"), lambda row: getattr(row[1], "note", None)),
]
