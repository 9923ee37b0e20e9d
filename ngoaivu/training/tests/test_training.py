"""Courses, nominations (quota, four eyes, organiser's steps, results), the deadline rule across Tết 2027, the
reminder job, personal data, counts, schemes, the indicator, the API and the pages."""

from __future__ import annotations

import datetime as dt
import decimal

import pytest

from ngoaivu.audit.models import AccessEvent, AuditEvent
from ngoaivu.core.exceptions import Forbidden, NotFound, ServiceError, StaleObject, StateConflict
from ngoaivu.core.testing.world import second_head, text_of
from ngoaivu.training import services
from ngoaivu.training.models import Course, Nomination, Trainee
from ngoaivu.training.tests.helpers import approve, make_course, nominate

pytestmark = pytest.mark.today("2026-06-01 10:00")
N = Nomination


def _accept_and_attend(world, nomination, organiser="ministry"):
    user = world.users[organiser]
    services.nomination_action(
        actor=user, nomination_id=nomination.pk, action="accept", expected_version=None
    )
    course = Course.objects.get(pk=nomination.course_id)
    return user, course


# --- courses ---------------------------------------------------------------------------------------------------


def test_a_course_gets_its_nomination_deadline_from_the_rule_across_tet_2027(world):
    """7 days before Monday 15/02/2027 is 08/02, inside Tết (04–10/02/2027): the deadline moves back to the last
    working day before it, Wednesday 03/02/2027, and keeps the rule's text."""
    course = make_course(world, "M", starts_on=dt.date(2027, 2, 15), status="planned")
    assert course.nomination_deadline == dt.date(2027, 2, 3)
    assert course.deadline_rule


def test_a_deadline_on_a_working_day_stays(world):
    course = make_course(world, "M", starts_on=dt.date(2026, 9, 21), status="planned")  # 14/09 is a Monday
    assert course.nomination_deadline == dt.date(2026, 9, 14)


def test_a_given_deadline_after_the_start_is_refused(world):
    with pytest.raises(ServiceError) as caught:
        make_course(world, "M", nomination_deadline=dt.date(2026, 8, 1), starts_on=dt.date(2026, 7, 1))
    assert "nomination_deadline" in caught.value.errors


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"topic": "nope"}, "topic"),
        ({"hours": 0}, "hours"),
        ({"capacity": 10**7}, "capacity"),
        ({"title": "  "}, "title"),
        ({"organiser_kind": "x"}, "organiser_kind"),
        ({"organiser_org": "khong-co"}, "organiser_org"),
    ],
)
def test_bad_course_input_names_the_field(world, change, field):
    data = services.CourseInput(
        title="Khóa học",
        organiser_kind="ministry",
        organiser_name="",
        topic="protocol",
        starts_on=dt.date(2026, 7, 1),
        ends_on=dt.date(2026, 7, 2),
    )
    with pytest.raises(ServiceError) as caught:
        services.course_create(actor=world.users["ministry"], data=services.with_changes(data, change))
    assert field in caught.value.errors


def test_the_course_workflow_and_its_conflicts(world):
    user = world.users["ministry"]
    course = make_course(world, "M", status="planned", starts_on=dt.date(2026, 6, 1))
    with pytest.raises(StateConflict):
        services.course_transition(actor=user, course_id=course.pk, action="complete", expected_version=None)
    for action, status in (
        ("open", "open"),
        ("close", "closed"),
        ("start", "ongoing"),
        ("complete", "completed"),
    ):
        course = services.course_transition(
            actor=user, course_id=course.pk, action=action, expected_version=course.version
        )
        assert course.status == status
    with pytest.raises(StateConflict):
        services.course_transition(actor=user, course_id=course.pk, action="cancel", expected_version=None)
    assert AuditEvent.objects.filter(action="training_course.complete").exists()


def test_a_course_does_not_start_before_its_first_day(world):
    course = make_course(world, "M")
    with pytest.raises(StateConflict):
        services.course_transition(
            actor=world.users["ministry"], course_id=course.pk, action="start", expected_version=None
        )


def test_a_stale_course_version_is_refused(world):
    course = make_course(world, "M")
    with pytest.raises(StaleObject):
        services.course_transition(
            actor=world.users["ministry"],
            course_id=course.pk,
            action="close",
            expected_version=course.version - 1,
        )


def test_missions_and_viewers_record_no_course(world):
    for who in ("x_officer", "a_viewer"):
        with pytest.raises(Forbidden):
            make_course(
                world, {"x_officer": "X", "a_viewer": "A"}[who]
            ) if who == "x_officer" else services.course_create(
                actor=world.users[who],
                data=services.CourseInput(
                    title="T",
                    organiser_kind="province",
                    organiser_name="",
                    topic="protocol",
                    starts_on=dt.date(2026, 7, 1),
                    ends_on=dt.date(2026, 7, 1),
                ),
            )


# --- nominations -------------------------------------------------------------------------------------------


def test_the_whole_nomination_workflow(world):
    course = make_course(world, "M")
    n = nominate(world, "A", course, email="an@example.vn", phone="0905 123 456")
    assert n.status == N.Status.PROPOSED
    n = approve(world, "A", n)
    assert n.status == N.Status.APPROVED
    assert n.approved_by_id is not None
    user = world.users["ministry"]
    n = services.nomination_action(
        actor=user, nomination_id=n.pk, action="accept", expected_version=n.version
    )
    assert n.status == N.Status.ACCEPTED
    with pytest.raises(StateConflict):  # the course has not started
        services.nomination_action(actor=user, nomination_id=n.pk, action="attend", expected_version=None)
    Course.objects.filter(pk=course.pk).update(starts_on=dt.date(2026, 5, 20), ends_on=dt.date(2026, 5, 22))
    n = services.nomination_action(actor=user, nomination_id=n.pk, action="attend", expected_version=None)
    n = services.nomination_result(
        actor=user,
        nomination_id=n.pk,
        expected_version=n.version,
        result="passed",
        score=decimal.Decimal("8.5"),
        certificate_number="HVNG-1",
        certificate_date=dt.date(2026, 5, 22),
    )
    assert (n.status, n.result, n.certificate_number) == (N.Status.ATTENDED, "passed", "HVNG-1")
    codes = set(AuditEvent.objects.filter(target_id=str(n.pk)).values_list("action", flat=True))
    assert {
        "training_nomination.create",
        "training_nomination.approve",
        "training_nomination.result",
    } <= codes


def test_four_eyes_the_proposer_never_approves(world):
    course = make_course(world, "M")
    n = nominate(world, "A", course)  # a_editor, a head, proposed it
    with pytest.raises(Forbidden):
        services.nomination_action(
            actor=world.users["a_editor"], nomination_id=n.pk, action="approve", expected_version=None
        )
    with pytest.raises(Forbidden):  # the organiser does not approve for the province
        services.nomination_action(
            actor=world.users["ministry"], nomination_id=n.pk, action="approve", expected_version=None
        )
    assert approve(world, "A", n).status == N.Status.APPROVED


def test_only_the_organiser_accepts_declines_and_records_results(world):
    course = make_course(world, "M")
    n = approve(world, "A", nominate(world, "A", course))
    for action in ("accept", "decline", "attend"):
        with pytest.raises(Forbidden):
            services.nomination_action(
                actor=world.users["a_editor"],
                nomination_id=n.pk,
                action=action,
                expected_version=None,
                reason="x",
            )
    with pytest.raises(NotFound):  # another province does not see it
        services.nomination_action(
            actor=world.users["b_editor"], nomination_id=n.pk, action="accept", expected_version=None
        )
    with pytest.raises(ServiceError):  # a reason is required
        services.nomination_action(
            actor=world.users["ministry"], nomination_id=n.pk, action="decline", expected_version=None
        )
    n = services.nomination_action(
        actor=world.users["ministry"],
        nomination_id=n.pk,
        action="decline",
        expected_version=None,
        reason="Đủ số",
    )
    assert (n.status, n.decline_reason) == (N.Status.DECLINED, "Đủ số")


def test_the_quota_is_enforced_per_province_and_a_declined_place_comes_back(world):
    course = make_course(world, "M")
    services.quota_set(actor=world.users["ministry"], course_id=course.pk, province="48", places=2)
    first = approve(world, "A", nominate(world, "A", course))  # the organiser declines only once approved
    nominate(world, "A", course)
    with pytest.raises(ServiceError) as caught:
        nominate(world, "A", course)
    # one sentence, no field list after it
    assert caught.value.message == "Tỉnh đã hết suất cử cán bộ dự khóa học này."
    nominate(world, "B", course)  # B has no quota: only the capacity limits it
    services.nomination_action(
        actor=world.users["ministry"],
        nomination_id=first.pk,
        action="decline",
        expected_version=None,
        reason="x",
    )
    nominate(world, "A", course)
    with pytest.raises(ServiceError):  # a quota below what is nominated
        services.quota_set(actor=world.users["ministry"], course_id=course.pk, province="48", places=1)


def test_the_capacity_limits_acceptance(world):
    course = make_course(world, "M", capacity=1)
    a = approve(world, "A", nominate(world, "A", course))
    b = approve(world, "B", nominate(world, "B", course))
    services.nomination_action(
        actor=world.users["ministry"], nomination_id=a.pk, action="accept", expected_version=None
    )
    with pytest.raises(StateConflict):
        services.nomination_action(
            actor=world.users["ministry"], nomination_id=b.pk, action="accept", expected_version=None
        )


def test_no_nomination_after_the_deadline_or_when_not_open(world):
    course = make_course(world, "M", status="planned")
    with pytest.raises(StateConflict):
        nominate(world, "A", course)
    course = make_course(world, "M", nomination_deadline=dt.date(2026, 5, 29))
    with pytest.raises(StateConflict):
        nominate(world, "A", course)
    with pytest.raises(Forbidden):  # the ministry and missions do not nominate
        services.nomination_create(
            actor=world.users["x_officer"],
            course_id=make_course(world, "M").pk,
            data=services.TraineeInput(full_name="Ai đó"),
        )


def test_a_person_is_kept_once_and_nominated_once_per_course(world):
    c1, c2 = make_course(world, "M"), make_course(world, "M")
    a = nominate(world, "A", c1, marker="Nguyễn Văn Bình", email="binh@example.vn")
    with pytest.raises(ServiceError):
        nominate(world, "A", c1, marker="Nguyễn Văn Bình", email="binh@example.vn")
    b = nominate(world, "A", c2, marker="Nguyễn Văn Bình", email="binh@example.vn")
    assert a.trainee_id == b.trainee_id
    assert Trainee.objects.filter(full_name="Nguyễn Văn Bình").count() == 1


def test_bad_email_and_phone_are_named(world):
    course = make_course(world, "M")
    with pytest.raises(ServiceError) as caught:
        nominate(world, "A", course, email="not-an-email", phone="abc")
    assert {"email", "phone"} <= set(caught.value.errors)


# --- personal data ---------------------------------------------------------------------------------------------


def test_personal_data_is_encrypted_masked_and_unmasked_reads_are_logged(world):
    from django.db import connection

    course = make_course(world, "M")
    n = nominate(world, "A", course, email="secret.person@example.vn", phone="0905 123 456")
    approve(world, "A", n)  # the organiser sees the person once the province's head approved the nomination
    with connection.cursor() as cursor:
        cursor.execute("SELECT email, phone FROM training_trainee WHERE id = %s", [n.trainee_id])
        stored = cursor.fetchone()
    assert "secret.person" not in stored[0]
    assert "0905" not in stored[1]
    url = f"/training/trainees/{n.trainee_id}/"
    # the person's province and the course's organiser may unmask (and are logged); nobody else sees it
    for who, may in (("a_viewer", True), ("ministry", True), ("b_editor", None)):
        masked = world.client(who).get(url)
        if may is None:
            assert masked.status_code == 404
            continue
        assert "secret.person@" not in text_of(masked)
        before = AccessEvent.objects.filter(kind=AccessEvent.Kind.PERSONAL_DATA).count()
        full = text_of(world.client(who).get(url + "?personal=1"))
        assert ("secret.person@example.vn" in full) == may
        assert AccessEvent.objects.filter(kind=AccessEvent.Kind.PERSONAL_DATA).count() == before + 1


def test_the_ministry_without_a_course_of_the_person_sees_the_data_masked(world):
    course = make_course(world, "A")  # A's own course: the ministry reads it, is not its organiser
    n = nominate(world, "A", course, email="masked.only@example.vn")
    text = text_of(world.client("ministry").get(f"/training/trainees/{n.trainee_id}/?personal=1"))
    assert "masked.only@" not in text
    assert "m•••@example.vn" in text


def test_exports_and_the_api_never_carry_personal_data(world):
    course = make_course(world, "M")
    nominate(world, "A", course, email="no.export@example.vn", phone="0911 222 333")
    for url in (
        "/training/nominations/?format=xlsx",
        "/api/v1/trainings/nominations",
        f"/api/v1/trainings/{course.pk}",
    ):
        text = text_of(world.client("ministry").get(url))
        assert "no.export" not in text, url
        # the phone's last six digits, as typed or run together: "0911" alone also occurs in a generated marker
        # (TRAINEEA00911Q, once the test process has made 911 of them)
        assert "222 333" not in text, url
        assert "222333" not in text, url


# --- the reminder job --------------------------------------------------------------------------------------


def test_the_reminder_job_is_idempotent_and_reaches_quota_provinces_and_heads(world):
    from ngoaivu.accounts.models import Notification

    course = make_course(world, "M", nomination_deadline=dt.date(2026, 6, 5))
    services.quota_set(actor=world.users["ministry"], course_id=course.pk, province="48", places=3)
    nominate(world, "B", course)  # waiting for B's head
    first = services.remind_nominations(dt.date(2026, 6, 1))
    assert first["quota"] >= 1
    assert first["approval"] >= 1
    assert services.remind_nominations(dt.date(2026, 6, 1)) == {"quota": 0, "approval": 0}
    later = services.remind_nominations(dt.date(2026, 6, 4))  # 2 days before: the second reminder
    assert later["quota"] >= 1
    assert Notification.objects.filter(user=world.users["a_editor"], kind="training_nomination").count() == 2
    assert services.remind_nominations(dt.date(2026, 6, 6)) == {
        "quota": 0,
        "approval": 0,
    }  # past the deadline


def test_the_job_is_importable():
    from django.utils.module_loading import import_string

    assert import_string("ngoaivu.training.tasks.remind_nominations_job") is not None


# --- counts, schemes, indicator ------------------------------------------------------------------------------


def _attended(world, province, course):
    n = approve(world, province, nominate(world, province, course))
    user = world.users["ministry"]
    services.nomination_action(actor=user, nomination_id=n.pk, action="accept", expected_version=None)
    Course.objects.filter(pk=course.pk).update(starts_on=dt.date(2026, 5, 1), ends_on=dt.date(2026, 5, 3))
    return services.nomination_action(actor=user, nomination_id=n.pk, action="attend", expected_version=None)


def test_counts_by_province_topic_year_link_to_the_list_and_export(world):
    course = make_course(world, "M", topic="protocol")
    _attended(world, "A", course)
    _attended(world, "A", course)
    _attended(world, "B", course)
    response = world.client("ministry").get("/training/counts/?year=2026")
    text = text_of(response)
    link = "/training/nominations/?status=attended&amp;province=48&amp;topic=protocol&amp;year=2026"
    assert link in text
    listed = text_of(world.client("ministry").get(link.replace("&amp;", "&")))
    assert listed.count("TRAINEEA") == 2
    xlsx = world.client("ministry").get("/training/counts/?year=2026&format=xlsx")
    assert "spreadsheetml" in xlsx["Content-Type"]
    assert "2026" in text_of(xlsx)
    # a province counts only what it may see: its own participations
    assert "Tổng số: 2 lượt" in text_of(world.client("a_viewer").get("/training/counts/"))
    assert "Tổng số: 3 lượt" in text


def test_the_counts_table_is_paged_and_its_total_counts_every_row(world):
    course = make_course(world, "M", topic="protocol")
    _attended(world, "A", course)
    _attended(world, "B", course)
    first = text_of(world.client("ministry").get("/training/counts/?year=2026&page_size=1"))
    second = text_of(world.client("ministry").get("/training/counts/?year=2026&page_size=1&page=2"))
    assert "Trang 1/2" in first
    assert "Trang 2/2" in second
    assert "page_size=1&amp;year=2026&amp;page=2" in first or "year=2026&amp;page_size=1&amp;page=2" in first
    assert ("province=48" in first) != ("province=48" in second)
    assert "Tổng số: 2 lượt" in first
    assert "Tổng số: 2 lượt" in second


def test_the_counts_follow_a_new_participation_at_once_with_the_cache_on(world, settings):
    from django.core.cache import cache

    settings.NGOAIVU_COUNT_CACHE_SECONDS = 300
    cache.clear()
    course = make_course(world, "M", topic="protocol")
    _attended(world, "A", course)
    assert "Tổng số: 1 lượt" in text_of(world.client("ministry").get("/training/counts/"))
    _attended(world, "B", course)
    assert "Tổng số: 2 lượt" in text_of(world.client("ministry").get("/training/counts/"))


def test_the_indicator_counts_attended_participations_by_nominating_province_and_end_year(world):
    from ngoaivu.training.indicator_sources import officials_trained

    course = make_course(world, "M")
    _attended(world, "A", course)
    _attended(world, "A", course)
    nominate(world, "B", make_course(world, "M"))  # proposed: not counted
    figures = officials_trained(year_from=2026, year_to=2026)
    assert sum(int(f.value) for f in figures) == 2


def test_a_scheme_shows_targets_against_attended_participations(world):
    course = make_course(world, "M", topic="protocol")
    _attended(world, "A", course)
    scheme = services.scheme_create(
        actor=world.users["ministry"],
        data=services.SchemeInput(
            title="Đề án thử 2026–2027",
            year_from=2026,
            year_to=2027,
            targets=(
                services.TargetInput(participations=10),
                services.TargetInput(participations=4, topic="protocol", province="48"),
            ),
        ),
    )
    text = text_of(world.client("b_editor").get(f"/training/schemes/{scheme.pk}/"))
    assert "Đề án thử" in text
    assert "25 %" in text
    with pytest.raises(ServiceError):
        services.scheme_create(
            actor=world.users["ministry"], data=services.SchemeInput(title="X", year_from=2020, year_to=2016)
        )


# --- API --------------------------------------------------------------------------------------------------------


def test_api_create_patch_with_if_match_and_actions(world):
    client = world.client("a_editor")
    created = client.post(
        "/api/v1/trainings",
        {
            "title": "Tập huấn lễ tân",
            "organiser_kind": "province",
            "topic": "protocol",
            "starts_on": "2026-07-06",
            "ends_on": "2026-07-07",
            "visibility": "private",
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["nomination_deadline"] == "2026-06-29"
    assert body["organiser_name"] == "Tỉnh, thành phố"
    url = f"/api/v1/trainings/{body['id']}"
    got = client.get(url)
    assert got["ETag"] == f'"{body["version"]}"'
    assert client.patch(url, {"place": "Đà Nẵng"}, content_type="application/json").status_code == 428
    stale = client.patch(
        url, {"place": "Đà Nẵng"}, content_type="application/json", headers={"If-Match": '"99"'}
    )
    assert stale.status_code == 412
    ok = client.patch(
        url,
        {"place": "Đà Nẵng", "capacity": 20},
        content_type="application/json",
        headers={"If-Match": got["ETag"]},
    )
    assert ok.status_code == 200
    assert ok.json()["place"] == "Đà Nẵng"
    assert ok.json()["capacity"] == 20
    opened = client.post(
        url + "/open", {}, content_type="application/json", headers={"If-Match": f'"{ok.json()["version"]}"'}
    )
    assert opened.status_code == 200
    assert opened.json()["status"] == "open"
    wrong = client.post(
        url + "/complete",
        {},
        content_type="application/json",
        headers={"If-Match": f'"{opened.json()["version"]}"'},
    )
    assert wrong.status_code == 409
    nominated = client.post(
        url + "/nominations",
        {"full_name": "Trần Thị Thử", "email": "t@example.vn"},
        content_type="application/json",
    )
    assert nominated.status_code == 201
    assert "email" not in nominated.json()
    nid = nominated.json()["id"]
    refused = client.post(
        f"/api/v1/trainings/nominations/{nid}/approve",
        {},
        content_type="application/json",
        headers={"If-Match": '"1"'},
    )
    assert refused.status_code == 403  # four eyes
    approved = world.client("a_editor")  # a second head approves
    from django.test import Client

    head2 = Client()
    head2.force_login(second_head(world, "A"))
    done = head2.post(
        f"/api/v1/trainings/nominations/{nid}/approve",
        {},
        content_type="application/json",
        headers={"If-Match": '"1"'},
    )
    assert done.status_code == 200
    assert done.json()["status"] == "approved"
    assert approved.get(f"/api/v1/trainings/nominations?course={body['id']}").json()["count"] == 1


def test_api_bad_input_is_a_problem(world):
    client = world.client("ministry")
    bad = client.post(
        "/api/v1/trainings", {"title": "", "organiser_kind": "nope"}, content_type="application/json"
    )
    assert bad.status_code in {400, 422}
    assert client.get("/api/v1/trainings?year=1800").status_code in {400, 422}


# --- pages ------------------------------------------------------------------------------------------------------


def test_pages_render_and_the_form_saves(world):
    client = world.client("ministry")
    for url in (
        "/training/",
        "/training/new/",
        "/training/nominations/",
        "/training/counts/",
        "/training/schemes/",
        "/training/trainees/",
    ):
        assert client.get(url).status_code == 200, url
    response = client.post(
        "/training/new/",
        {
            "title": "Lớp ngoại giao kinh tế",
            "organiser_kind": "academy",
            "organiser_name": "",
            "topic": "economic_diplomacy",
            "starts_on": "2026-08-03",
            "ends_on": "2026-08-05",
            "format": "online",
            "visibility": "shared",
        },
    )
    assert response.status_code == 302
    course = Course.objects.get(title="Lớp ngoại giao kinh tế")
    assert course.organiser_name == "Học viện Ngoại giao"
    page = text_of(client.get(course.get_absolute_url()))
    assert "Mở nhận cử cán bộ" in page
    assert "Lịch sử thay đổi" in page
    bad = client.post(
        "/training/new/", {"title": "", "organiser_kind": "academy", "topic": "x", "starts_on": "03/08/2026"}
    )
    assert bad.status_code == 400
    stale = client.post(
        f"/training/{course.pk}/edit/",
        {
            "title": "Lớp mới",
            "organiser_kind": "academy",
            "topic": "economic_diplomacy",
            "starts_on": "2026-08-03",
            "ends_on": "2026-08-05",
            "format": "online",
            "visibility": "shared",
            "version": course.version + 5,
        },
    )
    assert stale.status_code == 409


def test_html_workflow_buttons(world):
    course = make_course(world, "M")
    client = world.client("a_editor")
    response = client.post(
        f"/training/{course.pk}/nominate/", {"full_name": "Phan Văn Nút", "unit": "Sở Ngoại vụ"}
    )
    assert response.status_code == 302
    n = Nomination.objects.get(trainee__full_name="Phan Văn Nút")
    from django.test import Client

    head2 = Client()
    head2.force_login(second_head(world, "A"))
    assert head2.post(f"/training/nominations/{n.pk}/approve/", {"version": n.version}).status_code == 302
    n.refresh_from_db()
    assert n.status == N.Status.APPROVED
    # the organiser's buttons show on the course page
    page = text_of(world.client("ministry").get(course.get_absolute_url()))
    assert "Nhận học viên" in page
    assert "Phan Văn Nút" in page
    world.client("ministry").post(f"/training/nominations/{n.pk}/accept/", {"version": n.version - 1})
    n.refresh_from_db()
    assert n.status == N.Status.APPROVED  # stale: nothing changed


def test_the_calendar_shows_courses_and_nomination_deadlines(world):
    from ngoaivu.training.selectors import calendar_entries

    course = make_course(world, "M")
    entries = calendar_entries(
        user=world.users["b_editor"], start=dt.date(2026, 6, 1), end=dt.date(2026, 7, 31)
    )
    kinds = {(e.kind, e.title) for e in entries}
    assert ("training", course.title) in kinds
    assert any(k == "deadline" and course.title in t for k, t in kinds)
    assert (
        calendar_entries(
            user=world.users["b_editor"], start=dt.date(2026, 6, 1), end=dt.date(2026, 7, 31), country="JP"
        )
        == []
    )


def test_search_indexes_courses_never_trainees(world):
    from ngoaivu.training.search import SEARCH_KINDS, course_document

    course = make_course(world, "M")
    nominate(world, "A", course, marker="Tên Riêng Học Viên")
    doc = course_document(Course.objects.select_related("topic", "owner_org").get(pk=course.pk))
    assert "Tên Riêng" not in doc.title + doc.body
    assert [k.key for k in SEARCH_KINDS] == ["training_course"]


def test_demo_is_idempotent(world):
    from ngoaivu.directory.dev.demo import load_demo as load_demo_directory
    from ngoaivu.training.dev.demo import load_demo_training

    load_demo_directory()
    assert load_demo_training() == "training: 3"
    assert load_demo_training() == "training: 0"
    course = Course.objects.get(title__startswith="Bồi dưỡng kiến thức đối ngoại")
    statuses = sorted(course.nominations.values_list("status", flat=True))
    assert statuses == ["accepted", "approved", "proposed", "proposed"]


def test_synth_small_is_reproducible(world):
    from ngoaivu.training.dev.synth import synthesize_training, training_synthesized

    counts = synthesize_training(scale="small", seed=1, say=lambda *a: None)
    assert counts["training_courses"] == 80
    assert counts["training_nominations"] == 2000
    assert training_synthesized(scale="small")
