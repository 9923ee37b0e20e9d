from decimal import Decimal

import pytest

from ngoaivu.indicators import services
from ngoaivu.indicators.models import ExchangeRate, IndicatorValue
from ngoaivu.indicators.tests.makers import make_value

pytestmark = [pytest.mark.django_db, pytest.mark.today("2026-06-01 10:00:00+07:00")]


def test_the_value_workflow_through_the_api(world):
    province, ministry = world.client("a_editor"), world.client("ministry")
    body = {
        "indicator": "fdi_registered_new",
        "period": "2025-08",
        "value": "1250000.5",
        "source": "Sở Tài chính",
    }
    created = province.post("/api/v1/indicators/values", body, content_type="application/json")
    assert created.status_code == 201, created.content
    value = created.json()
    assert (value["unit_key"], value["period"], value["currency"], value["status"]) == (
        "p48",
        "2025-08",
        "USD",
        "draft",
    )
    url = f"/api/v1/indicators/values/{value['id']}"
    read = province.get(url)
    assert read["ETag"] == '"1"'
    patched = province.patch(url, {"value": 99}, content_type="application/json", headers={"If-Match": '"1"'})
    assert patched.status_code == 200, patched.content
    assert patched.json()["value"] == "99.0000"
    submitted = province.post(
        f"{url}/submit", {}, content_type="application/json", headers={"If-Match": '"2"'}
    )
    assert submitted.json()["status"] == "submitted"
    queue = ministry.get("/api/v1/indicators/values?status=submitted&indicator=fdi_registered_new").json()
    assert [v["id"] for v in queue["items"]] == [value["id"]]
    validated = ministry.post(
        f"{url}/validate", {}, content_type="application/json", headers={"If-Match": '"3"'}
    )
    assert validated.status_code == 200, validated.content
    assert validated.json()["status"] == "validated"
    # a correction: the old value stays validated until the correction is; the answer is the new value with
    # the history
    stale = province.post(
        f"{url}/correct",
        {"value": 100, "reason": "x"},
        content_type="application/json",
        headers={"If-Match": '"3"'},
    )
    assert stale.status_code == 412
    assert (
        province.post(
            f"{url}/correct", {"value": 100, "reason": "x"}, content_type="application/json"
        ).status_code
        == 428
    )
    corrected = province.post(
        f"{url}/correct",
        {"value": 100, "reason": "Số chính thức của Cục Thống kê"},
        content_type="application/json",
        headers={"If-Match": '"4"'},
    )
    assert corrected.status_code == 200, corrected.content
    new = corrected.json()
    assert new["corrects"] == value["id"]
    assert [h["status"] for h in new["history"]] == ["validated", "submitted"]
    assert IndicatorValue.objects.system(reason="test").get(pk=value["id"]).status == "validated"


def test_problems_name_the_field(world):
    client = world.client("a_editor")
    body = {"indicator": "remittances", "period": "2023", "value": 5}
    response = client.post("/api/v1/indicators/values", body, content_type="application/json")
    assert response.status_code == 422
    problem = response.json()
    assert problem["errors"][0]["field"] == "province"
    assert "Quảng Nam" in problem["errors"][0]["message"]


def test_return_without_a_reason_is_refused(world):
    value = make_value(world, "A", status="submitted")
    response = world.client("ministry").post(
        f"/api/v1/indicators/values/{value.pk}/return",
        {"reason": ""},
        content_type="application/json",
        headers={"If-Match": f'"{value.version}"'},
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "reason"


def test_rates_update_needs_if_match(world):
    rate = services.rate_create(
        actor=world.users["ministry"],
        data=services.RateInput(currency="USD", period="2024", vnd_per_unit=Decimal(25000), source="NHNN"),
    )
    client = world.client("ministry")
    url = f"/api/v1/indicators/rates/{rate.pk}"
    body = {"currency": "USD", "period": "2024", "vnd_per_unit": "25100", "source": "NHNN"}
    assert client.put(url, body, content_type="application/json").status_code == 428
    assert (
        client.put(url, body, content_type="application/json", headers={"If-Match": '"9"'}).status_code == 412
    )
    ok = client.put(url, body, content_type="application/json", headers={"If-Match": '"1"'})
    assert ok.status_code == 200, ok.content
    assert ExchangeRate.objects.get(pk=rate.pk).vnd_per_unit == Decimal(25100)
    listed = client.get("/api/v1/indicators/rates?currency=usd").json()
    assert listed["items"][0]["period"] == "2024"


def test_catalogue_api(world):
    rows = world.client("y_officer").get("/api/v1/indicators").json()
    assert len(rows) == 22
    assert {r["code"]: r["computed_by"] for r in rows}[
        "mous_signed"
    ] == "ngoaivu.indicators.sources.mous_signed"
