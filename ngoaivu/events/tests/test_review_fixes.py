"""Fixes after the issue-20 review (REVIEW #5, #6, #10) and the walk (WALK #21); the reviewer's tests,
adapted, plus the cases around them."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from freezegun import freeze_time

from ngoaivu.accounts.models import Notification
from ngoaivu.agreements.models import Agreement
from ngoaivu.core.testing.world import make_agreement, text_of
from ngoaivu.events import services
from ngoaivu.events.models import PromotionEvent
from ngoaivu.events.tests.helpers import editor, make_event

pytestmark = pytest.mark.django_db

NOW = "2026-06-01 10:00:00+07:00"


def _make_private(agreement: Agreement) -> None:
    Agreement.objects.system(reason="test").filter(pk=agreement.pk).update(visibility="private")


def _linked(event: PromotionEvent) -> set[int]:
    return set(
        PromotionEvent.objects.system(reason="test").get(pk=event.pk).agreements.values_list("pk", flat=True)
    )


def _form_of(page: str) -> dict[str, object]:
    """The edit form as the browser would send it back untouched (inputs, selected options, textareas)."""
    data: dict[str, object] = {}
    for name, value in re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', page):
        data[name] = value
    for name, body in re.findall(r'<select name="([^"]+)"[^>]*>(.*?)</select>', page, re.S):
        chosen = re.findall(r'<option value="([^"]*)"[^>]*selected', body)
        if chosen:
            data[name] = chosen if name in {"agreements", "countries", "missions", "provinces"} else chosen[0]
    for name, body in re.findall(r'<textarea name="([^"]+)"[^>]*>(.*?)</textarea>', page, re.S):
        data[name] = body.strip()
    data.pop("csrfmiddlewaretoken", None)
    return data


# --- REVIEW #5: the edit page offers every agreement the user may see, and keeps the ones it cannot --------


@freeze_time(NOW)
def test_the_edit_page_offers_an_mou_of_another_province_linked_through_the_api(world):
    mou = make_agreement(world, "B", shared=True, signed=True)
    own = make_agreement(world, "A", signed=True)
    event = make_event(world, "A", agreement_ids=(mou.pk,))
    assert _linked(event) == {mou.pk}
    page = world.client("a_editor").get(f"/events/{event.pk}/edit/").content.decode()
    select = re.search(r'<select name="agreements".*?</select>', page, re.S)
    assert select is not None
    assert re.search(rf'<option value="{mou.pk}"[^>]*selected', select.group(0)), select.group(0)[:500]
    assert f'value="{own.pk}"' in select.group(0)


@freeze_time(NOW)
def test_the_edit_page_offers_no_agreement_the_user_may_not_see(world):
    hidden = make_agreement(world, "B", shared=False, signed=True)
    event = make_event(world, "A")
    page = world.client("a_editor").get(f"/events/{event.pk}/edit/").content.decode()
    select = re.search(r'<select name="agreements".*?</select>', page, re.S)
    assert select is not None
    assert f'value="{hidden.pk}"' not in select.group(0)


@freeze_time(NOW)
def test_saving_the_edit_page_keeps_both_a_shared_and_a_now_private_mou_of_another_province(world):
    shared = make_agreement(world, "B", shared=True, signed=True)
    becomes_private = make_agreement(world, "B", shared=True, signed=True)
    event = make_event(world, "A", agreement_ids=(shared.pk, becomes_private.pk))
    _make_private(becomes_private)
    client = world.client("a_editor")
    page = client.get(f"/events/{event.pk}/edit/").content.decode()
    select = re.search(r'<select name="agreements".*?</select>', page, re.S)
    assert select is not None
    assert f'value="{becomes_private.pk}"' not in select.group(0)  # never offered
    assert becomes_private.title_vi not in page  # never named
    form = _form_of(page)
    assert form["agreements"] == [str(shared.pk)]
    response = client.post(f"/events/{event.pk}/edit/", {**form, "place": "Tokyo"})
    assert response.status_code == 302, text_of(response)[:2000]
    assert _linked(event) == {shared.pk, becomes_private.pk}
    # unlinking the one the user sees leaves the one it cannot see
    response = client.post(
        f"/events/{event.pk}/edit/",
        {**{k: v for k, v in form.items() if k != "agreements"}, "version": event.version + 1},
    )
    assert response.status_code == 302, text_of(response)[:2000]
    assert _linked(event) == {becomes_private.pk}


@freeze_time(NOW)
def test_a_new_link_to_an_agreement_the_user_may_not_see_is_still_refused(world):
    hidden = make_agreement(world, "B", shared=False, signed=True)
    event = make_event(world, "A")
    with pytest.raises(services.ServiceError) as caught:
        services.event_update(
            actor=editor(world, "A"),
            event_id=event.pk,
            expected_version=event.version,
            data=services.with_changes(services.input_of(event), {"agreement_ids": (hidden.pk,)}),
        )
    assert "agreements" in caught.value.errors
    assert _linked(event) == set()


# --- REVIEW #6: a PATCH validates the links only when it sends them ------------------------------------------


@freeze_time(NOW)
def test_a_patch_of_the_title_is_not_refused_because_a_linked_mou_became_private(world):
    mou = make_agreement(world, "B", shared=True, signed=True)
    event = make_event(world, "A", agreement_ids=(mou.pk,))
    _make_private(mou)
    response = world.client("a_editor").patch(
        f"/api/v1/promotion-events/{event.pk}",
        json.dumps({"title_vi": "Tên mới"}),
        content_type="application/json",
        headers={"If-Match": f'"{event.version}"'},
    )
    assert response.status_code == 200, response.content
    assert str(mou.pk) not in json.dumps(response.json()["agreements"])  # still not shown to A
    assert PromotionEvent.objects.system(reason="t").get(pk=event.pk).title_vi == "Tên mới"
    assert _linked(event) == {mou.pk}


@freeze_time(NOW)
def test_a_patch_sending_agreements_keeps_the_hidden_link_and_checks_only_new_ones(world):
    mou = make_agreement(world, "B", shared=True, signed=True)
    own = make_agreement(world, "A", signed=True)
    hidden = make_agreement(world, "B", shared=False, signed=True)
    event = make_event(world, "A", agreement_ids=(mou.pk,))
    _make_private(mou)
    client = world.client("a_editor")
    response = client.patch(
        f"/api/v1/promotion-events/{event.pk}",
        json.dumps({"agreements": [own.pk]}),
        content_type="application/json",
        headers={"If-Match": f'"{event.version}"'},
    )
    assert response.status_code == 200, response.content
    assert [a["id"] for a in response.json()["agreements"]] == [own.pk]
    assert _linked(event) == {mou.pk, own.pk}
    refused = client.patch(
        f"/api/v1/promotion-events/{event.pk}",
        json.dumps({"agreements": [own.pk, hidden.pk]}),
        content_type="application/json",
        headers={"If-Match": f'"{event.version + 1}"'},
    )
    assert refused.status_code == 422, refused.content
    assert "agreements" in refused.content.decode()
    assert _linked(event) == {mou.pk, own.pk}


# --- REVIEW #10: reminders only to people who can open the event ---------------------------------------------


@freeze_time(NOW)
def test_a_follow_up_reminder_is_not_sent_to_an_organisation_that_cannot_open_the_event(world):
    event = make_event(world, "A", countries=(), shared=False)
    services.task_create(
        actor=editor(world, "A"),
        event_id=event.pk,
        data=services.TaskInput(
            title="BÍMẬTNHIỆMVỤ gửi thư mời", due_on=dt.date(2026, 6, 2), owner_org="tinh-12"
        ),
    )
    b = world.users["b_editor"]
    assert not PromotionEvent.objects.visible_to(b).filter(pk=event.pk).exists()
    assert services.remind_follow_ups(today=dt.date(2026, 6, 1)) == {"soon": 1, "late": 0}
    assert not [n for n in Notification.objects.filter(user=b) if "BÍMẬTNHIỆMVỤ" in str(n.__dict__)]
    a = world.users["a_editor"]
    assert [n for n in Notification.objects.filter(user=a) if "BÍMẬTNHIỆMVỤ" in str(n.__dict__)]


@freeze_time(NOW)
def test_a_follow_up_reminder_reaches_an_owner_organisation_that_can_see_the_event(world):
    event = make_event(world, "A", countries=(), shared=True)
    services.task_create(
        actor=editor(world, "A"),
        event_id=event.pk,
        data=services.TaskInput(title="CHIASẺNHIỆMVỤ", due_on=dt.date(2026, 5, 20), owner_org="tinh-12"),
    )
    b = world.users["b_editor"]
    assert PromotionEvent.objects.visible_to(b).filter(pk=event.pk).exists()
    counts = services.remind_follow_ups(today=dt.date(2026, 6, 1))
    assert counts["soon"] == 0
    assert counts["late"] >= 2  # the organiser's staff and B's
    assert [n for n in Notification.objects.filter(user=b) if "CHIASẺNHIỆMVỤ" in str(n.__dict__)]
    assert world.client("b_editor").get(event.get_absolute_url()).status_code == 200


# --- WALK #21: the list says how late the most overdue task is -----------------------------------------------


@freeze_time(NOW)
def test_the_list_shows_how_many_days_the_most_overdue_task_is_late(world):
    one = make_event(world, "A", starts_on=dt.date(2026, 5, 1))
    several = make_event(world, "A", starts_on=dt.date(2026, 5, 2))
    for event, due in (
        (one, dt.date(2026, 5, 26)),
        (several, dt.date(2026, 5, 20)),
        (several, dt.date(2026, 5, 30)),
    ):
        services.task_create(
            actor=editor(world, "A"),
            event_id=event.pk,
            data=services.TaskInput(title="Gửi báo cáo", due_on=due, owner_person="Sở Công Thương"),
        )
    services.task_create(  # not yet due: not counted
        actor=editor(world, "A"),
        event_id=one.pk,
        data=services.TaskInput(title="Khảo sát", due_on=dt.date(2026, 6, 10), owner_person="Sở Du lịch"),
    )
    page = text_of(world.client("a_viewer").get("/events/?task_overdue=true"))
    assert "1 việc quá hạn 6 ngày" in page
    assert "2 việc quá hạn, lâu nhất quá hạn 12 ngày" in page
    xlsx = world.client("a_viewer").get("/events/?task_overdue=true&format=xlsx")
    assert xlsx.status_code == 200
