"""Reading indicator workbooks: the three shapes' columns and templates, cell parsing (numbers in the
Vietnamese and the English style, units such as "triệu USD") and the readers, which read a file within the
parser budget (`core.parsing`) or list what is wrong with it.

Shapes:
- long: one row per figure (province, period, indicator, value, unit/currency, market, source, note);
- wide (GSO): one indicator per sheet, named in a cell above the table; provinces in rows, years in columns;
- rates: the ministry's exchange-rate table (currency, period, VND per unit, source, note)."""

from __future__ import annotations

import datetime as dt
import decimal
import re
from dataclasses import dataclass, field
from typing import Any, BinaryIO

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from ngoaivu.core.parsing import Budget, Deadline, ParseRefused, open_workbook, sheet_rows
from ngoaivu.core.text import clean_line, clean_text, fold
from ngoaivu.indicators.models import Indicator

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
        "indicator", "Chỉ tiêu", True, "Mã (fdi_registered_new) hoặc tên như trong danh mục", ("indicator",)
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
MISSING_MARKS = frozenset({"-", "–", "—", "..", "...", "…", "x", "n/a", "na"})


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


# --- numbers and units ---------------------------------------------------------------------------------------

_NUMBER_RE = re.compile(r"[+-]?\d[\d.,]*")


def parse_number(value: object) -> decimal.Decimal:
    """A number cell, or text in either style: "1.234,5" and "1,234.5", "51,53", "6.470", "1 234". With both
    marks the last one is the decimal mark; a lone "," is the Vietnamese decimal mark unless it groups
    thousands more than once ("1,234,567"); a lone "." groups thousands when every group after it has three
    digits ("6.470" is six thousand four hundred seventy, as Vietnamese officials write it). ValueError for
    anything else."""
    if isinstance(value, bool):
        raise ValueError(str(value))
    if isinstance(value, int):
        return decimal.Decimal(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise ValueError(str(value))
        return decimal.Decimal(repr(value))
    if isinstance(value, decimal.Decimal):
        return value
    s = clean_line(str(value)).replace(" ", "").replace("\u202f", "").replace("'", "")
    if not _NUMBER_RE.fullmatch(s) or s[-1] in ".,":
        raise ValueError(s)
    sign = ""
    if s[0] in "+-":
        sign, s = ("-" if s[0] == "-" else ""), s[1:]
    has_dot, has_comma = "." in s, "," in s
    try:
        if has_dot and has_comma:
            mark = "," if s.rfind(",") > s.rfind(".") else "."
            thousands = "." if mark == "," else ","
            if s.count(mark) > 1 or not _grouped(s.split(mark)[0], thousands):
                raise ValueError(s)
            return decimal.Decimal(sign + s.replace(thousands, "").replace(mark, "."))
        if has_comma:
            if s.count(",") > 1:
                if not _grouped(s, ","):
                    raise ValueError(s)
                return decimal.Decimal(sign + s.replace(",", ""))
            return decimal.Decimal(sign + s.replace(",", "."))
        if has_dot:
            if _grouped(s, "."):
                return decimal.Decimal(sign + s.replace(".", ""))
            if s.count(".") > 1:
                raise ValueError(s)
            return decimal.Decimal(sign + s)
        return decimal.Decimal(sign + s)
    except decimal.InvalidOperation as exc:
        raise ValueError(s) from exc


def _grouped(s: str, mark: str) -> bool:
    if mark not in s:
        return True
    head, *groups = s.split(mark)
    return 1 <= len(head) <= 3 and all(len(g) == 3 and g.isdigit() for g in groups)


SCALES = {
    "nghin": 10**3,
    "ngan": 10**3,
    "thousand": 10**3,
    "trieu": 10**6,
    "million": 10**6,
    "ty": 10**9,
    "ti": 10**9,
    "billion": 10**9,
}
CURRENCY_WORDS = {
    "usd": "USD",
    "do la my": "USD",
    "do la": "USD",
    "dola": "USD",
    "us$": "USD",
    "$": "USD",
    "vnd": "VND",
    "dong": "VND",
    "vn dong": "VND",
    "yen": "JPY",
    "won": "KRW",
    "euro": "EUR",
    "nhan dan te": "CNY",
    "bang anh": "GBP",
}
PLAIN_UNITS = {
    "nguoi": "persons",
    "persons": "persons",
    "luot": "visits",
    "luot nguoi": "visits",
    "visits": "visits",
    "du an": "projects",
    "projects": "projects",
    "so luong": "count",
    "cai": "count",
    "%": "percent",
    "phan tram": "percent",
}


@dataclass(frozen=True)
class UnitSpec:
    """What a unit cell says: a multiplier ("triệu" = 10⁶), a currency (ISO code) or a plain unit."""

    multiplier: int = 1
    currency: str = ""
    plain: str = ""


def parse_unit(text: str) -> UnitSpec:
    """ "triệu USD", "Tỷ đồng", "USD", "JPY", "nghìn lượt người", "người", "" → UnitSpec; ValueError otherwise."""
    key = fold(text)
    for prefix in ("don vi tinh:", "don vi tinh", "don vi:", "don vi", "unit:", "dvt:", "dvt"):
        if key.startswith(prefix):
            key = key[len(prefix) :].strip(" :")
            break
    key = key.strip(" .()")
    if not key:
        return UnitSpec()
    multiplier = 1
    head, _sep, rest = key.partition(" ")
    if head in SCALES:
        multiplier, key = SCALES[head], rest.strip()
        if not key:
            return UnitSpec(multiplier=multiplier)
    if key in CURRENCY_WORDS:
        return UnitSpec(multiplier, CURRENCY_WORDS[key])
    if re.fullmatch(r"[a-z]{3}", key):
        return UnitSpec(multiplier, key.upper())
    if key in PLAIN_UNITS:
        return UnitSpec(multiplier, plain=PLAIN_UNITS[key])
    raise ValueError(text)


def cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%m/%Y")  # a date typed in the period column means its month
    return clean_line(str(value))


def is_missing(value: object) -> bool:
    """Empty cells and GSO's marks for "no figure" ("-", "..", "…")."""
    return value is None or fold(cell_text(value)) in MISSING_MARKS or cell_text(value) == ""


def year_of_header(value: object) -> tuple[int, bool] | None:
    """A year column of the wide shape: 2024, "2024", "Năm 2024", "Sơ bộ 2024" / "Prel. 2024" (preliminary)."""
    if isinstance(value, int | float) and not isinstance(value, bool) and float(value).is_integer():
        year = int(value)
        return (year, False) if 1986 <= year <= 2100 else None
    key = fold(cell_text(value))
    m = re.fullmatch(r"(nam |year )?(so bo |prel\.? ?|uoc tinh |uoc )?(\d{4})( \(?(so bo|prel\.?)\)?)?", key)
    if not m:
        return None
    year = int(m[3])
    return (year, bool(m[2] or m[4])) if 1986 <= year <= 2100 else None


# --- templates ---------------------------------------------------------------------------------------------------


def _bold_row(ws: Any, row: int = 1) -> None:
    for cell in ws[row]:
        cell.font = Font(bold=True)


def _guide(wb: Workbook, columns: list[Column], extra: list[list[Any]]) -> None:
    guide = wb.create_sheet("Hướng dẫn")
    guide.append(["Cột", "Bắt buộc", "Cách ghi"])
    _bold_row(guide)
    for col in columns:
        guide.append([col.header, "x" if col.required else "", col.help])
    for line in extra:
        guide.append(line)
    guide.column_dimensions["A"].width = 34
    guide.column_dimensions["C"].width = 90


def _catalogue_lines() -> list[list[Any]]:
    lines: list[list[Any]] = [[], ["Chỉ tiêu nhập được (mã — tên — đơn vị — kỳ)"]]
    for ind in Indicator.objects.filter(active=True).exclude(computed=Indicator.Computed.ALWAYS):
        lines.append(
            [ind.code, ind.name_vi, ind.get_unit_display(), ind.get_frequency_display()]
            + (["theo thị trường"] if ind.by_market else [])
        )
    return lines


def write_template(out: BinaryIO | str, shape: str = "long") -> None:
    """The documented template of a shape: the data sheet and a guide sheet (columns, accepted values, the
    catalogue, an example)."""
    wb = Workbook()
    ws = wb.active
    rules = [
        [],
        ["Quy tắc chung"],
        [
            "Kiểm tra trước (chạy thử), có lỗi ở bất kỳ dòng nào thì không nhập dòng nào; một tệp chỉ nhập một lần."
        ],
        ["Kỳ trước 01/07/2025: ghi số liệu cho tỉnh khi đó (Quảng Nam, Vĩnh Phúc…); tên cũ được nhận ra."],
        ["Số: 1.234,5 (kiểu Việt Nam) hoặc 1,234.5 (kiểu Anh); 6.470 là sáu nghìn bốn trăm bảy mươi."],
    ]
    if shape == "rates":
        ws.title = "Tỷ giá"
        ws.append([c.header for c in RATE_COLUMNS])
        _bold_row(ws)
        ws.append(["USD", "2024", "24.167,5", "Ngân hàng Nhà nước, tỷ giá trung tâm bình quân năm", ""])
        ws.append(["JPY", "03/2024", "165,2", "Ngân hàng Nhà nước, tỷ giá trung tâm", ""])
        _guide(wb, RATE_COLUMNS, rules[:3])
    elif shape == "wide":
        ws.title = "fdi_registered_new"
        ws.append(["Chỉ tiêu:", "fdi_registered_new"])
        ws.append(["Đơn vị tính:", "triệu USD"])
        ws.append(["Nguồn:", "Cục Thống kê"])
        ws.append(["Tỉnh, thành phố", 2021, 2022, 2023, 2024])
        _bold_row(ws, 4)
        ws.append(["Cả nước", None, None, None, None])
        ws.append(["Quảng Nam", "120,5", "98,1", "132,0", "145,7"])
        ws.append(["Đà Nẵng", "310,2", "280,0", "305,4", "512,9"])
        _guide(
            wb,
            [
                Column(
                    "indicator", "Chỉ tiêu: (ô A1, B1)", True, "Mã hoặc tên chỉ tiêu; mỗi trang một chỉ tiêu"
                ),
                Column("unit", "Đơn vị tính: (ô A2, B2)", False, "triệu USD, tỷ đồng, nghìn lượt người…"),
                Column("source", "Nguồn: (ô A3, B3)", False, "Ghi vào mọi giá trị của trang"),
                Column(
                    "country",
                    "Thị trường: (thêm một dòng nhãn)",
                    False,
                    "Chỉ tiêu theo thị trường: tên nước hoặc mã ISO; mỗi trang một thị trường",
                ),
                Column(
                    "province",
                    "Tỉnh, thành phố (cột A)",
                    True,
                    "Mỗi dòng một tỉnh; dòng cả nước, vùng bỏ qua",
                ),
                Column(
                    "year",
                    "Năm (các cột sau)",
                    True,
                    "2024, “Năm 2024” hoặc “Sơ bộ 2024”; ô trống, “-”, “..” bỏ qua",
                ),
            ],
            rules + _catalogue_lines(),
        )
    else:
        ws.title = "Số liệu"
        ws.append([c.header for c in LONG_COLUMNS])
        _bold_row(ws)
        ws.append(["Quảng Nam", "2023", "fdi_registered_new", "132.000.000", "USD", "", "Cục Thống kê", ""])
        ws.append(["Đà Nẵng", "Q3/2025", "international_arrivals", "1.250.300", "", "", "Sở Du lịch", ""])
        ws.append(["48", "2025", "exports_by_market", "1.234,5", "triệu USD", "Nhật Bản", "Hải quan", ""])
        _guide(wb, LONG_COLUMNS, rules + _catalogue_lines())
    for i in range(1, 10):
        ws.column_dimensions[ws.cell(1, i).column_letter].width = 20
    wb.save(out)


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
