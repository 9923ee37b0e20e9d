"""Press visits: the services and their workflow (four eyes), every deadline (one across Tết 2027), the
counts, the calendar feed, the reminder job, the API (If-Match) and the pages."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.utils import timezone

from ngoaivu.accounts.models import Notification
from ngoaivu.audit.models import AuditEvent
from ngoaivu.core.exceptions import Forbidden, ServiceError, StateConflict
from ngoaivu.core.testing.world import text_of
from ngoaivu.press import selectors, services
from ngoaivu.press.filters import PressVisitFilters
from ngoaivu.press.models import PressVisit
from ngoaivu.press.tests.helpers import editor, make_visit, second_head
from ngoaivu.press.tests.writes import agreed, by_second_head

pytestmark = [pytest.mark.django_db, pytest.mark.today()]
S = PressVisit.Status


def _input(**changes):
    today = timezone.localdate()
    base = {
        "outlet": "NHK",
        "country": "JP",
        "topic": "Hội nhập quốc tế",
        "received_on": today,
        "entry_on": today + dt.timedelta(days=29),
        "starts_on": today + dt.timedelta(days=30),
        "ends_on": today + dt.timedelta(days=32),
    }
    return services.VisitInput(**{**base, **changes})


# --- create, validate, deadlines --------------------------------------------------------------------------------


def test_a_province_registers_a_visit_with_its_answer_due_and_audit(world):
    visit = services.visit_create(actor=editor(world, "A"), data=_input(provinces=("12",)))
    assert visit.owner_org_id == world.orgs["A"].pk
    assert visit.province.code == "48"
    assert visit.status == S.RECEIVED
    assert visit.licence_issuer == "Bộ Ngoại giao (Vụ Thông tin Báo chí)"
    assert visit.answer_due_on is not None
    assert visit.answer_due_on > visit.received_on
    assert "press_answer" in visit.answer_rule or visit.answer_rule
    assert [p.code for p in visit.provinces.all()] == ["12"]
    assert AuditEvent.objects.filter(action="press_visit.create", target_id=str(visit.pk)).exists()


@pytest.mark.parametrize("who", ["ministry", "x_officer", "a_viewer"])
def test_only_province_writers_register(world, who):
    with pytest.raises(Forbidden):
        services.visit_create(actor=world.users[who], data=_input())


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"outlet": "  "}, "outlet"),
        ({"country": "ZZ"}, "country"),
        ({"country": "VN"}, "country"),
        ({"ends_on": 0}, "ends_on"),
        ({"received_on": 1}, "received_on"),
        ({"entry_on": 40}, "entry_on"),
        ({"provinces": ("99",)}, "provinces"),
        ({"province_as_named": "Lai Châu"}, "province_as_named"),
        ({"licence_date": 0}, "licence_number"),
    ],
)
def test_bad_input_is_named_by_field_in_vietnamese(world, changes, field):
    """Days as numbers are counted from (frozen) today."""
    today = timezone.localdate()
    changes = {k: today + dt.timedelta(days=v) if isinstance(v, int) else v for k, v in changes.items()}
    with pytest.raises(ServiceError) as caught:
        services.visit_create(actor=editor(world, "A"), data=_input(**changes))
    assert field in caught.value.errors, caught.value.errors
    assert all(isinstance(m, str) and m for m in caught.value.errors[field])


def test_a_former_province_is_kept_as_named_then(world):
    visit = services.visit_create(
        actor=editor(world, "A"),
        data=_input(
            province_as_named="Quảng Nam",
            received_on=dt.date(2024, 3, 1),
            entry_on=None,
            starts_on=dt.date(2024, 4, 1),
            ends_on=dt.date(2024, 4, 3),
        ),
    )
    assert visit.province.code == "48"
    assert visit.former_province is not None
    assert visit.former_province.code == "49"
    assert visit.province_as_named == "Quảng Nam"


@pytest.mark.today("2027-02-03 10:00:00+07:00")
def test_the_answer_due_counts_working_days_across_tet_2027(world):
    """Received on Wednesday 03/02/2027, the eve of the Tết holidays (04/02–10/02/2027): ten working days
    end on 24/02/2027, not 17/02 as weekdays alone would say."""
    from ngoaivu.core.selectors import working_calendar

    visit = services.visit_create(
        actor=editor(world, "A"),
        data=_input(
            received_on=dt.date(2027, 2, 3),
            entry_on=dt.date(2027, 3, 1),
            starts_on=dt.date(2027, 3, 2),
            ends_on=dt.date(2027, 3, 5),
        ),
    )
    cal = working_calendar()
    assert not cal.is_working_day(dt.date(2027, 2, 8))  # the third day of Tết
    assert visit.answer_due_on == cal.add_working_days(dt.date(2027, 2, 3), 10)
    assert visit.answer_due_on == dt.date(2027, 2, 24)
    assert visit.application_late is False  # 13 working days before entry


@pytest.mark.today("2027-02-03 10:00:00+07:00")
def test_an_application_less_than_the_rule_before_entry_is_flagged_across_tet(world, client):
    """Entry on 15/02/2027: only 3 working days after 03/02 (Tết in between) — under the 10 of the rule."""
    visit = services.visit_create(
        actor=editor(world, "A"),
        data=_input(
            received_on=dt.date(2027, 2, 3),
            entry_on=dt.date(2027, 2, 15),
            starts_on=dt.date(2027, 2, 16),
            ends_on=dt.date(2027, 2, 17),
        ),
    )
    assert visit.application_late is True
    page = world.client("a_editor").get(f"/press/{visit.pk}/").content.decode()
    assert "Hồ sơ nộp muộn" in page
    assert "còn 21 ngày" in page  # the answer due (24/02/2027) is shown "còn N ngày"


def test_the_answer_due_is_shown_overdue(world, frozen_today):
    visit = make_visit(world, "A")
    frozen_today.move_to(visit.answer_due_on + dt.timedelta(days=3))
    page = world.client("a_editor").get(f"/press/{visit.pk}/").content.decode()
    assert "quá hạn 3 ngày" in page
    rows = selectors.visit_list(user=world.users["a_editor"], filters=PressVisitFilters(answer_overdue=True))
    assert list(rows) == [visit]


# --- workflow and four eyes -------------------------------------------------------------------------------------


def test_whoever_registered_the_visit_never_answers_it(world):
    visit = make_visit(world, "A")  # registered by a_editor, a head
    with pytest.raises(Forbidden):
        services.visit_answer(
            actor=editor(world, "A"), visit_id=visit.pk, expected_version=visit.version, decision="agreed"
        )
    with pytest.raises(Forbidden):  # a viewer sees it but may not act
        services.visit_answer(
            actor=world.users["a_viewer"],
            visit_id=visit.pk,
            expected_version=visit.version,
            decision="agreed",
        )
    answered = services.visit_answer(
        actor=second_head(world, "A"),
        visit_id=visit.pk,
        expected_version=visit.version,
        decision="agreed",
        licence_number="125/BNG-TTBC",
        licence_date=timezone.localdate(),
    )
    assert (answered.status, answered.licence_number) == (S.AGREED, "125/BNG-TTBC")
    assert answered.answered_by_id == second_head(world, "A").pk
    with pytest.raises(StateConflict):  # answered once
        services.visit_answer(
            actor=second_head(world, "A"),
            visit_id=visit.pk,
            expected_version=answered.version,
            decision="declined",
        )


def test_a_refusal_needs_its_reason_and_an_officer_is_not_a_head(world):
    visit = by_second_head(world)
    with pytest.raises(ServiceError) as caught:
        services.visit_answer(
            actor=editor(world, "A"), visit_id=visit.pk, expected_version=visit.version, decision="declined"
        )
    assert "note" in caught.value.errors
    declined = services.visit_answer(
        actor=editor(world, "A"),
        visit_id=visit.pk,
        expected_version=visit.version,
        decision="declined",
        note="Nội dung không phù hợp",
    )
    assert declined.status == S.DECLINED
    with pytest.raises(StateConflict):
        services.visit_transition(
            actor=editor(world, "A"), visit_id=visit.pk, expected_version=None, action="start"
        )


def test_the_visit_goes_from_agreed_to_reported(world):
    visit = agreed(world, days=0)
    visit = services.visit_transition(
        actor=editor(world, "A"), visit_id=visit.pk, expected_version=visit.version, action="start"
    )
    assert visit.status == S.ONGOING
    visit = services.visit_transition(
        actor=editor(world, "A"), visit_id=visit.pk, expected_version=visit.version, action="finish"
    )
    visit = services.visit_transition(
        actor=editor(world, "A"), visit_id=visit.pk, expected_version=visit.version, action="report"
    )
    assert visit.status == S.REPORTED
    actions = set(AuditEvent.objects.filter(target_id=str(visit.pk)).values_list("action", flat=True))
    assert {"press_visit.answer", "press_visit.start", "press_visit.finish", "press_visit.report"} <= actions


def test_a_visit_starts_on_its_day_and_is_cancelled_with_a_reason(world):
    visit = agreed(world, days=5)
    with pytest.raises(ServiceError) as caught:
        services.visit_transition(
            actor=editor(world, "A"), visit_id=visit.pk, expected_version=None, action="start"
        )
    assert "status" in caught.value.errors
    with pytest.raises(ServiceError) as caught:
        services.visit_transition(
            actor=editor(world, "A"), visit_id=visit.pk, expected_version=None, action="cancel"
        )
    assert "note" in caught.value.errors
    cancelled = services.visit_transition(
        actor=editor(world, "A"),
        visit_id=visit.pk,
        expected_version=None,
        action="cancel",
        note="Đoàn hoãn chuyến",
    )
    assert cancelled.status == S.CANCELLED


def test_a_stale_version_is_refused_on_the_page_with_409(world):
    visit = make_visit(world, "A")
    client = world.client("a_editor")
    form = client.get(f"/press/{visit.pk}/edit/")
    assert form.status_code == 200
    services.visit_update(
        actor=editor(world, "A"),
        visit_id=visit.pk,
        expected_version=visit.version,
        data=services.input_of(visit),
    )
    data = {
        "outlet": "NHK",
        "country": "KR",
        "topic": "Du lịch",
        "received_on": visit.received_on.isoformat(),
        "starts_on": visit.starts_on.isoformat(),
        "ends_on": visit.ends_on.isoformat(),
        "visibility": "shared",
        "licence_issuer": "Bộ Ngoại giao",
        "version": str(visit.version),
    }
    response = client.post(f"/press/{visit.pk}/edit/", data)
    assert response.status_code == 409


# --- articles ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "file:///etc/passwd", "ftp://x.org/a", "không phải link"]
)
def test_article_links_are_http_or_https_only(world, url):
    visit = make_visit(world, "A")
    with pytest.raises(ServiceError) as caught:
        services.article_add(
            actor=editor(world, "A"), visit_id=visit.pk, data=services.ArticleInput(title="Bài", url=url)
        )
    assert "url" in caught.value.errors


def test_an_article_with_a_https_link_is_kept_and_shown(world):
    visit = make_visit(world, "A")
    services.article_add(
        actor=editor(world, "A"),
        visit_id=visit.pk,
        data=services.ArticleInput(
            title="Da Nang rising", url="https://www3.nhk.or.jp/x", published_on=timezone.localdate()
        ),
    )
    page = world.client("ministry").get(f"/press/{visit.pk}/").content.decode()
    assert "Da Nang rising" in page
    assert 'rel="noopener noreferrer nofollow"' in page


# --- reminders, calendar, counts, indicator ---------------------------------------------------------------------


def test_the_answer_reminder_runs_once_per_state(world):
    visit = make_visit(world, "A")
    due = visit.answer_due_on
    assert services.remind_answers(due - dt.timedelta(days=10)) == {"soon": 0, "late": 0}
    first = services.remind_answers(due - dt.timedelta(days=1))
    assert first["soon"] >= 1
    assert services.remind_answers(due - dt.timedelta(days=1)) == {"soon": 0, "late": 0}
    assert services.remind_answers(due + dt.timedelta(days=1))["late"] >= 1
    assert Notification.objects.filter(kind="press_answer", user__organisation=world.orgs["A"]).exists()
    assert (
        not Notification.objects.filter(kind="press_answer")
        .exclude(user__organisation=world.orgs["A"])
        .exists()
    )


def test_the_calendar_shows_the_visit_and_the_answer_due_to_the_host_only(world):
    visit = make_visit(world, "A", shared=True)
    start, end = visit.received_on, visit.ends_on
    mine = selectors.calendar_entries(user=world.users["a_editor"], start=start, end=end)
    theirs = selectors.calendar_entries(user=world.users["b_editor"], start=start, end=end)
    assert {e.kind for e in mine} == {"press", "deadline"}
    assert {e.kind for e in theirs} == {"press"}
    assert selectors.calendar_choices(user=world.users["b_editor"])[1] == {"KR": "Hàn Quốc"}


def test_counts_are_licensed_visits_by_province_as_then_and_now_each_linking_to_the_list(world):
    make_visit(world, "A", licence_number="1/BNG")  # received only: not licensed yet
    visit = agreed(world)
    services.visit_update(
        actor=editor(world, "A"),
        visit_id=visit.pk,
        expected_version=visit.version,
        data=services.with_changes(services.input_of(visit), {"licence_number": "2/BNG-TTBC"}),
    )
    counts = selectors.visit_counts(user=world.users["ministry"])
    assert counts.total.n == 1
    assert [r.label for r in counts.rows] == [visit.province.name]
    link = counts.rows[0].cells[0].url
    assert "licensed=true" in link
    assert "host=48" in link
    listed = world.client("ministry").get(link).content.decode()
    assert visit.outlet in listed
    then = selectors.visit_counts(user=world.users["ministry"], by="then")
    assert "as_named=" in then.rows[0].total.url
    xlsx = world.client("ministry").get("/press/counts/?format=xlsx")
    assert xlsx.status_code == 200
    assert "2" not in text_of(xlsx).split("\n")[0][:1]


def test_the_counts_follow_a_newly_licensed_visit_at_once_with_the_cache_on(world, settings):
    """The counts are kept under the count cache's stamp: a visit licensed after a first read counts at once, and
    a province reader's cached table is not the ministry's."""
    from django.core.cache import cache

    settings.NGOAIVU_COUNT_CACHE_SECONDS = 300
    cache.clear()

    def licence(number: str) -> None:
        visit = agreed(world)
        services.visit_update(
            actor=editor(world, "A"),
            visit_id=visit.pk,
            expected_version=visit.version,
            data=services.with_changes(services.input_of(visit), {"licence_number": number}),
        )

    licence("1/BNG")
    assert selectors.visit_counts(user=world.users["ministry"]).total.n == 1
    assert selectors.visit_counts(user=world.users["b_editor"]).total.n == 0  # A's private visit
    licence("2/BNG")
    assert selectors.visit_counts(user=world.users["ministry"]).total.n == 2
    assert "Tổng số" in text_of(world.client("ministry").get("/press/counts/"))


def test_the_indicator_counts_licensed_visits_by_province_and_year(world):
    from ngoaivu.press.indicator_sources import licensed

    visit = agreed(world)
    services.visit_update(
        actor=editor(world, "A"),
        visit_id=visit.pk,
        expected_version=visit.version,
        data=services.with_changes(services.input_of(visit), {"licence_number": "3/BNG"}),
    )
    make_visit(world, "B", licence_number="4/BNG")  # not answered: not counted
    figures = licensed(year_from=2000, year_to=2100)
    assert len(figures) == 1
    assert figures[0].value == 1


# --- API --------------------------------------------------------------------------------------------------------


def test_the_api_creates_reads_with_etag_and_patches_with_if_match(world):
    client = world.client("a_editor")
    today = timezone.localdate()
    body = {
        "outlet": "KBS",
        "country": "KR",
        "topic": "Ẩm thực",
        "received_on": today.isoformat(),
        "starts_on": (today + dt.timedelta(days=20)).isoformat(),
        "ends_on": (today + dt.timedelta(days=21)).isoformat(),
    }
    created = client.post("/api/v1/press-visits", json.dumps(body), content_type="application/json")
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    read = client.get(f"/api/v1/press-visits/{pk}")
    assert read["ETag"] == '"1"'
    url = f"/api/v1/press-visits/{pk}"
    patch = json.dumps({"places": "Hội An"})
    assert client.patch(url, patch, content_type="application/json").status_code == 428
    assert (
        client.patch(url, patch, content_type="application/json", headers={"If-Match": '"7"'}).status_code
        == 412
    )
    done = client.patch(url, patch, content_type="application/json", headers={"If-Match": '"1"'})
    assert done.status_code == 200
    assert done.json()["places"] == "Hội An"
    answer = client.post(
        f"{url}/answer",
        json.dumps({"decision": "agreed"}),
        content_type="application/json",
        headers={"If-Match": '"2"'},
    )
    assert answer.status_code == 403  # a_editor registered it: four eyes
    listed = client.get("/api/v1/press-visits?country=KR&status=received").json()
    assert [i["id"] for i in listed["items"]] == [pk]


def test_the_api_refuses_an_action_in_the_wrong_state_with_409(world):
    visit = make_visit(world, "A")
    response = world.client("a_editor").post(
        f"/api/v1/press-visits/{visit.pk}/finish",
        "{}",
        content_type="application/json",
        headers={"If-Match": f'"{visit.version}"'},
    )
    assert response.status_code == 409


# --- pages ------------------------------------------------------------------------------------------------------


def test_the_pages_list_filter_create_and_export(world):
    visit = make_visit(world, "A", shared=True, reporters=1)
    client = world.client("a_editor")
    page = client.get("/press/?q=du+lich").content.decode()
    assert visit.outlet in page
    assert visit.outlet not in client.get("/press/?country=JP").content.decode()
    form = client.get("/press/new/")
    assert form.status_code == 200
    assert 'type="date"' in form.content.decode()
    today = timezone.localdate()
    response = client.post(
        "/press/new/",
        {
            "outlet": "Arirang TV",
            "country": "KR",
            "topic": "Văn hóa",
            "received_on": today.isoformat(),
            "starts_on": (today + dt.timedelta(days=10)).isoformat(),
            "ends_on": (today + dt.timedelta(days=10)).isoformat(),
            "visibility": "private",
            "licence_issuer": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    bad = client.post("/press/new/", {"outlet": "", "country": "KR", "visibility": "private"})
    assert bad.status_code == 400
    xlsx = client.get("/press/?format=xlsx")
    text = text_of(xlsx)
    assert visit.outlet in text
    assert "PP0000000" not in text
    assert "Reporter 0" not in text
    counts = client.get("/press/counts/")
    assert counts.status_code == 200


def test_the_menu_links_the_press_list(world):
    page = world.client("a_viewer").get("/press/").content.decode()
    assert 'href="/press/"' in page


def test_the_site_search_finds_a_visit_for_who_may_see_it_never_by_a_reporter(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        visit = make_visit(world, "A", reporters=1, marker="PRESSSEARCHQ")
    for who, sees in (("a_viewer", True), ("ministry", True), ("b_editor", False), ("x_officer", False)):
        page = world.client(who).get("/search/?q=presssearchq").content.decode()
        assert (visit.outlet in page) == sees, who
    assert "PRESSSEARCHQ" not in world.client("ministry").get("/search/?q=Reporter+0").content.decode()
