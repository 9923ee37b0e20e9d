import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from ngoaivu.core.testing.world import read_body
from ngoaivu.indicators import services
from ngoaivu.indicators.models import ExchangeRate, IndicatorValue
from ngoaivu.indicators.tests.makers import make_value

pytestmark = [pytest.mark.django_db, pytest.mark.today("2026-06-01 10:00:00+07:00")]


def test_a_province_enters_a_value_by_form_and_submits_it(world):
    client = world.client("a_editor")
    page = client.get("/indicators/values/new/")
    assert page.status_code == 200
    assert 'name="period"' in page.content.decode()
    form = {
        "indicator": "remittances",
        "province": "48",
        "period": "2023",
        "value": "12,5",
        "convention": "calendar",
    }
    refused = client.post("/indicators/values/new/", form)
    assert refused.status_code == 400
    assert "Quảng Nam" in refused.content.decode()  # report it for the former unit
    form.update(province="", former_province="49", value="12.5", source="NHNN chi nhánh khu vực 8")
    done = client.post("/indicators/values/new/", form)
    assert done.status_code == 302, done.content.decode()[:2000]
    value = IndicatorValue.objects.visible_to(world.users["a_editor"]).get(source="NHNN chi nhánh khu vực 8")
    assert (value.unit_key, value.value) == ("f49", Decimal("12.5"))
    detail = client.get(done["Location"]).content.decode()
    assert "Quảng Nam (nay thuộc Đà Nẵng)" in detail
    assert "12,5" in detail
    sent = client.post(f"/indicators/values/{value.pk}/submit/", {"version": value.version})
    assert sent.status_code == 302
    value.refresh_from_db()
    assert value.status == "submitted"


def test_the_ministry_queue_validates_and_returns_with_a_reason(world):
    first = make_value(world, "A", status="submitted")
    second = make_value(world, "B", status="submitted")
    client = world.client("ministry")
    queue = client.get("/indicators/values/?status=submitted").content.decode()
    assert first.marker in queue
    assert second.marker in queue
    page = client.get(f"/indicators/values/{first.pk}/").content.decode()
    assert "Xác nhận" in page
    assert "Trả lại tỉnh" in page
    client.post(f"/indicators/values/{first.pk}/validate/", {"version": first.version})
    no_reason = client.post(
        f"/indicators/values/{second.pk}/return/", {"version": second.version, "reason": ""}
    )
    assert no_reason.status_code == 302
    second.refresh_from_db()
    assert second.status == "submitted"
    client.post(f"/indicators/values/{second.pk}/return/", {"version": second.version, "reason": "Sai nguồn"})
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status, second.returned_reason) == ("validated", "returned", "Sai nguồn")
    returned = world.client("b_editor").get(f"/indicators/values/{second.pk}/").content.decode()
    assert "Sai nguồn" in returned


def test_a_correction_by_form_shows_the_history(world):
    old = make_value(world, "A", status="validated", value=100)
    client = world.client("a_editor")
    response = client.post(
        f"/indicators/values/{old.pk}/correct/",
        {"version": old.version, "value": "120", "reason": "Số chính thức"},
    )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Lịch sử đính chính" in page
    assert "Lịch sử thay đổi" in page  # the audit trail of the value
    assert "Số chính thức" in page
    assert "xem giá trị trước" in page
    # the old value still counts and says a correction waits; no second correction is offered
    old_page = client.get(old.get_absolute_url()).content.decode()
    assert "Có một đính chính đang chờ Bộ xác nhận" in old_page
    assert "action-correct" not in old_page


def test_figures_pages_link_to_the_values_behind_them(world):
    value = make_value(world, "A", status="validated", value=1000)
    code, year = value.indicator.code, value.year
    for who in ("ministry", "x_officer", "b_editor"):
        client = world.client(who)
        page = client.get(f"/indicators/{code}/?from={year}&to={year}&units=as_reported").content.decode()
        # the figure of the former Đà Nẵng (as reported) links to its values
        assert f"indicator={code}&amp;status=validated&amp;period_from={year}&amp;period_to={year}" in page
        assert "former_province=48" in page
        assert "1.000" in page
        assert "echarts-5.6.0/echarts.min.js" in page
    profile = world.client("ministry").get(f"/indicators/provinces/48/?year={year}").content.decode()
    assert value.indicator.name_vi in profile
    assert "1/1" in profile  # rank among the provinces with a figure
    catalogue = world.client("a_viewer").get("/indicators/").content.decode()
    assert "fdi_registered_new" in catalogue
    assert "Lượt khách quốc tế" in catalogue


def test_the_comparison_exports_to_excel(world):
    value = make_value(world, "A", status="validated", value=1234)
    client = world.client("ministry")
    year, code = value.year, value.indicator.code
    page = client.get(f"/indicators/compare/?from={year}&to={year}&indicator={code}").content.decode()
    assert "1.234" in page
    response = client.get(f"/indicators/compare/?from={year}&to={year}&indicator={code}&format=xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(read_body(response))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == f"So sánh các tỉnh, năm {year}"  # a title row and a note (walk #9)
    assert "tỷ giá" in rows[1][0]
    assert rows[3][0] == "Tỉnh, thành phố"
    assert ("Đà Nẵng", 1234) in [(r[0], r[1]) for r in rows]
    assert len(rows) == 4 + 34 + 1  # title, note, blank, header + 34 provinces + the national row
    assert rows[-1][0] == "Cả nước"
    assert rows[-1][1] == sum(r[1] or 0 for r in rows[4:-1])
    assert sheet.cell(row=5, column=2).number_format in {"#,##0", "#,##0.00"}


def test_rates_page_and_form_are_the_ministrys(world):
    client = world.client("ministry")
    assert world.client("a_editor").get("/indicators/rates/new/").status_code == 403
    response = client.post(
        "/indicators/rates/new/",
        {"currency": "jpy", "period": "2024", "vnd_per_unit": "168.5", "source": "NHNN"},
    )
    assert response.status_code == 302
    rate = ExchangeRate.objects.get(currency="JPY")
    assert rate.period_kind == "year"
    page = world.client("b_editor").get("/indicators/rates/").content.decode()
    assert "JPY" in page
    assert "168,5" in page
    twice = client.post(
        "/indicators/rates/new/", {"currency": "JPY", "period": "2024", "vnd_per_unit": "1", "source": "NHNN"}
    )
    assert twice.status_code == 400
    assert "Đã có tỷ giá" in twice.content.decode()
    services.rate_delete(actor=world.users["ministry"], rate_id=rate.pk, expected_version=rate.version)
    assert not ExchangeRate.objects.exists()


@pytest.mark.parametrize(
    "url", ["/indicators/compare/?from=2020&to=2024", "/indicators/provinces/48/?year=2024"]
)
def test_the_tables_of_every_indicator_read_the_provinces_once(world, url):
    """A series per indicator must not read the province and former-province tables again for each one: the
    comparison and a province's profile load them once (there are about twenty indicators in the catalogue).
    Whole rows are counted: a computed indicator's source reads its own code map (a `values_list`)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    make_value(world, "A", status="validated", value=1234)
    client = world.client("ministry")
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    tables = [q["sql"] for q in ctx.captured_queries if " WHERE " not in q["sql"]]  # not the page's own
    provinces = [
        s
        for s in tables
        if s.startswith('SELECT "directory_province"."id", "directory_province"."created_at"')
    ]
    formers = [s for s in tables if s.startswith('SELECT "directory_formerprovince"."id"')]
    assert provinces, "the page reads the provinces"
    assert len(provinces) == 1, provinces  # was 23 on the profile, one per indicator
    assert len(formers) <= 1, formers
