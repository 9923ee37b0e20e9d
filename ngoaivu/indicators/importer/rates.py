"""Checking an exchange-rate import (the ministry's table): currency (ISO 4217, not VND), period, VND per
unit, source; duplicates within the file and against the table are refused."""

from __future__ import annotations

import datetime as dt
import decimal
from dataclasses import dataclass

from django.utils.translation import gettext as _

from ngoaivu.core.actors import Actor
from ngoaivu.core.exceptions import Forbidden
from ngoaivu.core.text import clean_line
from ngoaivu.indicators.importer.cells import cell_text, is_missing, parse_number
from ngoaivu.indicators.importer.reading import RATE_COLUMNS, Problem, read_rates
from ngoaivu.indicators.importer.validation import ImportResult, RowCheck, may_import_rates
from ngoaivu.indicators.models import ExchangeRate
from ngoaivu.indicators.periods import Period, PeriodError, parse_period
from ngoaivu.indicators.services import iso_currencies

RATE_LIMIT = decimal.Decimal(10) ** 12
RATE_HEADER = {c.key: c.header for c in RATE_COLUMNS}


@dataclass
class PlannedRate:
    row: int
    currency: str
    period: Period
    rate: decimal.Decimal
    source: str
    note: str


def plan_rates(actor: Actor, content: bytes, *, filename: str = "") -> tuple[list[PlannedRate], ImportResult]:
    result = ImportResult(shape="rates")
    if not may_import_rates(actor):
        raise Forbidden()
    rows, problems = read_rates(content, filename)
    result.rows = len(rows)
    if problems:
        result.errors = problems
        return [], result
    col = {k: _("cột %(h)s") % {"h": h} for k, h in RATE_HEADER.items()}
    planned: list[PlannedRate] = []
    seen: dict[tuple[str, str, dt.date], int] = {}
    for row in rows:
        check = RowCheck(row, result.errors)
        currency = cell_text(row.cells.get("currency")).upper()
        if not currency:
            check.bad(col["currency"], _("không được để trống."))
        elif currency not in iso_currencies() or currency == "VND":
            check.bad(col["currency"], _("“%(c)s” không phải mã tiền tệ (USD, JPY…).") % {"c": currency[:20]})
        period = None
        try:
            period = parse_period(cell_text(row.cells.get("period")))
        except PeriodError as exc:
            check.bad(col["period"], str(exc))
        rate = None
        raw = row.cells.get("rate")
        if is_missing(raw):
            check.bad(col["rate"], _("không được để trống."))
        else:
            try:
                rate = parse_number(raw)
                if rate <= 0 or rate >= RATE_LIMIT:
                    check.bad(col["rate"], _("tỷ giá phải lớn hơn 0."))
                    rate = None
            except ValueError:
                check.bad(col["rate"], _("“%(v)s” không phải số.") % {"v": cell_text(raw)[:40]})
        source = clean_line(cell_text(row.cells.get("source")))[:300]
        if not source:
            check.bad(col["source"], _("không được để trống."))
        if check.count or period is None or rate is None:
            continue
        key = (currency, period.kind, period.start)
        if key in seen:
            check.bad(col["period"], _("trùng dòng %(r)d.") % {"r": seen[key]})
            continue
        seen[key] = row.row
        planned.append(
            PlannedRate(
                row.row,
                currency,
                period,
                rate.quantize(decimal.Decimal("0.000001")),
                source,
                clean_line(cell_text(row.cells.get("note")))[:500],
            )
        )
    if planned:
        existing = set(
            ExchangeRate.objects.filter(currency__in={p.currency for p in planned}).values_list(
                "currency", "period_kind", "period_start"
            )
        )
        for p in planned:
            if (p.currency, p.period.kind, p.period.start) in existing:
                result.errors.append(
                    Problem(
                        p.row,
                        col["period"],
                        _("đã có tỷ giá %(c)s kỳ %(k)s; sửa trên trang tỷ giá.")
                        % {"c": p.currency, "k": p.period.label()},
                    )
                )
    return planned, result
