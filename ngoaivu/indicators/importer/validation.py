"""Checking the rows of an indicator import and planning what to write. Every row is resolved (indicator,
unit as reported, period, value in the indicator's unit, currency, market) and checked with the rules the
form and the API use (`rules.entry_refusal`, `rules.derive_unit`); duplicates are refused within the file and
against the live values. `plan_values` and `plan_rates` return the rows to write and every problem found."""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from ngoaivu.core.actors import Actor
from ngoaivu.core.exceptions import Forbidden
from ngoaivu.core.text import clean_line, clean_text, fold
from ngoaivu.directory.models import Country, FormerProvince, Province
from ngoaivu.indicators.importer.cells import UnitSpec, cell_text, is_missing, parse_number, parse_unit
from ngoaivu.indicators.importer.lookups import Lookups
from ngoaivu.indicators.importer.reading import (
    AGGREGATE_LABELS,
    LONG_COLUMNS,
    LongRow,
    Problem,
    WideSheet,
    read_long,
    read_wide,
)
from ngoaivu.indicators.models import Indicator, IndicatorImport, IndicatorValue
from ngoaivu.indicators.periods import Period, PeriodError, parse_period
from ngoaivu.indicators.services import iso_currencies

FOUR_PLACES = decimal.Decimal("0.0001")
LIMIT = decimal.Decimal(10) ** 20  # max_digits 24 with 4 decimal places
UNIT_CURRENCY: dict[str, str] = {Indicator.Unit.USD.value: "USD", Indicator.Unit.VND.value: "VND"}
LONG_HEADER = {c.key: c.header for c in LONG_COLUMNS}


def may_import_values(actor: Actor) -> bool:
    """A province's officers and heads import their own figures; a site administrator any province's."""
    scope = actor.scope
    return bool(scope.can_write and (scope.is_province or scope.is_site_admin))


def may_import_rates(actor: Actor) -> bool:
    """Exchange rates are the ministry's table (DOMAIN §2: the ministry creates and edits national data)."""
    scope = actor.scope
    return bool(scope.can_write and (scope.is_national or scope.is_site_admin))


def may_import(actor: Actor) -> bool:
    return may_import_values(actor) or may_import_rates(actor)


@dataclass
class PlannedValue:
    row: int
    sheet: str
    indicator: Indicator
    province: Province
    former_province: FormerProvince | None
    unit_key: str
    country: Country | None
    period: Period
    value: decimal.Decimal
    currency: str
    source: str
    note: str
    owner_org_id: int

    @property
    def key(self) -> tuple[int, str, str, str, dt.date]:
        return (
            self.indicator.pk,
            self.unit_key,
            self.country.iso2 if self.country else "",
            self.period.kind,
            self.period.start,
        )


@dataclass
class ImportResult:
    shape: str = "long"
    rows: int = 0
    created: int = 0
    skipped: int = 0
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    dry_run: bool = True
    batch: IndicatorImport | None = None
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.errors


def _money_currency(indicator: Indicator, spec: UnitSpec) -> tuple[str, str | None]:
    """(currency, problem) of a figure: usd/vnd indicators are in their currency; "currency" indicators keep
    the currency the province reported; other units have none."""
    if indicator.is_money:
        wanted = UNIT_CURRENCY.get(indicator.unit)
        if spec.plain:
            return "", _("chỉ tiêu tính bằng tiền; đơn vị “%(u)s” không hợp lệ.") % {"u": spec.plain}
        if wanted:
            if spec.currency and spec.currency != wanted:
                return "", _("chỉ tiêu tính bằng %(w)s, không phải %(c)s.") % {
                    "w": wanted,
                    "c": spec.currency,
                }
            return wanted, None
        if not spec.currency:
            return "", _("ghi đơn vị tiền tệ (USD, EUR, JPY…).")
        if spec.currency in iso_currencies():
            return spec.currency, None
        return "", _("“%(c)s” không phải mã tiền tệ (USD, EUR, JPY…).") % {"c": spec.currency}
    if spec.currency:
        return "", _("chỉ tiêu “%(n)s” không tính bằng tiền.") % {"n": indicator.name_vi}
    if (
        spec.plain
        and spec.plain != indicator.unit
        and not ({spec.plain, indicator.unit} <= {"persons", "visits"})
    ):
        return "", _("đơn vị của chỉ tiêu là “%(u)s”.") % {"u": indicator.get_unit_display()}
    return "", None


class RowCheck:
    """One row's checks, collecting its problems under "dòng N, cột …"."""

    def __init__(self, row: LongRow, problems: list[Problem]) -> None:
        self.row = row
        self.problems = problems
        self.count = 0

    def bad(self, column: str, message: str) -> None:
        self.count += 1
        self.problems.append(Problem(self.row.row, column, message, self.row.sheet))


def _check_value(
    row: LongRow,
    lookups: Lookups,
    problems: list[Problem],
    *,
    indicator: Indicator | None,
    indicator_column: str,
    unit: UnitSpec | None,
    unit_column: str,
    source: str,
    note: str,
) -> PlannedValue | str | None:
    """A planned value, None when the row has problems (recorded), or "skip" for another province's row of a
    GSO table imported by a province."""
    check = RowCheck(row, problems)
    cells = row.cells
    province_col = _("cột %(h)s") % {"h": LONG_HEADER["province"]}
    period_col = _("cột %(h)s") % {"h": LONG_HEADER["period"]}
    value_col = row.value_column or _("cột %(h)s") % {"h": LONG_HEADER["value"]}
    period: Period | None = None
    period_text = cell_text(cells.get("period"))
    if not period_text:
        check.bad(period_col, _("không được để trống."))
    else:
        try:
            period = parse_period(period_text)
        except PeriodError as exc:
            check.bad(period_col, str(exc))
    if indicator is None and indicator_column:
        text = cell_text(cells.get("indicator"))
        if not text:
            check.bad(indicator_column, _("không được để trống."))
        else:
            indicator = lookups.indicator(text)
            if indicator is None:
                check.bad(indicator_column, _("không có chỉ tiêu “%(t)s” trong danh mục.") % {"t": text[:80]})
    raw_value = cells.get("value")
    value: decimal.Decimal | None = None
    if is_missing(raw_value):
        check.bad(value_col, _("không được để trống."))
    else:
        try:
            value = parse_number(raw_value)
        except ValueError:
            check.bad(value_col, _("“%(v)s” không phải số.") % {"v": cell_text(raw_value)[:40]})
    if unit is None:
        try:
            unit = parse_unit(cell_text(cells.get("unit")))
        except ValueError:
            check.bad(unit_column, _("không hiểu đơn vị “%(u)s”.") % {"u": cell_text(cells.get("unit"))[:40]})
    currency = ""
    if indicator is not None and unit is not None:
        currency, unit_problem = _money_currency(indicator, unit)
        if unit_problem:
            check.bad(unit_column, unit_problem)
        if value is not None:
            value = value * unit.multiplier
            if abs(value) >= LIMIT:
                check.bad(value_col, _("số quá lớn."))
                value = None
            elif value < 0 and not indicator.is_money:
                check.bad(value_col, _("không được âm."))
                value = None
            elif indicator.unit == Indicator.Unit.PERCENT and value > 100:
                check.bad(value_col, _("tỷ lệ phải từ 0 đến 100."))
                value = None
            else:
                value = value.quantize(FOUR_PLACES, rounding=decimal.ROUND_HALF_EVEN)
    country: Country | None = None
    country_text = cell_text(cells.get("country"))
    country_col = _("cột %(h)s") % {"h": LONG_HEADER["country"]}
    if indicator is not None:
        if indicator.by_market and not country_text:
            check.bad(country_col, _("chỉ tiêu theo thị trường: ghi nước (thị trường)."))
        elif country_text and not indicator.by_market:
            check.bad(
                country_col, _("chỉ tiêu “%(n)s” không chia theo thị trường.") % {"n": indicator.name_vi}
            )
        elif country_text:
            country = lookups.country(country_text)
            if country is None:
                check.bad(country_col, _("không nhận ra nước “%(c)s”.") % {"c": country_text[:60]})
    province_text = cell_text(cells.get("province"))
    locality = None
    if not province_text:
        check.bad(province_col, _("không được để trống."))
    elif period is not None:
        locality = lookups.locality(cells.get("province"), period)
        if locality is None:
            check.bad(province_col, _("không nhận ra tỉnh, thành phố “%(p)s”.") % {"p": province_text[:60]})
    if locality is not None:
        province, former = locality
        own = lookups.own_province
        if own is not None and province.pk != own.pk:
            if row.sheet:  # a national GSO table: the other provinces' rows are not this province's to import
                return "skip"
            check.bad(
                province_col,
                _("chỉ nhập được số liệu của %(own)s (và các tỉnh cũ hợp nhất vào đó), không của %(p)s.")
                % {"own": own.name, "p": (former or province).name},
            )
    if check.count or indicator is None or period is None or value is None or locality is None:
        return None
    province, former = locality
    refusal = lookups.refusal(indicator, province, former, period)
    if refusal:
        if refusal.startswith(_("Chỉ tiêu")):
            where = indicator_column or value_col
        elif refusal.startswith(_("Kỳ")) and period.start > timezone.localdate():
            where = period_col
        else:
            where = province_col
        check.bad(where, refusal)
        return None
    unit_key, province_id, stored_former = lookups.unit(province, former)
    owner = lookups.owner_org(province)
    if owner is None:
        check.bad(province_col, _("chưa có đơn vị cho tỉnh %(p)s.") % {"p": province.name})
        return None
    return PlannedValue(
        row=row.row,
        sheet=row.sheet,
        indicator=indicator,
        province=lookups.provinces_by_id[province_id],
        former_province=stored_former,
        unit_key=unit_key,
        country=country,
        period=period,
        value=value,
        currency=currency,
        source=source or clean_line(cell_text(cells.get("source")))[:300],
        note=note or clean_text(cell_text(cells.get("note")))[:3000],
        owner_org_id=owner,
    )


def _wide_rows(
    sheets: list[WideSheet], lookups: Lookups, result: ImportResult
) -> list[PlannedValue | str | None]:
    out: list[PlannedValue | str | None] = []
    for sheet in sheets:
        indicator = lookups.indicator_in_title(sheet.indicator_text)
        if indicator is None:
            shown = sheet.indicator_text.replace("\n", " / ")[:80]
            result.errors.append(
                Problem(
                    sheet.header_row,
                    _("Chỉ tiêu"),
                    _("không nhận ra chỉ tiêu “%(t)s”; ghi “Chỉ tiêu: <mã>” ở ô A1.") % {"t": shown},
                    sheet.title,
                )
            )
            continue
        try:
            unit = parse_unit(sheet.unit_text)
        except ValueError:
            result.errors.append(
                Problem(
                    0,
                    _("Đơn vị tính"),
                    _("không hiểu đơn vị “%(u)s”.") % {"u": sheet.unit_text[:40]},
                    sheet.title,
                )
            )
            continue
        if indicator.by_market != bool(sheet.market_text):
            message = (
                _(
                    "chỉ tiêu theo thị trường: ghi “Thị trường: <nước>” phía trên bảng (mỗi trang một thị trường)."
                )
                if indicator.by_market
                else _("chỉ tiêu “%(n)s” không chia theo thị trường.") % {"n": indicator.name_vi}
            )
            result.errors.append(Problem(sheet.header_row, _("Thị trường"), message, sheet.title))
            continue
        source = clean_line(sheet.source_text)[:300]
        for row in sheet.rows:
            if fold(cell_text(row.cells.get("province"))) in AGGREGATE_LABELS:
                continue
            if is_missing(row.cells.get("value")):
                result.skipped += 1
                continue
            if sheet.market_text:
                row.cells["country"] = sheet.market_text
            note = _("Số liệu sơ bộ") if row.cells.get("preliminary") else ""
            out.append(
                _check_value(
                    row,
                    lookups,
                    result.errors,
                    indicator=indicator,
                    indicator_column="",
                    unit=unit,
                    unit_column=_("Đơn vị tính"),
                    source=source,
                    note=note,
                )
            )
    return out


def plan_values(
    actor: Actor,
    content: bytes,
    *,
    shape: str,
    filename: str = "",
    progress: Callable[[int, int], None] | None = None,
) -> tuple[list[PlannedValue], ImportResult]:
    result = ImportResult(shape=shape)
    if not may_import_values(actor):
        raise Forbidden()
    checked: list[PlannedValue | str | None]
    if shape == "wide":
        sheets, problems = read_wide(content, filename)
        result.rows = sum(len(s.rows) for s in sheets)
        if problems:
            result.errors = problems
            return [], result
        lookups = Lookups(actor)
        checked = _wide_rows(sheets, lookups, result)
    else:
        rows, problems = read_long(content, filename)
        result.rows = len(rows)
        if problems:
            result.errors = problems
            return [], result
        lookups = Lookups(actor)
        checked = []
        for i, row in enumerate(rows):
            checked.append(
                _check_value(
                    row,
                    lookups,
                    result.errors,
                    indicator=None,
                    indicator_column=_("cột %(h)s") % {"h": LONG_HEADER["indicator"]},
                    unit=None,
                    unit_column=_("cột %(h)s") % {"h": LONG_HEADER["unit"]},
                    source="",
                    note="",
                )
            )
            if progress is not None and (i + 1) % 1000 == 0:
                progress(i + 1, len(rows))
    others = sum(1 for c in checked if c == "skip")
    if others:
        result.skipped += others
        result.warnings.append(
            Problem(
                0,
                "",
                _("Bỏ qua %(n)d giá trị của các tỉnh khác (chỉ nhập số liệu của %(own)s).")
                % {"n": others, "own": lookups.own_province.name if lookups.own_province else ""},
            )
        )
    planned = [c for c in checked if isinstance(c, PlannedValue)]
    _refuse_duplicates(planned, result)
    if not planned and result.ok:
        result.errors.append(Problem(0, "", _("Tệp không có giá trị nào để nhập.")))
    return planned, result


def _refuse_duplicates(planned: list[PlannedValue], result: ImportResult) -> None:
    """One live value per indicator, unit, market and period: within the file and against the register (the
    rule is global, so the check reads every organisation's live values, naming only their id)."""
    seen: dict[tuple[Any, ...], PlannedValue] = {}
    for p in planned:
        first = seen.setdefault(p.key, p)
        if first is not p:
            where = _("dòng %(r)d") % {"r": first.row}
            if first.sheet and first.sheet != p.sheet:
                where = _("trang “%(s)s”, %(w)s") % {"s": first.sheet, "w": where}
            result.errors.append(
                Problem(
                    p.row,
                    _("cột %(h)s") % {"h": LONG_HEADER["period"]},
                    _("trùng %(w)s.") % {"w": where},
                    p.sheet,
                )
            )
    if not planned:
        return
    indicator_ids = {p.indicator.pk for p in planned}
    unit_keys = {p.unit_key for p in planned}
    starts = {p.period.start for p in planned}
    existing = {
        (ind, unit, market, kind, start): pk
        for pk, ind, unit, market, kind, start in IndicatorValue.objects.system(
            reason="import: one live value"
        )
        .filter(
            indicator_id__in=indicator_ids,
            unit_key__in=unit_keys,
            period_start__gte=min(starts),
            period_start__lte=max(starts),
            status__in=IndicatorValue.LIVE_STATES,
            deleted_at__isnull=True,
        )
        .values_list("pk", "indicator_id", "unit_key", "market_key", "period_kind", "period_start")
    }
    for p in planned:
        if (pk := existing.get(p.key)) is not None:
            result.errors.append(
                Problem(
                    p.row,
                    _("cột %(h)s") % {"h": LONG_HEADER["period"]},
                    _(
                        "đã có giá trị của chỉ tiêu này cho %(u)s kỳ %(k)s (mã %(id)s); hãy sửa hoặc đính chính "
                        "giá trị đó."
                    )
                    % {"u": (p.former_province or p.province).name, "k": p.period.label(), "id": pk},
                    p.sheet,
                )
            )
