"""Fixes after the issue-21 review and walk: the owner follows the lead province; the stage form starts empty and
offers only the stages the dossier may move to (the service and the API enforce the same table); the Excel
export writes the due date as a date cell; the counts Excel has no raw province code column."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from openpyxl import load_workbook

from ngoaivu.audit.models import AuditEvent
from ngoaivu.core.exceptions import ServiceError
from ngoaivu.core.testing.world import text_of
from ngoaivu.culture import services
from ngoaivu.culture.models import HeritageTitle
from ngoaivu.culture.tests.helpers import make_title

pytestmark = [pytest.mark.django_db, pytest.mark.today("2026-06-01 10:00:00+07:00")]
D = dt.date


def _advance(world, who, title, stage, on, **extra):
    title.refresh_from_db()
    return services.title_advance(
        actor=world.users[who],
        title_id=title.pk,
        expected_version=title.version,
        data=services.StageInput(stage=stage, on=on, **extra),
    )


def _workbook(response):
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return load_workbook(io.BytesIO(content)).active


# --- CU1: the owner follows the lead province -------------------------------------------------------------------


def test_the_owner_follows_the_lead_province_when_the_cuc_changes_it(world):
    title = make_title(world, "A")
    data = services.with_changes(services.title_input_of(title), {"province_as_named": "Lai Châu"})
    title = services.title_update(
        actor=world.users["ministry"], title_id=title.pk, expected_version=title.version, data=data
    )
    assert title.province.code == "12"
    assert title.owner_org_id == world.orgs["B"].pk
    event = AuditEvent.objects.filter(action="heritage_title.update", target_id=str(title.pk)).latest("pk")
    assert event.changes["owner_org"] == [world.orgs["A"].pk, world.orgs["B"].pk]
    # the new lead province edits it, the old one no longer does (it reads it only if shared or involved)
    assert world.client("b_editor").get(f"/culture/{title.pk}/edit/").status_code == 200
    assert world.client("a_editor").get(f"/culture/{title.pk}/edit/").status_code in (403, 404)


# --- the stage form and the stage table ---------------------------------------------------------------------------


def _stage_options(html: str) -> list[str]:
    select = re.search(r'<select name="stage"[^>]*>(.*?)</select>', html, re.S)
    assert select is not None
    return re.findall(r'<option value="([^"]*)"', select.group(1))


def test_the_stage_form_starts_empty_and_offers_only_the_next_stages(world):
    title = make_title(world, "A", stage_on=D(2026, 5, 1))  # in preparation
    html = text_of(world.client("a_editor").get(f"/culture/{title.pk}/"))
    options = _stage_options(html)
    assert options[0] == ""
    assert "— chọn giai đoạn —" in html
    assert "preparation" not in options  # never the current stage
    assert not {"periodic_report", "danger", "re_recognised", "inscribed"} & set(options)
    assert "submitted_ministry" in options
    assert "submitted_unesco" not in options  # the ministry's
    ministry = _stage_options(text_of(world.client("ministry").get(f"/culture/{title.pk}/")))
    assert "submitted_unesco" in ministry
    assert not {"periodic_report", "danger", "re_recognised", "preparation"} & set(ministry)


def test_submitting_the_stage_form_untouched_is_refused_naming_the_field(world):
    title = make_title(world, "A", stage_on=D(2026, 5, 1))
    client = world.client("a_editor")
    response = client.post(
        f"/culture/{title.pk}/stage/",
        {"stage": "", "on": "2026-06-01", "version": title.version},
        follow=True,
    )
    assert "Giai đoạn mới: chưa chọn giai đoạn chuyển tới." in text_of(response)
    title.refresh_from_db()
    assert title.stage.code == "preparation"
    assert title.stages.count() == 1


def test_the_service_refuses_implausible_stages(world):
    title = make_title(world, "A", stage_on=D(2026, 5, 1))
    for stage in ("periodic_report", "danger", "re_recognised", "evaluation"):
        with pytest.raises(ServiceError) as caught:
            _advance(world, "ministry", title, stage, D(2026, 5, 10))
        assert "không chuyển được" in caught.value.errors["stage"][0], stage
    _advance(world, "a_editor", title, "submitted_ministry", D(2026, 5, 10))
    with pytest.raises(ServiceError) as caught:  # no going back to the inventory once handed over
        _advance(world, "ministry", title, "inventory", D(2026, 5, 11))
    assert "stage" in caught.value.errors
    back = _advance(world, "ministry", title, "preparation", D(2026, 5, 11), note="Bổ sung hồ sơ")
    assert back.stage.code == "preparation"
    shelved = _advance(world, "a_editor", title, "inventory", D(2026, 5, 12), note="Tạm dừng")
    assert shelved.stage.code == "inventory"  # explicitly allowed from preparation only


def test_a_recognition_is_not_repeated_but_followed_by_the_periodic_review(world):
    title = make_title(world, "A", stage_on=D(2025, 1, 5), kind="biosphere")
    _advance(world, "ministry", title, "submitted_unesco", D(2025, 2, 1))
    _advance(world, "ministry", title, "inscribed", D(2025, 9, 15), decision_year=2025)
    with pytest.raises(ServiceError):
        _advance(world, "ministry", title, "inscribed", D(2025, 9, 20), decision_year=2025)
    report = _advance(world, "ministry", title, "periodic_report", D(2026, 1, 5))
    assert report.stage.code == "periodic_report"


def test_the_api_obeys_the_stage_table(world):
    title = make_title(world, "A", stage_on=D(2026, 5, 1))
    response = world.client("ministry").post(
        f"/api/v1/unesco/{title.pk}/stage",
        {"stage": "periodic_report", "on": "2026-05-10"},
        content_type="application/json",
        headers={"If-Match": f'"{title.version}"'},
    )
    assert response.status_code in (400, 422), response.content
    assert HeritageTitle.objects.get(pk=title.pk).stage.code == "preparation"


# --- the Excel exports --------------------------------------------------------------------------------------------


def test_the_title_export_writes_the_due_date_as_a_date_cell_and_its_status_apart(world):
    make_title(world, "A", stage_on=D(2026, 5, 1), next_step_due_on=D(2026, 6, 21))
    sheet = _workbook(world.client("a_editor").get("/culture/?format=xlsx"))
    rows = list(sheet.iter_rows(values_only=True))
    header = next(r for r in rows if r and "Hạn" in r)
    due = header.index("Hạn")
    status = header.index("Tình trạng hạn")
    data = [r for r in rows[rows.index(header) + 1 :] if r and r[due] is not None]
    assert data
    assert isinstance(data[0][due], dt.datetime | dt.date)
    assert data[0][due].strftime("%d/%m/%Y") == "21/06/2026"
    assert data[0][status] == "còn 20 ngày"
    cell = next(c for row in sheet.iter_rows() for c in row if c.value == data[0][due])
    assert "dd" in cell.number_format.lower()
    assert "mm" in cell.number_format.lower()


def test_the_counts_export_has_no_raw_province_code(world):
    title = make_title(world, "A", stage_on=D(2024, 1, 5), shared=True, kind="world_cultural")
    _advance(world, "ministry", title, "submitted_unesco", D(2024, 2, 1))
    _advance(world, "ministry", title, "inscribed", D(2024, 7, 20), decision_year=2024)
    sheet = _workbook(world.client("ministry").get("/culture/counts/?format=xlsx"))
    cells = [c for row in sheet.iter_rows(values_only=True) for c in row if c is not None]
    assert "Mã tỉnh" not in cells
    assert "Đà Nẵng" in cells


def test_api_refuses_a_number_for_abroad(world):
    """The boundary fuzz sent `"abroad": 0` and the event was created: the flag takes true or false only."""
    r = world.client("a_editor").post(
        "/api/v1/cultural-events",
        {"title_vi": "Ngày Việt Nam", "kind": "vietnam_days", "abroad": 0, "starts_on": "2026-09-01"},
        content_type="application/json",
    )
    assert r.status_code == 422, r.content
    assert "abroad" in r.content.decode()
