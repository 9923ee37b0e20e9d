"""UNESCO titles and cultural events: services, the stage workflow (ministry-only stages, four eyes,
recognitions with their decision), the next-step deadline (across Tết 2027) and its reminders, the pages
(counts with links, Excel), the API (ETag, If-Match 412/428), the calendar feed, search and the indicator."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from freezegun import freeze_time

from ngoaivu.audit.models import AuditEvent
from ngoaivu.core.exceptions import Forbidden, ServiceError, StaleObject
from ngoaivu.core.testing.world import text_of
from ngoaivu.culture import selectors, services
from ngoaivu.culture.models import CulturalEvent, HeritageTitle, StageChange
from ngoaivu.culture.tests.helpers import editor, make_cultural_event, make_title

pytestmark = [pytest.mark.django_db, pytest.mark.today("2027-01-20 10:00:00+07:00")]
D = dt.date


def _advance(world, who, title, stage, on, **extra):
    actor = world.users.get(who, who)
    return services.title_advance(
        actor=actor,
        title_id=title.pk,
        expected_version=HeritageTitle.objects.visible_to(actor).get(pk=title.pk).version,
        data=services.StageInput(stage=stage, on=on, **extra),
    )


# --- titles: create, scope of the lead province --------------------------------------------------------------


def test_a_province_opens_a_dossier_with_its_former_name_and_other_provinces(world):
    title = make_title(
        world,
        "A",
        provinces=("Lai Châu", "Đà Nẵng"),
        province_as_named="Quảng Nam",
        stage_on=D(2025, 3, 1),
    )
    assert title.owner_org_id == world.orgs["A"].pk
    assert title.province.code == "48"
    assert title.province_as_named == "Quảng Nam"
    assert title.former_province is not None
    assert title.former_province.code == "49"
    involved = list(title.involved.values_list("province__code", flat=True))
    assert involved == ["12"]  # the lead province itself is not repeated among the others
    history = list(StageChange.objects.filter(title=title))
    assert [h.stage.code for h in history] == ["preparation"]
    assert AuditEvent.objects.system(reason="test").filter(action="heritage_title.create").exists()


def test_a_province_cannot_lead_another_provinces_dossier_nor_name_an_unknown_province(world):
    with pytest.raises(ServiceError) as caught:
        make_title(world, "A", province_as_named="Lai Châu")
    assert "province_as_named" in caught.value.errors
    with pytest.raises(ServiceError) as caught:
        make_title(world, "A", provinces=("Tỉnh Không Có",))
    assert "Không tìm thấy" in caught.value.errors["provinces"][0]


def test_ministry_and_missions_do_not_open_dossiers_but_the_ministry_edits_them(world):
    data = services.TitleInput(name_vi="Hồ sơ thử", kind="geopark", stage_on=D(2026, 5, 1))
    for who in ("ministry", "x_officer", "a_viewer"):
        with pytest.raises(Forbidden):
            services.title_create(actor=world.users[who], data=data)
    title = make_title(world, "A")
    changed = services.title_update(
        actor=world.users["ministry"],
        title_id=title.pk,
        expected_version=title.version,
        data=services.with_changes(services.title_input_of(title), {"ministry_role": "Cục hướng dẫn hồ sơ"}),
    )
    assert changed.ministry_role == "Cục hướng dẫn hồ sơ"
    with pytest.raises(StaleObject):
        services.title_update(
            actor=world.users["a_editor"],
            title_id=title.pk,
            expected_version=title.version,
            data=services.title_input_of(title),
        )


def test_bad_input_is_named_field_by_field(world):
    with pytest.raises(ServiceError) as caught:
        services.title_create(
            actor=editor(world, "A"),
            data=services.TitleInput(
                name_vi="  ",
                kind="no-such-kind",
                stage="no-such-stage",
                stage_on=D(2030, 1, 1),
                delegation="no-such-mission",
                next_step_due_on=D(2027, 5, 1),
                visibility="everyone",
            ),
        )
    errors = caught.value.errors
    assert {"name_vi", "kind", "stage", "stage_on", "delegation", "next_step", "visibility"} <= set(errors)
    assert all(m.split(":")[0] for m in errors["kind"])  # each message names its field


# --- the stage workflow -------------------------------------------------------------------------------------


def test_ministry_only_stages_are_refused_to_provinces(world):
    title = make_title(world, "A", stage_on=D(2027, 1, 5))
    with pytest.raises(Forbidden):
        _advance(world, "a_editor", title, "submitted_unesco", D(2027, 1, 10))
    with pytest.raises(ServiceError) as caught:
        make_title(world, "A", stage="inscribed", decision_year=2021)
    assert "stage" in caught.value.errors


def test_the_dossier_moves_from_the_province_to_the_ministry_then_to_unesco_with_four_eyes(world):
    title = make_title(world, "A", stage_on=D(2027, 1, 5))
    _advance(world, "a_editor", title, "submitted_ministry", D(2027, 1, 8), note="Trình Bộ")
    moved = _advance(world, "ministry", title, "submitted_unesco", D(2027, 1, 12), note="Cục nộp UNESCO")
    assert moved.stage.code == "submitted_unesco"
    assert moved.stage_on == D(2027, 1, 12)
    assert [s.stage.code for s in moved.stages.order_by("on", "pk")] == [
        "preparation",
        "submitted_ministry",
        "submitted_unesco",
    ]
    # the same ministry officer who handed a dossier over may not submit it too
    other = make_title(world, "A", stage_on=D(2027, 1, 5))
    _advance(world, "ministry", other, "submitted_ministry", D(2027, 1, 8))
    with pytest.raises(ServiceError) as caught:
        _advance(world, "ministry", other, "submitted_unesco", D(2027, 1, 9))
    assert "hai người" in caught.value.errors["stage"][0]


def test_a_stage_cannot_go_back_in_time_nor_into_the_future_nor_repeat(world):
    title = make_title(world, "A", stage_on=D(2027, 1, 5))
    for stage, on, field in (
        ("submitted_ministry", D(2027, 1, 1), "on"),
        ("submitted_ministry", D(2027, 2, 1), "on"),
        ("preparation", D(2027, 1, 6), "stage"),
    ):
        with pytest.raises(ServiceError) as caught:
            _advance(world, "a_editor", title, stage, on)
        assert field in caught.value.errors, (stage, on)


def test_a_recognition_needs_its_decision_year_and_is_counted_once_for_the_lead_province(world):
    from ngoaivu.culture.indicator_sources import recognitions

    title = make_title(world, "B", provinces=("Quảng Nam",), stage_on=D(2026, 1, 5), kind="biosphere")
    _advance(world, "ministry", title, "submitted_unesco", D(2026, 2, 1))
    with pytest.raises(ServiceError) as caught:
        _advance(world, "ministry", title, "inscribed", D(2026, 9, 15))
    assert "decision_year" in caught.value.errors
    done = _advance(
        world,
        "ministry",
        title,
        "inscribed",
        D(2026, 9, 15),
        decision_number="MAB-2026",
        decision_on=D(2026, 9, 15),
    )
    assert done.decision_year == 2026
    figures = recognitions(year_from=2020, year_to=2030)
    assert [(f.province_id, f.year, int(f.value)) for f in figures] == [(title.province_id, 2026, 1)]
    rows = selectors.recognition_counts(user=world.users["ministry"])
    assert [(r.year, r.province_code, r.count) for r in rows] == [(2026, "12", 1)]
    # province A, only involved, sees the title but the count stays with the lead province B
    assert [r.province_code for r in selectors.recognition_counts(user=world.users["a_viewer"])] == ["12"]


# --- the next step: deadline across Tết and reminders ---------------------------------------------------------


def test_the_next_step_falling_in_tet_2027_moves_to_the_first_working_day_after(world):
    """30 calendar days from 06/01/2027 end on Friday 05/02/2027, a Tết holiday (04–10/02/2027): the due date
    is Thursday 11/02/2027, and the rule that produced it is kept beside it."""
    title = make_title(
        world, "A", stage_on=D(2027, 1, 6), next_step="Gửi hồ sơ cho Bộ", next_step_due_on=None
    )
    assert title.next_step_due_on == D(2027, 2, 11)
    assert "30" in title.next_step_rule
    page = text_of(world.client("a_editor").get(f"/culture/{title.pk}/"))
    assert "11/02/2027" in page
    assert "còn 22 ngày" in page
    # a date typed by the user is kept as typed
    typed = make_title(world, "A", stage_on=D(2027, 1, 6), next_step="Họp", next_step_due_on=D(2027, 2, 5))
    assert typed.next_step_due_on == D(2027, 2, 5)
    assert typed.next_step_rule == ""


def test_reminders_go_once_per_threshold_then_once_when_overdue(world):
    from ngoaivu.accounts.models import Notification

    title = make_title(world, "A", next_step="Nộp bản dịch", next_step_due_on=D(2027, 2, 15))
    with freeze_time("2027-01-10 09:00:00+07:00"):
        assert services.remind_unesco_steps() == {"soon": 0, "late": 0}  # 36 days before: nothing yet
    with freeze_time("2027-01-20 09:00:00+07:00"):
        first = services.remind_unesco_steps()
        assert first["soon"] >= 1  # within 30 days
        assert services.remind_unesco_steps() == {"soon": 0, "late": 0}  # idempotent
    with freeze_time("2027-02-09 09:00:00+07:00"):
        assert services.remind_unesco_steps()["soon"] >= 1  # within 7 days
    with freeze_time("2027-02-16 09:00:00+07:00"):
        assert services.remind_unesco_steps()["late"] >= 1
        assert services.remind_unesco_steps()["late"] == 0
    sent = Notification.objects.filter(kind="unesco_step", user=world.users["a_editor"])
    assert sent.count() == 3
    assert not Notification.objects.filter(kind="unesco_step", user=world.users["b_editor"]).exists()
    assert title.pk


def test_the_reminder_job_is_importable():
    from django.utils.module_loading import import_string

    assert import_string("ngoaivu.culture.tasks.remind_unesco_steps_job") is not None


def test_a_dossier_in_preparation_shows_unescos_next_submission_deadline(world):
    title = make_title(world, "A", kind="ich_representative")
    page = text_of(world.client("a_editor").get(f"/culture/{title.pk}/"))
    assert "Hạn nộp hồ sơ UNESCO kỳ tới" in page
    assert "31/03/2027" in page
    body = world.client("a_editor").get(f"/api/v1/unesco/{title.pk}").json()
    assert body["next_unesco_deadline"] == "2027-03-31"


# --- pages ----------------------------------------------------------------------------------------------------


def test_pages_list_detail_forms_and_the_stage_button(world):
    client = world.client("a_editor")
    title = make_title(world, "A", shared=True, stage_on=D(2027, 1, 5))
    assert title.name_vi in text_of(client.get("/culture/?q=" + title.name_vi.lower()))
    assert client.get("/culture/new/").status_code == 200
    response = client.post(
        "/culture/new/",
        {
            "name_vi": "Nghệ thuật Bài Chòi thử",
            "kind": "ich_representative",
            "stage": "inventory",
            "stage_on": "2027-01-10",
            "visibility": "shared",
            "provinces": "Quảng Nam; Lai Châu",
        },
    )
    assert response.status_code == 302, response.content[:2000]
    made = HeritageTitle.objects.visible_to(world.users["a_editor"]).get(name_vi="Nghệ thuật Bài Chòi thử")
    assert made.involved.count() == 1  # Quảng Nam is Đà Nẵng today, the lead province itself
    bad = client.post("/culture/new/", {"name_vi": "", "kind": "geopark", "stage": "inventory"})
    assert bad.status_code == 400
    assert "Ngày của giai đoạn" in text_of(bad)
    stale = client.post(
        f"/culture/{title.pk}/edit/",
        {"name_vi": "X", "kind": "ich_representative", "visibility": "shared", "version": title.version + 5},
    )
    assert stale.status_code == 409
    step = client.post(
        f"/culture/{title.pk}/stage/",
        {"stage": "submitted_ministry", "on": "2027-01-15", "note": "Trình Bộ", "version": title.version},
    )
    assert step.status_code == 302
    title.refresh_from_db()
    assert title.stage.code == "submitted_ministry"
    detail = text_of(client.get(f"/culture/{title.pk}/"))
    assert "Lịch sử giai đoạn" in detail
    assert "Trình Bộ" in detail
    assert "Lịch sử thay đổi" in detail


def test_documents_are_checked_stored_and_served_only_in_scope(world, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    title = make_title(world, "A")
    client = world.client("a_editor")
    upload = SimpleUploadedFile("ho-so.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    response = client.post(
        f"/culture/{title.pk}/documents/new/",
        {"label": "Hồ sơ khoa học", "number": "12/SVHTTDL", "file": upload},
    )
    assert response.status_code == 302, text_of(response)[:2000]
    document = title.documents.get()
    assert client.get(f"/culture/{title.pk}/documents/{document.pk}/file/").status_code == 200
    assert (
        world.client("b_editor").get(f"/culture/{title.pk}/documents/{document.pk}/file/").status_code == 404
    )
    refused = SimpleUploadedFile("virus.exe", b"MZ", content_type="application/octet-stream")
    bad = client.post(f"/culture/{title.pk}/documents/new/", {"label": "X", "file": refused})
    assert bad.status_code == 400


def test_the_counts_page_groups_as_then_or_today_and_links_each_count(world):
    title = make_title(
        world, "A", province_as_named="Quảng Nam", stage_on=D(2024, 1, 5), shared=True, kind="world_cultural"
    )
    _advance(world, "ministry", title, "submitted_unesco", D(2024, 2, 1))
    _advance(world, "ministry", title, "inscribed", D(2024, 7, 20), decision_year=2024)
    client = world.client("b_editor")
    today = text_of(client.get("/culture/counts/"))
    assert "Đà Nẵng" in today
    assert "?year=2024&amp;recognised=true&amp;lead=48" in today
    then = text_of(client.get("/culture/counts/?group=as_then"))
    assert "Quảng Nam" in then
    assert "former=49" in then
    listed = text_of(client.get("/culture/?year=2024&recognised=true&former=49"))
    assert title.name_vi in listed
    export = client.get("/culture/counts/?format=xlsx")
    assert export.status_code == 200
    assert "2024" in text_of(export)


# --- API ------------------------------------------------------------------------------------------------------


def test_api_create_read_patch_with_if_match_and_stage(world):
    client = world.client("a_editor")
    created = client.post(
        "/api/v1/unesco",
        json.dumps(
            {
                "name_vi": "Hồ sơ API",
                "kind": "geopark",
                "stage_on": "2027-01-05",
                "provinces": ["Lai Châu"],
                "next_step": "Khảo sát",
            }
        ),
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["provinces"][0]["province"] == "12"
    assert body["next_step_due_on"] == "2027-02-11"
    pk = body["id"]
    got = client.get(f"/api/v1/unesco/{pk}")
    assert got["ETag"] == f'"{body["version"]}"'
    patch = json.dumps({"summary": "Tóm tắt"})
    assert client.patch(f"/api/v1/unesco/{pk}", patch, content_type="application/json").status_code == 428
    stale = client.patch(
        f"/api/v1/unesco/{pk}", patch, content_type="application/json", headers={"If-Match": '"99"'}
    )
    assert stale.status_code == 412
    ok = client.patch(
        f"/api/v1/unesco/{pk}", patch, content_type="application/json", headers={"If-Match": got["ETag"]}
    )
    assert ok.status_code == 200
    assert ok.json()["summary"] == "Tóm tắt"
    version = ok.json()["version"]
    refused = client.post(
        f"/api/v1/unesco/{pk}/stage",
        json.dumps({"stage": "inscribed", "on": "2027-01-10", "decision_year": 2027}),
        content_type="application/json",
        headers={"If-Match": f'"{version}"'},
    )
    assert refused.status_code == 403
    moved = client.post(
        f"/api/v1/unesco/{pk}/stage",
        json.dumps({"stage": "submitted_ministry", "on": "2027-01-10"}),
        content_type="application/json",
        headers={"If-Match": f'"{version}"'},
    )
    assert moved.status_code == 200
    assert moved.json()["stage"] == "submitted_ministry"
    assert [s["stage"] for s in moved.json()["stages"]] == ["submitted_ministry", "inventory"]
    listed = client.get("/api/v1/unesco?stage=submitted_ministry").json()
    assert [i["id"] for i in listed["items"]] == [pk]


def test_api_cultural_events(world):
    client = world.client("a_editor")
    created = client.post(
        "/api/v1/cultural-events",
        json.dumps(
            {
                "title_vi": "Ngày Đà Nẵng tại Nhật Bản",
                "kind": "vietnam_days",
                "country": "JP",
                "city": "Tokyo",
                "mission": "cqdd-jp-tokyo",
                "organisers": "UBND thành phố",
                "starts_on": "2027-04-10",
                "ends_on": "2027-04-12",
            }
        ),
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert created.json()["mission"] == "cqdd-jp-tokyo"
    # Tokyo reads it (its mission takes part), Seoul does not
    assert world.client("x_officer").get(f"/api/v1/cultural-events/{pk}").status_code == 200
    assert world.client("y_officer").get(f"/api/v1/cultural-events/{pk}").status_code == 404
    version = created.json()["version"]
    held_early = client.patch(
        f"/api/v1/cultural-events/{pk}",
        json.dumps({"status": "held"}),
        content_type="application/json",
        headers={"If-Match": f'"{version}"'},
    )
    assert held_early.status_code == 422
    ok = client.patch(
        f"/api/v1/cultural-events/{pk}",
        json.dumps({"visitors_count": 12000}),
        content_type="application/json",
        headers={"If-Match": f'"{version}"'},
    )
    assert ok.status_code == 200
    assert ok.json()["visitors_count"] == 12000


def test_an_event_abroad_needs_a_foreign_country(world):
    for country, message in (("", "bắt buộc"), ("VN", "không tổ chức tại Việt Nam"), ("ZZ", "không có")):
        with pytest.raises(ServiceError) as caught:
            make_cultural_event(world, "A", country=country)
        assert message in caught.value.errors["country"][0]
    at_home = services.event_create(
        actor=editor(world, "A"),
        data=services.EventInput(
            title_vi="Lễ hội pháo hoa quốc tế",
            kind="festival",
            organisers="UBND thành phố",
            starts_on=D(2027, 6, 1),
            ends_on=D(2027, 7, 10),
            abroad=False,
        ),
    )
    assert at_home.country is None
    assert not at_home.abroad


def test_event_pages(world):
    client = world.client("a_editor")
    assert client.get("/culture/events/new/").status_code == 200
    response = client.post(
        "/culture/events/new/",
        {
            "title_vi": "Triển lãm ảnh Đà Nẵng tại Seoul",
            "kind": "exhibition",
            "abroad": "true",
            "country": "KR",
            "organisers": "Sở Văn hóa",
            "starts_on": "2027-03-01",
            "ends_on": "2027-03-05",
            "status": "planned",
            "visibility": "shared",
        },
    )
    assert response.status_code == 302, text_of(response)[:3000]
    event = CulturalEvent.objects.visible_to(world.users["a_editor"]).get(
        title_vi__startswith="Triển lãm ảnh"
    )
    page = text_of(client.get(f"/culture/events/{event.pk}/"))
    assert "Hàn Quốc" in page
    assert "Lịch sử thay đổi" in page
    assert "Triển lãm ảnh" in text_of(client.get("/culture/events/?country=KR&abroad=true"))
    assert client.get("/culture/events/?format=xlsx").status_code == 200


# --- calendar and search ------------------------------------------------------------------------------------


def test_the_calendar_shows_events_and_the_owners_next_step_deadlines(world):
    event = make_cultural_event(world, "A", country="JP", shared=True, starts_on=D(2027, 2, 20))
    title = make_title(world, "A", shared=True, next_step="Nộp bản đồ", next_step_due_on=D(2027, 2, 25))
    start, end = D(2027, 2, 1), D(2027, 2, 28)
    mine = selectors.calendar_entries(user=world.users["a_editor"], start=start, end=end)
    assert {(e.kind, e.title) for e in mine} >= {("culture", event.title_vi)}
    assert any(e.kind == "deadline" and title.name_vi in e.title for e in mine)
    theirs = selectors.calendar_entries(user=world.users["b_editor"], start=start, end=end)
    assert any(e.title == event.title_vi for e in theirs)
    assert not any(e.kind == "deadline" for e in theirs)  # B reads the shared title, it is not B's work
    page = text_of(
        world.client("a_editor").get("/delegations/calendar/?month=2027-02&view=list&kind=culture")
    )
    assert event.title_vi in page


def test_titles_and_events_are_found_by_search_without_diacritics(world):
    from ngoaivu.search import services as search

    title = make_title(world, "A", shared=True, marker="Nghệ thuật Bài Chòi Trung Bộ thử")
    search.rebuild()
    link = f'href="/culture/{title.pk}/"'
    assert link in text_of(world.client("b_editor").get("/search/?q=bai+choi+trung+bo"))
    private = make_title(world, "A", marker="Hồ sơ Đờn ca tài tử riêng")
    search.rebuild()
    assert f'href="/culture/{private.pk}/"' not in text_of(
        world.client("b_editor").get("/search/?q=don+ca+tai+tu")
    )
