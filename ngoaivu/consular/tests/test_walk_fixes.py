"""The walk-through of issue 21 (forms, counts page, messages, province select) and the home work list."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from ngoaivu.consular import selectors, services
from ngoaivu.consular.models import CitizenCase
from ngoaivu.consular.tests.helpers import CONSULAR, client, consular_user, make_case
from ngoaivu.core.testing.world import text_of

pytestmark = pytest.mark.django_db


def _messages(response) -> str:
    return " ".join(str(m) for m in response.wsgi_request._messages)


# --- the province's form ------------------------------------------------------------------------------------


def test_the_province_note_form_hides_the_version_and_keeps_the_note(world):
    case = make_case(world, "X", "48")
    c = world.client("a_editor")
    page = c.get(f"/citizen-cases/{case.pk}/").content.decode()
    form = page[page.index("Phần việc của tỉnh") :]
    form = form[: form.index("</form>")]
    assert "Version" not in form
    assert f'type="hidden" name="version" value="{case.version}"' in form
    r = c.post(
        f"/citizen-cases/{case.pk}/province-note/",
        {"province_note": "Đã liên hệ gia đình ngày 05/06", "version": case.version},
        follow=True,
    )
    assert "Đã lưu ghi chú" in text_of(r)
    page = c.get(f"/citizen-cases/{case.pk}/").content.decode()
    form = page[page.index("Phần việc của tỉnh") :]
    form = form[: form.index("</form>")]
    assert "Đã liên hệ gia đình ngày 05/06</textarea>" in form


# --- the counts page ------------------------------------------------------------------------------------------


def test_counts_link_only_for_readers(world):
    make_case(world, "X", "48")
    assert (
        'href="/citizen-cases/?country=JP'
        in world.client("x_officer").get("/citizen-cases/summary/").content.decode()
    )
    other = world.client("ministry").get("/citizen-cases/summary/").content.decode()
    assert "?country=JP" not in other
    assert ">1<" in other.replace("<strong>", "").replace("</strong>", "")


# --- messages, names, the handover select -------------------------------------------------------------------


def test_specific_success_messages_and_full_names(world):
    case = make_case(world, "X", "48")
    x = world.client("x_officer")
    r = x.post(f"/citizen-cases/{case.pk}/actions/notify/", {"version": case.version}, follow=True)
    assert "Đã thông báo cho tỉnh Đà Nẵng" in text_of(r), _messages(r)
    r = x.post(f"/citizen-cases/{case.pk}/handover/", {"to_org": "mofa-lanh-su", "note": ""}, follow=True)
    assert "Đã bàn giao cho Cục Lãnh sự" in text_of(r)
    user = world.users["x_officer"]
    user.first_name, user.last_name = "An", "Nguyễn Văn"
    user.save(update_fields=["first_name", "last_name"])
    page = x.get(f"/citizen-cases/{case.pk}/").content.decode()
    handovers = page[page.index('id="handovers"') : page.index('id="actions"')]
    assert user.get_full_name() in handovers
    assert "x_officer" not in handovers
    actions = page[page.index('id="actions"') :]
    actions = actions[: actions.index("</table>")]
    assert user.get_full_name() in actions
    assert "x_officer" not in actions


def test_handover_select_lists_the_consular_unit_and_the_province_first(world):
    case = make_case(world, "X", "48")
    page = world.client("x_officer").get(f"/citizen-cases/{case.pk}/").content.decode()
    select = page[page.index('name="to_org"') :]
    select = select[: select.index("</select>")]
    lanhsu = select.index('value="mofa-lanh-su"')
    province = select.index(f'value="{services.handover_targets(case, world.users["x_officer"])[1].code}"')
    seoul = select.index('value="cqdd-kr-seoul"')
    assert lanhsu < province < seoul


# --- the province of origin: a select of the current provinces + the name then ------------------------------


def test_the_form_offers_the_34_provinces_and_the_name_then(world):
    c = world.client("x_officer")
    page = c.get("/citizen-cases/new/").content.decode()
    select = page[page.index('name="province"') :]
    select = select[: select.index("</select>")]
    assert select.count("<option") == 35  # "—" + 34
    assert 'name="province_as_named"' in page
    day = dt.date(2024, 5, 6)
    r = c.post(
        "/citizen-cases/new/",
        {
            "country": "JP",
            "province": "25",
            "province_as_named": "Vĩnh Phúc",
            "kind": "labour",
            "received_on": day.isoformat(),
            "summary": "Tranh chấp lao động tại Osaka",
            "citizen-full_name": "Lê Văn Cường",
        },
    )
    assert r.status_code == 302, text_of(r)[:2000]
    case = CitizenCase.objects.system(reason="test").get(summary="Tranh chấp lao động tại Osaka")
    assert case.province.code == "25"
    assert case.province_as_named == "Vĩnh Phúc"
    assert case.former_province_id
    r = c.post(
        "/citizen-cases/new/",
        {
            "country": "JP",
            "province": "48",
            "province_as_named": "Vĩnh Phúc",
            "kind": "labour",
            "received_on": day.isoformat(),
            "summary": "Sai tỉnh",
            "citizen-full_name": "Lê Văn Cường",
        },
    )
    assert r.status_code == 400
    assert "Tên tỉnh khi tiếp nhận" in text_of(r)


def test_the_api_still_takes_a_code(world):
    r = world.client("x_officer").post(
        "/api/v1/citizen-cases",
        {
            "country": "JP",
            "province": "12",
            "kind": "labour",
            "received_on": timezone.localdate().isoformat(),
            "summary": "API theo mã tỉnh",
            "citizens": [{"full_name": "Đỗ Văn Em"}],
        },
        content_type="application/json",
    )
    assert r.status_code == 201, r.content[:500]
    assert r.json()["province"] == "12"


# --- the home work list ------------------------------------------------------------------------------------


@pytest.mark.today("2026-06-10 10:00:00+07:00")
def test_work_counts(world):
    overdue = make_case(world, "X", "48", received_on=dt.date(2026, 6, 1))
    fresh = make_case(world, "X", "48", received_on=dt.date(2026, 6, 9))  # due 10/06: counted (due today)
    notified = make_case(world, "X", "12", received_on=dt.date(2026, 6, 8))
    x = world.users["x_officer"]
    services.case_transition(actor=x, case_id=notified.pk, action="notify", expected_version=None)
    old = make_case(world, "Y", "48", received_on=dt.date(2026, 5, 1))
    services.handover_send(actor=x, case_id=overdue.pk, to_org="cqdd-kr-seoul")

    def counts(user):
        return {d["url"].split("?")[1]: d for d in selectors.work_counts(user=user)}

    mission = counts(x)
    assert mission["notify_pending=true"]["n"] == 2
    assert mission["handover_pending=true"]["n"] == 0
    seoul = counts(world.users["y_officer"])
    assert seoul["handover_pending=true"]["n"] == 1
    assert seoul["notify_pending=true"]["n"] == 1  # its own old case, never notified
    province = counts(world.users["a_editor"])
    assert province["province=48&date_from=2026-06-04"]["n"] == 1
    assert "notify_pending=true" not in province
    assert all(isinstance(d["label"], str) and d["label"] == d["label"].lower() for d in mission.values())
    # each url shows exactly those rows
    xc = world.client("x_officer")
    page = text_of(xc.get("/citizen-cases/?notify_pending=true"))
    assert overdue.reference in page
    assert notified.reference not in page
    yc = world.client("y_officer")
    page = text_of(yc.get("/citizen-cases/?handover_pending=true"))
    assert overdue.reference in page
    assert overdue.marker not in page
    assert old.reference not in page
    ac = world.client("a_editor")
    page = text_of(ac.get("/citizen-cases/?province=48&date_from=2026-06-04"))
    assert fresh.reference in page
    assert overdue.reference not in page
    assert old.reference not in page
    # the consular unit: a handover to it appears at once (the case's stamp moved)
    unit = consular_user(world)
    assert counts(unit)["handover_pending=true"]["n"] == 0
    services.handover_send(actor=x, case_id=overdue.pk, to_org="mofa-lanh-su")
    assert counts(unit)["handover_pending=true"]["n"] == 1
    assert overdue.reference in text_of(client(world, CONSULAR).get("/citizen-cases/?handover_pending=true"))
    assert world.client("ministry").get("/citizen-cases/?handover_pending=true").status_code == 200
    assert selectors.work_counts(user=world.users["ministry"]) == [] or all(
        d["n"] == 0 for d in selectors.work_counts(user=world.users["ministry"])
    )
