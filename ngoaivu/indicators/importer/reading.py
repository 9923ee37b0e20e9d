"""Reading indicator workbooks: the three shapes' columns and the readers, which read a file within the parser
budget (`core.parsing`) or list what is wrong with it (cells are parsed in `cells`).

Shapes:
- long: one row per figure (province, period, indicator, value, unit/currency, market, source, note);
- wide (GSO): one indicator per sheet, named in a cell above the table; provinces in rows, years in columns;
- rates: the ministry's exchange-rate table (currency, period, VND per unit, source, note)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from ngoaivu.core.parsing import Budget, Deadline, ParseRefused, open_workbook, sheet_rows
from ngoaivu.core.text import clean_line, clean_text, fold
from ngoaivu.indicators.importer.cells import UnitSpec, cell_text, is_missing, parse_unit, year_of_header

MAX_ROWS = 50_000
MAX_BYTES = 20 * 1024 * 1024
MAX_SHEETS = 60
SHAPES = ("long", "wide", "rates")


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    required: bool
    help: str
    aliases: tuple[str, ...] = ()


LONG_COLUMNS = [
    Column(
        "province",
        "Tỉnh, thành phố",
        True,
        "Tên (có dấu hoặc không dấu) hoặc mã; kỳ trước 01/07/2025 ghi tỉnh cũ (Quảng Nam, Vĩnh Phúc…)",
        ("tinh", "tinh/thanh pho", "dia phuong", "province"),
    ),
    Column(
        "period",
        "Kỳ",
        True,
        "2024 (năm), 6T/2024, Q1/2024, 03/2024 (tháng)",
        ("ky bao cao", "period", "nam", "thoi gian"),
    ),
    Column(
        "indicator", "Chỉ tiêu", True, "Tên chỉ tiêu như trong danh mục (hoặc mã chỉ tiêu)", ("indicator",)
    ),
    Column(
        "value",
        "Giá trị",
        True,
        "Số: 1.234,5 hoặc 1,234.5; ô kiểu số tốt nhất",
        ("so lieu", "value", "gia tri"),
    ),
    Column(
        "unit",
        "Đơn vị / tiền tệ",
        False,
        "Tiền: USD, VND, JPY… (có thể ghi “triệu USD”, “tỷ đồng”); để trống: đơn vị của chỉ tiêu",
        ("don vi", "don vi tinh", "tien te", "unit", "currency"),
    ),
    Column(
        "country",
        "Thị trường",
        False,
        "Chỉ với chỉ tiêu theo thị trường: tên nước hoặc mã ISO (JP, KR…)",
        ("quoc gia", "thi truong (quoc gia)", "country", "market"),
    ),
    Column("source", "Nguồn", False, "Ví dụ: Cục Thống kê tỉnh; Sở Tài chính", ("source",)),
    Column("note", "Ghi chú", False, "", ("note",)),
]
RATE_COLUMNS = [
    Column(
        "currency", "Đồng tiền", True, "Mã ISO 4217: USD, JPY, KRW, EUR…", ("tien te", "currency", "ma tien")
    ),
    Column("period", "Kỳ", True, "2024, Q1/2024, 03/2024…", ("ky bao cao", "period", "thoi gian")),
    Column(
        "rate",
        "Tỷ giá (VND cho 1 đơn vị)",
        True,
        "Tỷ giá trung tâm của Ngân hàng Nhà nước, ví dụ 25.450 hoặc 172,35",
        ("ty gia", "rate", "vnd", "so dong cho 1 don vi"),
    ),
    Column("source", "Nguồn", True, "Ví dụ: Ngân hàng Nhà nước, tỷ giá trung tâm", ("source",)),
    Column("note", "Ghi chú", False, "", ("note",)),
]


def _index(columns: list[Column]) -> dict[str, Column]:
    index: dict[str, Column] = {}
    for c in columns:
        for name in (c.header, c.key, *c.aliases):
            index.setdefault(fold(name), c)
    return index


LONG_BY_HEADER = _index(LONG_COLUMNS)
RATE_BY_HEADER = _index(RATE_COLUMNS)
# GSO tables put region and country totals between the provinces; they are not figures of a province.
AGGREGATE_LABELS = frozenset(
    fold(x)
    for x in (
        "Cả nước",
        "Toàn quốc",
        "Tổng số",
        "Tổng",
        "Tổng cộng",
        "Whole country",
        "Total",
        "Đồng bằng sông Hồng",
        "Trung du và miền núi phía Bắc",
        "Bắc Trung Bộ và duyên hải miền Trung",
        "Bắc Trung Bộ và Duyên hải miền Trung",
        "Tây Nguyên",
        "Đông Nam Bộ",
        "Đồng bằng sông Cửu Long",
        "Red River Delta",
        "Northern midlands and mountain areas",
        "North Central and Central coastal areas",
        "Central Highlands",
        "South East",
        "Mekong River Delta",
        "Khác",
        "Dầu khí ngoài lãnh thổ",
    )
)


@dataclass
class Problem:
    row: int
    column: str
    message: str
    sheet: str = ""

    def __str__(self) -> str:
        where = _("dòng %(r)d") % {"r": self.row} if self.row else _("tệp")
        if self.sheet:
            where = _("trang “%(s)s”, %(w)s") % {"s": self.sheet, "w": where}
        return f"{where}, {self.column}: {self.message}" if self.column else f"{where}: {self.message}"

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "message": self.message, "sheet": self.sheet}


@dataclass
class LongRow:
    """One figure as the file wrote it: Excel row (and sheet), raw cells by column key."""

    row: int
    cells: dict[str, Any]
    sheet: str = ""
    # the wide shape: the year column the figure sits in ("cột 2024"), for messages
    value_column: str = ""


@dataclass
class WideSheet:
    title: str
    indicator_text: str
    unit_text: str
    header_row: int
    source_text: str = ""
    market_text: str = ""  # by-market indicators: "Thị trường: Nhật Bản" above the table
    rows: list[LongRow] = field(default_factory=list)


# --- readers -----------------------------------------------------------------------------------------------------


def _unreadable(filename: str, exc: ParseRefused) -> Problem:
    return Problem(0, "", _("Không đọc được tệp Excel “%(f)s”: %(e)s") % {"f": filename, "e": exc})


def _open(content: bytes, filename: str) -> tuple[Any, Budget, Deadline] | Problem:
    shown = clean_text(filename)[:120] or "import.xlsx"
    if len(content) > MAX_BYTES:
        return Problem(0, "", _("Tệp lớn hơn %(m)d MB.") % {"m": MAX_BYTES // (1024 * 1024)})
    if not content:
        return Problem(0, "", _("Không đọc được tệp Excel “%(f)s”: tệp rỗng.") % {"f": shown})
    budget = Budget.current()
    try:
        deadline = budget.deadline()
        wb = open_workbook(content, budget)
    except ParseRefused as exc:
        return _unreadable(shown, exc)
    return wb, budget, deadline


def read_table(
    content: bytes, filename: str, columns: list[Column], by_header: dict[str, Column]
) -> tuple[list[LongRow], list[Problem]]:
    """The long and the rates shape: a header row on the first sheet, then one record per row."""
    opened = _open(content, filename)
    if isinstance(opened, Problem):
        return [], [opened]
    wb, budget, deadline = opened
    shown = clean_text(filename)[:120] or "import.xlsx"
    try:
        if not wb.worksheets:
            return [], [Problem(0, "", _("Tệp không có dòng tiêu đề."))]
        rows = sheet_rows(wb.worksheets[0], budget, deadline)
        first = next(rows, None)
        if first is None:
            return [], [Problem(0, "", _("Tệp không có dòng tiêu đề."))]
        header_row, header = first
        found_columns: dict[int, Column] = {}
        problems: list[Problem] = []
        for i, title in enumerate(header):
            col = by_header.get(fold(cell_text(title)))
            if col is not None and col not in found_columns.values():
                found_columns[i] = col
            elif cell_text(title):
                problems.append(Problem(header_row, cell_text(title), _("Cột không có trong mẫu.")))
        for col in columns:
            if col.required and col not in found_columns.values():
                problems.append(Problem(header_row, col.header, _("Thiếu cột bắt buộc.")))
        if problems:
            return [], problems
        found: list[LongRow] = []
        for number, values in rows:
            if all(is_missing(v) and cell_text(v) == "" for v in values):
                continue
            if len(found) >= MAX_ROWS:
                return [], [Problem(number, "", _("Tệp có quá %(n)d dòng.") % {"n": MAX_ROWS})]
            cells = {col.key: values[i] if i < len(values) else None for i, col in found_columns.items()}
            found.append(LongRow(number, cells))
        if not found:
            return [], [Problem(0, "", _("Tệp không có dòng dữ liệu nào."))]
        return found, []
    except ParseRefused as exc:
        return [], [_unreadable(shown, exc)]
    finally:
        wb.close()


def read_long(content: bytes, filename: str = "") -> tuple[list[LongRow], list[Problem]]:
    rows, problems = read_table(content, filename, LONG_COLUMNS, LONG_BY_HEADER)
    return rows, problems


def read_rates(content: bytes, filename: str = "") -> tuple[list[LongRow], list[Problem]]:
    rows, problems = read_table(content, filename, RATE_COLUMNS, RATE_BY_HEADER)
    return rows, problems


_LABELS = {
    "indicator": ("chi tieu", "indicator", "ten chi tieu", "ma chi tieu"),
    "unit": ("don vi tinh", "don vi", "dvt", "unit"),
    "source": ("nguon", "source", "nguon so lieu"),
    "market": ("thi truong", "market", "quoc gia", "country"),
}


def _label_of(text: str) -> tuple[str, str] | None:
    """ "Chỉ tiêu: fdi_registered_new" → ("indicator", "fdi_registered_new"); "Đơn vị tính" → ("unit", "")."""
    key, _sep, rest = text.partition(":")
    folded = fold(key)
    for name, labels in _LABELS.items():
        if folded in labels:
            return name, clean_line(rest)
    return None


def read_wide(content: bytes, filename: str = "") -> tuple[list[WideSheet], list[Problem]]:
    """Every sheet with a table: above it, the indicator (a cell "Chỉ tiêu: …", a label cell followed by the
    value, or the sheet's title line naming the indicator), optionally the unit and source; the header row is
    the first row whose cells after the first hold years. A sheet without a header row is skipped (a notes
    sheet) unless no sheet has one."""
    opened = _open(content, filename)
    if isinstance(opened, Problem):
        return [], [opened]
    wb, budget, deadline = opened
    shown = clean_text(filename)[:120] or "import.xlsx"
    sheets: list[WideSheet] = []
    problems: list[Problem] = []
    total = 0
    try:
        for ws in wb.worksheets[:MAX_SHEETS]:
            if fold(ws.title) in {"huong dan", "guide", "ghi chu", "notes"}:
                continue
            labels: dict[str, str] = {}
            titles: list[str] = []
            sheet: WideSheet | None = None
            years: dict[int, tuple[int, bool]] = {}
            for number, values in sheet_rows(ws, budget, deadline):
                if sheet is None:
                    found_years = {
                        i: y for i, v in enumerate(values) if i > 0 and (y := year_of_header(v)) is not None
                    }
                    if found_years:
                        years = found_years
                        sheet = WideSheet(
                            ws.title,
                            labels.get("indicator") or "",
                            labels.get("unit", ""),
                            number,
                        )
                        sheet.source_text = labels.get("source", "")
                        sheet.market_text = labels.get("market", "")
                        if not sheet.indicator_text:
                            # no label: the title line(s) above the table, or the sheet's name
                            sheet.indicator_text = "\n".join([*titles, ws.title])
                        continue
                    texts = [cell_text(v) for v in values if cell_text(v)]
                    pending: str | None = None
                    for text in texts:
                        if pending is not None and pending not in labels:
                            labels[pending] = text
                            pending = None
                            continue
                        label = _label_of(text)
                        if label is None:
                            titles.append(text)
                            # "… (Đơn vị tính: triệu USD)" or "… (triệu USD)" ending a title
                            if m := re.search(r"\(([^()]+)\)\s*$", text):
                                try:
                                    spec = parse_unit(m[1])
                                except ValueError:
                                    spec = UnitSpec()
                                if spec != UnitSpec():
                                    labels.setdefault("unit", clean_line(m[1]))
                        elif label[1]:
                            labels.setdefault(label[0], label[1])
                        else:
                            pending = label[0]
                    continue
                name = values[0] if values else None
                if is_missing(name):
                    continue
                for i, (year, preliminary) in years.items():
                    cell = values[i] if i < len(values) else None
                    total += 1
                    if total > MAX_ROWS:
                        return [], [Problem(number, "", _("Tệp có quá %(n)d giá trị.") % {"n": MAX_ROWS})]
                    sheet.rows.append(
                        LongRow(
                            number,
                            {
                                "province": name,
                                "period": year,
                                "value": cell,
                                "preliminary": preliminary,
                            },
                            sheet=ws.title,
                            value_column=_("cột %(y)s") % {"y": year},
                        )
                    )
            if sheet is not None:
                sheets.append(sheet)
        if len(wb.worksheets) > MAX_SHEETS:
            problems.append(Problem(0, "", _("Tệp có quá %(n)d trang tính.") % {"n": MAX_SHEETS}))
        if sheets and not problems and not any(s.rows for s in sheets):
            # the header above the table and nothing under it (an untouched template)
            problems.append(Problem(0, "", _("Tệp không có dòng dữ liệu nào.")))
        if not sheets and not problems:
            problems.append(
                Problem(
                    0,
                    "",
                    _(
                        "Không tìm thấy bảng: cần một dòng tiêu đề có cột đầu là tỉnh, các cột sau là năm "
                        "(2021, 2022…)."
                    ),
                )
            )
        return (sheets if not problems else []), problems
    except ParseRefused as exc:
        return [], [_unreadable(shown, exc)]
    finally:
        wb.close()
