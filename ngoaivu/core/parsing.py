"""Budgets for reading uploaded files: every parser has one (ARCHITECTURE §13).

A few kilobytes must never buy minutes of CPU or gigabytes of memory: a workbook that declares A1:XFD1048576,
a PDF whose pages share a 1 MB content stream, a DOCX whose XML expands 700-fold. So before a parser runs, the
container is measured (members, expanded bytes, compression ratio, nested archives, passwords), and while it
runs the work is bounded (rows, columns, sheets, pages, content bytes, wall-clock seconds). Crossing a budget
raises `ParseRefused` with a Vietnamese message naming the limit; callers add the file name and refuse the
upload or import before anything is written.

The limits are settings (`NGOAIVU_PARSE_*`, see `config/settings.py`) read once per file by `Budget.current()`."""

from __future__ import annotations

import io
import re
import time
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any
from xml.etree.ElementTree import ParseError

from defusedxml import ElementTree as SafeElementTree
from defusedxml.common import DefusedXmlException
from django.conf import settings
from django.utils.translation import gettext as _

OLE2_MAGIC = bytes.fromhex("d0cf11e0a1b11ae1")
ARCHIVE_SUFFIXES = (".zip", ".rar", ".7z", ".gz", ".tgz", ".bz2", ".xz", ".tar", ".jar", ".cab", ".zipx")
# Below this many expanded bytes a member's compression ratio is not looked at (a small, very regular XML part
# such as styles or a shared-strings table of repeated words legitimately compresses 100-fold).
RATIO_FLOOR_BYTES = 1024 * 1024
MB = 1024 * 1024


class ParseRefused(ValueError):
    """A file refused before or while parsing: over a budget, encrypted, or not what its name says."""


@dataclass(frozen=True)
class Budget:
    seconds: float
    max_rows: int
    max_columns: int
    max_sheets: int
    max_pages: int
    max_page_content_bytes: int
    max_expanded_bytes: int
    max_part_bytes: int
    max_ratio: int
    max_members: int
    max_image_pixels: int

    @classmethod
    def current(cls) -> Budget:
        return cls(
            seconds=float(settings.NGOAIVU_PARSE_SECONDS),
            max_rows=int(settings.NGOAIVU_PARSE_MAX_ROWS),
            max_columns=int(settings.NGOAIVU_PARSE_MAX_COLUMNS),
            max_sheets=int(settings.NGOAIVU_PARSE_MAX_SHEETS),
            max_pages=int(settings.NGOAIVU_PARSE_MAX_PAGES),
            max_page_content_bytes=int(settings.NGOAIVU_PARSE_MAX_PAGE_CONTENT_BYTES),
            max_expanded_bytes=int(settings.NGOAIVU_PARSE_MAX_EXPANDED_BYTES),
            max_part_bytes=int(settings.NGOAIVU_PARSE_MAX_PART_BYTES),
            max_ratio=int(settings.NGOAIVU_PARSE_MAX_RATIO),
            max_members=int(settings.NGOAIVU_PARSE_MAX_MEMBERS),
            max_image_pixels=int(settings.NGOAIVU_PARSE_MAX_IMAGE_PIXELS),
        )

    def deadline(self) -> Deadline:
        return Deadline(self.seconds)


# (end on time.monotonic(), seconds) of the budget shared by every file parsed in one request, when open.
_shared: ContextVar[tuple[float, float] | None] = ContextVar("ngoaivu_parse_shared", default=None)


@contextmanager
def shared_budget(seconds: float | None = None) -> Iterator[None]:
    """Every file parsed inside the block also shares one wall-clock budget, `NGOAIVU_PARSE_REQUEST_SECONDS`
    by default: a batch of 50 files must not take 50 × `NGOAIVU_PARSE_SECONDS`. Once it is spent, the files
    left are refused at once with their own message."""
    total = float(settings.NGOAIVU_PARSE_REQUEST_SECONDS if seconds is None else seconds)
    mine = (time.monotonic() + total, total)
    outer = _shared.get()
    token = _shared.set(mine if outer is None else min(outer, mine))
    try:
        yield
    finally:
        _shared.reset(token)


class Deadline:
    """Wall-clock budget of one file, checked between units of work (rows, pages, XML elements, PDF operators).
    `tick()` is cheap enough to call per unit: the clock is read every `every` calls. Inside `shared_budget`
    the file also stops when the request's budget is spent."""

    def __init__(self, seconds: float, every: int = 512) -> None:
        self.seconds = seconds
        self.ends = time.monotonic() + seconds
        self.shared = _shared.get()
        self.every = every
        self._count = 0
        if self.shared is not None and time.monotonic() > self.shared[0]:
            raise ParseRefused(_shared_message(self.shared[1]))

    def check(self) -> None:
        now = time.monotonic()
        if self.shared is not None and now > self.shared[0] and self.shared[0] < self.ends:
            raise ParseRefused(_shared_message(self.shared[1]))
        if now > self.ends:
            raise ParseRefused(
                _("Đọc tệp mất quá %(s)s giây (giới hạn thời gian đọc một tệp).")
                % {"s": _number(self.seconds)}
            )

    def tick(self) -> None:
        self._count += 1
        if self._count % self.every == 0:
            self.check()


def _shared_message(seconds: float) -> str:
    return _(
        "Đã hết thời gian đọc tệp của lần tải lên này (tối đa %(s)s giây cho cả lần); hãy tải tệp này lên riêng."
    ) % {"s": _number(seconds)}


def _number(value: float) -> str:
    return f"{value:g}" if value < 1000 else f"{int(value):,}".replace(",", ".")


def _mb(value: int) -> str:
    return _number(round(value / MB, 1))


# --- zip containers (DOCX, XLSX, ODT, ODS) ----------------------------------------------------------------------


def open_zip(data: bytes, kind: str, budget: Budget) -> zipfile.ZipFile:
    """The OOXML/ODF container, once its central directory has been checked against the budget: member count,
    expanded size in total and per member, compression ratio, passwords and archives inside the archive.
    Nothing is decompressed here; `read_member` bounds what is later read."""
    if data.startswith(OLE2_MAGIC):
        raise ParseRefused(
            _(
                "Tệp %(k)s được đặt mật khẩu hoặc là định dạng Office cũ (.doc/.xls): hãy bỏ mật khẩu và lưu lại "
                "dưới dạng %(k)s rồi tải lên lại."
            )
            % {"k": kind.upper()}
        )
    if not data.startswith(b"PK"):
        raise ParseRefused(
            _("Tệp không đúng định dạng %(k)s (không phải tệp Office Open XML).") % {"k": kind.upper()}
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise ParseRefused(
            _("Tệp %(k)s hỏng hoặc bị cắt cụt (%(e)s).") % {"k": kind.upper(), "e": type(exc).__name__}
        ) from exc
    try:
        _check_members(infos, kind, budget)
    except ParseRefused:
        archive.close()
        raise
    return archive


def _check_members(infos: list[zipfile.ZipInfo], kind: str, budget: Budget) -> None:
    if len(infos) > budget.max_members:
        raise ParseRefused(
            _("Tệp %(k)s có %(n)s thành phần (tối đa %(m)s).")
            % {"k": kind.upper(), "n": _number(len(infos)), "m": _number(budget.max_members)}
        )
    total = 0
    for info in infos:
        name = info.filename.lower()
        if info.flag_bits & 0x1:
            raise ParseRefused(
                _("Tệp %(k)s được đặt mật khẩu: hãy bỏ mật khẩu rồi tải lên lại.") % {"k": kind.upper()}
            )
        if name.endswith(ARCHIVE_SUFFIXES):
            raise ParseRefused(
                _("Tệp %(k)s chứa một tệp nén lồng bên trong (%(n)s); không nhận.")
                % {"k": kind.upper(), "n": info.filename[:80]}
            )
        total += info.file_size
        if info.file_size > budget.max_part_bytes or total > budget.max_expanded_bytes:
            raise ParseRefused(
                _("Tệp %(k)s quá lớn khi giải nén (hơn %(m)s MB; tối đa %(p)s MB mỗi phần, %(t)s MB cả tệp).")
                % {
                    "k": kind.upper(),
                    "m": _mb(max(info.file_size, total)),
                    "p": _mb(budget.max_part_bytes),
                    "t": _mb(budget.max_expanded_bytes),
                }
            )
        if info.file_size > RATIO_FLOOR_BYTES and info.file_size > budget.max_ratio * max(
            info.compress_size, 1
        ):
            raise ParseRefused(
                _(
                    "Tệp %(k)s bị nén bất thường khi giải nén (phần %(n)s nở gấp %(r)s lần; tối đa %(m)s lần): "
                    "có thể là “bom nén”."
                )
                % {
                    "k": kind.upper(),
                    "n": info.filename[:80],
                    "r": _number(info.file_size // max(info.compress_size, 1)),
                    "m": _number(budget.max_ratio),
                }
            )


def read_member(archive: zipfile.ZipFile, name: str, kind: str, budget: Budget) -> bytes:
    """A member's bytes, never more than the part budget even if its header lies about its size."""
    with archive.open(name) as fh:
        data = fh.read(budget.max_part_bytes + 1)
    if len(data) > budget.max_part_bytes:
        raise ParseRefused(
            _("Tệp %(k)s quá lớn khi giải nén (phần %(n)s hơn %(m)s MB).")
            % {"k": kind.upper(), "n": name, "m": _mb(budget.max_part_bytes)}
        )
    return data


def count_sheets(archive: zipfile.ZipFile, budget: Budget) -> int:
    """Sheets listed in xl/workbook.xml (several may point at one part, so members are not enough)."""
    try:
        root = SafeElementTree.fromstring(read_member(archive, "xl/workbook.xml", "xlsx", budget))
    except KeyError as exc:
        raise ParseRefused(_("Tệp XLSX thiếu phần xl/workbook.xml.")) from exc
    except (ParseError, DefusedXmlException) as exc:
        raise ParseRefused(
            _("Tệp XLSX có XML hỏng hoặc không an toàn (%(e)s).") % {"e": type(exc).__name__}
        ) from exc
    sheets = sum(1 for el in root.iter() if el.tag.rsplit("}", 1)[-1] == "sheet")
    if sheets > budget.max_sheets:
        raise ParseRefused(
            _("Tệp XLSX có %(n)s trang tính (tối đa %(m)s).")
            % {"n": _number(sheets), "m": _number(budget.max_sheets)}
        )
    return sheets


# --- XLSX rows --------------------------------------------------------------------------------------------------


def open_workbook(data: bytes, budget: Budget) -> Any:
    """openpyxl's read-only workbook of a checked container (formulas not evaluated: cached values only)."""
    from openpyxl import load_workbook

    with open_zip(data, "xlsx", budget) as archive:
        count_sheets(archive, budget)
    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a broken file
        raise xlsx_refusal(exc) from exc


def sheet_rows(sheet: Any, budget: Budget, deadline: Deadline) -> Iterator[tuple[int, tuple[Any, ...]]]:
    """(Excel row number, values) of the rows that hold a value, bounded by what is there and by the budget.

    The sheet's declared `<dimension>` is never used: openpyxl's read-only rows would pad every row to the
    declared width and fill every missing row up to the declared height (a 1.6 KB file declaring
    A1:XFD1048576 is 17 billion cells). Only the cells present in the file are read, through openpyxl's own
    sheet parser; a row is as wide as its last value. A value beyond the column budget, or in a row beyond the
    row budget, refuses the file; empty or merely formatted cells cost nothing."""
    try:
        for number, cells in _present_cells(sheet):
            deadline.tick()
            present = [
                (c["column"], c["value"]) for c in cells if c["value"] is not None and c["value"] != ""
            ]
            if not present:
                continue
            if number > budget.max_rows:
                raise ParseRefused(
                    _("Trang tính “%(s)s” có dữ liệu quá %(m)s dòng (dòng %(n)s).")
                    % {"s": sheet.title, "m": _number(budget.max_rows), "n": _number(number)}
                )
            width = max(column for column, _value in present)
            if width > budget.max_columns:
                raise ParseRefused(
                    _("Trang tính “%(s)s” có dữ liệu quá %(m)s cột (dòng %(n)s, cột %(c)s).")
                    % {"s": sheet.title, "m": _number(budget.max_columns), "n": _number(number), "c": width}
                )
            values: list[Any] = [None] * width
            for column, value in present:
                if column >= 1:
                    values[column - 1] = value
            yield number, tuple(values)
    except ParseRefused:
        raise
    except Exception as exc:  # openpyxl raises many kinds on a broken sheet
        raise xlsx_refusal(exc) from exc


def _present_cells(sheet: Any) -> Iterator[tuple[int, list[dict[str, Any]]]]:
    """What `ReadOnlyWorksheet._cells_by_row` reads, without its padding: openpyxl's parser yields each
    `<row>` of the file with only its `<c>` cells (openpyxl is pinned; `test_hostile_files` covers this)."""
    from openpyxl.worksheet._reader import WorkSheetParser

    workbook = sheet.parent
    with sheet._get_source() as source:
        parser = WorkSheetParser(
            source,
            sheet._shared_strings,
            data_only=workbook.data_only,
            epoch=workbook.epoch,
            date_formats=workbook._date_formats,
            timedelta_formats=workbook._timedelta_formats,
        )
        yield from parser.parse()


def xlsx_refusal(exc: BaseException) -> ParseRefused:
    """The message for an exception out of openpyxl: unsafe XML (entities, DTD) is named as such."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, DefusedXmlException | ParseError):
            return ParseRefused(
                _("Tệp XLSX có XML hỏng hoặc không an toàn (%(e)s).") % {"e": type(seen).__name__}
            )
        seen = seen.__cause__ or seen.__context__
    return ParseRefused(_("Tệp XLSX hỏng hoặc không đọc được (%(e)s).") % {"e": type(exc).__name__})


# --- plain text -------------------------------------------------------------------------------------------------

# In TCVN3 (ABC), the legacy Vietnamese 8-bit code, the letters ă â ê ô ơ ư đ and most toned vowels sit at
# 0xA1-0xBF (and beyond), where Windows-1258 keeps only symbols (¡ ¢ £ … ¿). Real Windows-1258 text has few of
# those symbols; TCVN3 text decoded as Windows-1258 is full of them.
_TCVN3_SYMBOLS = re.compile("[\u00a1-\u00bf]")


def looks_like_tcvn3(text: str) -> bool:
    non_ascii = sum(1 for c in text[:20000] if ord(c) > 127)
    symbols = len(_TCVN3_SYMBOLS.findall(text[:20000]))
    return symbols >= 3 and symbols * 10 >= non_ascii * 3


# --- stored attachments -----------------------------------------------------------------------------------------

IMAGE_SUFFIXES = {"png", "jpg", "jpeg"}
OOXML_SUFFIXES = {"docx", "xlsx", "odt", "ods"}


def check_stored_file(fileobj: Any, name: str, budget: Budget | None = None) -> None:
    """An attachment is stored, not parsed, but it is opened later on an officer's PC: its bytes must be what
    its name says (no program named .pdf), an Office/ODF container must pass the zip budget, and an image may
    not declare more pixels than `NGOAIVU_PARSE_MAX_IMAGE_PIXELS` (a 100,000 × 100,000 PNG header is a few
    bytes and a decompression bomb for whoever previews it). Only headers and the zip directory are read; the
    file is rewound."""
    budget = budget or Budget.current()
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    start = fileobj.tell() if hasattr(fileobj, "tell") else 0
    try:
        head = fileobj.read(64 * 1024)
        if not head:
            raise ParseRefused(_("Tệp rỗng."))
        if head.startswith((b"MZ", b"\x7fELF", b"#!", b"\xca\xfe\xba\xbe", b"\xcf\xfa\xed\xfe")):
            raise ParseRefused(_("Tệp là chương trình máy tính, không phải tài liệu; không nhận."))
        if ext == "pdf" and b"%PDF" not in head[:1024]:
            raise ParseRefused(_("Tệp không đúng định dạng PDF."))
        if ext in {"doc", "xls"} and not head.startswith(OLE2_MAGIC):
            raise ParseRefused(_("Tệp không đúng định dạng %(k)s.") % {"k": ext.upper()})
        if ext in OOXML_SUFFIXES:
            fileobj.seek(start)
            open_zip(fileobj.read(), ext, budget).close()
        if ext in IMAGE_SUFFIXES:
            _check_image(head, ext, budget.max_image_pixels)
    finally:
        fileobj.seek(start)


def _check_image(head: bytes, ext: str, limit: int) -> None:
    size = _png_size(head) if head.startswith(b"\x89PNG\r\n\x1a\n") else _jpeg_size(head)
    if size is None:
        raise ParseRefused(_("Tệp không đúng định dạng ảnh %(k)s.") % {"k": ext.upper()})
    width, height = size
    if width * height > limit:
        raise ParseRefused(
            _("Ảnh có kích thước %(w)s × %(h)s điểm ảnh (tối đa %(m)s triệu điểm ảnh).")
            % {"w": _number(width), "h": _number(height), "m": _number(limit // 1_000_000)}
        )


def _png_size(head: bytes) -> tuple[int, int] | None:
    if len(head) < 24 or head[12:16] != b"IHDR":
        return None
    return int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")


def _jpeg_size(head: bytes) -> tuple[int, int] | None:
    """Width and height from the first start-of-frame marker (baseline, progressive or other SOFn)."""
    if not head.startswith(b"\xff\xd8"):
        return None
    i = 2
    while i + 9 < len(head):
        if head[i] != 0xFF:
            return None
        marker = head[i + 1]
        if marker in {0xD8, 0x01} or 0xD0 <= marker <= 0xD7:
            i += 2
            continue
        length = int.from_bytes(head[i + 2 : i + 4], "big")
        if 0xC0 <= marker <= 0xCF and marker not in {0xC4, 0xC8, 0xCC}:
            return int.from_bytes(head[i + 7 : i + 9], "big"), int.from_bytes(head[i + 5 : i + 7], "big")
        i += 2 + length
    return None
