"""Fixes after the issue-20 review (REVIEW #7, #8) and the walk-through (WALK #7, #8, #23)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest

from ngoaivu.audit.models import AuditEvent
from ngoaivu.core.testing.world import make_agreement
from ngoaivu.market_access import services
from ngoaivu.market_access.models import Dossier, DossierStep
from ngoaivu.market_access.tests.factories import make_dossier

pytestmark = [pytest.mark.django_db, pytest.mark.today("2026-06-01 10:00:00+07:00")]


def _fresh(pk: int) -> Dossier:
    return Dossier.objects.system(reason="test").get(pk=pk)


# REVIEW #7 -------------------------------------------------------------------------------------------------


def test_owner_can_patch_its_dossier_after_the_ministry_linked_an_agreement_it_cannot_see(world):
    private_b = make_agreement(world, "B", shared=False, signed=True)
    dossier = make_dossier(world, "A", market="JP")
    dossier = services.dossier_update(
        actor=world.users["ministry"],
        dossier_id=dossier.pk,
        expected_version=dossier.version,
        data=dataclasses.replace(services.dossier_input_of(dossier), agreements=(private_b.pk,)),
    )
    response = world.client("a_editor").patch(
        f"/api/v1/market-access/{dossier.pk}",
        json.dumps({"next_step": "Gửi bộ câu hỏi PRA"}),
        content_type="application/json",
        headers={"If-Match": f'"{dossier.version}"'},
    )
    assert response.status_code == 200, response.content
    assert response.json()["next_step"] == "Gửi bộ câu hỏi PRA"
    assert private_b.pk not in response.json()["agreements"]  # still not shown to A
    assert _fresh(dossier.pk).agreements.filter(pk=private_b.pk).exists()


def test_owner_sending_links_keeps_those_it_cannot_see_and_is_refused_new_unseen_ones(world):
    private_b = make_agreement(world, "B", shared=False, signed=True)
    other_b = make_agreement(world, "B", shared=False, signed=True)
    mine = make_agreement(world, "A", shared=False, signed=True)
    dossier = make_dossier(world, "A", market="JP")
    dossier = services.dossier_update(
        actor=world.users["ministry"],
        dossier_id=dossier.pk,
        expected_version=None,
        data=dataclasses.replace(services.dossier_input_of(dossier), agreements=(private_b.pk,)),
    )
    client = world.client("a_editor")
    response = client.patch(
        f"/api/v1/market-access/{dossier.pk}",
        json.dumps({"agreements": [mine.pk]}),
        content_type="application/json",
        headers={"If-Match": f'"{dossier.version}"'},
    )
    assert response.status_code == 200, response.content
    assert set(_fresh(dossier.pk).agreements.values_list("pk", flat=True)) == {private_b.pk, mine.pk}
    response = client.patch(
        f"/api/v1/market-access/{dossier.pk}",
        json.dumps({"agreements": [mine.pk, other_b.pk]}),
        content_type="application/json",
        headers={"If-Match": f'"{_fresh(dossier.pk).version}"'},
    )
    assert response.status_code == 422
    assert "agreements" in response.content.decode()


# REVIEW #8 -------------------------------------------------------------------------------------------------


def test_a_backdated_step_does_not_move_the_current_stage_back(world):
    dossier = make_dossier(world, "A", market="JP")  # negotiation, 10/01/2024
    a = world.users["a_editor"]
    services.step_add(
        actor=a,
        dossier_id=dossier.pk,
        expected_version=None,
        data=services.StepInput(
            stage="inspection",
            started_on=dt.date(2024, 5, 1),
            next_step="Đón đoàn",
            next_step_due=dt.date(2026, 7, 1),
        ),
    )
    late = services.step_add(
        actor=a,
        dossier_id=dossier.pk,
        expected_version=None,
        data=services.StepInput(stage="request", started_on=dt.date(2024, 2, 1), next_step="Cũ"),
    )
    fresh = _fresh(dossier.pk)
    assert fresh.stage.code == "inspection"
    assert fresh.next_step == "Đón đoàn"
    assert fresh.next_step_due == dt.date(2026, 7, 1)
    late.refresh_from_db()
    assert late.completed_on == dt.date(2024, 5, 1)  # ended when the next step started
    inspection = fresh.steps.get(stage__code="inspection")
    assert inspection.completed_on is None  # still open


def test_a_later_step_becomes_current_and_steps_it_closes_are_audited(world):
    dossier = make_dossier(world, "A", market="JP")
    a = world.users["a_editor"]
    first = DossierStep.objects.get(dossier=dossier)
    services.step_add(
        actor=a,
        dossier_id=dossier.pk,
        expected_version=None,
        data=services.StepInput(stage="inspection", started_on=dt.date(2024, 5, 1)),
    )
    assert _fresh(dossier.pk).stage.code == "inspection"
    first.refresh_from_db()
    assert first.completed_on == dt.date(2024, 5, 1)
    rows = AuditEvent.objects.filter(action="dossier_step.complete", target_id=str(first.pk))
    assert rows.count() == 1
