"""The Excel export writer: typed cells, neutralised formulas, a usable header, Excel's sheet-name rules."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from types import SimpleNamespace

from django.utils import timezone
from django.utils.translation import gettext_lazy
from openpyxl import load_workbook

from ngoaivu.core.columns import Column, xlsx_response


def _workbook(response):
    return load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def test_cells_keep_their_types_and_formulas_are_neutralised():
    columns = [
        Column("text", gettext_lazy("Tên"), lambda r: r.text),
        Column("day", "Ngày", lambda r: r.day),
        Column("at", "Lúc", lambda r: r.at),
        Column("amount", "Vốn", lambda r: r.amount),
        Column("count", "Số", lambda r: r.count),
        Column("flag", "Cờ", lambda r: r.flag),
        Column("none", "Trống", lambda r: None),
        Column("lazy", "Nhãn", lambda r: gettext_lazy("Đã gửi")),
    ]
    at = dt.datetime(2026, 3, 4, 2, 30, tzinfo=dt.UTC)
    rows = [
        SimpleNamespace(
            text='=HYPERLINK("http://x")',
            day=dt.date(2026, 1, 31),
            at=at,
            amount=Decimal("1234.5"),
            count=7,
            flag=True,
        ),
        SimpleNamespace(text="Đà Nẵng", day=None, at=None, amount=None, count=0, flag=False),
    ]

    response = xlsx_response(rows, columns, title="Danh sách: thỏa thuận/MOU [2026]?", filename_stem="thu")

    assert response["Content-Disposition"].startswith('attachment; filename="thu-')
    wb = _workbook(response)
    ws = wb.worksheets[0]
    assert ws.title == "Danh sách thỏa thuận MOU 2026"
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:H3"
    header = [c.value for c in ws[1]]
    assert header == ["Tên", "Ngày", "Lúc", "Vốn", "Số", "Cờ", "Trống", "Nhãn"]
    assert ws["A1"].font.b
    first = [c.value for c in ws[2]]
    assert first[0] == '\'=HYPERLINK("http://x")'
    assert first[1].date() == dt.date(2026, 1, 31)
    assert ws["B2"].number_format == "dd/mm/yyyy"
    assert first[2] == timezone.localtime(at).replace(tzinfo=None)
    assert ws["C2"].number_format == "dd/mm/yyyy hh:mm"
    assert first[3:] == [1234.5, 7, "x", None, "Đã gửi"]
    second = [c.value for c in ws[3]]
    assert second == ["Đà Nẵng", None, None, None, 0, None, None, "Đã gửi"]


def test_an_empty_list_gives_the_header_alone():
    response = xlsx_response([], [Column("a", "Cột A", lambda r: r)], title="", filename_stem="rong")
    ws = _workbook(response).worksheets[0]
    assert ws.title == "Sheet1"
    assert [[c.value for c in row] for row in ws.iter_rows()] == [["Cột A"]]


def test_the_writer_makes_well_formed_parts_and_keeps_odd_values_readable():
    import zipfile

    from defusedxml import ElementTree

    from ngoaivu.core.xlsx import column_letter, write_workbook

    assert [column_letter(i) for i in (0, 25, 26, 51, 52, 701, 702)] == [
        "A",
        "Z",
        "AA",
        "AZ",
        "BA",
        "ZZ",
        "AAA",
    ]
    header = [f"Cột {i}" for i in range(30)]
    rows = [
        [
            "a\x00b\x1fc\x0bd",
            "x" * 40_000,
            Decimal("12.50"),
            3,
            2.5,
            float("nan"),
            "  lề  ",
            "<b>&",
            *[""] * 22,
        ],
        [None] * 30,
    ]
    buf = io.BytesIO()
    assert write_workbook(buf, title="Thỏa thuận 'MOU' của tỉnh", header=header, rows=rows) == 2
    with zipfile.ZipFile(buf) as z:
        for name in z.namelist():
            if name.endswith((".xml", ".rels")):
                ElementTree.fromstring(z.read(name))  # well-formed, or this raises
        assert "'Thỏa thuận ''MOU'' của tỉnh'!$A$1:$AD$3" in z.read("xl/workbook.xml").decode()
    ws = load_workbook(io.BytesIO(buf.getvalue())).worksheets[0]
    assert ws.title == "Thỏa thuận 'MOU' của tỉnh"
    assert ws.auto_filter.ref == "A1:AD3"
    values = [c.value for c in ws[2]][:8]
    assert values[0] == "abcd"  # characters XML cannot carry are dropped, not the cell
    assert len(values[1]) == 32_767  # Excel's cell limit
    assert values[2:5] == [12.5, 3, 2.5]
    assert values[5] == "nan"
    assert values[6:8] == ["  lề  ", "<b>&"]
    assert all(c.value is None for c in ws[3])
