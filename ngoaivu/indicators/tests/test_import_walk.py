"""Fixes after the walk of issue 20: the templates hold no figure a dry run could read (walk #10); the run page
(walk #17)."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from freezegun import freeze_time
from openpyxl import load_workbook

from ngoaivu.indicators import importer
from ngoaivu.indicators.importer.templates import EXAMPLE_TITLE
from ngoaivu.indicators.models import ExchangeRate, IndicatorImport, IndicatorValue

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]
IMPORTER = {"long": "a_editor", "wide": "a_editor", "rates": "ministry"}


@pytest.fixture
def frozen():
    with freeze_time("2026-03-10 09:00:00"):
        yield


def template(shape: str) -> bytes:
    out = io.BytesIO()
    importer.write_template(out, shape)
    return out.getvalue()


def save(wb) -> bytes:
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def values():
    return IndicatorValue.objects.system(reason="test")


# --- walk #10: the template's data sheet is its header only -----------------------------------------------------


@pytest.mark.parametrize("shape", ["long", "wide", "rates"])
def test_an_untouched_template_imports_nothing_and_says_it_has_no_rows(world, shape):
    content = template(shape)
    actor = world.users[IMPORTER[shape]]
    dry = importer.run_import(actor=actor, content=content, filename="mau.xlsx", shape=shape, dry_run=True)
    assert [str(p) for p in dry.errors] == ["tệp: Tệp không có dòng dữ liệu nào."]
    assert dry.created == 0
    real = importer.run_import(actor=actor, content=content, filename="mau.xlsx", shape=shape)
    assert not real.ok
    assert values().count() == 0
    assert ExchangeRate.objects.count() == 0
    assert real.batch is not None
    assert real.batch.status == IndicatorImport.Status.FAILED


@pytest.mark.parametrize(("shape", "header_rows"), [("long", 1), ("wide", 4), ("rates", 1)])
def test_the_examples_are_on_the_guide_sheet_and_the_data_sheet_holds_only_its_header(shape, header_rows):
    wb = load_workbook(io.BytesIO(template(shape)))
    data, guide = wb.worksheets[0], wb["Hướng dẫn"]
    assert data.max_row == header_rows
    guide_rows = [list(r) for r in guide.iter_rows(values_only=True)]
    assert [r[0] for r in guide_rows if r and r[0] == EXAMPLE_TITLE] == [EXAMPLE_TITLE]
    cells = {c for r in guide_rows for c in r if c is not None}
    example = {"long": "1.250.300", "wide": "512,9", "rates": "24.167,5"}[shape]
    assert example in cells
    assert not {c for r in data.iter_rows(values_only=True) for c in r if c is not None} & {example}


def test_rows_written_under_the_long_templates_header_are_the_only_rows_read(world):
    wb = load_workbook(io.BytesIO(template("long")))
    wb.worksheets[0].append(["Quảng Nam", "2023", "fdi_registered_new", "7.000.000", "USD", "", "Cục TK", ""])
    result = importer.run_import(actor=world.users["a_editor"], content=save(wb), filename="t.xlsx")
    assert result.ok, [str(p) for p in result.errors]
    assert result.created == 1
    assert values().get().value == 7_000_000


def test_the_wide_template_needs_its_indicator_filled_in(world):
    wb = load_workbook(io.BytesIO(template("wide")))
    ws = wb.worksheets[0]
    ws.append(["Quảng Nam", "1,5", None, None, None, None])
    actor = world.users["a_editor"]
    refused = importer.run_import(
        actor=actor, content=save(wb), filename="t.xlsx", shape="wide", dry_run=True
    )
    assert "không nhận ra chỉ tiêu" in str(refused.errors[0])
    ws["B1"] = "fdi_registered_new"
    ws["B2"] = "triệu USD"
    result = importer.run_import(actor=actor, content=save(wb), filename="t.xlsx", shape="wide")
    assert result.ok, [str(p) for p in result.errors]
    assert values().get().value == 1_500_000


def test_the_untouched_template_uploaded_on_the_page_says_the_file_has_no_rows(world):
    client = world.client("a_editor")
    response = client.post(
        "/indicators/import/",
        {"file": SimpleUploadedFile("mau-nhap-chi-tieu.xlsx", template("long")), "shape": "long"},
    )
    page = client.get(response["Location"]).content.decode()
    assert "Tệp không có dòng dữ liệu nào." in page
    assert "Xác nhận nhập" not in page


# --- walk #17: the run page -------------------------------------------------------------------------------------


def long_file(*rows) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append([c.header for c in importer.LONG_COLUMNS])
    for r in rows:
        ws.append(list(r))
    return save(wb)


def upload(client, content: bytes, shape: str = "long") -> str:
    response = client.post(
        "/indicators/import/", {"file": SimpleUploadedFile("so-lieu.xlsx", content), "shape": shape}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return response["Location"]


def test_after_an_import_the_link_opens_the_values_of_this_import(world):
    client = world.client("a_editor")
    earlier = upload(
        client, long_file(["Quảng Nam", "2021", "fdi_registered_new", "5.000", "USD", "", "NGUONCU", ""])
    )
    client.post(earlier)
    batch_url = upload(
        client,
        long_file(
            ["Quảng Nam", "2023", "fdi_registered_new", "1.000", "USD", "", "NGUONMOI", ""],
            ["Đà Nẵng", "2024", "fdi_registered_new", "2.000", "USD", "", "NGUONMOI", ""],
        ),
    )
    client.post(batch_url)
    page = client.get(batch_url).content.decode()
    link = "/indicators/values/?province=48&amp;indicator=fdi_registered_new&amp;period_from=2023&amp;period_to=2024&amp;status=draft"
    assert link in page
    listed = client.get(link.replace("&amp;", "&")).content.decode()
    assert listed.count("NGUONMOI") == 2
    assert "NGUONCU" not in listed
    # the reader's name once, the organisation on its own line
    user = world.users["a_editor"]
    assert f"<dd>{user}</dd>" in page
    assert f"<dt>Đơn vị</dt><dd>{user.organisation.name_vi}</dd>" in page


def test_the_sheet_column_only_when_a_problem_names_a_sheet(world):
    client = world.client("a_editor")
    bad_long = upload(
        client, long_file(["Quảng Nam", "2023", "fdi_registered_new", "abc", "USD", "", "x", ""])
    )
    page = client.get(bad_long).content.decode()
    assert "không phải số" in page
    assert "<th>Trang</th>" not in page
    wb = load_workbook(io.BytesIO(template("wide")))
    ws = wb.worksheets[0]
    ws["B1"] = "fdi_registered_new"
    ws.append(["Quảng Nam", "abc", None, None, None, None])
    page = client.get(upload(client, save(wb), shape="wide")).content.decode()
    assert "<th>Trang</th>" in page
    assert "<td>Số liệu</td>" in page
