"""The documented templates of the three shapes (a data sheet and a guide sheet with the columns, the rules,
the catalogue and an example)."""

from __future__ import annotations

from typing import Any, BinaryIO

from openpyxl import Workbook
from openpyxl.styles import Font

from ngoaivu.indicators.importer.reading import LONG_COLUMNS, RATE_COLUMNS, Column
from ngoaivu.indicators.models import Indicator


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
