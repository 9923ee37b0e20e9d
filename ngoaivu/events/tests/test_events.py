"""Promotion events: the service rules, the pages (list, filters, export, detail, form), the API and the
reminder job."""

from __future__ import annotations

import datetime as dt
import decimal
import io
import json

import pytest
from freezegun import freeze_time

from ngoaivu.audit.models import AuditEvent
from ngoaivu.core.exceptions import Forbidden, ServiceError, StaleObject
from ngoaivu.core.testing.api import if_match
from ngoaivu.core.testing.world import make_agreement, read_body, text_of
from ngoaivu.events import services
from ngoaivu.events.models import EventParticipation, FollowUpTask, PromotionEvent
from ngoaivu.events.tests.helpers import editor, make_event, mission_code

pytestmark = pytest.mark.django_db
NOW = "2026-03-02 09:00:00+07:00"


def _input(**changes):
    base = services.EventInput(
        title_vi="Hội nghị xúc tiến đầu tư Quảng Nam – Hàn Quốc",
        kind="investment",
        organisers="UBND tỉnh Quảng Nam; KOTRA",
        starts_on=dt.date(2023, 5, 10),
        ends_on=dt.date(2023, 5, 10),
        format="hybrid",
        place="Tam Kỳ",
        status="held",
        province_as_named="Quảng Nam",
        countries=("KR",),
        leads_count=1234,
        pledged_amount=decimal.Decimal("1500000.50"),
        pledged_currency="usd",
        participations={"vn_businesses": 120, "foreign_businesses": 45},
    )
    return services.with_changes(base, changes)


# --- the service ---------------------------------------------------------------------------------------------


@freeze_time(NOW)
def test_an_event_keeps_the_province_as_named_and_its_current_province(world):
    event = services.event_create(actor=editor(world, "A"), data=_input())
    assert event.province.code == "48"
    assert event.former_province is not None
    assert event.former_province.code == "49"
    assert event.province_as_named == "Quảng Nam"
    assert event.owner_org == world.orgs["A"]
    assert event.pledged_currency == "USD"
    assert dict(event.participations.values_list("kind", "count")) == {
        "vn_businesses": 120,
        "foreign_businesses": 45,
    }
    assert "quang nam" in event.search_text
    assert "han quoc" in event.search_text
    audit = AuditEvent.objects.get(action="promotion_event.create", target_id=str(event.pk))
    assert audit.changes["countries"] == [None, ["KR"]]


@freeze_time(NOW)
def test_a_province_as_named_elsewhere_is_refused(world):
    with pytest.raises(ServiceError) as caught:
        services.event_create(actor=editor(world, "A"), data=_input(province_as_named="Vĩnh Phúc"))
    assert "Phú Thọ" in caught.value.errors["province_as_named"][0]


@pytest.mark.parametrize("who", ["a_viewer", "ministry", "x_officer"])
def test_only_province_officers_create(world, who):
    with pytest.raises(Forbidden):
        services.event_create(actor=world.users[who], data=_input(province_as_named=""))


@freeze_time(NOW)
@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"ends_on": dt.date(2023, 5, 9)}, "ends_on"),
        ({"pledged_currency": ""}, "pledged_currency"),
        ({"pledged_currency": "US$"}, "pledged_currency"),
        ({"pledged_amount": decimal.Decimal("-1")}, "pledged_amount"),
        ({"pledged_amount": decimal.Decimal("1.234")}, "pledged_amount"),
        ({"status": "held", "starts_on": dt.date(2026, 4, 1), "ends_on": dt.date(2026, 4, 1)}, "status"),
        ({"countries": ("JP", "XX")}, "countries"),
        ({"missions": ("cqdd-nowhere",)}, "missions"),
        ({"provinces": ("99",)}, "provinces"),
        ({"participations": {"robots": 3}}, "participations"),
        ({"participations": {"officials": -1}}, "participations"),
        ({"title_vi": "  "}, "title_vi"),
        ({"kind": "party"}, "kind"),
        ({"agreement_ids": (987654,)}, "agreements"),
    ],
)
def test_invalid_input_is_named_by_field_in_vietnamese(world, changes, field):
    with pytest.raises(ServiceError) as caught:
        services.event_create(actor=editor(world, "A"), data=_input(**changes))
    assert field in caught.value.errors, caught.value.errors
    assert caught.value.message == "Chưa lưu được sự kiện."
    assert not PromotionEvent.objects.visible_to(world.users["ministry"]).exists()


@freeze_time(NOW)
def test_update_replaces_links_and_refuses_a_stale_version(world):
    user = editor(world, "A")
    event = services.event_create(actor=user, data=_input())
    mou = make_agreement(world, "A", country="KR", signed=True)
    changed = services.event_update(
        actor=user,
        event_id=event.pk,
        expected_version=event.version,
        data=_input(
            countries=("JP",),
            missions=(mission_code(world, "X"),),
            provinces=("12", "48"),
            participations={"officials": 7},
            agreement_ids=(mou.pk,),
        ),
    )
    assert changed.version == event.version + 1
    assert [c.iso2 for c in changed.countries.all()] == ["JP"]
    assert [p.code for p in changed.provinces.all()] == ["12"]  # the organising province is not "another"
    assert list(changed.agreements.all()) == [mou]
    assert list(EventParticipation.objects.filter(event=changed).values_list("kind", "count")) == [
        ("officials", 7)
    ]
    with pytest.raises(StaleObject):
        services.event_update(actor=user, event_id=event.pk, expected_version=event.version, data=_input())


@freeze_time(NOW)
def test_other_users_may_not_change(world):
    event = make_event(world, "A", shared=True)
    for who in ("b_editor", "a_viewer", "ministry"):
        with pytest.raises(Forbidden):
            services.event_update(
                actor=world.users[who], event_id=event.pk, expected_version=None, data=_input()
            )


@freeze_time(NOW)
def test_tasks_need_an_owner_and_are_completed_once(world):
    user = editor(world, "A")
    event = make_event(world, "A")
    with pytest.raises(ServiceError) as caught:
        services.task_create(
            actor=user,
            event_id=event.pk,
            data=services.TaskInput(title="Gửi hồ sơ", due_on=dt.date(2026, 3, 5)),
        )
    assert "owner_person" in caught.value.errors
    task = services.task_create(
        actor=user,
        event_id=event.pk,
        data=services.TaskInput(title="Gửi hồ sơ", due_on=dt.date(2026, 3, 5), owner_org="cqdd-jp-tokyo"),
    )
    assert task.owner_org == world.orgs["X"]
    with pytest.raises(ServiceError):
        services.task_complete(
            actor=user, event_id=event.pk, task_id=task.pk, expected_version=None, done_on=dt.date(2026, 3, 3)
        )
    done = services.task_complete(
        actor=user, event_id=event.pk, task_id=task.pk, expected_version=task.version
    )
    assert done.done_on == dt.date(2026, 3, 2)
    with pytest.raises(StaleObject):
        services.task_complete(actor=user, event_id=event.pk, task_id=task.pk, expected_version=task.version)


# --- the pages -----------------------------------------------------------------------------------------------


@freeze_time(NOW)
def test_list_filters_sort_and_export(world):
    a = make_event(world, "A", countries=("JP",), shared=True, kind="trade", starts_on=dt.date(2026, 1, 10))
    b = make_event(world, "B", countries=("KR",), shared=True, kind="tourism", starts_on=dt.date(2025, 6, 1))
    joint = make_event(
        world, "B", countries=("KR",), shared=True, provinces=("48",), starts_on=dt.date(2024, 6, 1)
    )
    client = world.client("a_viewer")

    def titles(query):
        text = text_of(client.get(f"/events/?{query}"))
        return {e.title_vi for e in (a, b, joint) if e.title_vi in text}

    assert titles("") == {a.title_vi, b.title_vi, joint.title_vi}
    assert titles("kind=trade") == {a.title_vi}
    assert titles("province=48") == {a.title_vi, joint.title_vi}  # organising or taking part
    assert titles("country=kr") == {b.title_vi, joint.title_vi}
    assert titles("date_from=2025-01-01&date_to=2025-12-31") == {b.title_vi}
    assert titles(f"q={a.title_vi.lower()}") == {a.title_vi}
    page = text_of(client.get("/events/?sort=starts"))
    assert page.index(joint.title_vi) < page.index(b.title_vi) < page.index(a.title_vi)
    export = client.get("/events/?format=xlsx&kind=tourism")
    assert export.status_code == 200
    assert "su-kien-xuc-tien-2026-03-02.xlsx" in export["Content-Disposition"]
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(read_body(export))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Sự kiện"
    assert rows[1][0] == b.title_vi
    assert len(rows) == 2


@freeze_time(NOW)
def test_overdue_tasks_show_on_the_list_and_the_detail(world):
    user = editor(world, "A")
    event = make_event(
        world,
        "A",
        starts_on=dt.date(2026, 2, 1),
        pledged_amount=decimal.Decimal("1500000"),
        pledged_currency="USD",
        leads_count=1234,
    )
    quiet = make_event(world, "A", starts_on=dt.date(2026, 2, 2))
    for title, due in (
        ("Gửi danh sách doanh nghiệp", dt.date(2026, 2, 25)),
        ("Khảo sát địa điểm", dt.date(2026, 3, 12)),
    ):
        services.task_create(
            actor=user,
            event_id=event.pk,
            data=services.TaskInput(title=title, due_on=due, owner_person="Sở Công Thương"),
        )
    client = world.client("a_viewer")
    overdue = text_of(client.get("/events/?task_overdue=true"))
    assert event.title_vi in overdue
    assert quiet.title_vi not in overdue
    assert "1 việc quá hạn" in overdue
    assert "1.500.000 USD" in overdue
    assert "1.234" in overdue
    detail = text_of(client.get(f"/events/{event.pk}/"))
    assert "quá hạn 5 ngày" in detail
    assert "còn 10 ngày" in detail
    assert "1.500.000 USD" in detail
    assert "Đánh dấu đã xong" not in detail  # a viewer reads, never acts


@freeze_time(NOW)
def test_the_form_creates_and_edits_with_the_version(world):
    client = world.client("a_editor")
    assert client.get("/events/new/").status_code == 200
    form = {
        "title_vi": "Hội thảo xúc tiến du lịch Đà Nẵng tại Seoul",
        "kind": "tourism",
        "organisers": "Sở Du lịch",
        "starts_on": "2026-04-10",
        "ends_on": "2026-04-11",
        "format": "in_person",
        "status": "planned",
        "countries": ["KR"],
        "missions": [mission_code(world, "Y")],
        "part_vn_businesses": "30",
        "pledged_amount": "2.500.000,5",
        "pledged_currency": "KRW",
        "visibility": "shared",
    }
    response = client.post("/events/new/", form)
    assert response.status_code == 302, text_of(response)[:2000]
    event = PromotionEvent.objects.visible_to(world.users["a_editor"]).get(title_vi=form["title_vi"])
    assert event.pledged_amount == decimal.Decimal("2500000.50")
    assert dict(event.participations.values_list("kind", "count")) == {"vn_businesses": 30}
    edit = client.get(f"/events/{event.pk}/edit/")
    assert edit.status_code == 200
    stale = client.post(
        f"/events/{event.pk}/edit/", {**form, "place": "Seoul", "version": event.version - 1 or 99}
    )
    assert stale.status_code == 409
    bad = client.post(
        f"/events/{event.pk}/edit/", {**form, "ends_on": "2026-04-01", "version": event.version}
    )
    assert bad.status_code == 400
    assert "Ngày kết thúc phải từ ngày bắt đầu trở đi." in text_of(bad)
    ok = client.post(f"/events/{event.pk}/edit/", {**form, "place": "Seoul", "version": event.version})
    assert ok.status_code == 302
    event.refresh_from_db()
    assert event.place == "Seoul"


@freeze_time(NOW)
def test_task_buttons_on_the_page(world):
    event = make_event(world, "A")
    client = world.client("a_editor")
    response = client.post(
        f"/events/{event.pk}/tasks/",
        {"title": "Gửi thư cảm ơn", "due_on": "2026-03-10", "owner_person": "Văn phòng"},
    )
    assert response.status_code == 302
    task = FollowUpTask.objects.get(event=event)
    client.post(f"/events/{event.pk}/tasks/{task.pk}/complete/", {"version": task.version})
    task.refresh_from_db()
    assert task.done_on == dt.date(2026, 3, 2)
    assert "Đã xong ngày 02/03/2026" in text_of(client.get(f"/events/{event.pk}/"))


# --- the API -------------------------------------------------------------------------------------------------

API_BODY = {
    "title_vi": "Hội nghị kết nối giao thương Đà Nẵng – Nhật Bản",
    "kind": "connection",
    "organisers": "Sở Công Thương; JETRO Đà Nẵng",
    "starts_on": "2026-06-10",
    "ends_on": "2026-06-11",
    "countries": ["JP"],
    "participations": {"foreign_businesses": 40},
    "pledged_amount": "12000000",
    "pledged_currency": "JPY",
}


@freeze_time(NOW)
def test_api_create_read_patch(world):
    client = world.client("a_editor")
    created = client.post("/api/v1/promotion-events", API_BODY, content_type="application/json")
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["province"] == "48"
    assert body["countries"] == ["JP"]
    assert body["pledged_amount"] == "12000000.00"
    assert body["participations"] == {"foreign_businesses": 40}
    url = f"/api/v1/promotion-events/{body['id']}"
    patched = client.patch(
        url,
        json.dumps({"place": "Ariyana", "leads_count": 25}),
        content_type="application/json",
        headers=if_match(client, url),
    )
    assert patched.status_code == 200, patched.content
    after = patched.json()
    assert after["place"] == "Ariyana"
    assert after["leads_count"] == 25
    assert after["countries"] == ["JP"]
    assert after["participations"] == {"foreign_businesses": 40}
    cleared = client.patch(
        url, json.dumps({"leads_count": None}), content_type="application/json", headers=if_match(client, url)
    )
    assert cleared.json()["leads_count"] is None
    invalid = client.patch(
        url,
        json.dumps({"ends_on": "2026-06-01"}),
        content_type="application/json",
        headers=if_match(client, url),
    )
    assert invalid.status_code == 422
    assert invalid.json()["errors"][0]["field"] == "ends_on"
    listed = client.get("/api/v1/promotion-events?kind=connection").json()
    assert listed["count"] == 1
    assert listed["items"][0]["id"] == body["id"]
    assert (
        world.client("ministry")
        .post("/api/v1/promotion-events", API_BODY, content_type="application/json")
        .status_code
        == 403
    )


@freeze_time(NOW)
def test_api_tasks(world):
    event = make_event(world, "A")
    client = world.client("a_editor")
    base = f"/api/v1/promotion-events/{event.pk}/tasks"
    created = client.post(
        base,
        {"title": "Gửi danh sách", "due_on": "2026-03-01", "owner_person": "Sở KHĐT"},
        content_type="application/json",
    )
    assert created.status_code == 201
    task = created.json()
    assert task["overdue"] is True
    done = client.post(
        f"{base}/{task['id']}/complete",
        {},
        content_type="application/json",
        headers={"If-Match": f'"{task["version"]}"'},
    )
    assert done.status_code == 200
    assert done.json()["done_on"] == "2026-03-02"
    assert client.get(base).json()[0]["overdue"] is False
    assert client.get(f"/api/v1/promotion-events/{event.pk}").json()["overdue_tasks"] == 0


# --- the reminder job, search --------------------------------------------------------------------------------


def test_reminders_are_sent_once_before_and_once_after_the_due_date(world):
    from ngoaivu.accounts.models import Notification

    with freeze_time(NOW):
        event = make_event(world, "A", countries=("JP",))  # Tokyo covers Japan: it can open the event
        services.task_create(
            actor=editor(world, "A"),
            event_id=event.pk,
            data=services.TaskInput(
                title="Báo cáo UBND", due_on=dt.date(2026, 3, 4), owner_org="cqdd-jp-tokyo"
            ),
        )
        first = services.remind_follow_ups()
        assert first["soon"] >= 2  # A's officers and Tokyo's
        assert services.remind_follow_ups() == {"soon": 0, "late": 0}
    with freeze_time("2026-03-06 09:00:00+07:00"):
        assert services.remind_follow_ups()["late"] >= 2
        assert services.remind_follow_ups()["late"] == 0
    assert Notification.objects.filter(kind="event_follow_up", user=world.users["x_officer"]).count() == 2


def test_the_reminder_job_is_importable():
    from django.utils.module_loading import import_string

    assert import_string("ngoaivu.events.tasks.remind_follow_ups_job") is not None


def test_events_are_found_by_search_without_diacritics(world):
    from ngoaivu.search import services as search

    event = make_event(world, "A", shared=True, marker="Hội nghị kết nối giao thương Nhật Bản thử")
    search.rebuild()
    link = f'href="/events/{event.pk}/"'  # the title itself is shown with the matched words marked
    assert link in text_of(world.client("b_editor").get("/search/?q=ket+noi+giao+thuong"))
    assert link not in text_of(world.client("x_officer").get("/search/?q=ket+noi+giao+thuong"))


def test_a_task_id_no_database_holds_is_not_found(world):
    event = make_event(world, "A")
    client = world.client("a_editor")
    huge = 10**30
    assert client.get(f"/api/v1/promotion-events/{huge}").status_code == 404
    response = client.post(
        f"/api/v1/promotion-events/{event.pk}/tasks/{huge}/complete",
        {},
        content_type="application/json",
        headers={"If-Match": '"1"'},
    )
    assert response.status_code == 404
    assert client.post(f"/events/{event.pk}/tasks/{huge}/complete/", {}).status_code == 404
