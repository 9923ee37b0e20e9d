import datetime as dt
import io

import pytest
from django.test import Client
from django.utils import timezone
from freezegun import freeze_time
from openpyxl import load_workbook

from ngoaivu.core.testing.api import if_match
from ngoaivu.core.testing.world import make_request, read_body, second_head
from ngoaivu.core.web import STALE
from ngoaivu.requests import selectors, services
from ngoaivu.requests.models import ServiceRequest

pytestmark = pytest.mark.django_db


def test_api_create_submit_answer_rate(world):
    second_head(world, "A")  # four eyes: a submission no other head could approve is refused
    province, mission = world.client("a_editor"), world.client("x_officer")
    created = province.post(
        "/api/v1/requests",
        {
            "title": "Tìm nhà nhập khẩu vải thiều",
            "description": "Cần 5 nhà nhập khẩu",
            "category": "trade",
            "recipients": ["cqdd-jp-tokyo"],
            "target_countries": ["JP"],
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    rid = created.json()["id"]
    url = f"/api/v1/requests/{rid}"
    province.post(f"{url}/submit", {}, content_type="application/json", headers=if_match(province, url))
    lead = Client()  # four eyes: another head of the province approves what a_editor submitted
    lead.force_login(second_head(world, "A"))
    sent = lead.post(
        f"{url}/approve", {}, content_type="application/json", headers=if_match(lead, url)
    ).json()
    assert sent["status"] == "sent"
    assert sent["number"].startswith("ĐH-")
    assert dt.date.fromisoformat(sent["ack_due"]) < dt.date.fromisoformat(sent["answer_due"])
    assert sent["recipients"][0]["organisation"] == "cqdd-jp-tokyo"
    answered = mission.post(
        f"/api/v1/requests/{rid}/answer",
        {"text": "Có 5 nhà nhập khẩu", "next_steps": "Hẹn gặp"},
        content_type="application/json",
        headers=if_match(mission, url),
    )
    assert answered.status_code == 200
    assert answered.json()["answers"][0]["text"] == "Có 5 nhà nhập khẩu"
    bad = province.post(f"/api/v1/requests/{rid}/rate", {"rating": 9}, content_type="application/json")
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"] == "rating"
    rated = province.post(
        f"{url}/rate", {"rating": 4}, content_type="application/json", headers=if_match(province, url)
    ).json()
    assert rated["recipients"][0]["rating"] == 4
    conflict = mission.post(
        f"{url}/answer", {"text": "lại"}, content_type="application/json", headers=if_match(mission, url)
    )
    assert conflict.status_code == 409
    assert "Đã đánh giá" in conflict.json()["detail"]
    assert world.client("b_editor").get(f"/api/v1/requests/{rid}").status_code == 404
    assert (
        world.client("b_editor")
        .post(f"/api/v1/requests/{rid}/close", {}, content_type="application/json")
        .status_code
        == 404
    )
    stale = province.post(
        f"/api/v1/requests/{rid}/close", {}, content_type="application/json", headers={"If-Match": '"1"'}
    )
    assert stale.status_code == 412


def test_api_rejects_unknown_recipients_and_categories(world):
    r = world.client("a_editor").post(
        "/api/v1/requests",
        {"title": "x", "description": "y", "category": "zzz", "recipients": ["cqdd-xx-atlantis"]},
        content_type="application/json",
    )
    assert r.status_code == 422
    fields = {e["field"] for e in r.json()["errors"]}
    assert fields == {"category", "recipients"}
    assert world.client("a_editor").get("/api/v1/requests/categories").json()[0]["code"] == "investment"


def test_lists_inbox_sent_overdue_and_export(world):
    with freeze_time("2026-03-02 09:00:00+07:00"):
        old = make_request(world, "A", ["X"], marker="OLDREQUEST")
    fresh = make_request(world, "A", ["X"], marker="FRESHREQUEST")
    mission = world.client("x_officer")
    inbox = mission.get("/requests/?box=inbox").content.decode()
    assert "OLDREQUEST" in inbox
    assert "FRESHREQUEST" in inbox
    overdue = mission.get("/requests/?box=overdue").content.decode()
    assert "OLDREQUEST" in overdue
    assert "FRESHREQUEST" not in overdue
    assert "quá hạn" in overdue
    sent = world.client("a_editor").get("/requests/?box=sent&q=fresh").content.decode()
    assert "FRESHREQUEST" in sent
    assert "OLDREQUEST" not in sent
    export = world.client("a_editor").get("/requests/?box=sent&format=xlsx")
    rows = list(load_workbook(io.BytesIO(read_body(export))).active.iter_rows(values_only=True))
    assert rows[0][0] == "Số"
    assert {r[1] for r in rows[1:]} == {"OLDREQUEST", "FRESHREQUEST"}
    assert old.number != fresh.number


def test_conversation_page_shows_history_and_actions(world):
    req = make_request(world, "A", ["X"])
    services.request_action(
        actor=world.users["x_officer"], request_id=req.pk, action="clarify", text="Ngành hàng nào?"
    )
    page = world.client("a_editor").get(f"/requests/{req.pk}/").content.decode()
    assert "Ngành hàng nào?" in page
    assert "Trả lời làm rõ" in page
    assert "Chờ tỉnh làm rõ" in page
    mission_page = world.client("x_officer").get(f"/requests/{req.pk}/").content.decode()
    assert "Trả lời làm rõ" not in mission_page


def test_browser_form_flow_with_errors(world):
    second_head(world, "A")  # four eyes: a submission no other head could approve is refused
    client = world.client("a_editor")
    bad = client.post(
        "/requests/new/", {"title": "", "description": "", "category": "investment", "priority": "normal"}
    )
    assert bad.status_code == 400
    assert "Chưa lưu được" in bad.content.decode()
    ok = client.post(
        "/requests/new/",
        {
            "title": "Xúc tiến đầu tư vào Đà Nẵng",
            "description": "Nội dung",
            "category": "investment",
            "priority": "normal",
            "recipients": ["mofa"],
        },
    )
    assert ok.status_code == 302
    req = ServiceRequest.objects.visible_to(world.users["a_editor"]).get(title="Xúc tiến đầu tư vào Đà Nẵng")
    assert client.post(f"/requests/{req.pk}/action/submit/", {"version": req.version}).status_code == 302
    req.refresh_from_db()
    assert req.status == "pending_approval"  # four eyes: another head approves
    services.request_action(actor=second_head(world, "A"), request_id=req.pk, action="approve")
    req.refresh_from_db()
    assert req.status == "sent"
    assert client.get(f"/requests/{req.pk}/edit/").status_code == 409
    again = client.post(f"/requests/{req.pk}/action/submit/", {"version": req.version}, follow=True)
    assert "Không thể" in again.content.decode()


def test_a_draft_or_an_action_that_lost_the_race_says_the_one_stale_message(world):
    req = make_request(world, "A", ["M"], send=False)
    old = req.version
    ServiceRequest.objects.system(reason="test").filter(pk=req.pk).update(version=old + 1)  # someone saved
    client = world.client("a_editor")
    edit = client.post(
        f"/requests/{req.pk}/edit/",
        {
            "title": "Sửa sau người khác",
            "description": "Nội dung",
            "category": "investment",
            "priority": "normal",
            "recipients": ["mofa"],
            "version": old,
        },
    )
    assert edit.status_code == 409
    assert str(STALE) in edit.content.decode()
    acted = client.post(f"/requests/{req.pk}/action/submit/", {"version": old}, follow=True)
    assert str(STALE) in acted.content.decode()
    req.refresh_from_db()
    assert req.status == "draft"  # neither the edit nor the submission was saved
    assert req.title != "Sửa sau người khác"


def test_similar_requests(world):
    make_request(world, "A", ["M"], marker="Xuất khẩu chè sang Trung Đông")
    make_request(world, "A", ["M"], marker="Đào tạo tiếng Nhật")
    make_request(world, "B", ["M"], marker="Xuất khẩu chè sang Ả Rập")
    found = selectors.similar_requests(user=world.users["a_editor"], text="xuat khau che", category=None)
    assert [r.title for r in found] == ["Xuất khẩu chè sang Trung Đông"]  # B's request stays B's
    national = selectors.similar_requests(user=world.users["ministry"], text="Xuất khẩu chè", category=None)
    assert len(national) == 2
    panel = world.client("a_editor").get("/requests/similar/", {"title": "Xuất khẩu chè"}).content.decode()
    assert "Trung Đông" in panel


def test_responsiveness_figures(world):
    with freeze_time("2026-03-02 09:00:00+07:00"):
        on_time = make_request(world, "A", ["X"])
        late = make_request(world, "B", ["X"])
        services.request_action(actor=world.users["x_officer"], request_id=on_time.pk, action="acknowledge")
    with freeze_time("2026-03-04 09:00:00+07:00"):
        services.request_action(
            actor=world.users["x_officer"], request_id=on_time.pk, action="answer", text="ok"
        )
        services.request_action(actor=world.users["a_editor"], request_id=on_time.pk, action="rate", rating=4)
    with freeze_time("2026-03-30 09:00:00+07:00"):
        services.request_action(
            actor=world.users["x_officer"], request_id=late.pk, action="answer", text="muộn"
        )
        figures = selectors.responsiveness(
            user=world.users["ministry"], date_from=dt.date(2026, 3, 1), date_to=dt.date(2026, 3, 31)
        )
    unit = next(u for u in figures["units"] if u.code == "cqdd-jp-tokyo")
    assert unit.received == 2
    assert unit.ack_on_time_pct == 50.0
    assert unit.answer_on_time_pct == 50.0
    assert unit.median_days == (2 + 20) / 2
    assert unit.average_rating == 4.0
    provinces = {p["code"]: p for p in figures["provinces"]}
    assert provinces["tinh-48"]["sent"] == 1
    assert provinces["tinh-48"]["average_rating_given"] == 4.0
    only_own = selectors.responsiveness(
        user=world.users["b_editor"], date_from=dt.date(2026, 3, 1), date_to=dt.date(2026, 3, 31)
    )
    assert [p["code"] for p in only_own["provinces"]] == ["tinh-12"]
    api = (
        world.client("ministry")
        .get("/api/v1/requests/responsiveness", {"date_from": "2026-03-01", "date_to": "2026-03-31"})
        .json()
    )
    assert api["units"][0]["received"] == 2
    assert (
        world.client("ministry")
        .get("/requests/responsiveness/?date_from=2026-03-01&date_to=2026-03-31")
        .status_code
        == 200
    )


def test_home_work_list_counts_link_to_filtered_lists(world):
    req = make_request(world, "A", ["X"])
    services.request_action(actor=world.users["x_officer"], request_id=req.pk, action="answer", text="ok")
    home = world.client("a_editor").get("/").content.decode()
    assert 'href="/requests/?box=sent&amp;status=answered">1</a>' in home
    mission_home = world.client("y_officer").get("/").content.decode()
    assert 'href="/requests/?box=inbox">0</a>' in mission_home
    listed = world.client("a_editor").get("/requests/?box=sent&status=answered").content.decode()
    assert req.title in listed


def test_lists_show_newest_first_by_default(world):
    with freeze_time("2026-01-05 09:00:00+07:00"):
        make_request(world, "A", ["M"], marker="OLDERONE")
    with freeze_time("2026-02-05 09:00:00+07:00"):
        make_request(world, "A", ["M"], marker="NEWERONE")
    page = world.client("a_editor").get("/requests/?box=sent").content.decode()
    assert page.index("NEWERONE") < page.index("OLDERONE")
    api = world.client("ministry").get("/api/v1/requests?box=all").json()["items"]
    assert [r["title"] for r in api][:2] == ["NEWERONE", "OLDERONE"]


def test_responsiveness_is_cached_per_scope_and_never_shared_across_organisations(world, settings):
    from django.core.cache import cache

    settings.NGOAIVU_REPORT_CACHE_SECONDS = 300
    cache.clear()
    make_request(world, "A", ["X"])
    today = timezone.localdate()
    period = {"date_from": today.replace(month=1, day=1), "date_to": today}
    a_first = selectors.responsiveness(user=world.users["a_editor"], **period)
    b_first = selectors.responsiveness(user=world.users["b_editor"], **period)
    assert [p["code"] for p in a_first["provinces"]] == ["tinh-48"]
    assert b_first["provinces"] == []
    make_request(world, "A", ["X"])
    a_again = selectors.responsiveness(user=world.users["a_editor"], **period)
    assert a_again["computed_at"] == a_first["computed_at"]  # served from the cache
    assert a_again["provinces"][0]["sent"] == 1
    cache.clear()
    assert selectors.responsiveness(user=world.users["a_editor"], **period)["provinces"][0]["sent"] == 2


def test_the_export_shows_what_the_list_page_shows(world):
    """The export reads its rows its own way (shared organisations, plain parts); every cell must still be
    what the list's columns give for the same request read the page's way."""
    from ngoaivu.core.columns import _plain, safe_cell
    from ngoaivu.requests.columns import REQUEST_COLUMNS
    from ngoaivu.requests.filters import RequestFilters

    answered = make_request(world, "A", ["X", "M"])
    services.request_action(
        actor=world.users["x_officer"], request_id=answered.pk, action="answer", text="ok"
    )
    services.request_action(actor=world.users["a_editor"], request_id=answered.pk, action="rate", rating=4)
    make_request(world, "A", ["M"])
    make_request(world, "A", ["X"], send=False)
    user = world.users["a_editor"]
    page_rows = selectors.request_list(user=user, filters=RequestFilters(box="sent"))[0:25]
    expected = [[safe_cell(_plain(col.value(r))) for col in REQUEST_COLUMNS] for r in page_rows]
    export = world.client("a_editor").get("/requests/?box=sent&format=xlsx")
    got = [
        list(row) for row in load_workbook(io.BytesIO(read_body(export))).active.iter_rows(values_only=True)
    ]
    assert len(got) == len(expected) + 1 == 4
    for want, row in zip(expected, got[1:], strict=True):
        for value, cell in zip(want, row, strict=True):
            if isinstance(value, dt.datetime):
                assert abs(cell - value).total_seconds() < 1  # Excel keeps whole seconds
            elif isinstance(value, dt.date):
                assert cell.date() == value
            else:
                assert cell == (value if value != "" else None)
    assert any("4/5" in str(c) for r in got[1:] for c in r)  # the rating column came through
