"""The province map's reads: the boundary files (committed GeoJSON, built by tools/build_province_map.py) and
one figure per province for a year — an indicator of the indicators app, or a count of records read through
each app's own list selector, so a reader counts exactly what the list behind the count shows them.

Eras: `current` is the 34 provinces since 01/07/2025; `former` the 63 before, for years up to 2025. A figure is
given per former province only where the records keep the unit as named then (agreements, indicator values
reported for a former province); otherwise the former layer says it is not available, never a guess.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from django.db.models import Count, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ngoaivu.accounts.models import User
from ngoaivu.agreements.filters import AgreementFilters
from ngoaivu.agreements.selectors import agreement_list
from ngoaivu.delegations.filters import ConferenceFilters, DelegationFilters, VisitFilters
from ngoaivu.delegations.selectors import conference_list, delegation_list, visit_list
from ngoaivu.directory.models import FormerProvince, Province
from ngoaivu.indicators import selectors as indicators
from ngoaivu.indicators.columns import places_for
from ngoaivu.requests.filters import RequestFilters
from ngoaivu.requests.selectors import request_list

DATA_DIR = Path(__file__).resolve().parents[1] / "data"
ERAS = ("current", "former")
LAST_FORMER_YEAR = 2025  # the 63 provinces existed until 30/06/2025
FIRST_YEAR = 2006
INDICATOR_PREFIX = "indicator:"


# --- boundaries -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Boundaries:
    content: bytes
    etag: str
    features: list[dict[str, Any]]


@functools.cache
def boundaries(era: str) -> Boundaries:
    """The committed FeatureCollection of an era, read once per process (the file only changes with a deploy);
    its ETag is the file's SHA-256."""
    if era not in ERAS:
        raise ValueError(era)
    content = (DATA_DIR / f"provinces-{era}.geojson").read_bytes()
    data = json.loads(content)
    return Boundaries(content, f'"{hashlib.sha256(content).hexdigest()[:32]}"', data["features"])


# --- metrics ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CountMetric:
    key: str
    label: Any  # lazy translation
    unit: Any
    count: Callable[[User, int, str], tuple[dict[str, int], int]]  # (user, year, era) -> by code, unplaced
    link: Callable[[str, int, str], str]  # (code, year, era) -> the list behind the count
    former: bool  # whether the records keep the former province
    # whether the reader's unit reads this kind of record at all: if not, no figure (never a 0 for every province)
    readable: Callable[[User], bool] = lambda user: True


def _year_bounds(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def _grouped(qs: QuerySet[Any], key: str) -> tuple[dict[str, int], int]:
    counts: dict[str, int] = {}
    unplaced = 0
    for code, n in qs.order_by().values_list(key).annotate(n=Count("pk", distinct=True)):
        if code:
            counts[code] = n
        else:
            unplaced += n
    return counts, unplaced


def _requests_sent(user: User, year: int, era: str) -> tuple[dict[str, int], int]:
    start, end = _year_bounds(year)
    rows = request_list(user=user, filters=RequestFilters(box="all", date_from=start, date_to=end))
    return _grouped(rows.requests, "owner_org__province_code")


def _requests_link(code: str, year: int, era: str) -> str:
    start, end = _year_bounds(year)
    query = {"box": "all", "province": code, "date_from": start.isoformat(), "date_to": end.isoformat()}
    return f"{reverse('requests:request_list')}?{urlencode(query)}"


def _agreements_signed(user: User, year: int, era: str) -> tuple[dict[str, int], int]:
    qs = agreement_list(user=user, filters=AgreementFilters(year=year), details=False)
    return _grouped(qs, "former_province__code" if era == "former" else "province__code")


def _agreements_link(code: str, year: int, era: str) -> str:
    key = "former_province" if era == "former" else "province"
    return f"{reverse('agreements:agreement_list')}?{urlencode({key: code, 'year': str(year)})}"


def _delegations(direction: str) -> Callable[[User, int, str], tuple[dict[str, int], int]]:
    def count(user: User, year: int, era: str) -> tuple[dict[str, int], int]:
        start, end = _year_bounds(year)
        # approved delegations only, as the reports count them (a draft or a refused trip was not sent)
        filters = DelegationFilters(direction=direction, approved=True, date_from=start, date_to=end)
        return _grouped(delegation_list(user=user, filters=filters, details=False), "province__code")

    return count


def _delegations_link(direction: str) -> Callable[[str, int, str], str]:
    def link(code: str, year: int, era: str) -> str:
        start, end = _year_bounds(year)
        query = {
            "direction": direction,
            "approved": "true",
            "province": code,
            "date_from": start.isoformat(),
            "date_to": end.isoformat(),
        }
        return f"{reverse('delegations:delegation_list')}?{urlencode(query)}"

    return link


def _visits(user: User, year: int, era: str) -> tuple[dict[str, int], int]:
    start, end = _year_bounds(year)
    filters = VisitFilters(direction="to_province", date_from=start, date_to=end)
    return _grouped(visit_list(user=user, filters=filters), "province__code")


def _visits_link(code: str, year: int, era: str) -> str:
    start, end = _year_bounds(year)
    query = {
        "direction": "to_province",
        "province": code,
        "date_from": start.isoformat(),
        "date_to": end.isoformat(),
    }
    return f"{reverse('delegations:visit_list')}?{urlencode(query)}"


def _conferences(user: User, year: int, era: str) -> tuple[dict[str, int], int]:
    start, end = _year_bounds(year)
    filters = ConferenceFilters(date_from=start, date_to=end)
    return _grouped(conference_list(user=user, filters=filters), "province__code")


def _conferences_link(code: str, year: int, era: str) -> str:
    start, end = _year_bounds(year)
    query = {"province": code, "date_from": start.isoformat(), "date_to": end.isoformat()}
    return f"{reverse('delegations:conference_list')}?{urlencode(query)}"


COUNTS: dict[str, CountMetric] = {
    m.key: m
    for m in (
        CountMetric(
            "requests_sent",
            gettext_lazy("Đặt hàng đã gửi (theo tỉnh gửi)"),
            gettext_lazy("đặt hàng"),
            _requests_sent,
            _requests_link,
            former=False,
        ),
        CountMetric(
            "agreements_signed",
            gettext_lazy("Thỏa thuận quốc tế đã ký"),
            gettext_lazy("thỏa thuận"),
            _agreements_signed,
            _agreements_link,
            former=True,
        ),
        CountMetric(
            "delegations_outbound",
            gettext_lazy("Đoàn ra"),
            gettext_lazy("đoàn"),
            _delegations("outbound"),
            _delegations_link("outbound"),
            former=False,
        ),
        CountMetric(
            "delegations_inbound",
            gettext_lazy("Đoàn vào"),
            gettext_lazy("đoàn"),
            _delegations("inbound"),
            _delegations_link("inbound"),
            former=False,
        ),
        CountMetric(
            "leader_visits",
            gettext_lazy("Lãnh đạo Bộ thăm, làm việc tại tỉnh"),
            gettext_lazy("chuyến"),
            _visits,
            _visits_link,
            former=False,
            # the ministry and the province visited read leader visits; a mission or another unit reads none
            readable=lambda user: (
                user.scope.is_site_admin or user.scope.is_national or user.scope.is_province
            ),
        ),
        CountMetric(
            "conferences",
            gettext_lazy("Hội nghị, hội thảo quốc tế do tỉnh tổ chức"),
            gettext_lazy("hội nghị"),
            _conferences,
            _conferences_link,
            former=False,
        ),
    )
}
DEFAULT_METRIC = "agreements_signed"


def metric_choices() -> list[tuple[str, str, list[tuple[str, str]]]]:
    """The metric picker's groups: (group label, [(key, label)])."""
    counts = [(m.key, str(m.label)) for m in COUNTS.values()]
    found = [(f"{INDICATOR_PREFIX}{i.code}", i.name_vi) for i in indicators.indicator_list()]
    return [
        ("counts", _("Số hồ sơ"), counts),
        ("indicators", _("Chỉ tiêu kinh tế đối ngoại"), found),
    ]


def is_metric(key: str) -> bool:
    if key in COUNTS:
        return True
    return (
        key.startswith(INDICATOR_PREFIX)
        and indicators.indicator_get(key[len(INDICATOR_PREFIX) :]) is not None
    )


def year_choices(*selected: int) -> list[int]:
    this_year = timezone.localdate().year
    return sorted({*range(this_year, FIRST_YEAR - 1, -1), *selected}, reverse=True)


def default_year(user: User | None = None, metric: str = "") -> int:
    """The year a map opens on: the latest year up to this one with a figure of the metric the reader can see
    (so it never opens on an empty map when there are figures), this year when there is none."""
    this_year = timezone.localdate().year
    if user is None or not metric:
        return this_year
    if metric in COUNTS:
        count = COUNTS[metric].count
        for year in range(this_year, this_year - 11, -1):
            counts, unplaced = count(user, year, "current")
            if unplaced or any(counts.values()):
                return year
        return this_year
    indicator = indicators.indicator_get(metric[len(INDICATOR_PREFIX) :])
    if indicator is None:
        return this_year
    found = indicators.series(
        user=user, indicator=indicator, group_by="year", year_from=this_year - 20, year_to=this_year
    )
    years = [p.year for p in found.points if p.year is not None and p.value is not None]
    return max(years, default=this_year)


def default_era(year: int) -> str:
    return "former" if year < LAST_FORMER_YEAR else "current"


def era_allowed(era: str, year: int) -> bool:
    return era in ERAS and (era == "current" or year <= LAST_FORMER_YEAR)


# --- values -----------------------------------------------------------------------------------------------------


@dataclass
class MapRow:
    code: str
    name: str
    value: Decimal | None
    link: str = ""
    profile: str = ""
    successor_code: str = ""
    successor_name: str = ""
    note: str = ""


@dataclass
class MapValues:
    metric: str
    label: str
    unit: str
    year: int
    era: str
    places: int
    available: bool
    note: str
    rows: list[MapRow] = field(default_factory=list)
    total: Decimal | None = None


def _units(era: str) -> list[tuple[str, str, str, str]]:
    """(code, name, successor code, successor name) of every unit of the era, in Vietnamese order."""
    if era == "former":
        return [
            (f.code, f.name, f.successor.code, f.successor.name)
            for f in FormerProvince.objects.select_related("successor").order_by("sort_key", "code")
        ]
    return [(p.code, p.name, p.code, p.name) for p in Province.objects.order_by("sort_key", "code")]


def _profile(code: str) -> str:
    return reverse("indicators:province_profile", args=[code])


def map_values(*, user: User, metric: str, year: int, era: str) -> MapValues:
    """One figure per province of the era for the year; `available` false (and every value None) when the
    records do not keep the figure per unit of that era. The caller checks the metric, year and era."""
    units = _units(era)
    if metric in COUNTS:
        return _count_values(user, COUNTS[metric], year, era, units)
    indicator = indicators.indicator_get(metric[len(INDICATOR_PREFIX) :])
    if indicator is None:
        raise ValueError(metric)
    return _indicator_values(user, indicator, metric, year, era, units)


def _rows(units: list[tuple[str, str, str, str]]) -> list[MapRow]:
    return [
        MapRow(code, name, None, profile=_profile(succ), successor_code=succ, successor_name=succ_name)
        for code, name, succ, succ_name in units
    ]


def _count_values(
    user: User, metric: CountMetric, year: int, era: str, units: list[tuple[str, str, str, str]]
) -> MapValues:
    result = MapValues(metric.key, str(metric.label), str(metric.unit), year, era, 0, True, "", _rows(units))
    if era == "former" and not metric.former:
        result.available = False
        result.note = _(
            "Hồ sơ loại này chỉ ghi tỉnh, thành phố hiện hành: không có số liệu theo tỉnh cũ. "
            "Xem lớp 34 tỉnh, thành phố hiện hành."
        )
        return result
    if not metric.readable(user):
        result.available = False
        result.note = _("Đơn vị của anh/chị không theo dõi loại hồ sơ này: bản đồ không có số liệu.")
        return result
    counts, unplaced = metric.count(user, year, era)
    for row in result.rows:
        n = counts.get(row.code, 0)
        row.value = Decimal(n)  # a count of the records the reader may see: none is a real 0
        row.link = metric.link(row.code, year, era) if n else ""
    result.total = Decimal(sum(counts.values()) + unplaced)
    if unplaced:
        result.note = _(
            "%(n)s hồ sơ không ghi tỉnh cũ (ký từ 01/07/2025) không có trên lớp 63 tỉnh, chỉ có trong tổng."
        ) % {"n": unplaced}
    return result


def _indicator_values(
    user: User,
    indicator: Any,
    metric: str,
    year: int,
    era: str,
    units: list[tuple[str, str, str, str]],
) -> MapValues:
    series = indicators.series(
        user=user,
        indicator=indicator,
        group_by="province",
        year_from=year,
        year_to=year,
        units="as_reported" if era == "former" else "current",
    )
    result = MapValues(
        metric, indicator.name_vi, series.unit, year, era, places_for(indicator), True, "", _rows(units)
    )
    by_code: dict[str, indicators.Point] = {}
    current_only: list[str] = []
    # a province the 2025 reorganisation left as it was (one former unit, same code) is the same unit on both
    # layers: a figure reported for it today is its figure on the former layer too
    formers: dict[str, list[str]] = {}
    for code, _name, succ, _succ_name in units:
        formers.setdefault(succ, []).append(code)
    unchanged = {succ for succ, codes in formers.items() if codes == [succ]}
    for point in series.points:
        if era == "former":
            if point.former_province:
                by_code[point.former_province] = point
            elif point.province in unchanged:
                by_code.setdefault(point.province, point)
            else:
                current_only.append(point.label)
        else:
            by_code[point.province] = point
    for row in result.rows:
        found = by_code.get(row.code)
        if found is None:
            continue
        row.value = found.value
        row.link = found.link
        if found.value is None and found.missing_rates:
            row.note = _("thiếu tỷ giá: %(r)s") % {"r": ", ".join(found.missing_rates)}
    national = indicators.national_point(user=user, indicator=indicator, by_province=series)
    result.total = national.value if national else None
    if era == "former" and series.points and not by_code:
        result.available = False
        result.note = _(
            "Chỉ tiêu này không có số liệu theo tỉnh cũ cho năm %(y)s (số liệu ghi theo tỉnh, thành phố "
            "hiện hành). Xem lớp 34 tỉnh, thành phố hiện hành."
        ) % {"y": year}
    elif current_only:
        result.note = _("Số liệu chỉ có theo tỉnh hiện hành, không chia được theo tỉnh cũ: %(p)s.") % {
            "p": ", ".join(sorted(current_only))
        }
    elif not series.points:
        result.note = _("Chưa có số liệu đã xác nhận của năm %(y)s.") % {"y": year}
    return result
