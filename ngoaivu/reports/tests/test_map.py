"""The province map: the committed boundary files against the directory (34 current, 63 former with their
successors, Hoàng Sa and Trường Sa in both eras), the boundaries API (shape, era validation, caching), the
figures API (scoped: a province counts only what its lists show it; the former layer where records keep it)
and the page for each kind of user."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from ngoaivu.agreements import services as agreement_services
from ngoaivu.core.testing.world import make_agreement, make_delegation, make_request
from ngoaivu.directory.models import FormerProvince, Province
from ngoaivu.indicators import services as indicator_services
from ngoaivu.reports.selectors.maps import DATA_DIR

pytestmark = pytest.mark.django_db
ARCHIPELAGOS = {"Quần đảo Hoàng Sa": "48", "Quần đảo Trường Sa": "56"}  # Đà Nẵng, Khánh Hòa


def _features(era: str) -> list[dict]:
    return json.loads((DATA_DIR / f"provinces-{era}.geojson").read_text(encoding="utf-8"))["features"]


def _problem(response, status: int, field: str) -> None:
    assert response.status_code == status, response.content
    body = response.json()
    assert body["status"] == status
    assert body["type"] == "invalid_input"
    assert field in {e["field"] for e in body["errors"]}, body


def test_boundary_files_match_the_directory():
    for era in ("current", "former"):
        assert (DATA_DIR / f"provinces-{era}.geojson").stat().st_size < 400_000
    current = _features("current")
    provinces = {p.code: p.name for p in Province.objects.all()}
    land = [f for f in current if not f["properties"].get("archipelago")]
    assert len(land) == 34
    assert {f["properties"]["code"]: f["properties"]["name"] for f in land} == provinces
    former = _features("former")
    formers = {f.code: (f.name, f.successor.code) for f in FormerProvince.objects.select_related("successor")}
    land = [f for f in former if not f["properties"].get("archipelago")]
    assert len(land) == 63
    assert {
        f["properties"]["code"]: (f["properties"]["name"], f["properties"]["successor_code"]) for f in land
    } == formers
    for features in (current, former):
        islands = {
            f["properties"]["name"]: f["properties"]["code"]
            for f in features
            if f["properties"].get("archipelago")
        }
        assert islands == ARCHIPELAGOS
        for f in features:
            assert f["geometry"]["type"] in {"Polygon", "MultiPolygon"}
            polygons = f["geometry"]["coordinates"]
            if f["geometry"]["type"] == "Polygon":
                polygons = [polygons]
            for ring in (r for p in polygons for r in p):
                assert all(101.5 < x < 117.5 and 6.5 < y < 23.5 for x, y in ring), f["properties"]
    assert all(
        f["properties"]["successor_code"] == f["properties"]["code"]
        for f in former
        if f["properties"].get("archipelago")
    )


def test_boundaries_api(world):
    client = world.client("a_viewer")
    for era, count in (("current", 36), ("former", 65)):
        response = client.get(f"/api/v1/map/provinces?era={era}")
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/json")
        assert "max-age" in response["Cache-Control"]
        assert "no-store" not in response["Cache-Control"]
        body = json.loads(response.content)
        assert body["type"] == "FeatureCollection"
        assert len(body["features"]) == count
        props = body["features"][0]["properties"]
        assert {"code", "name"} <= props.keys()
        assert ("successor_code" in props) == (era == "former")
        again = client.get(f"/api/v1/map/provinces?era={era}", headers={"If-None-Match": response["ETag"]})
        assert again.status_code == 304
    assert client.get("/api/v1/map/provinces").json()["name"] == "ngoaivu-provinces-current"
    _problem(client.get("/api/v1/map/provinces?era=1990"), 422, "era")
    assert world.client("anonymous").get("/api/v1/map/provinces?era=current").status_code == 401


def _values(client, metric: str, year: int, era: str = "current") -> dict[str, float | None]:
    response = client.get(f"/api/v1/map/values?metric={metric}&year={year}&era={era}")
    assert response.status_code == 200, response.content
    body = response.json()
    assert len(body["values"]) == (34 if era == "current" else 63)
    return {v["code"]: v["value"] for v in body["values"]}


def test_values_are_counted_within_the_readers_scope(world, frozen_today):
    # private records of A (Đà Nẵng, 48) and B (Lai Châu, 12): each province counts only its own, the
    # ministry both, a mission those of its host country (Japan for X: none here)
    make_agreement(world, "A", signed=True)  # signed 06/05/2024, Korea; no unit as named then
    agreement_services.agreement_create(
        actor=world.users["a_editor"],
        data=agreement_services.AgreementInput(
            kind="provincial",
            title_vi="Thỏa thuận của tỉnh Quảng Nam",
            country="KR",
            visibility="private",
            state="in_implementation",
            signed_on=dt.date(2024, 3, 1),
            province="Quảng Nam",  # as named at signing: former 49, now Đà Nẵng (48)
        ),
    )
    make_agreement(world, "B", signed=True)
    make_delegation(world, "A", days_ahead=10, approved=True)  # outbound, June 2026
    make_delegation(world, "B", days_ahead=20, approved=True)
    make_delegation(world, "A", days_ahead=12)  # a draft: not a delegation sent, as the reports count
    make_request(world, "A", ["M"])
    expected = {
        "a_editor": {"48": 2, "12": 0},
        "b_editor": {"48": 0, "12": 1},
        "ministry": {"48": 2, "12": 1},
        "x_officer": {"48": 0, "12": 0},
    }
    for who, counts in expected.items():
        client = world.client(who)
        agreements = _values(client, "agreements_signed", 2024)
        delegations = _values(client, "delegations_outbound", 2026)
        assert {c: agreements[c] for c in counts} == counts, who
        assert {c: delegations[c] for c in counts} == {c: min(n, 1) for c, n in counts.items()}, who
        assert sum(v for v in agreements.values() if v) == sum(counts.values()), who
    assert _values(world.client("ministry"), "requests_sent", 2026)["48"] == 1
    assert _values(world.client("b_editor"), "requests_sent", 2026)["48"] == 0
    assert _values(world.client("y_officer"), "requests_sent", 2026)["48"] == 0  # sent to the ministry only

    # the count links to the list that shows the same records
    body = world.client("a_editor").get("/api/v1/map/values?metric=agreements_signed&year=2024").json()
    link = next(v["link"] for v in body["values"] if v["code"] == "48")
    listed = world.client("a_editor").get(link)
    assert listed.status_code == 200
    body = world.client("a_editor").get("/api/v1/map/values?metric=delegations_outbound&year=2026").json()
    link = next(v["link"] for v in body["values"] if v["code"] == "48")
    assert "approved=true" in link
    assert '<p class="count">1 bản ghi' in world.client("a_editor").get(link).content.decode()

    # the former layer: agreements keep the unit as named at signing; delegations do not (not available)
    former = _values(world.client("ministry"), "agreements_signed", 2024, "former")
    successors = dict(FormerProvince.objects.values_list("code", "successor__code"))
    assert former["49"] == 1
    assert sum(v for c, v in former.items() if successors[c] == "48" and v) == 1
    body = (
        world.client("ministry")
        .get("/api/v1/map/values?metric=agreements_signed&year=2024&era=former")
        .json()
    )
    assert body["total"] == 3  # the agreement without a unit as named then is in the total only, and said so
    assert "01/07/2025" in body["note"]
    response = world.client("ministry").get(
        "/api/v1/map/values?metric=delegations_outbound&year=2024&era=former"
    )
    assert response.json()["available"] is False
    assert all(v["value"] is None for v in response.json()["values"])

    # a mission reads no leader visit: the map says it has no figure, never a 0 for every province
    visits = world.client("x_officer").get("/api/v1/map/values?metric=leader_visits&year=2026").json()
    assert visits["available"] is False
    assert all(v["value"] is None for v in visits["values"])

    client = world.client("a_viewer")
    _problem(client.get("/api/v1/map/values?metric=nothing&year=2024"), 422, "metric")
    _problem(client.get("/api/v1/map/values?metric=agreements_signed&year=2026&era=former"), 422, "era")
    _problem(client.get("/api/v1/map/values?metric=agreements_signed&year=2024&era=old"), 422, "era")


def test_indicator_values_by_former_and_current_province(world):
    """A figure reported for Quảng Nam (49) in 2023 is Quảng Nam's on the former layer and Đà Nẵng's (48) on
    the current one; a province without a figure has none (null), never 0."""
    editor, ministry = world.users["a_editor"], world.users["ministry"]
    value = indicator_services.value_create(
        actor=editor,
        data=indicator_services.ValueInput(
            indicator="remittances", period="2023", value=Decimal(1250), former_province="49", source="thử"
        ),
    )
    value = indicator_services.value_submit(actor=editor, value_id=value.pk, expected_version=value.version)
    indicator_services.value_validate(actor=ministry, value_id=value.pk, expected_version=value.version)
    client = world.client("b_editor")
    former = _values(client, "indicator:remittances", 2023, "former")
    assert former["49"] == 1250
    assert former["48"] is None
    assert former["12"] is None
    current = _values(client, "indicator:remittances", 2023)
    assert current["48"] == 1250
    assert current["12"] is None

    # Lai Châu (B, 12) was not merged: its figure reported for the province today is its figure on both layers
    b_editor = world.users["b_editor"]
    value = indicator_services.value_create(
        actor=b_editor,
        data=indicator_services.ValueInput(
            indicator="remittances", period="2024", value=Decimal(300), source="thử"
        ),
    )
    value = indicator_services.value_submit(actor=b_editor, value_id=value.pk, expected_version=value.version)
    indicator_services.value_validate(actor=ministry, value_id=value.pk, expected_version=value.version)
    assert _values(client, "indicator:remittances", 2024, "former")["12"] == 300
    # the page opens on the latest year with a figure of the metric (not an empty year), years newest first
    html = client.get("/reports/map/?metric=indicator:remittances").content.decode()
    assert '<option value="2024" selected>' in html
    years = [int(y) for y in re.findall(r'<option value="(\d{4})"', html)]
    assert years == sorted(years, reverse=True)


@pytest.mark.parametrize("who", ["ministry", "a_viewer", "x_officer"])
def test_the_page_renders_for_each_kind_of_user(world, who):
    client = world.client(who)
    response = client.get("/reports/map/?metric=agreements_signed&year=2024&era=current")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="map-data"' in html
    assert "js/province-map.js" in html
    assert "Quần đảo Hoàng Sa" in html
    assert "Quần đảo Trường Sa" in html
    assert html.count('<th scope="row"') == 35  # 34 provinces and the national row
    assert "/indicators/provinces/48/" in html
    if who == "ministry":
        former = client.get("/reports/map/?metric=indicator:remittances&year=2023&era=former")
        assert former.status_code == 200
        assert former.content.decode().count('<th scope="row"') == 64
        bad = client.get("/reports/map/?metric=nope&year=abc&era=former")  # falls back to the defaults
        assert bad.status_code == 200
        export = client.get("/reports/map/?metric=agreements_signed&year=2024&era=former&format=xlsx")
        assert export.status_code == 200
        sheet = load_workbook(io.BytesIO(b"".join(export.streaming_content))).active
        rows = list(sheet.iter_rows(values_only=True))
        assert len(rows) == 64
        assert rows[0][:3] == ("Mã", "Tỉnh, thành phố", "Nay thuộc")
