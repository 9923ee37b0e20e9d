"""What every report figure is made of: a list of an app (its selector and its one filter), the query that
reproduces the figure on the page and through the API, and the tables by province.

A figure counted from records is the count of the app's own list selector, called as the reader with the
filter the figure names; its `api_list` is the API list with the same query string and `list_url` the page with
it, so the report cannot say anything the lists do not (`tests/test_figures_api.py` compares them)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, QuerySet
from django.urls import reverse
from django.utils.http import urlencode

from ngoaivu.core.actors import Actor
from ngoaivu.core.lists import stamped, stamped_count
from ngoaivu.directory.models import FormerProvince, Province
from ngoaivu.reports.content import Figure, Table

API = "/api/v1"
Params = dict[str, Any]


def query(params: Params) -> str:
    """A query string in a stable order, without empty values; dates as ISO, booleans as true/false."""
    clean: list[tuple[str, str]] = []
    for key, value in params.items():
        if value is None or value == "":
            continue
        for one in value if isinstance(value, list | tuple) else [value]:
            if isinstance(one, bool):
                one = "true" if one else "false"
            elif isinstance(one, dt.date):
                one = one.isoformat()
            clean.append((key, str(one)))
    return urlencode(clean)


@dataclass(frozen=True)
class ListSource:
    """One list of one app: its API path, its page, its filter and its selector, and how its rows name the
    current province and the province as named then (a field path, "" when the records keep none)."""

    api_path: str  # "/agreements"
    page: str  # URL name of the HTML list, "" when the list has no page
    filters: type[Any]  # the app's FilterSchema
    select: Callable[[Actor, Any], Any]  # (user, filters) -> QuerySet or a queryset-like (`.count()`)
    current: str  # e.g. "province__code"
    former: str = ""  # e.g. "former_province__code" or "province_as_named"

    def rows(self, user: Actor, params: Params) -> Any:
        return self.select(user, self.filters(**params))

    def api_list(self, params: Params) -> str:
        qs = query(params)
        return f"{API}{self.api_path}" + (f"?{qs}" if qs else "")

    def list_url(self, params: Params) -> str:
        if not self.page:
            return ""
        qs = query(params)
        return reverse(self.page) + (f"?{qs}" if qs else "")


def _queryset(rows: Any) -> QuerySet[Any]:
    return rows.requests if hasattr(rows, "requests") else rows


@dataclass
class Counted:
    """A count and where it comes from; `by_current` / `by_former` are (code or name as then) → count."""

    value: int
    source: ListSource
    params: Params
    by_current: Counter[str] = field(default_factory=Counter)
    by_former: Counter[str] = field(default_factory=Counter)


def count(source: ListSource, user: Actor, params: Params, *, by_province: bool = True) -> Counted:
    """The list's count and its counts per province, each kept by the count cache (`core.lists.stamped`:
    keyed by the list's own SQL, so by the user's scope and the filters, and moved by any change to the table):
    the national review reads about thirty of them, 10 ms each at national scale."""
    rows = source.rows(user, params)
    found = Counted(stamped_count(rows), source, params)
    if by_province and found.value:
        qs = _queryset(rows).order_by()
        found.by_current = tally(qs, source.current)
        if source.former:
            found.by_former = Counter({k: n for k, n in tally(qs, source.former).items() if k})
    return found


def tally(qs: QuerySet[Any], field: str) -> Counter[Any]:
    """How many rows of `qs` hold each value of `field`, counted by the database (reading one value per row
    into a Counter cost the national review about a second: 200,000 requests, 150,000 delegations) and kept by
    the count cache like the list's own count."""

    def grouped() -> Counter[Any]:
        return Counter(dict(qs.values(field).annotate(n=Count("pk", distinct=True)).values_list(field, "n")))

    return stamped(f"tally:{qs.model._meta.label_lower}", [qs], grouped, field)


def figure(key: str, label: str, counted: Counted, unit: str, source: str) -> Figure:
    return Figure(
        key=key,
        label=label,
        value=counted.value,
        unit=unit,
        list_url=counted.source.list_url(counted.params),
        api_list=counted.source.api_list(counted.params),
        source=source,
    )


def missing(key: str, label: str, why: str, unit: str = "") -> Figure:
    return Figure(key=key, label=label, value=None, unit=unit, missing=why)


# --- provinces ---------------------------------------------------------------------------------------------------


def province_names() -> dict[str, str]:
    return dict(Province.objects.order_by("sort_key", "code").values_list("code", "name"))


def former_names() -> dict[str, str]:
    """Former code → "Quảng Nam (nay thuộc Đà Nẵng)"."""
    return {
        code: f"{name} (nay thuộc {successor})"
        for code, name, successor in FormerProvince.objects.order_by("code").values_list(
            "code", "name", "successor__name"
        )
    }


def province_table(title: str, columns: list[tuple[str, Counter[str]]], *, names: dict[str, str]) -> Table:
    """One row per current province with a non-zero figure, in the directory's order, and a total row."""
    rows: list[list[str | int | Decimal | dt.date | None]] = []
    for code, name in names.items():
        cells = [c.get(code, 0) for _, c in columns]
        if any(cells):
            rows.append([name, *cells])
    totals = [sum(c.values()) for _, c in columns]
    others = [t - sum(c.get(code, 0) for code in names) for t, (_, c) in zip(totals, columns, strict=True)]
    if any(others):  # records of no province (the ministry's own, a mission's)
        rows.append(["Bộ Ngoại giao, cơ quan đại diện", *others])
    rows.append(["Tổng cộng", *totals])
    return Table(title=title, columns=["Tỉnh, thành phố", *[h for h, _ in columns]], rows=rows)


def former_table(title: str, columns: list[tuple[str, Counter[str]]], *, names: dict[str, str]) -> Table:
    """By province as named when the record was made (former units before 01/07/2025, current after)."""
    keys = sorted({k for _, c in columns for k in c}, key=lambda k: names.get(k, k))
    rows: list[list[str | int | Decimal | dt.date | None]] = [
        [names.get(k, k), *[c.get(k, 0) for _, c in columns]] for k in keys
    ]
    return Table(
        title=title,
        columns=["Tỉnh, thành phố khi ghi nhận", *[h for h, _ in columns]],
        rows=rows,
        note="Theo tên đơn vị hành chính tại thời điểm ghi nhận (trước 01/07/2025 là 63 tỉnh, thành phố cũ).",
    )


# --- numbers and dates in Vietnamese ------------------------------------------------------------------------------


def number(value: int | Decimal | float | None, places: int | None = None) -> str:
    """Vietnamese style: "." groups thousands, "," is the decimal mark ("6.470", "51,53")."""
    if value is None:
        return "—"
    amount = Decimal(str(value))
    if places is None:
        places = 0 if amount == amount.to_integral_value() else 2
    text = f"{amount:,.{places}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


MILLION = Decimal(1_000_000)
NO_DATA = "chưa có số liệu"


def pct(value: int | Decimal | float | None) -> str:
    """A rate as every report and dashboard writes it: one decimal and a spaced sign, "25,0 %"."""
    return f"{number(value, 1)} %"


ON_TIME_SOURCE = (
    "Mức độ đáp ứng: phần việc trả lời trong hạn trên phần việc đã trả lời hoặc đã quá hạn; phần việc chưa đến "
    "hạn chưa tính (như bảng điều khiển). Từ API: Σ(tỷ lệ đúng hạn × nhận) ÷ Σ(nhận − đang mở + quá hạn)"
)


def on_time_rate(units: Iterable[Any]) -> Decimal | None:
    """The on-time rate of receiving units (the dashboard's rule): parts answered by their deadline over the
    parts answered or past their deadline; a part still open and not yet due is not counted either way. From
    each unit's row of `/api/v1/requests/responsiveness`: on time = answer_on_time_pct × received / 100, not
    yet due = open − overdue. None when no part is decided yet."""
    on_time = decided = 0
    for u in units:
        if not u.received:
            continue
        on_time += u.answered_on_time
        decided += u.received - (u.open - u.overdue)
    if not decided:
        return None
    return (Decimal(100 * on_time) / decided).quantize(Decimal("0.1"))


def gap(f: Figure) -> str:
    """What a sentence says where a figure has no source: "chưa có số liệu (chỉ tiêu “…” năm 2026)" — plain
    words an official can sign or complete, never a bracketed placeholder."""
    why = f.missing.strip().rstrip(".")
    lead = NO_DATA[0].upper() + NO_DATA[1:]
    if why.startswith(lead):
        why = why[len(lead) :].strip()
    elif why:
        why = why[0].lower() + why[1:]
    return f"{NO_DATA} ({why})" if why else NO_DATA


def in_words(f: Figure) -> str:
    """A figure in a sentence: the count, or money in "triệu USD", or `gap()`."""
    if f.value is None:
        return gap(f)
    if f.unit == "USD":
        return f"{number(Decimal(f.value) / MILLION, 2)} triệu USD"
    return number(f.value)


def day(value: dt.date) -> str:
    return f"{value:%d/%m/%Y}"


def span(start: dt.date, end: dt.date) -> str:
    return f"từ ngày {day(start)} đến ngày {day(end)}"


def sentence(parts: Iterable[str]) -> str:
    items = [p for p in parts if p]
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + " và " + items[-1]


def amount(name: str, f: Figure) -> str:
    """A money or indicator figure in a clause: "… đạt 12,5 triệu USD", or "… chưa có số liệu (…)"."""
    return f"{name} đạt {in_words(f)}" if f.value is not None else f"{name} {gap(f)}"


def counted(text: str, f: Figure) -> str:
    """A count in a clause ("{}" is the number); "" for a zero or no figure: officials leave the clause out
    rather than write "0 hồ sơ"."""
    return text.format(in_words(f)) if f.value else ""


def said(clauses: list[str], *, lead: str = "") -> str:
    """The clauses that say something, as one sentence; "" when none does (the officer writes the section,
    or leaves it out)."""
    kept = [c for c in clauses if c]
    if not kept:
        return ""
    text = "; ".join(kept)
    return f"{lead}{text[:1].upper()}{text[1:]}."
