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


# WALK #7 ---------------------------------------------------------------------------------------------------


def test_the_step_form_keeps_its_input_and_shows_errors_beside_the_fields(world):
    dossier = make_dossier(world, "A", market="JP")
    client = world.client("a_editor")
    response = client.post(
        f"/market-access/{dossier.pk}/steps/",
        {
            "stage": "technical_dossier",
            "started_on": "2025-03-01",
            "note": "Gửi hồ sơ kỹ thuật BVTV",
            "next_step": "Chờ phản hồi MAFF",
            "next_step_due": "2025-02-01",  # before the start
            "version": dossier.version,
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "error-summary" in html
    assert "Gửi hồ sơ kỹ thuật BVTV" in html
    assert "Chờ phản hồi MAFF" in html
    assert 'value="2025-03-01"' in html
    assert '<option value="technical_dossier" selected>' in html
    assert 'id="id_next_step_due_errors"' in html
    assert "Hạn việc tiếp theo phải từ ngày bắt đầu trở đi." in html
    assert "Chưa thêm được bước.;" not in html
    assert DossierStep.objects.filter(dossier=dossier).count() == 1


def test_the_step_form_still_adds_a_step_and_redirects(world):
    dossier = make_dossier(world, "A", market="JP")
    response = world.client("a_editor").post(
        f"/market-access/{dossier.pk}/steps/",
        {"stage": "inspection", "started_on": "2025-03-01", "version": dossier.version},
    )
    assert response.status_code == 302
    assert _fresh(dossier.pk).stage.code == "inspection"


# WALK #8 ---------------------------------------------------------------------------------------------------


def test_the_market_starts_empty_and_is_required(world):
    client = world.client("a_editor")
    html = client.get("/market-access/new/").content.decode()
    assert '<option value="" selected>— chọn thị trường —</option>' in html
    response = client.post(
        "/market-access/new/",
        {
            "product_vi": "Thanh long",
            "stage": "request",
            "status": "open",
            "opened_on": "2025-01-05",
            "visibility": "shared",
        },
    )
    assert response.status_code == 400
    assert 'id="id_market_errors"' in response.content.decode()
    assert not Dossier.objects.system(reason="test").filter(product_vi="Thanh long").exists()


# WALK #23 --------------------------------------------------------------------------------------------------


def test_the_board_names_the_overdue_dossiers(world):
    late = make_dossier(world, "A", market="JP", marker="VAITRE", next_step_due=dt.date(2026, 5, 29))
    make_dossier(world, "A", market="JP", marker="VAIDUNGHAN", next_step_due=dt.date(2026, 6, 20))
    html = world.client("ministry").get("/market-access/board/").content.decode()
    assert "VAITRE" in html
    assert "quá hạn 3 ngày" in html
    assert late.get_absolute_url() in html
    assert "VAIDUNGHAN" not in html  # not overdue: only counted
    assert (
        "VAITRE" not in world.client("b_editor").get("/market-access/board/").content.decode()
    )  # A's, private


def test_an_empty_board_says_why(world):
    dossier = make_dossier(world, "A", market="JP", stage="request")
    services.step_add(
        actor=world.users["a_editor"],
        dossier_id=dossier.pk,
        expected_version=None,
        data=services.StepInput(stage="first_shipment", started_on=dt.date(2025, 6, 1)),
    )
    html = world.client("ministry").get("/market-access/board/").content.decode()
    assert "Không có hồ sơ đang xúc tiến; 1 hồ sơ đã mở cửa thị trường" in html
    assert "/market-access/?status=market_open" in html
    html = world.client("b_editor").get("/market-access/board/").content.decode()  # A's dossier is private
    assert "Không có hồ sơ đang xúc tiến, cũng chưa có hồ sơ nào đã mở cửa thị trường" in html
