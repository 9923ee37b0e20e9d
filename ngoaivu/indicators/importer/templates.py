"""The documented templates of the three shapes: a data sheet holding only its header (nothing in it is ever
an invented figure a dry run could read as real), and a guide sheet with the columns, the rules, the examples
and the catalogue. The readers never read the guide sheet (the long and rates shapes read the first sheet
only; the wide shape skips a sheet named "Hướng dẫn")."""

from __future__ import annotations

from typing import Any, BinaryIO

from openpyxl import Workbook
from openpyxl.styles import Font

from ngoaivu.indicators.importer.reading import LONG_COLUMNS, RATE_COLUMNS, Column
from ngoaivu.indicators.models import Indicator


def _bold_row(ws: Any, row: int = 1) -> None:
    for cell in ws[row]:
        cell.font = Font(bold=True)


EXAMPLE_TITLE = "Ví dụ (chỉ để tham khảo; trang này không được đọc khi nhập, ghi số liệu ở trang đầu)"


def _guide(
    wb: Workbook, columns: list[Column], extra: list[list[Any]], example: list[list[Any]] | None = None
) -> None:
    guide = wb.create_sheet("Hướng dẫn")
    guide.append(["Cột", "Bắt buộc", "Cách ghi"])
    _bold_row(guide)
    for col in columns:
        guide.append([col.header, "x" if col.required else "", col.help])
    if example:
        guide.append([])
        guide.append([EXAMPLE_TITLE])
        guide.cell(guide.max_row, 1).font = Font(bold=True)
        for line in example:
            guide.append(line)
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
    """The documented template of a shape: the data sheet (its header only) and a guide sheet (columns, the
    examples, accepted values, the catalogue)."""
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
        example: list[list[Any]] = [
            [c.header for c in RATE_COLUMNS],
            ["USD", "2024", "24.167,5", "Ngân hàng Nhà nước, tỷ giá trung tâm bình quân năm", ""],
            ["JPY", "03/2024", "165,2", "Ngân hàng Nhà nước, tỷ giá trung tâm", ""],
        ]
        _guide(wb, RATE_COLUMNS, rules[:3], example)
    elif shape == "wide":
        # the labels and the header row only: B1 (the indicator) is left for the province to fill, so rows
        # written under an untouched header are refused ("không nhận ra chỉ tiêu") rather than read as FDI
        ws.title = "Số liệu"
        ws.append(["Chỉ tiêu:", None])
        ws.append(["Đơn vị tính:", None])
        ws.append(["Nguồn:", None])
        ws.append(["Tỉnh, thành phố", 2021, 2022, 2023, 2024, 2025])
        _bold_row(ws, 4)
        example = [
            ["Chỉ tiêu:", "fdi_registered_new"],
            ["Đơn vị tính:", "triệu USD"],
            ["Nguồn:", "Cục Thống kê"],
            ["Tỉnh, thành phố", "2021", "2022", "2023", "2024"],
            ["Cả nước", None, None, None, None],
            ["Quảng Nam", "120,5", "98,1", "132,0", "145,7"],
            ["Đà Nẵng", "310,2", "280,0", "305,4", "512,9"],
        ]
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
            example,
        )
    else:
        ws.title = "Số liệu"
        ws.append([c.header for c in LONG_COLUMNS])
        _bold_row(ws)
        example = [
            [c.header for c in LONG_COLUMNS],
            ["Quảng Nam", "2023", "fdi_registered_new", "132.000.000", "USD", "", "Cục Thống kê", ""],
            ["Đà Nẵng", "Q3/2025", "international_arrivals", "1.250.300", "", "", "Sở Du lịch", ""],
            ["48", "2025", "exports_by_market", "1.234,5", "triệu USD", "Nhật Bản", "Hải quan", ""],
        ]
        _guide(wb, LONG_COLUMNS, rules + _catalogue_lines(), example)
    for i in range(1, 10):
        ws.column_dimensions[ws.cell(1, i).column_letter].width = 20
    wb.save(out)
