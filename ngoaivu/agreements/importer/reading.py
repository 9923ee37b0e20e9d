"""Reading the import workbook: the template's columns, the documented template itself, cell parsing (dates,
VND amounts, lists) and `read_rows`, which reads a file within the parser budget or lists what is wrong with it."""

from __future__ import annotations

import datetime as dt
import decimal
import re
from dataclasses import dataclass
from typing import Any, BinaryIO

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from ngoaivu.agreements.models import Agreement, AgreementKind, CooperationField
from ngoaivu.core.parsing import Budget, ParseRefused, open_workbook, sheet_rows
from ngoaivu.core.text import clean_text, fold

MAX_ROWS = 50_000
MAX_BYTES = 30 * 1024 * 1024


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    required: bool
    help: str


COLUMNS = [
    Column(
        "kind", "Loại thỏa thuận", True, "Tên loại như trong danh mục loại thỏa thuận (có dấu hoặc không dấu)"
    ),
    Column("title_vi", "Tên thỏa thuận (tiếng Việt)", True, "Tối đa 500 ký tự"),
    Column("title_foreign", "Tên bằng tiếng nước ngoài", False, ""),
    Column("province", "Tỉnh, thành phố (tên khi ký)", True, "Có dấu hoặc không dấu; được ghi tên tỉnh cũ"),
    Column("vn_party", "Bên Việt Nam ký", False, "Ví dụ: UBND tỉnh Vĩnh Phúc; Sở Công Thương"),
    Column("country", "Quốc gia", True, "Tên tiếng Việt, tiếng Anh hoặc mã ISO (JP, KR…)"),
    Column("partners", "Đối tác nước ngoài", False, "Tên như trong danh bạ; nhiều đối tác cách nhau bởi ;"),
    Column("fields", "Lĩnh vực hợp tác", False, "Mã hoặc tên; cách nhau bởi ;"),
    Column("signed_on", "Ngày ký", False, "dd/mm/yyyy"),
    Column("signed_place", "Nơi ký", False, ""),
    Column("valid_from", "Hiệu lực từ", False, "dd/mm/yyyy"),
    Column("valid_until", "Hiệu lực đến", False, "dd/mm/yyyy; để trống nếu không thời hạn"),
    Column("renewal_terms", "Điều khoản gia hạn", False, ""),
    Column("signatories_vn", "Người ký phía Việt Nam", False, ""),
    Column("signatories_foreign", "Người ký phía nước ngoài", False, ""),
    Column("budget", "Kinh phí dự kiến (VND)", False, "Số, ví dụ 1.500.000.000"),
    Column("state", "Trạng thái", False, "Để trống: đã ký nếu có ngày ký, nếu không là đề xuất"),
    Column("description", "Nội dung chính", False, ""),
]
BY_FOLDED_HEADER = {fold(c.header): c for c in COLUMNS} | {c.key: c for c in COLUMNS}
# Cells that may hold several lines (lists split on ";" or a line break, free text); the others are one line.
MULTILINE_COLUMNS = frozenset({"partners", "fields", "renewal_terms", "description"})


@dataclass
class Problem:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        where = _("dòng %(r)d") % {"r": self.row} if self.row else _("tệp")
        return f"{where}, {self.column}: {self.message}" if self.column else f"{where}: {self.message}"

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "message": self.message}


def write_template(out: BinaryIO | str) -> None:
    """The documented template: the data sheet with its header row, and a sheet explaining each column with the
    accepted values (kinds, fields, states) and an example."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Thỏa thuận"
    ws.append([c.header for c in COLUMNS])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for i, col in enumerate(COLUMNS, start=1):
        ws.column_dimensions[ws.cell(1, i).column_letter].width = max(16, min(40, len(col.header) + 4))
    guide = wb.create_sheet("Hướng dẫn")
    guide.append(["Cột", "Bắt buộc", "Cách ghi"])
    for cell in guide[1]:
        cell.font = Font(bold=True)
    for col in COLUMNS:
        guide.append([col.header, "x" if col.required else "", col.help])
    guide.append([])
    guide.append(["Loại thỏa thuận (mã — tên)"])
    for kind in AgreementKind.objects.order_by("sort_order"):
        guide.append([kind.code, kind.name_vi])
    guide.append([])
    guide.append(["Lĩnh vực hợp tác (mã — tên)"])
    for f in CooperationField.objects.order_by("sort_order"):
        guide.append([f.code, f.name_vi])
    guide.append([])
    guide.append(["Trạng thái (mã — tên)"])
    for code in ("proposed", "signed", "reported", "in_implementation", "expired", "terminated"):
        guide.append([code, str(Agreement.State(code).label)])
    guide.append([])
    guide.append(["Ví dụ một dòng"])
    guide.append(
        [
            "mou",
            "Bản ghi nhớ hợp tác xúc tiến đầu tư",
            "Memorandum of Understanding on Investment Promotion",
            "Vinh Phuc",
            "UBND tỉnh Vĩnh Phúc",
            "Nhật Bản",
            "JETRO",
            "investment; trade",
            "15/03/2022",
            "Vĩnh Phúc",
            "15/03/2022",
            "14/03/2027",
            "Tự động gia hạn 5 năm",
            "Chủ tịch UBND tỉnh",
            "Trưởng đại diện JETRO Hà Nội",
            "",
            "",
            "",
        ]
    )
    wb.save(out)


def cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return clean_text(str(value))


DATE_RE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")


def parse_date(value: object) -> dt.date | None:
    """Excel dates, dd/mm/yyyy (also with . or -) and ISO yyyy-mm-dd; ValueError for anything else."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = cell_text(value)
    if not text:
        return None
    if m := DATE_RE.match(text):
        return dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    return dt.date.fromisoformat(text)


def parse_amount(value: object) -> decimal.Decimal:
    """A VND amount as written in Vietnamese spreadsheets ("1.500.000.000", "1 500 000 000") or a number cell."""
    if isinstance(value, int | float):
        return decimal.Decimal(str(value)).quantize(decimal.Decimal(1))
    text = cell_text(value).replace(" ", "").replace("\u00a0", "")
    if not re.fullmatch(r"\d{1,3}(\.\d{3})*|\d+", text):
        raise ValueError(text)
    return decimal.Decimal(text.replace(".", ""))


def split_list(text: str) -> list[str]:
    return [p for p in (clean_text(x) for x in re.split(r"[;\n]", text)) if p]


def read_rows(content: bytes, filename: str = "") -> tuple[list[tuple[int, dict[str, Any]]], list[Problem]]:
    """Rows keyed by column key, each with its Excel row number; or the problems of the file itself.

    Read within the parser budget (`core.parsing`): the container is checked before openpyxl opens it, only
    cells really present are read (never the sheet's declared dimension), and rows, columns and seconds are
    bounded, so a hostile workbook is refused in milliseconds with the limit named."""
    shown = clean_text(filename)[:120] or "import.xlsx"
    if len(content) > MAX_BYTES:
        return [], [Problem(0, "", _("Tệp lớn hơn %(m)d MB.") % {"m": MAX_BYTES // (1024 * 1024)})]
    if not content:
        return [], [Problem(0, "", _("Không đọc được tệp Excel “%(f)s”: tệp rỗng.") % {"f": shown})]
    budget = Budget.current()
    try:
        deadline = budget.deadline()
        wb = open_workbook(content, budget)
    except ParseRefused as exc:
        return [], [_unreadable(shown, exc)]
    try:
        if not wb.worksheets:
            return [], [Problem(0, "", _("Tệp không có dòng tiêu đề."))]
        rows = sheet_rows(wb.worksheets[0], budget, deadline)
        first = next(rows, None)
        if first is None:
            return [], [Problem(0, "", _("Tệp không có dòng tiêu đề."))]
        header_row, header = first
        columns: dict[int, Column] = {}
        problems: list[Problem] = []
        for i, title in enumerate(header):
            col = BY_FOLDED_HEADER.get(fold(cell_text(title)))
            if col is not None:
                columns[i] = col
            elif cell_text(title):
                problems.append(Problem(header_row, cell_text(title), _("Cột không có trong mẫu.")))
        missing = [c.header for c in COLUMNS if c.required and c not in columns.values()]
        for header_name in missing:
            problems.append(Problem(header_row, header_name, _("Thiếu cột bắt buộc.")))
        if problems:
            return [], problems
        found: list[tuple[int, dict[str, Any]]] = []
        for number, values in rows:
            if all(v is None or cell_text(v) == "" for v in values):
                continue
            if len(found) >= MAX_ROWS:
                return [], [Problem(number, "", _("Tệp có quá %(n)d dòng.") % {"n": MAX_ROWS})]
            found.append(
                (number, {col.key: values[i] if i < len(values) else None for i, col in columns.items()})
            )
        if not found:
            return [], [Problem(0, "", _("Tệp không có dòng dữ liệu nào."))]
        return found, []
    except ParseRefused as exc:
        return [], [_unreadable(shown, exc)]
    finally:
        wb.close()


def _unreadable(filename: str, exc: ParseRefused) -> Problem:
    return Problem(0, "", _("Không đọc được tệp Excel “%(f)s”: %(e)s") % {"f": filename, "e": exc})
