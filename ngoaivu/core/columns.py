"""One column spec per list renders the HTML table and the Excel export."""

from __future__ import annotations

import datetime as dt
import functools
import re
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import xlsxwriter
from django.apps import apps
from django.http import FileResponse
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.formats import date_format
from django.utils.translation import get_language

from ngoaivu.core.db import replica_reads


@functools.lru_cache(maxsize=512)
def _choice_labels(model: str, field: str, language: str) -> dict[Any, str]:
    return {value: str(label) for value, label in apps.get_model(model)._meta.get_field(field).flatchoices}


def display(obj: Any, field: str) -> str:
    """`obj.get_<field>_display()` without its cost per call (Django rebuilds the choices and translates
    every label each time: 9 of the 30 s of a 24,000-row export): labels translated once per language."""
    value = getattr(obj, field)
    return _choice_labels(obj._meta.label, field, get_language() or "").get(value, value)


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Column:
    key: str
    label: Any  # lazy translation
    accessor: Callable[[Any], Any]
    sort: str | None = None
    link: Callable[[Any], str] | None = None

    def value(self, obj: Any) -> Any:
        return self.accessor(obj)

    def display(self, obj: Any) -> str:
        value = self.value(obj)
        if value is None:
            return ""
        if isinstance(value, bool):
            return "✓" if value else ""
        if isinstance(value, dt.datetime):
            return date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
        if isinstance(value, dt.date):
            return date_format(value, "SHORT_DATE_FORMAT")
        return force_str(value)


def safe_cell(value: Any) -> Any:
    """Text that a spreadsheet would run as a formula is prefixed with an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).replace(tzinfo=None)
    if isinstance(value, bool):
        return "x" if value else ""
    return value


def xlsx_response(
    rows: Iterable[Any], columns: list[Column], *, title: str, filename_stem: str
) -> FileResponse:
    """Write the workbook row by row into a temporary file (XlsxWriter's constant-memory mode: memory stays
    flat whatever the row count) and send that file. XlsxWriter writes a cell about 3.5× faster than
    openpyxl's write-only mode (100,000 rows × 10 columns: 12.4 s against 44.1 s on a loaded machine).

    The header row is bold, frozen and filterable; the file name carries the date (DOMAIN.md §6: every
    export is dated).
    """
    tmp = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 - FileResponse closes it
    wb = xlsxwriter.Workbook(tmp, {"constant_memory": True, "in_memory": False})
    ws = wb.add_worksheet(_sheet_title(title))
    formats = {
        "header": wb.add_format({"bold": True}),
        "date": wb.add_format({"num_format": "dd/mm/yyyy"}),
        "datetime": wb.add_format({"num_format": "dd/mm/yyyy hh:mm"}),
    }
    for x, col in enumerate(columns):
        label = force_str(col.label)
        ws.write_string(0, x, label, formats["header"])
        ws.set_column(x, x, min(max(len(label) + 2, 12), 60))
    y = 0
    with replica_reads():  # the rows are read as they are written: from the replica when there is one
        for y, obj in enumerate(rows, start=1):
            for x, col in enumerate(columns):
                _write_cell(ws, y, x, col.value(obj), formats)
    ws.freeze_panes(1, 0)
    ws.autofilter(0, 0, y, max(len(columns) - 1, 0))
    wb.close()
    tmp.seek(0)
    name = f"{filename_stem}-{timezone.localdate():%Y-%m-%d}.xlsx"
    return FileResponse(
        tmp,
        as_attachment=True,
        filename=name,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def _sheet_title(title: str) -> str:
    """Excel's sheet-name rules: at most 31 characters, none of []:*?/\\."""
    return re.sub(r"[\[\]:*?/\\]", " ", force_str(title))[:31].strip() or "Sheet1"


def _write_cell(ws: Any, y: int, x: int, value: Any, formats: dict[str, Any]) -> None:
    if hasattr(value, "_proxy____cast"):  # a lazy translation
        value = force_str(value)
    value = safe_cell(value)
    if value is None or value == "":
        return
    if isinstance(value, str):
        ws.write_string(y, x, value)
    elif isinstance(value, dt.datetime):
        ws.write_datetime(y, x, value, formats["datetime"])
    elif isinstance(value, dt.date):
        ws.write_datetime(y, x, value, formats["date"])
    elif isinstance(value, int | float | Decimal):
        ws.write_number(y, x, float(value))
    else:
        ws.write_string(y, x, force_str(value))
