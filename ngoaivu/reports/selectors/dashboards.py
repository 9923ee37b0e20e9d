"""The dashboards' figures (DOMAIN.md §10): one per role — the ministry head's national picture, the ministry
officer's work picture, a province's own, a mission's own — read through each app's selectors, so that a
dashboard counts exactly what the lists behind it show. Every figure carries the URL of that list, built from
the list's own filter parameters (`requests/filters.py`, `agreements/filters.py`, `delegations/filters.py`);
`reports/tests/test_dashboards.py` opens a few of them and compares the counts.

The whole dashboard is remembered under `core.lists.stamped` (keyed by the querysets' SQL, so by scope, and by
the tables' stamps): the first reader after a change pays the queries, the others read one cache entry."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import ExtractMonth, ExtractYear
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from ngoaivu.accounts.models import User
from ngoaivu.agreements import selectors as agreement_selectors
from ngoaivu.agreements.filters import AgreementFilters
from ngoaivu.core.actors import KIND_MOFA, ROLE_HEAD
from ngoaivu.core.exceptions import NotFound
from ngoaivu.core.lists import stamped
from ngoaivu.core.scoping import Action
from ngoaivu.delegations import selectors as delegation_selectors
from ngoaivu.delegations.filters import DelegationFilters
from ngoaivu.delegations.models import Delegation
from ngoaivu.directory import selectors as directory
from ngoaivu.directory.models import Province
from ngoaivu.indicators import selectors as indicator_selectors
from ngoaivu.indicators.columns import places_for, vn_number
from ngoaivu.indicators.models import IndicatorValue
from ngoaivu.requests import selectors as request_selectors
from ngoaivu.requests.filters import RequestFilters
from ngoaivu.requests.models import Recipient, ServiceRequest
from ngoaivu.requests.progress import ANSWERED_LIKE, PARTLY_ANSWERED

VIEWS = ("national", "ministry", "province", "mission")
MONTHS = 12
YEARS = 10
TOP_COUNTRIES = 10
INDICATORS = ("fdi_registered_new", "exports_total", "international_arrivals")
"""The indicators a dashboard draws over the years (national, or the province's): investment, trade, visitors."""

R = Recipient.Status
S = ServiceRequest.Status
# The states a request list can be filtered by (`?status=`), in the order of the workflow: the request's own
# states before sending, then its recipients' (a request sent to several bodies can be in several at once).
SENT_STATES = (
    R.NEW,
    R.ACKNOWLEDGED,
    R.ASSIGNED,
    R.CLARIFICATION,
    PARTLY_ANSWERED,
    R.ANSWERED,
    R.RATED,
    R.DECLINED,
    S.CLOSED,
    S.WITHDRAWN,
)
UNSENT_STATES = (S.DRAFT, S.PENDING_APPROVAL)


@dataclass
class Cell:
    value: Decimal | int | float | None
    shown: str
    link: str = ""


@dataclass
class Series:
    name: str
    cells: list[Cell]
    axis: int = 0  # 1: the right-hand axis (a percentage beside counts)
    line: bool = False
    unit: str = ""
    total: bool = False  # the sum of the other series: in the table, not stacked on the chart


@dataclass
class Chart:
    key: str
    title: str
    kind: str  # bar | stacked | hbar | bar_line
    category_label: str
    categories: list[str]
    series: list[Series]
    note: str = ""
    missing: str = ""  # no source for this chart: said, never drawn as zeros
    category_links: list[str] = field(default_factory=list)  # the row's own list (all series together)
    # a national indicator: per category, how many provinces gave a figure ("1/34 tỉnh có số liệu"), and the
    # categories with fewer than the best-covered one (drawn lighter: their total is not the country's)
    coverage_label: str = ""
    coverage: list[str] = field(default_factory=list)
    incomplete: list[bool] = field(default_factory=list)
    axis_name: str = ""  # the value axis's name when its ticks are scaled ("tỷ USD")
    axis_divisor: int = 1

    @property
    def empty(self) -> bool:
        return bool(self.missing) or not any(c.value for s in self.series for c in s.cells)

    @property
    def header(self) -> list[str]:
        more = [self.coverage_label] if self.coverage else []
        return [self.category_label, *(s.name for s in self.series), *more]

    @property
    def rows(self) -> list[dict[str, Any]]:
        """One row per category for the table view: its label (and list), then a cell per series."""
        return [
            {
                "label": label,
                "link": self.category_links[i] if i < len(self.category_links) else "",
                "cells": [(s.name, s.cells[i]) for s in self.series],
                "coverage": self.coverage[i] if i < len(self.coverage) else "",
            }
            for i, label in enumerate(self.categories)
        ]

    def chart_data(self) -> dict[str, Any]:
        """What `static/js/dashboard.js` draws (a json_script block): labels, values and each bar's list."""
        return {
            "key": self.key,
            "kind": self.kind,
            "title": self.title,
            "categories": self.categories,
            "incomplete": self.incomplete,
            "axis_name": self.axis_name,
            "axis_divisor": self.axis_divisor,
            "series": [
                {
                    "name": s.name,
                    "axis": s.axis,
                    "line": s.line,
                    "unit": s.unit,
                    "total": s.total,
                    "values": [None if c.value is None else float(c.value) for c in s.cells],
                    "links": [c.link for c in s.cells],
                }
                for s in self.series
            ],
        }

    def workbook_rows(self) -> list[list[Any]]:
        more = bool(self.coverage)
        return [
            [row["label"], *(c.value for _name, c in row["cells"]), *([row["coverage"]] if more else [])]
            for row in self.rows
        ]


@dataclass
class Card:
    label: str
    value: int | float | None
    shown: str
    link: str


@dataclass
class Breach:
    """One overdue request for the "worst breaches" table: who waits on whom, since when."""

    number: str
    title: str
    sender: str
    late_units: str
    days: int
    link: str


@dataclass
class Dashboard:
    view: str
    title: str
    place: str  # "Cả nước", the province's name, the mission's
    cards: list[Card]
    charts: list[Chart]
    today: dt.date
    province: str = ""  # the province shown (province view)
    computed_at: dt.datetime | None = None
    breaches: list[Breach] = field(default_factory=list)
    breaches_link: str = ""

    def chart(self, key: str) -> Chart | None:
        return next((c for c in self.charts if c.key == key), None)


# ---------------------------------------------------------------------------------------------- who sees what


def default_view(user: User) -> str:
    """The dashboard of the user's role (DOMAIN.md §10): the ministry's heads (and administrators) the national
    picture, the ministry's other staff their work picture, a province and a mission their own."""
    scope = user.scope
    if scope.is_site_admin or (scope.org_kind == KIND_MOFA and ROLE_HEAD in scope.roles):
        return "national"
    if scope.is_province:
        return "province"
    if scope.is_mission:
        return "mission"
    return "ministry"


def views_for(user: User) -> list[str]:
    """The dashboards a user may open: the ministry (the Cục and administrators) every one but a mission's, and a
    province's for any province; another ministry unit its work picture; a province or a mission only its own."""
    scope = user.scope
    if not scope.active:
        return []
    if scope.is_national:
        return ["national", "ministry", "province"]
    if scope.is_ministry:
        return ["ministry"]
    if scope.is_province:
        return ["province"]
    if scope.is_mission:
        return ["mission"]
    return []


def resolve_view(user: User, view: str, province: str) -> str:
    """The view asked for, as the page and the API read it: for the ministry (the Cục, administrators) a
    province given means that province's dashboard; the province view with no province, the user's own."""
    view = view or default_view(user)
    if user.scope.is_national and view in ("national", "ministry", "province"):
        if province:
            return "province"
        if view == "province":
            return default_view(user)
    return view


def dashboard_province(user: User, code: str) -> Province:
    """The province a province dashboard is about: a province's user its own, whatever is asked (another code is
    404); the ministry any of the 34 (Hà Nội when none is asked)."""
    scope = user.scope
    if scope.is_province:
        if code and code != scope.province_code:
            raise NotFound()
        code = scope.province_code
    province = directory.province_get(code=code or "01")
    if province is None:
        raise NotFound()
    return province


# ------------------------------------------------------------------------------------------------- helpers


def _n(value: int) -> str:
    return number_format(value, force_grouping=True)


def _pct(value: float | None) -> str:
    return (
        "—" if value is None else f"{number_format(Decimal(str(round(value, 1))), 1, force_grouping=True)} %"
    )


def _amount(value: Decimal | None, places: int) -> str:
    """An indicator's figure: a whole amount without decimals ("846.000.000", not "846.000.000,00")."""
    if value is None:
        return "—"
    return vn_number(value, 0 if value == value.to_integral_value() else places)


def _scale(values: list[Decimal | None], unit: str) -> tuple[str, int]:
    """The value axis's name and divisor for large figures: "tỷ USD" (ticks 2, 4, 6…) rather than "6 T"."""
    top = max((abs(v) for v in values if v is not None), default=Decimal(0))
    if top >= 10**9:
        return _("tỷ %(unit)s") % {"unit": unit}, 10**9
    if top >= 10**6:
        return _("triệu %(unit)s") % {"unit": unit}, 10**6
    return unit, 1


def _url(name: str, **params: Any) -> str:
    query = {k: str(v) for k, v in params.items() if v not in (None, "")}
    return f"{reverse(name)}?{urlencode(query)}" if query else reverse(name)


def _months(today: dt.date, count: int = MONTHS) -> list[tuple[dt.date, dt.date]]:
    """The first and last day of the last `count` months, this one last."""
    months: list[tuple[dt.date, dt.date]] = []
    first = today.replace(day=1)
    for _i in range(count):
        nxt = (first + dt.timedelta(days=32)).replace(day=1)
        months.append((first, nxt - dt.timedelta(days=1)))
        first = (first - dt.timedelta(days=1)).replace(day=1)
    return list(reversed(months))


def _month_label(first: dt.date) -> str:
    return f"{first.month:02d}/{first.year}"


@dataclass(frozen=True)
class Frame:
    """What one dashboard counts: whose records (the user's scope), narrowed to a province (`province` filter of
    each list) or to the requests routed to a mission (`recipient` filter)."""

    view: str
    province: str = ""
    recipient: str = ""  # the mission's organisation code
    recipient_id: int | None = None

    def request_params(self, **more: Any) -> dict[str, Any]:
        return {"box": "all", "province": self.province, "recipient": self.recipient, **more}

    def agreement_params(self, **more: Any) -> dict[str, Any]:
        return {"province": self.province, **more}

    def delegation_params(self, **more: Any) -> dict[str, Any]:
        # approved delegations only (the list's `approved=true`), as the reports count them: a draft, a refused
        # or a cancelled trip was not sent nor received
        return {"province": self.province, "approved": "true", **more}


def _requests(user: User, frame: Frame, **more: Any) -> QuerySet[ServiceRequest]:
    params = {k: v for k, v in frame.request_params(**more).items() if v not in (None, "")}
    return request_selectors.request_list(user=user, filters=RequestFilters.model_validate(params)).requests


def _request_count(user: User, **params: Any) -> tuple[int, str]:
    wanted = {k: v for k, v in params.items() if v not in (None, "")}
    rows = request_selectors.request_list(user=user, filters=RequestFilters.model_validate(wanted))
    return rows.count(), _url("requests:request_list", **wanted)


# --------------------------------------------------------------------------------------------------- charts


def requests_by_state(user: User, frame: Frame) -> Chart:
    """Requests by state: each bar is the request list filtered by that state (`?status=`), which matches a
    request by its own state or by any recipient's — one request sent to two bodies can count twice."""
    states: tuple[str, ...] = SENT_STATES
    if frame.view == "province":
        states = (*UNSENT_STATES, *SENT_STATES)
    base = _requests(user, frame).order_by()
    # The list's `?status=X` is `status = X OR pk IN (parts with status X)`. The two sets of states meet only in
    # "closed", so each count is a request state's count or a part state's count of distinct requests (two grouped
    # queries), "closed" is counted as the list counts it, and "partly answered" as the list derives it: five
    # queries instead of one scan testing ten subqueries per row (600 ms for 5,000 requests on SQLite).
    own = dict(base.values_list("status").annotate(n=Count("pk")).order_by())
    parts = Recipient.objects.filter(request_id__in=base.values("pk"))
    by_part = dict(parts.values_list("status").annotate(n=Count("request_id", distinct=True)).order_by())

    def ids(**lookup: Any) -> QuerySet[Recipient, int]:
        return Recipient.objects.filter(**lookup).values_list("request_id", flat=True)

    counts: dict[str, int] = {}
    for state in states:
        if state == PARTLY_ANSWERED:  # as request_list: some parts answered, some still open
            counts[state] = base.filter(
                Q(status=S.SENT)
                & Q(pk__in=ids(status__in=ANSWERED_LIKE))
                & Q(pk__in=ids(status__in=Recipient.OPEN))
            ).count()
        elif state in S.values and state in R.values:
            counts[state] = base.filter(Q(status=state) | Q(pk__in=ids(status=state))).count()
        else:
            counts[state] = own.get(state, 0) + by_part.get(state, 0)
    labels = {**dict(S.choices), **dict(R.choices), PARTLY_ANSWERED: _("Đã trả lời một phần")}
    cells = [
        Cell(
            counts[state],
            _n(counts[state]),
            _url("requests:request_list", **frame.request_params(status=state)),
        )
        for state in states
    ]
    return Chart(
        key="requests_state",
        title=_("Đặt hàng theo trạng thái"),
        kind="hbar",
        category_label=_("Trạng thái"),
        categories=[str(labels[s]) for s in states],
        series=[Series(_("Số đặt hàng"), cells)],
        category_links=[c.link for c in cells],
        note=_(
            "Trạng thái của đặt hàng và của từng cơ quan nhận: một đặt hàng gửi nhiều nơi có thể ở nhiều "
            "trạng thái cùng lúc, nên tổng các cột có thể lớn hơn số đặt hàng."
        ),
    )


def requests_by_month(user: User, frame: Frame, today: dt.date) -> Chart:
    """Requests sent per month (the list of that month: `date_from`/`date_to` on the sending date) and the
    on-time rate of their answers: parts answered by their deadline over the parts answered or past their
    deadline (a part not yet due is not counted either way). A mission counts only its own parts."""
    months = _months(today)
    base = _requests(user, frame, date_from=months[0][0], date_to=months[-1][1]).order_by()
    sent = {
        (row["y"], row["m"]): row["n"]
        for row in base.values(y=ExtractYear("sent_on"), m=ExtractMonth("sent_on")).annotate(n=Count("pk"))
    }
    # the parts of those requests (the requests are scoped; a part is seen with its request)
    parts = Recipient.objects.filter(request_id__in=base.values("pk")).exclude(status=R.FORWARDED)
    if frame.recipient_id:
        parts = parts.filter(organisation_id=frame.recipient_id)
    decided = Q(answered_on__isnull=False) | Q(answer_due__lt=today)
    figures = {
        (row["y"], row["m"]): row
        for row in parts.values(y=ExtractYear("request__sent_on"), m=ExtractMonth("request__sent_on"))
        .annotate(
            decided=Count("pk", filter=decided),
            on_time=Count("pk", filter=Q(answered_on__isnull=False, answered_on__lte=F("answer_due"))),
        )
        .order_by()
    }
    count_cells: list[Cell] = []
    rate_cells: list[Cell] = []
    for first, last in months:
        n = sent.get((first.year, first.month), 0)
        link = _url("requests:request_list", **frame.request_params(date_from=first, date_to=last))
        count_cells.append(Cell(n, _n(n), link))
        row = figures.get((first.year, first.month))
        rate = round(100 * row["on_time"] / row["decided"], 1) if row and row["decided"] else None
        rate_cells.append(Cell(rate, _pct(rate), link if rate is not None else ""))
    return Chart(
        key="requests_month",
        title=_("Đặt hàng gửi theo tháng và tỷ lệ trả lời đúng hạn"),
        kind="bar_line",
        category_label=_("Tháng"),
        categories=[_month_label(f) for f, _l in months],
        series=[
            Series(_("Đặt hàng gửi"), count_cells),
            Series(_("Trả lời đúng hạn (%)"), rate_cells, axis=1, line=True, unit="%"),
        ],
        category_links=[c.link for c in count_cells],
        note=_(
            "Tỷ lệ đúng hạn: số lượt trả lời trong hạn trên số lượt đã trả lời hoặc đã quá hạn của các đặt hàng "
            "gửi trong tháng; lượt chưa đến hạn chưa tính."
        ),
    )


def agreements_by_year(user: User, frame: Frame, today: dt.date) -> Chart:
    """Agreements signed per year by kind: each bar is the agreement list of that year and kind."""
    first_year = today.year - YEARS + 1
    base = agreement_selectors.agreement_list(
        user=user, filters=AgreementFilters(**frame.agreement_params()), details=False
    ).order_by()
    rows = (
        base.filter(signed_on__year__gte=first_year, signed_on__year__lte=today.year)
        .values(y=ExtractYear("signed_on"), k=F("kind__code"))
        .annotate(n=Count("pk"))
        .order_by()
    )
    found = {(r["y"], r["k"]): r["n"] for r in rows}
    kinds = [(k.code, k.name) for k in agreement_selectors.kind_list()]
    years = list(range(first_year, today.year + 1))
    series = [
        Series(
            str(name),
            [
                Cell(
                    found.get((y, code), 0),
                    _n(found.get((y, code), 0)),
                    _url("agreements:agreement_list", **frame.agreement_params(year=y, kind=code)),
                )
                for y in years
            ],
        )
        for code, name in kinds
        if any(found.get((y, code)) for y in years)
    ]
    totals = [sum(found.get((y, code), 0) for code, _name in kinds) for y in years]
    series.append(
        Series(
            _("Tổng số"),
            [
                Cell(t, _n(t), _url("agreements:agreement_list", **frame.agreement_params(year=y)))
                for y, t in zip(years, totals, strict=True)
            ],
            total=True,
        )
    )
    return Chart(
        key="agreements_year",
        title=_("Thỏa thuận quốc tế ký theo năm và loại"),
        kind="stacked",
        category_label=_("Năm ký"),
        categories=[str(y) for y in years],
        series=series,
        category_links=[_url("agreements:agreement_list", **frame.agreement_params(year=y)) for y in years],
    )


def _directions(frame: Frame) -> list[tuple[str, str]]:
    """The directions in the reader's words: a mission looks from its host country, where a province's "đoàn ra"
    is a Vietnamese delegation arriving."""
    if frame.view == "mission":
        return [
            (Delegation.Direction.OUTBOUND, _("Đoàn Việt Nam sang nước sở tại")),
            (Delegation.Direction.INBOUND, _("Đoàn nước sở tại sang Việt Nam")),
        ]
    return [(str(d), str(label)) for d, label in Delegation.Direction.choices]


def delegations_by_month(user: User, frame: Frame, today: dt.date) -> Chart:
    """Delegations per month by direction, as the delegation list counts a period (`date_from`/`date_to`: trips
    under way at some point of the month, so a trip across two months is in both)."""
    months = _months(today)
    # the list's own date filter over the whole year first (the departure index), then one count per month
    window = frame.delegation_params(date_from=months[0][0], date_to=months[-1][1])
    base = delegation_selectors.delegation_list(
        user=user, filters=DelegationFilters(**window), details=False
    ).order_by()
    directions = _directions(frame)
    wanted = {
        f"{d}_{i}": Count("pk", filter=Q(direction=d, returns_on__gte=first, departs_on__lte=last))
        for d, _label in directions
        for i, (first, last) in enumerate(months)
    }
    counts = base.aggregate(**wanted)
    series = [
        Series(
            str(label),
            [
                Cell(
                    counts[f"{d}_{i}"],
                    _n(counts[f"{d}_{i}"]),
                    _url(
                        "delegations:delegation_list",
                        **frame.delegation_params(direction=d, date_from=first, date_to=last),
                    ),
                )
                for i, (first, last) in enumerate(months)
            ],
        )
        for d, label in directions
    ]
    return Chart(
        key="delegations_month",
        title=_("Đoàn qua lại giữa Việt Nam và nước sở tại theo tháng")
        if frame.view == "mission"
        else _("Đoàn ra, đoàn vào theo tháng"),
        kind="bar",
        category_label=_("Tháng"),
        categories=[_month_label(f) for f, _l in months],
        series=series,
        category_links=[
            _url("delegations:delegation_list", **frame.delegation_params(date_from=f, date_to=last))
            for f, last in months
        ],
        note=_(
            "Đoàn đã được phê duyệt có mặt trong tháng (đi, đến hoặc đang ở), như danh sách đoàn lọc theo ngày; "
            "không kể đoàn đang soạn, không được duyệt, hủy hoặc hoãn."
        ),
    )


def top_countries(user: User, frame: Frame, today: dt.date) -> Chart:
    """The partner countries with the most agreements signed and delegations approved over the years the
    agreements chart shows (each bar: that country's list, with the same filters). Signed as the reports count
    it: a signing date in the period (`signed_from`/`signed_to`), so a proposed agreement is not counted."""
    start = dt.date(today.year - YEARS + 1, 1, 1)
    signed = {"signed_from": start}
    trips = {"date_from": start}  # approved trips still to come included
    agreements = agreement_selectors.agreement_list(
        user=user, filters=AgreementFilters(**frame.agreement_params(**signed)), details=False
    ).order_by()
    by_agreement = {
        r["iso"]: (r["name"], r["n"])
        for r in agreements.filter(country__isnull=False)
        .values(iso=F("country__iso2"), name=F("country__name_vi"))
        .annotate(n=Count("pk"))
        .order_by()
    }
    delegations = delegation_selectors.delegation_list(
        user=user, filters=DelegationFilters(**frame.delegation_params(**trips)), details=False
    ).order_by()
    through = Delegation.countries.through.objects.filter(delegation_id__in=delegations.values("pk"))
    by_delegation = {
        r["iso"]: (r["name"], r["n"])
        for r in through.values(iso=F("country__iso2"), name=F("country__name_vi"))
        .annotate(n=Count("delegation_id"))
        .order_by()
    }
    names = {iso: name for iso, (name, _count) in (by_delegation | by_agreement).items()}
    ranked = sorted(
        names,
        key=lambda iso: (
            -(by_agreement.get(iso, ("", 0))[1] + by_delegation.get(iso, ("", 0))[1]),
            names[iso],
        ),
    )[:TOP_COUNTRIES]
    a_cells = [
        Cell(
            by_agreement.get(iso, ("", 0))[1],
            _n(by_agreement.get(iso, ("", 0))[1]),
            _url("agreements:agreement_list", **frame.agreement_params(country=iso, **signed)),
        )
        for iso in ranked
    ]
    d_cells = [
        Cell(
            by_delegation.get(iso, ("", 0))[1],
            _n(by_delegation.get(iso, ("", 0))[1]),
            _url("delegations:delegation_list", **frame.delegation_params(country=iso, **trips)),
        )
        for iso in ranked
    ]
    return Chart(
        key="countries",
        title=_("Các nước đối tác hàng đầu"),
        kind="hbar",
        category_label=_("Quốc gia"),
        categories=[names[iso] for iso in ranked],
        series=[
            Series(_("Thỏa thuận quốc tế"), a_cells),
            Series(_("Đoàn qua lại") if frame.view == "mission" else _("Đoàn ra, đoàn vào"), d_cells),
        ],
        note=_(
            "Thỏa thuận đã ký và đoàn đã được phê duyệt từ %(start)s; xếp theo tổng số thỏa thuận và đoàn; "
            "một đoàn đi nhiều nước được tính ở mỗi nước."
        )
        % {"start": f"{start:%d/%m/%Y}"},
    )


def indicator_chart(user: User, code: str, province: Province | None, today: dt.date) -> Chart | None:
    """One indicator over the last years, national or the province's, from the indicators' own series (each
    year links to the validated values behind it)."""
    indicator = indicator_selectors.indicator_get(code)
    if indicator is None:
        return None
    year_to = today.year - 1
    s = indicator_selectors.series(
        user=user,
        indicator=indicator,
        group_by="year",
        year_from=year_to - YEARS + 1,
        year_to=year_to,
        province=province,
    )
    places = places_for(indicator)
    cells = [Cell(p.value, _amount(p.value, places), p.link) for p in s.points]
    axis_name, divisor = _scale([p.value for p in s.points], s.unit)
    chart = Chart(
        key=f"indicator_{code}",
        title=f"{indicator.name_vi} — {province.name if province else _('Cả nước')}",
        kind="bar",
        category_label=_("Năm"),
        categories=[p.label for p in s.points],
        series=[Series(f"{indicator.name_vi} ({s.unit})", cells, unit=s.unit)],
        category_links=[p.link for p in s.points],
        axis_name=axis_name,
        axis_divisor=divisor,
    )
    if province is None and s.points:
        _coverage(user, indicator, chart, [p.year or 0 for p in s.points])
    if not s.points:
        chart.missing = _("Chưa có số liệu đã xác nhận cho chỉ tiêu này trong %(a)s–%(b)s.") % {
            "a": year_to - YEARS + 1,
            "b": year_to,
        }
    return chart


def _coverage(user: User, indicator: Any, chart: Chart, years: list[int]) -> None:
    """How many of the provinces gave a figure each year of a national chart: a year with fewer provinces than
    the best-covered one is a partial sum, said in the table and drawn lighter, never read as a fall."""
    figures = indicator_selectors.unit_figures(
        user=user, indicator=indicator, year_from=min(years), year_to=max(years)
    )
    reporting: dict[int, set[int]] = {y: set() for y in years}
    for f in figures:
        if f.value is not None and f.year in reporting:
            reporting[f.year].add(f.province_id)
    total = Province.objects.count()
    counts = [len(reporting[y]) for y in years]
    best = max(counts, default=0)
    chart.coverage_label = _("Số tỉnh có số liệu")
    chart.coverage = [_("%(n)s/%(total)s tỉnh có số liệu") % {"n": n, "total": total} for n in counts]
    chart.incomplete = [n < best for n in counts]
    partial = [f"{y} ({n}/{total})" for y, n, low in zip(years, counts, chart.incomplete, strict=True) if low]
    if partial:
        chart.note = _(
            "Tổng cả nước chỉ cộng các tỉnh đã có số liệu. Năm có ít tỉnh có số liệu hơn các năm khác (tô nhạt "
            "trên biểu đồ) chưa so sánh được: %(years)s."
        ) % {"years": ", ".join(partial)}


def worst_breaches(user: User, frame: Frame, today: dt.date, limit: int = 10) -> tuple[list[Breach], str]:
    """The overdue requests that have waited longest (the overdue list sorted by the nearest deadline), with the
    bodies late on them and by how many days — the ministry head's "worst breaches" (DOMAIN.md §10)."""
    params = {"box": "overdue", "sort": "due", "province": frame.province}
    wanted = {k: v for k, v in params.items() if v}
    rows = request_selectors.request_list(user=user, filters=RequestFilters.model_validate(wanted))
    breaches: list[Breach] = []
    for req in rows[0:limit]:
        late: list[tuple[dt.date, str]] = []
        for part in getattr(req, "parts", []):
            if not part.is_open:
                continue
            if part.answer_due < today:
                late.append((part.answer_due, part.organisation.name_vi))
            elif part.acknowledged_on is None and part.ack_due < today:
                late.append((part.ack_due, part.organisation.name_vi))
        if not late:
            continue
        since = min(d for d, _name in late)
        breaches.append(
            Breach(
                number=req.number or "",
                title=req.title,
                sender=req.owner_org.name_vi,
                late_units=", ".join(sorted({name for _d, name in late})),
                days=(today - since).days,
                link=reverse("requests:request_detail", args=[req.pk]),
            )
        )
    return breaches, _url("requests:request_list", **wanted)


# ---------------------------------------------------------------------------------------------- the cards


def request_cards(user: User, frame: Frame, today: dt.date) -> list[Card]:
    year_start = today.replace(month=1, day=1)
    cards: list[Card] = []

    def request_card(label: str, **params: Any) -> None:
        n, link = _request_count(user, **params)
        cards.append(Card(label, n, _n(n), link))

    if frame.view == "ministry":
        request_card(_("đặt hàng mới nhận, chờ phân loại"), box="inbox", status=R.NEW)
        request_card(_("đặt hàng đang chờ đơn vị xử lý"), box="inbox")
    elif frame.view == "mission":
        request_card(_("đặt hàng đang chờ cơ quan xử lý"), box="inbox")
        request_card(_("đặt hàng mới nhận, chưa xác nhận"), box="inbox", status=R.NEW)
    else:
        request_card(
            _("đặt hàng gửi từ đầu năm"),
            **frame.request_params(date_from=year_start, date_to=today),
        )
    request_card(_("đặt hàng quá hạn"), box="overdue", province=frame.province)
    return cards


def agreement_cards(user: User, frame: Frame) -> list[Card]:
    if frame.view == "mission":
        return []
    dormant = agreement_selectors.agreement_list(
        user=user, filters=AgreementFilters(**frame.agreement_params(dormant=True)), details=False
    ).count()
    link = _url("agreements:agreement_list", **frame.agreement_params(dormant="true"))
    return [Card(_("thỏa thuận “ngủ đông”"), dormant, _n(dormant), link)]


def delegation_cards(user: User, frame: Frame, today: dt.date) -> list[Card]:
    month_first, month_last = _months(today, 1)[0]
    params = frame.delegation_params(date_from=month_first, date_to=month_last)
    trips = delegation_selectors.delegation_list(
        user=user, filters=DelegationFilters(**params), details=False
    ).count()
    link = _url("delegations:delegation_list", **params)
    label = (
        _("đoàn qua lại giữa Việt Nam và nước sở tại trong tháng này")
        if frame.view == "mission"
        else _("đoàn ra, đoàn vào trong tháng này")
    )
    return [Card(label, trips, _n(trips), link)]


# ------------------------------------------------------------------------------------------------ dashboard


def view_titles() -> dict[str, str]:
    return {
        "national": _("Bức tranh toàn quốc"),
        "ministry": _("Tổng quan công việc của Bộ"),
        "province": _("Tổng quan đối ngoại của tỉnh, thành phố"),
        "mission": _("Tổng quan hỗ trợ địa phương của cơ quan đại diện"),
    }


def _frame(user: User, view: str, province: Province | None) -> Frame:
    if view == "province":
        assert province is not None
        return Frame(view, province=province.code)
    if view == "mission":
        org = user.organisation
        return Frame(view, recipient=org.code if org else "", recipient_id=org.pk if org else None)
    return Frame(view)


@dataclass
class _Part:
    """One cached part of a dashboard: what it computed and when."""

    cards: list[Card] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    breaches: list[Breach] = field(default_factory=list)
    breaches_link: str = ""
    computed_at: dt.datetime | None = None


def dashboard(*, user: User, view: str, province_code: str = "", today: dt.date | None = None) -> Dashboard:
    """The dashboard `view` as `user` may see it (404 for a view the user's role does not have, or another
    province's for a province).

    Remembered in parts (`stamped`, like the lists' counts): the requests' figures while the requests the user sees
    are unchanged, the agreements' while the agreements are, and so on — a request answered somewhere does not
    recompute the agreements, delegations and indicators. Each key is made of the user's querysets' SQL (so of
    the scope), the view, province, day and language."""
    if view not in views_for(user):
        raise NotFound()
    today = today or timezone.localdate()
    province = dashboard_province(user, province_code) if view == "province" else None
    frame = _frame(user, view, province)
    extra = (view, frame.province, today, get_language(), user.scope.org_id, user.scope.is_site_admin)
    requests_qs = ServiceRequest.objects.visible_to(user, Action.VIEW)
    agreements_qs = agreement_selectors.agreement_list(
        user=user, filters=AgreementFilters(), details=False
    ).order_by()
    delegations_qs = delegation_selectors.delegation_list(
        user=user, filters=DelegationFilters(), details=False
    ).order_by()

    def part(name: str, querysets: list[QuerySet[Any]], compute: Callable[[], _Part]) -> _Part:
        def timed() -> _Part:
            found = compute()
            found.computed_at = timezone.now()
            return found

        return stamped(f"dashboard:{name}", querysets, timed, *extra)

    def request_part() -> _Part:
        breaches, link = worst_breaches(user, frame, today) if view in ("national", "ministry") else ([], "")
        return _Part(
            cards=request_cards(user, frame, today),
            charts=[requests_by_state(user, frame), requests_by_month(user, frame, today)],
            breaches=breaches,
            breaches_link=link,
        )

    def indicator_part() -> _Part:
        charts = [indicator_chart(user, code, province, today) for code in INDICATORS]
        return _Part(charts=[c for c in charts if c is not None])

    requests = part("requests", [requests_qs], request_part)
    agreements = part(
        "agreements",
        [agreements_qs],
        lambda: _Part(cards=agreement_cards(user, frame), charts=[agreements_by_year(user, frame, today)]),
    )
    delegations = part(
        "delegations",
        [delegations_qs],
        lambda: _Part(
            cards=delegation_cards(user, frame, today), charts=[delegations_by_month(user, frame, today)]
        ),
    )
    countries = part(
        "countries",
        [agreements_qs, delegations_qs],
        lambda: _Part(charts=[top_countries(user, frame, today)]),
    )
    parts = [requests, agreements, delegations, countries]
    if view == "mission":
        charts = [*requests.charts, *delegations.charts, *countries.charts, *agreements.charts]
    else:
        indicators = part(
            "indicators", [IndicatorValue.objects.visible_to(user, Action.VIEW)], indicator_part
        )
        parts.append(indicators)
        charts = [
            *requests.charts,
            *agreements.charts,
            *delegations.charts,
            *countries.charts,
            *indicators.charts,
        ]
    org = user.organisation
    # a mission, and a ministry unit other than the Cục (it sees what is routed to it), by their own name
    own = view == "mission" or not user.scope.is_national
    place = province.name if province is not None else (org.name_vi if own and org else str(_("Cả nước")))
    stamps = [p.computed_at for p in parts if p.computed_at is not None]
    return Dashboard(
        view=view,
        title=view_titles()[view],
        place=place,
        cards=[*requests.cards, *agreements.cards, *delegations.cards],
        charts=charts,
        today=today,
        province=frame.province,
        computed_at=min(stamps) if stamps else timezone.now(),
        breaches=requests.breaches,
        breaches_link=requests.breaches_link,
    )
