"""Who may enter which figure for which unit and period: the rules the form, the API and the Excel import
share (the import calls `entry_refusal` per row and `derive_unit` for the unit key it writes).

Units. Since 01/07/2025 there are 34 provinces; before, 63. A figure keeps the unit it was reported for:
a period wholly before the merger is reported for the former unit ("f49" Quảng Nam) when the current
province was formed by merging several units; an unmerged province (Lai Châu, Hà Nội: a single
predecessor) reports under its current key ("p12") for every period, so the same figure can never sit
under two keys and be counted twice. Periods that end on or after 01/07/2025 are reported for the current
province ("p48")."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from ngoaivu.directory.models import FormerProvince, Province
from ngoaivu.indicators.models import Frequency, Indicator
from ngoaivu.indicators.periods import Period
from ngoaivu.indicators.sources import ComputedFigure

MERGER_DATE = dt.date(2025, 7, 1)
# a value's period may be the indicator's frequency or coarser (a yearly GSO figure for a monthly indicator)
_FINENESS = {Frequency.MONTH: 0, Frequency.QUARTER: 1, Frequency.HALF_YEAR: 2, Frequency.YEAR: 3}


def too_fine(indicator: Indicator, period: Period) -> bool:
    """A monthly figure for a yearly indicator: finer than the catalogue's frequency."""
    return _FINENESS[Frequency(period.kind)] < _FINENESS[Frequency(indicator.frequency)]


def predecessor_count(province_id: int) -> int:
    return FormerProvince.objects.filter(successor_id=province_id).count()


def is_merged(province: Province) -> bool:
    """A current province formed by merging two or more former units (Đà Nẵng + Quảng Nam)."""
    return predecessor_count(province.pk) > 1


def derive_unit(*, province: Province | None, former_province: FormerProvince | None) -> tuple[str, int]:
    """The unit key a value is stored under and the current province it rolls up into.

    ("f49", id of Đà Nẵng) for Quảng Nam; ("p48", id of Đà Nẵng) for Đà Nẵng now; a former unit that was
    not merged (Lai Châu before 2025) gets its current key ("p12"), and the value is stored without a
    former province. Raises ValueError when neither is given or they disagree (`entry_refusal` says so in
    Vietnamese first)."""
    if former_province is not None:
        if province is not None and province.pk != former_province.successor_id:
            raise ValueError("former province does not belong to the province")
        if predecessor_count(former_province.successor_id) <= 1:
            return f"p{_successor_code(former_province)}", former_province.successor_id
        return f"f{former_province.code}", former_province.successor_id
    if province is None:
        raise ValueError("a province or a former province is required")
    return f"p{province.code}", province.pk


def stores_former(former_province: FormerProvince | None) -> bool:
    """Whether the value keeps `former_province` (False for an unmerged unit: its key is the current one)."""
    return former_province is not None and predecessor_count(former_province.successor_id) > 1


def _successor_code(former_province: FormerProvince) -> str:
    successor = former_province.successor  # one query unless select_related
    return successor.code


def kept_here(indicator: Indicator, *, year_from: int, year_to: int) -> set[tuple[int, int]]:
    """(province id, year) pairs a `where_kept` indicator computes from ngoaivu's records."""
    if indicator.computed != Indicator.Computed.WHERE_KEPT or not indicator.computed_by:
        return set()
    figures: Iterable[ComputedFigure] = import_string(indicator.computed_by)(
        year_from=year_from, year_to=year_to
    )
    return {(f.province_id, f.year) for f in figures}


def entry_refusal(
    *,
    indicator: Indicator,
    province: Province | None,
    former_province: FormerProvince | None,
    period: Period,
) -> str | None:
    """Why this figure may not be entered (Vietnamese, fit for a form error or "dòng 7: …"), or None.

    Refused: inactive or computed-always indicators; a period finer than the indicator's frequency or not
    yet begun; a `where_kept` province-year whose projects are kept here; a former unit for a period that
    does not end before 01/07/2025; a merged province's own figure for a period wholly before it (report it
    for the former unit); a former unit of another province."""
    if not indicator.active:
        return _("Chỉ tiêu “%(name)s” không còn sử dụng.") % {"name": indicator.name_vi}
    if indicator.computed == Indicator.Computed.ALWAYS:
        return _("Chỉ tiêu “%(name)s” được tính tự động từ dữ liệu trên hệ thống, không nhập.") % {
            "name": indicator.name_vi
        }
    if too_fine(indicator, period):
        return _("Chỉ tiêu “%(name)s” báo cáo theo %(freq)s; kỳ %(period)s ngắn hơn kỳ báo cáo.") % {
            "name": indicator.name_vi,
            "freq": Frequency(indicator.frequency).label.lower(),
            "period": period.label(),
        }
    if period.start > timezone.localdate():
        return _("Kỳ %(period)s chưa bắt đầu.") % {"period": period.label()}
    if province is None and former_province is None:
        return _("Hãy chọn tỉnh, thành phố.")
    if former_province is not None:
        if province is not None and province.pk != former_province.successor_id:
            return _("%(former)s không thuộc %(province)s.") % {
                "former": former_province.name,
                "province": province.name,
            }
        if period.end >= MERGER_DATE:
            return _(
                "%(former)s đã hợp nhất vào %(successor)s từ 01/07/2025; số liệu kỳ %(period)s báo cáo cho "
                "%(successor)s."
            ) % {
                "former": former_province.name,
                "successor": former_province.successor.name,
                "period": period.label(),
            }
        current_id = former_province.successor_id
    else:
        assert province is not None
        current_id = province.pk
        if period.end < MERGER_DATE and is_merged(province):
            names = ", ".join(
                FormerProvince.objects.filter(successor_id=province.pk)
                .order_by("code")
                .values_list("name", flat=True)
            )
            return _(
                "Kỳ %(period)s trước 01/07/2025: hãy báo cáo số liệu cho đơn vị cũ (%(names)s), không cho "
                "%(province)s hiện nay."
            ) % {"period": period.label(), "names": names, "province": province.name}
    if indicator.computed == Indicator.Computed.WHERE_KEPT and (current_id, period.year) in kept_here(
        indicator, year_from=period.year, year_to=period.year
    ):
        return _(
            "Chỉ tiêu “%(name)s” năm %(year)s của tỉnh này được tính từ các dự án quản lý trên hệ thống, "
            "không nhập."
        ) % {"name": indicator.name_vi, "year": period.year}
    return None
