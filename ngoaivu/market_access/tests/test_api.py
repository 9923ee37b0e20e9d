"""`/api/v1/market-access`: the list shape, create, detail with ETag, PATCH and steps under If-Match."""

from __future__ import annotations

import json

import pytest
from freezegun import freeze_time

from ngoaivu.market_access.models import Dossier
from ngoaivu.market_access.tests.factories import make_dossier

pytestmark = pytest.mark.django_db
BODY = {
    "product_vi": "Vải thiều Lục Ngạn",
    "product_en": "Luc Ngan lychee",
    "hs_code": "081090",
    "market": "JP",
    "stage": "negotiation",
    "opened_on": "2024-02-01",
    "mission": "cqdd-jp-tokyo",
    "next_step": "Làm việc với MAFF",
    "next_step_due": "2026-05-01",
}


def _send(client, method, url, body, if_match=None):
    headers = {"If-Match": if_match} if if_match is not None else {}
    return client.generic(method, url, json.dumps(body), content_type="application/json", headers=headers)


@freeze_time("2026-03-10 10:00:00+07:00")
def test_create_read_patch_and_steps(world):
    client = world.client("a_editor")
    created = _send(client, "POST", "/api/v1/market-access", BODY)
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["owner_org"] == "tinh-48"
    assert body["provinces"] == ["48"]
    assert body["mission"] == "cqdd-jp-tokyo"
    assert [s["stage"] for s in body["steps"]] == ["negotiation"]
    url = f"/api/v1/market-access/{body['id']}"
    read = client.get(url)
    assert read["ETag"] == f'"{read.json()["version"]}"'
    version = read.json()["version"]

    missing = _send(client, "PATCH", url, {"next_step": "x"})
    assert missing.status_code == 428
    stale = _send(client, "PATCH", url, {"next_step": "x"}, f'"{version + 1}"')
    assert stale.status_code == 412
    assert stale.json()["type"] == "stale_version"
    patched = _send(
        client, "PATCH", url, {"next_step_due": None, "next_step": "Chờ phía bạn"}, f'"{version}"'
    )
    assert patched.status_code == 200, patched.content
    assert patched.json()["next_step_due"] is None
    assert patched.json()["product_en"] == "Luc Ngan lychee"  # not sent, not changed
    version = patched.json()["version"]

    bad = _send(
        client, "POST", f"{url}/steps", {"stage": "inspection", "started_on": "2023-01-01"}, f'"{version}"'
    )
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"] == "started_on"
    step = _send(
        client, "POST", f"{url}/steps", {"stage": "inspection", "started_on": "2026-03-01"}, f'"{version}"'
    )
    assert step.status_code == 200, step.content
    assert step.json()["stage"] == "inspection"
    steps = client.get(f"{url}/steps").json()
    assert [(s["stage"], s["completed_on"]) for s in steps] == [
        ("negotiation", "2026-03-01"),
        ("inspection", None),
    ]
    done = _send(
        client,
        "POST",
        f"{url}/steps/{steps[1]['id']}/complete",
        {"completed_on": "2026-03-09"},
        f'"{step.json()["version"]}"',
    )
    assert done.status_code == 200, done.content
    assert done.json()["steps"][1]["completed_on"] == "2026-03-09"


def test_create_is_for_province_officers_and_validates(world):
    assert _send(world.client("a_viewer"), "POST", "/api/v1/market-access", BODY).status_code == 403
    assert _send(world.client("ministry"), "POST", "/api/v1/market-access", BODY).status_code == 403
    wrong = _send(
        world.client("a_editor"), "POST", "/api/v1/market-access", {**BODY, "market": "ZZ", "stage": "x"}
    )
    assert wrong.status_code == 422
    assert {e["field"] for e in wrong.json()["errors"]} == {"market", "stage"}


def test_list_shape_and_filters(world):
    make_dossier(world, "A", market="JP", marker="APIJP")
    make_dossier(world, "A", market="KR", marker="APIKR", shared=True)
    client = world.client("ministry")
    page = client.get("/api/v1/market-access?page_size=25").json()
    assert page["count"] == 2
    assert {"id", "product_vi", "market", "stage", "status", "next_step_due", "version"} <= set(
        page["items"][0]
    )
    only = client.get("/api/v1/market-access?market=JP").json()
    assert [i["product_vi"] for i in only["items"]] == ["APIJP"]
    stages = client.get("/api/v1/market-access/stages").json()
    assert [s["code"] for s in stages][:3] == ["request", "technical_dossier", "pest_risk_analysis"]
    assert len(stages) == 8


def test_patch_by_the_ministry_keeps_the_owner(world):
    dossier = make_dossier(world, "A")
    response = _send(
        world.client("ministry"),
        "PATCH",
        f"/api/v1/market-access/{dossier.pk}",
        {"foreign_authority": "MAFF"},
        f'"{dossier.version}"',
    )
    assert response.status_code == 200, response.content
    stored = Dossier.objects.visible_to(world.users["a_editor"]).get(pk=dossier.pk)
    assert stored.foreign_authority == "MAFF"
    assert stored.owner_org == world.orgs["A"]
