"""The stages as data, the demo dossier (idempotent) and the synthetic dossiers."""

from __future__ import annotations

import pytest

from ngoaivu.market_access.dev.demo import load_demo_market_access
from ngoaivu.market_access.dev.synth import market_access_synthesized, synthesize_market_access
from ngoaivu.market_access.models import Dossier, DossierStep, Stage
from ngoaivu.market_access.reference import load_market_access_reference, stage_rows

pytestmark = pytest.mark.django_db


def test_stages_are_the_file_and_loading_twice_writes_nothing(reference):
    assert [s.code for s in Stage.objects.all()] == [r["code"] for r in stage_rows()]
    assert [r["code"] for r in stage_rows()] == [
        "request",
        "technical_dossier",
        "pest_risk_analysis",
        "negotiation",
        "inspection",
        "approval",
        "first_shipment",
        "renewal",
    ]
    assert load_market_access_reference() == {"market_access_stages": 0}


def test_demo_tells_the_lychee_story_once(reference):
    load_demo_market_access()
    assert load_demo_market_access() == "market_access: 0 (already loaded)"
    dossier = Dossier.objects.system(reason="test").get()
    assert dossier.title == "Vải thiều Lục Ngạn → Nhật Bản"
    assert dossier.owner_org.province_code == "24"
    assert dossier.province_as_named == "Bắc Giang"
    assert dossier.former_province is not None
    assert dossier.former_province.name == "Bắc Giang"
    assert [p.name for p in dossier.provinces.all()] == ["Bắc Ninh"]
    assert dossier.status == Dossier.Status.MARKET_OPEN
    assert dossier.mission is not None
    assert dossier.mission.code == "cqdd-jp-tokyo"
    stages = [s.stage.code for s in dossier.steps.order_by("started_on", "pk")]
    assert stages[:7] == [
        "request",
        "technical_dossier",
        "pest_risk_analysis",
        "negotiation",
        "inspection",
        "approval",
        "first_shipment",
    ]
    first_shipment = dossier.steps.get(stage__code="first_shipment")
    assert first_shipment.started_on.year == 2020
    assert dossier.next_step_due is not None


def test_synth_small_bulk_creates_and_says_it_is_done(reference):
    from ngoaivu.accounts.models import User

    User.objects.create_superuser(username="synth-admin", password="x-synth-2026-pass")
    said = []
    assert not market_access_synthesized(scale="small")
    made = synthesize_market_access(scale="small", seed=7, say=lambda label, done, total: said.append(label))
    assert made["dossiers"] == 50
    assert DossierStep.objects.count() == made["dossier_steps"]
    assert market_access_synthesized(scale="small")
    assert said == ["dossiers"]
    opened = Dossier.objects.system(reason="test").filter(status="market_open")
    assert all(d.stage.code in ("approval", "first_shipment", "renewal") for d in opened)
