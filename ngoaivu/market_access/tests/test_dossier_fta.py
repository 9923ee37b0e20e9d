"""A dossier names the FTA it relies on: the form, the detail page, the API (in and out, PATCH clears it) and
the check that the market is a member of that FTA."""

from __future__ import annotations

import json

import pytest
from freezegun import freeze_time

from ngoaivu.audit.models import AuditEvent
from ngoaivu.market_access.models import Dossier
from ngoaivu.market_access.tests.factories import make_dossier

pytestmark = pytest.mark.django_db
FORM = {
    "product_vi": "Thanh long ruột đỏ",
    "market": "JP",
    "stage": "technical_dossier",
    "status": "open",
    "opened_on": "2026-01-02",
    "visibility": "shared",
    "provinces": ["48"],
}


def _send(client, method, url, body, if_match=None):
    headers = {"If-Match": if_match} if if_match is not None else {}
    return client.generic(method, url, json.dumps(body), content_type="application/json", headers=headers)


@freeze_time("2026-03-10 10:00:00+07:00")
def test_form_links_an_fta_of_the_market_and_refuses_one_without_it(world):
    client = world.client("a_editor")
    page = client.get("/market-access/new/").content.decode()
    assert 'name="fta"' in page
    assert "CPTPP" in page
    wrong = client.post("/market-access/new/", {**FORM, "fta": "EVFTA"})
    assert wrong.status_code == 400
    assert "không phải thành viên của hiệp định EVFTA" in wrong.content.decode()
    ok = client.post("/market-access/new/", {**FORM, "fta": "CPTPP"})
    assert ok.status_code == 302, ok.content
    dossier = Dossier.objects.visible_to(world.users["a_editor"]).get(product_vi=FORM["product_vi"])
    assert dossier.fta.short_name == "CPTPP"
    detail = client.get(f"/market-access/{dossier.pk}/").content.decode()
    assert f"/directory/ftas/{dossier.fta.pk}/" in detail
    edit = client.get(f"/market-access/{dossier.pk}/edit/").content.decode()
    assert '<option value="CPTPP" selected>' in edit
    event = AuditEvent.objects.filter(action="dossier.create", target_id=str(dossier.pk)).get()
    assert "fta" in json.dumps(event.changes)


@freeze_time("2026-03-10 10:00:00+07:00")
def test_api_sets_reads_and_clears_the_fta(world):
    client = world.client("a_editor")
    body = {"product_vi": "Xoài", "market": "KR", "stage": "negotiation", "opened_on": "2026-02-01"}
    bad = _send(client, "POST", "/api/v1/market-access", {**body, "fta": "VJEPA"})
    assert bad.status_code == 422
    assert [e["field"] for e in bad.json()["errors"]] == ["fta"]
    unknown = _send(client, "POST", "/api/v1/market-access", {**body, "fta": "NOPE"})
    assert unknown.status_code == 422
    created = _send(client, "POST", "/api/v1/market-access", {**body, "fta": "vkfta"})
    assert created.status_code == 201, created.content
    assert created.json()["fta"] == "VKFTA"
    url = f"/api/v1/market-access/{created.json()['id']}"
    version = created.json()["version"]
    kept = _send(client, "PATCH", url, {"next_step": "Gửi mẫu"}, f'"{version}"')
    assert kept.json()["fta"] == "VKFTA"  # not sent, not changed
    cleared = _send(client, "PATCH", url, {"fta": ""}, f'"{kept.json()["version"]}"')
    assert cleared.status_code == 200, cleared.content
    assert cleared.json()["fta"] is None


def test_a_dossier_without_fta_reads_null(world):
    dossier = make_dossier(world, "A")
    assert world.client("ministry").get(f"/api/v1/market-access/{dossier.pk}").json()["fta"] is None
