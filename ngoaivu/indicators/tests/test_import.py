"""Excel import of indicator values (long and GSO-wide shapes) and of exchange rates."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from freezegun import freeze_time
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from ngoaivu.audit.models import AuditEvent
from ngoaivu.core.exceptions import Forbidden, StateConflict
from ngoaivu.indicators import importer
from ngoaivu.indicators.models import ExchangeRate, IndicatorImport, IndicatorValue

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]
HEADERS = [c.header for c in importer.LONG_COLUMNS]
RATE_HEADERS = [c.header for c in importer.RATE_COLUMNS]


@pytest.fixture
def frozen():
    with freeze_time("2026-03-10 09:00:00"):
        yield


def xlsx(rows, headers=HEADERS) -> bytes:
    wb = Workbook()
    ws = wb.active
    if headers:
        ws.append(headers)
    for row in rows:
        ws.append([row.get(c.key) for c in importer.LONG_COLUMNS] if isinstance(row, dict) else list(row))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def wide(sheets) -> bytes:
    """sheets: [(title, [rows])] written as they are."""
    wb = Workbook()
    wb.remove(wb.active)
    for title, rows in sheets:
        ws = wb.create_sheet(title)
        for r in rows:
            ws.append(list(r))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def row(**kw):
    data = {
        "province": "Quảng Nam",
        "period": "2023",
        "indicator": "fdi_registered_new",
        "value": "132.000.000",
        "unit": "USD",
        "source": "Cục Thống kê tỉnh",
    }
    data.update(kw)
    return data


def run(world, content, who="a_editor", **kw):
    return importer.run_import(actor=world.users[who], content=content, filename="so-lieu.xlsx", **kw)


def values():
    return IndicatorValue.objects.system(reason="test")


def test_templates_have_the_documented_columns_and_a_guide(tmp_path):
    for shape, first in (("long", HEADERS), ("rates", RATE_HEADERS)):
        path = tmp_path / f"{shape}.xlsx"
        call_command("import", "indicators", "--template", str(path), "--shape", shape)
        wb = load_workbook(path)
        assert [c.value for c in wb.worksheets[0][1]][: len(first)] == first
        assert "Hướng dẫn" in wb.sheetnames
    path = tmp_path / "wide.xlsx"
    call_command("import", "indicators", "--template", str(path), "--shape", "wide")
    guide = [r[0] for r in load_workbook(path)["Hướng dẫn"].iter_rows(values_only=True)]
    assert "fdi_registered_new" in guide


def test_long_shape_imports_former_and_current_units_as_drafts_in_one_audited_batch(world):
    content = xlsx(
        [
            row(),  # Quảng Nam 2023: stays Quảng Nam (f49), rolls up into Đà Nẵng
            row(province="Da Nang", period="2023", value="1,234.5", unit="triệu USD"),
            row(province="48", period="2025", value="51,53", unit="triệu USD"),
            row(
                indicator="exports_by_market",
                country="Nhật Bản",
                period="2024",
                value=2_500_000,
                province="49",
            ),
            row(
                indicator="international_arrivals",
                period="03/2024",
                value="12.500",
                unit="",
                province="Quang Nam",
            ),
        ]
    )
    result = run(world, content)
    assert result.ok, [str(p) for p in result.errors]
    assert result.created == 5
    got = {(v.indicator.code, v.unit_key, v.period_start, v.market_key): v for v in values()}
    qn = got[("fdi_registered_new", "f49", dt.date(2023, 1, 1), "")]
    assert qn.former_province.name == "Quảng Nam"
    assert qn.province.code == "48"
    assert qn.value == Decimal("132000000")
    assert qn.currency == "USD"
    assert qn.status == "draft"
    assert got[("fdi_registered_new", "f48", dt.date(2023, 1, 1), "")].value == Decimal("1234500000")
    assert got[("fdi_registered_new", "p48", dt.date(2025, 1, 1), "")].value == Decimal("51530000")
    assert got[("exports_by_market", "f49", dt.date(2024, 1, 1), "JP")].country.iso2 == "JP"
    arrivals = got[("international_arrivals", "f49", dt.date(2024, 3, 1), "")]
    assert arrivals.value == Decimal("12500")
    assert arrivals.period_kind == "month"
    batch = result.batch
    assert batch.status == IndicatorImport.Status.IMPORTED
    assert batch.created_count == 5
    assert batch.owner_org == world.orgs["A"]
    assert all(v.owner_org_id == world.orgs["A"].pk and v.import_batch_id == batch.pk for v in values())
    events = AuditEvent.objects.filter(action="indicator_value.import", parent_id=str(batch.pk))
    assert events.count() == 5
    assert AuditEvent.objects.filter(action="indicator_import.run", target_id=str(batch.pk)).exists()


def test_submit_option_sends_the_values_to_the_ministry(world):
    result = run(world, xlsx([row()]), submit=True)
    assert result.ok
    value = values().get()
    assert value.status == "submitted"
    assert value.submitted_by == world.users["a_editor"]
    assert value.submitted_at is not None
    assert values().get().import_batch.options["submit"] is True


def test_every_bad_row_is_named_by_row_and_column_and_nothing_is_imported(world):
    content = xlsx(
        [
            row(),
            row(value="abc"),  # dòng 3
            row(period="13/2024"),  # dòng 4
            row(indicator="no_such_indicator"),  # dòng 5
            row(province="Atlantis"),  # dòng 6
            row(province="Lai Châu"),  # dòng 7: another province
            row(province="Quảng Nam", period="2025"),  # dòng 8: former unit after the merger
            row(province="Đà Nẵng", period="2025", unit="EUR"),  # dòng 9: USD indicator
            row(indicator="exports_by_market", country=""),  # dòng 10: market missing
            row(indicator="agreements_signed_provincial", unit="", value="3"),  # dòng 11: computed
            row(value=""),  # dòng 12
            row(),  # dòng 13: same as dòng 2
            row(indicator="international_arrivals", value="-5", unit=""),  # dòng 14
            row(period="2027"),  # dòng 15: not begun
        ]
    )
    result = run(world, content)
    assert not result.ok
    text = "\n".join(str(p) for p in result.errors)
    assert "dòng 3, cột Giá trị: “abc” không phải số." in text
    assert "dòng 4, cột Kỳ:" in text
    assert "dòng 5, cột Chỉ tiêu: không có chỉ tiêu" in text
    assert "dòng 6, cột Tỉnh, thành phố: không nhận ra" in text
    assert "dòng 7, cột Tỉnh, thành phố: chỉ nhập được số liệu của Đà Nẵng" in text
    assert "dòng 8" in text
    assert "dòng 9, cột Đơn vị / tiền tệ" in text
    assert "dòng 10, cột Thị trường" in text
    assert "dòng 11, cột Chỉ tiêu" in text
    assert "dòng 12, cột Giá trị: không được để trống." in text
    assert "dòng 13, cột Kỳ: trùng dòng 2." in text
    assert "dòng 14, cột Giá trị: không được âm." in text
    assert "dòng 15" in text
    assert values().count() == 0
    assert result.batch.status == IndicatorImport.Status.FAILED
    assert not result.batch.file  # a refused file is recorded, not kept


def test_a_value_already_entered_is_refused(world):
    assert run(world, xlsx([row()])).ok
    again = run(world, xlsx([row(source="Cục Thống kê")]))
    assert not again.ok
    assert "đã có giá trị của chỉ tiêu này cho Quảng Nam" in str(again.errors[0])
    assert values().count() == 1


def test_the_same_file_is_refused_twice(world):
    content = xlsx([row()])
    first = run(world, content)
    assert first.ok
    dry = run(world, content, dry_run=True)
    assert [str(p) for p in dry.errors] == [
        f"tệp: Tệp này đã được nhập trước đây (lần nhập {first.batch.pk})."
    ]
    with pytest.raises(StateConflict):
        run(world, content)
    assert values().count() == 1


def test_dry_run_writes_nothing(world):
    result = run(world, xlsx([row(), row(period="2022")]), dry_run=True)
    assert result.ok
    assert result.created == 2
    assert values().count() == 0
    assert IndicatorImport.objects.system(reason="test").count() == 0


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "tệp rỗng"),
        (b"not a workbook at all", "không đúng định dạng XLSX"),
        (bytes.fromhex("d0cf11e0a1b11ae1") + b"\0" * 64, "định dạng Office cũ"),
        (xlsx([], headers=[]), "không có dòng tiêu đề"),
        (xlsx([]), "không có dòng dữ liệu"),
        (
            xlsx([["Quảng Nam", "2023", "x", 1]], headers=["Tỉnh", "Năm", "Chỉ số", "Số"]),
            "Cột không có trong mẫu",
        ),
    ],
)
def test_a_bad_file_is_refused_with_a_clear_message(world, content, message):
    result = run(world, content)
    assert not result.ok
    assert message.lower() in " ".join(str(p) for p in result.errors).lower()
    assert values().count() == 0


def test_missing_required_columns_are_named(world):
    result = run(world, xlsx([["Quảng Nam", "2023"]], headers=["Tỉnh, thành phố", "Kỳ"]))
    text = " ".join(str(p) for p in result.errors)
    assert "Chỉ tiêu: Thiếu cột bắt buộc." in text
    assert "Giá trị: Thiếu cột bắt buộc." in text


GSO = [
    ["Vốn đầu tư trực tiếp nước ngoài được cấp phép phân theo địa phương"],
    ["Chỉ tiêu:", "fdi_registered_new"],
    ["Đơn vị tính:", "Triệu đô la Mỹ"],
    ["Nguồn:", "Tổng cục Thống kê, Niên giám 2024"],
    ["", 2021, "2022", "Năm 2023", "Sơ bộ 2024"],
    ["CẢ NƯỚC", 31150, 27720, 36610, 38230],
    ["Đồng bằng sông Hồng", 9000, 8000, 9100, 9500],
    ["Quảng Nam", "120,5", "98,1", "-", "145,7"],
    ["Đà Nẵng", "310,2", "280", "..", "512.9"],
    ["Lai Châu", "1,2", "0", "", "3"],
]


def test_wide_shape_reads_a_gso_table_and_skips_totals_and_other_provinces(world):
    result = run(world, wide([("FDI", GSO)]), shape="wide")
    assert result.ok, [str(p) for p in result.errors]
    assert result.created == 6  # Quảng Nam 3 years, Đà Nẵng 3 years; blanks, "-" and ".." are no figure
    assert [str(w) for w in result.warnings] == [
        "tệp: Bỏ qua 3 giá trị của các tỉnh khác (chỉ nhập số liệu của Đà Nẵng)."
    ]
    qn_2021 = values().get(unit_key="f49", period_start=dt.date(2021, 1, 1))
    assert qn_2021.value == Decimal("120500000")
    assert qn_2021.source == "Tổng cục Thống kê, Niên giám 2024"
    assert qn_2021.period_kind == "year"
    assert values().get(unit_key="f48", period_start=dt.date(2024, 1, 1)).note == "Số liệu sơ bộ"
    assert values().get(unit_key="f48", period_start=dt.date(2024, 1, 1)).value == Decimal("512900000")


def test_wide_shape_names_bad_cells_by_row_and_year_column(world):
    rows = [list(r) for r in GSO]
    rows[7] = ["Quảng Nam", "abc", "98,1", "1", "2"]
    result = run(world, wide([("FDI", rows), ("Hướng dẫn", [["ghi chú"]])]), shape="wide")
    assert not result.ok
    assert "trang “FDI”, dòng 8, cột 2021: “abc” không phải số." in [str(p) for p in result.errors]
    assert values().count() == 0


def test_wide_shape_needs_an_indicator_it_knows(world):
    rows = [["Bảng gì đó"], ["Tỉnh", 2021], ["Quảng Nam", 1]]
    result = run(world, wide([("Sheet", rows)]), shape="wide")
    assert "không nhận ra chỉ tiêu" in str(result.errors[0])
    by_title = run(
        world, wide([("Bảng 1", [["Vốn FDI đăng ký cấp mới (triệu USD)"], *rows[1:]])]), shape="wide"
    )
    assert by_title.ok, [str(p) for p in by_title.errors]
    assert values().get().value == Decimal("1000000")


def test_a_wide_file_without_a_year_header_is_refused(world):
    result = run(world, wide([("x", [["Quảng Nam", "abc"]])]), shape="wide")
    assert "Không tìm thấy bảng" in str(result.errors[0])


def test_rates_are_the_ministrys_and_imported_once(world):
    content = xlsx(
        [["USD", "2024", "24.167,5", "NHNN, tỷ giá trung tâm", ""], ["JPY", "03/2024", "165,2", "NHNN", ""]],
        headers=RATE_HEADERS,
    )
    with pytest.raises(Forbidden):
        run(world, content, shape="rates")
    with pytest.raises(Forbidden):
        run(world, xlsx([row()]), who="ministry")
    result = run(world, content, who="ministry", shape="rates")
    assert result.ok, [str(p) for p in result.errors]
    usd = ExchangeRate.objects.get(currency="USD")
    assert usd.vnd_per_unit == Decimal("24167.5")
    assert usd.period_kind == "year"
    assert ExchangeRate.objects.get(currency="JPY").period_start == dt.date(2024, 3, 1)
    assert AuditEvent.objects.filter(action="exchange_rate.import").count() == 2
    again = run(
        world,
        xlsx([["usd", "2024", "24000", "NHNN", "x"], ["VND", "2024", "1", "x", ""]], headers=RATE_HEADERS),
        who="ministry",
        shape="rates",
    )
    text = [str(p) for p in again.errors]
    assert "dòng 2, cột Kỳ: đã có tỷ giá USD kỳ Năm 2024; sửa trên trang tỷ giá." in text
    assert any(t.startswith("dòng 3, cột Đồng tiền") for t in text)


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("1.234,5", "1234.5"),
        ("1,234.5", "1234.5"),
        ("51,53", "51.53"),
        ("6.470", "6470"),
        ("1.234.567", "1234567"),
        ("1,234,567", "1234567"),
        ("1 234", "1234"),
        ("-12,5", "-12.5"),
        ("0.5", "0.5"),
        (1234.5, "1234.5"),
        (12, "12"),
    ],
)
def test_numbers_in_both_styles(text, number):
    assert importer.parse_number(text) == Decimal(number)


@pytest.mark.parametrize("text", ["abc", "1,2,3", "1.2.3", "1.234,5,6", "12.", "", "1e5", True])
def test_what_is_not_a_number(text):
    with pytest.raises(ValueError):
        importer.parse_number(text)


def test_command_dry_run_errors_and_import(world, tmp_path, capsys):
    path = tmp_path / "a.xlsx"
    path.write_bytes(xlsx([row()]))
    call_command("import", "indicators", str(path), "--user", "a_editor", "--dry-run")
    assert "dry run" in capsys.readouterr().out
    assert values().count() == 0
    call_command("import", "indicators", str(path), "--user", "a_editor")
    assert values().count() == 1
    assert "đã nhập 1" in capsys.readouterr().out
    with pytest.raises(CommandError, match="đã được nhập"):
        call_command("import", "indicators", str(path), "--user", "a_editor")
    bad = tmp_path / "b.xlsx"
    bad.write_bytes(xlsx([row(value="abc", period="2022")]))
    with pytest.raises(CommandError, match="nothing imported"):
        call_command("import", "indicators", str(bad), "--user", "a_editor")
    assert "dòng 2, cột Giá trị: “abc” không phải số." in capsys.readouterr().err
    gso = tmp_path / "gso.xlsx"
    gso.write_bytes(wide([("FDI", GSO)]))
    call_command("import", "indicators", str(gso), "--user", "a_editor", "--shape", "wide", "--submit")
    assert values().filter(status="submitted").count() == 6
    with pytest.raises(CommandError, match="--user"):
        call_command("import", "indicators", str(path))
    with pytest.raises(CommandError, match="may not import"):
        call_command("import", "indicators", str(bad), "--user", "x_officer")


def test_a_failure_while_writing_leaves_nothing_behind(world, monkeypatch, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"

    def boom(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(AuditEvent.objects, "bulk_create", boom)
    with pytest.raises(RuntimeError):
        run(world, xlsx([row(), row(period="2022")]))
    assert values().count() == 0
    assert IndicatorImport.objects.system(reason="test").count() == 0
    media = tmp_path / "media"
    assert not media.exists() or not [
        p for p in media.rglob("*") if p.is_file()
    ]  # the stored copy is removed


amounts = st.decimals(min_value=0, max_value=10**15, places=4, allow_nan=False, allow_infinity=False)


@given(amounts)
def test_numbers_written_either_way_read_back(amount):
    vi = f"{amount:,.4f}".replace(",", " ").replace(".", ",").replace(" ", ".")
    en = f"{amount:,.4f}"
    assert importer.parse_number(vi) == amount
    assert importer.parse_number(en) == amount


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=400), st.sampled_from(["long", "wide", "rates"]))
def test_any_bytes_give_problems_never_an_exception(data, shape):
    reader = {"long": importer.read_long, "wide": importer.read_wide, "rates": importer.read_rates}[shape]
    rows, problems = reader(data, "x.xlsx")
    assert rows == []
    assert problems


def test_wide_shape_by_market_names_the_market_above_the_table(world):
    table = [["Tỉnh, thành phố", 2023, 2024], ["Quảng Nam", "12,5", "14"]]
    japan = [
        ["Chỉ tiêu:", "exports_by_market"],
        ["Thị trường:", "Nhật Bản"],
        ["Đơn vị tính:", "triệu USD"],
        *table,
    ]
    result = run(world, wide([("Nhật Bản", japan)]), shape="wide")
    assert result.ok, [str(p) for p in result.errors]
    assert set(values().values_list("market_key", flat=True)) == {"JP"}
    assert values().get(year=2023).value == Decimal("12500000")
    nowhere = [["Chỉ tiêu:", "imports_by_market"], *table]
    refused = run(world, wide([("NK", nowhere)]), shape="wide")
    assert [str(p) for p in refused.errors] == [
        "trang “NK”, dòng 2, Thị trường: chỉ tiêu theo thị trường: ghi “Thị trường: <nước>” phía trên bảng "
        "(mỗi trang một thị trường)."
    ]


def test_decomposed_text_from_word_pastes_is_read_as_nfc(world):
    import unicodedata

    nfd = {k: unicodedata.normalize("NFD", v) for k, v in row(source="Cục Thống kê tỉnh Quảng Nam").items()}
    nfd["indicator"] = unicodedata.normalize("NFD", "Vốn FDI đăng ký cấp mới")
    result = run(world, xlsx([nfd]))
    assert result.ok, [str(p) for p in result.errors]
    value = values().get()
    assert value.unit_key == "f49"
    assert value.source == unicodedata.normalize("NFC", "Cục Thống kê tỉnh Quảng Nam")


def test_aid_years_kept_here_are_refused_asking_the_projects_once(world, monkeypatch):
    from ngoaivu.directory.models import Province
    from ngoaivu.indicators import rules

    danang = Province.objects.get(code="48")
    calls = []

    def kept_here(indicator, *, year_from, year_to):
        calls.append(indicator.code)
        return {(danang.pk, 2023)}

    monkeypatch.setattr(rules, "kept_here", kept_here)
    aid = {"indicator": "ngo_aid_committed", "unit": "JPY", "value": "5.000.000"}
    result = run(
        world, xlsx([row(**aid), row(**aid, period="2022"), row(**aid, period="2021", province="Đà Nẵng")])
    )
    assert [str(p) for p in result.errors] == [
        "dòng 2, cột Chỉ tiêu: Chỉ tiêu “Viện trợ phi chính phủ nước ngoài — cam kết” năm 2023 của tỉnh này được "
        "tính từ các dự án quản lý trên hệ thống, không nhập."
    ]
    assert calls == ["ngo_aid_committed"]
    ok = run(world, xlsx([row(**aid, period="2022")]))
    assert ok.ok
    assert values().get().currency == "JPY"
