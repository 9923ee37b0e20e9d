"""Briefs: publishing, addressing (Đà Nẵng / Lai Châu), versions, subscriptions and their notifications, the
weekly digest (once, after commit, in the recipient's language), usefulness and its figures, "Hỏi thêm" linked
both ways, entities and attachments."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone, translation
from freezegun import freeze_time

from ngoaivu.accounts.models import Notification, User
from ngoaivu.audit.models import AuditEvent
from ngoaivu.core.exceptions import Forbidden, ServiceError, StateConflict
from ngoaivu.core.scoping import Action
from ngoaivu.core.testing.world import text_of
from ngoaivu.information import delivery, selectors, services
from ngoaivu.information.entities import store_entities
from ngoaivu.information.filters import BriefFilters
from ngoaivu.information.models import (
    Brief,
    BriefDigest,
    BriefQuestion,
    BriefRating,
    BriefVersion,
    HsChapter,
    Region,
)
from ngoaivu.information.tests.factories import ensure_reference, make_brief, make_subscription

pytestmark = pytest.mark.django_db
TODAY = "2026-03-10 10:00:00+07:00"  # a Tuesday, ISO week 11


def _visible(user, brief) -> bool:
    return Brief.objects.visible_to(user, Action.VIEW).filter(pk=brief.pk).exists()


def test_reference_data_is_complete(world):
    ensure_reference()
    assert HsChapter.objects.count() == 97
    assert HsChapter.objects.get(code="03").name_vi.startswith("Cá và động vật giáp xác")
    regions = {r.code: {p.code for p in r.provinces.all()} for r in Region.objects.all()}
    assert len(regions) == 6
    every = [code for codes in regions.values() for code in codes]
    assert len(every) == len(set(every)) == 34  # each current province in exactly one region
    assert "48" in regions["bac-trung-bo-duyen-hai-mien-trung"]
    assert "12" in regions["trung-du-mien-nui-phia-bac"]


def test_create_names_every_wrong_field_in_vietnamese(world):
    ensure_reference()
    with pytest.raises(ServiceError) as caught:
        services.brief_create(
            actor=world.users["x_officer"],
            data=services.BriefInput(
                title=" ",
                summary="",
                kind="nope",
                countries=("ZZ",),
                products=("99",),
                audience="region",
                valid_until=dt.date(2000, 1, 1),
            ),
        )
    errors = caught.value.errors
    assert set(errors) >= {"title", "summary", "kind", "countries", "products", "region", "valid_until"}
    assert errors["title"] == ["Không được để trống."]
    assert "chương HS" in errors["products"][0]
    with pytest.raises(ServiceError) as caught:
        services.brief_create(
            actor=world.users["x_officer"],
            data=services.BriefInput(title="T", summary="S", kind="market", audience="provinces"),
        )
    assert "tỉnh" in caught.value.errors["provinces"][0]


def test_only_missions_and_the_ministry_write_briefs(world):
    ensure_reference()
    data = services.BriefInput(title="T", summary="S", kind="market")
    for who in ("a_editor", "b_editor", "a_viewer"):
        with pytest.raises(Forbidden):
            services.brief_create(actor=world.users[who], data=data)
    assert services.brief_create(actor=world.users["ministry"], data=data).owner_org == world.orgs["M"]


def test_publishing_a_draft(world):
    brief = make_brief(world, "X", to=("A",), publish=False)
    assert brief.status == Brief.Status.DRAFT
    assert brief.published_at is None
    assert not _visible(world.users["a_editor"], brief)
    published = services.brief_publish(
        actor=world.users["x_officer"], brief_id=brief.pk, expected_version=brief.version
    )
    assert published.status == Brief.Status.PUBLISHED
    assert published.published_at is not None
    assert _visible(world.users["a_editor"], brief)
    assert AuditEvent.objects.filter(action="brief.publish", target_id=str(brief.pk)).exists()
    with pytest.raises(StateConflict):
        services.brief_publish(actor=world.users["x_officer"], brief_id=brief.pk, expected_version=None)
    with pytest.raises(Forbidden):  # another mission cannot publish it; the ministry reads but does not edit
        services.brief_withdraw(actor=world.users["ministry"], brief_id=brief.pk, expected_version=None)
    withdrawn = services.brief_withdraw(
        actor=world.users["x_officer"], brief_id=brief.pk, expected_version=None
    )
    assert withdrawn.status == Brief.Status.WITHDRAWN


def test_a_brief_addressed_to_da_nang_is_not_seen_by_lai_chau(world):
    danang, laichau = world.users["a_editor"], world.users["b_editor"]
    to_danang = make_brief(world, "X", to=("A",))
    to_all = make_brief(world, "Y", to="all")
    to_north = make_brief(world, "M", to="region:B")  # Lai Châu's region, not Đà Nẵng's
    to_both = make_brief(world, "X", to=("A", "B"))
    assert _visible(danang, to_danang)
    assert not _visible(laichau, to_danang)
    assert _visible(danang, to_all)
    assert _visible(laichau, to_all)
    assert _visible(laichau, to_north)
    assert not _visible(danang, to_north)
    assert _visible(danang, to_both)
    assert _visible(laichau, to_both)
    assert world.client("b_editor").get(f"/briefs/{to_danang.pk}/").status_code == 404
    # the list's "addressed to" filter follows the same rule
    rows = selectors.brief_list(user=world.users["ministry"], filters=BriefFilters(province="12"))
    assert set(rows.values_list("pk", flat=True)) >= {to_all.pk, to_north.pk, to_both.pk}
    assert to_danang.pk not in set(rows.values_list("pk", flat=True))


def test_updating_a_published_brief_keeps_its_previous_text(world):
    brief = make_brief(world, "X", to="all", publish=False)
    x = world.users["x_officer"]
    data = services.brief_input_of(brief)
    brief = services.brief_update(
        actor=x,
        brief_id=brief.pk,
        expected_version=brief.version,
        data=services.BriefInput(**{**data.__dict__, "summary": "Sửa dự thảo"}),
    )
    assert not BriefVersion.objects.filter(brief=brief).exists()  # a draft has no versions
    brief = services.brief_publish(actor=x, brief_id=brief.pk, expected_version=brief.version)
    old_title = brief.title
    brief = services.brief_update(
        actor=x,
        brief_id=brief.pk,
        expected_version=brief.version,
        data=services.BriefInput(**{**services.brief_input_of(brief).__dict__, "title": "Tiêu đề mới"}),
    )
    version = BriefVersion.objects.get(brief=brief)
    assert (version.number, version.title, version.summary, version.changed_by) == (
        1,
        old_title,
        "Sửa dự thảo",
        x,
    )
    page = text_of(world.client("a_editor").get(f"/briefs/{brief.pk}/"))
    assert "Tiêu đề mới" in page
    assert old_title in page
    assert "Phiên bản 1" in page


def test_subscribers_are_notified_after_the_commit_and_only_when_addressed(
    world, django_capture_on_commit_callbacks
):
    make_subscription(world, "A", countries=("JP",))
    make_subscription(world, "B", countries=("KR",))
    with django_capture_on_commit_callbacks(execute=True):
        to_b_japan = make_brief(
            world, "X", to=("B",), countries=("JP",)
        )  # A subscribes to Japan, not addressed
    assert not Notification.objects.filter(url=to_b_japan.get_absolute_url()).exists()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        brief = make_brief(world, "X", to="all", countries=("JP",))
    assert not Notification.objects.filter(url=brief.get_absolute_url()).exists()  # nothing before the commit
    for callback in callbacks:
        callback()
    notified = set(
        Notification.objects.filter(url=brief.get_absolute_url()).values_list("user__username", flat=True)
    )
    assert notified == {"a_editor", "a_viewer"}  # Đà Nẵng's active people; Lai Châu subscribes to Korea
    assert delivery.notify_subscribers(brief.pk) == 0  # once (dedupe)


def test_a_subscription_needs_every_list_it_fills(world):
    sub = make_subscription(world, "A", countries=("JP",), products=("09",))
    seafood = make_brief(world, "X", countries=("JP",), products=("03",))
    tea = make_brief(world, "X", countries=("JP",), products=("09",))
    assert [o.pk for o in delivery.subscribers_of(tea)] == [world.orgs["A"].pk]
    assert delivery.subscribers_of(seafood) == []
    with pytest.raises(ServiceError):
        services.subscription_create(actor=world.users["a_editor"], data=services.SubscriptionInput())
    with pytest.raises(Forbidden):
        services.subscription_create(
            actor=world.users["x_officer"], data=services.SubscriptionInput(countries=("JP",))
        )
    services.subscription_delete(actor=world.users["a_editor"], subscription_id=sub.pk)
    assert delivery.subscribers_of(tea) == []


@freeze_time(TODAY)
def test_weekly_digest_is_sent_once_after_commit_in_the_recipients_language(
    world, django_capture_on_commit_callbacks, monkeypatch
):
    User.objects.filter(username__in=["a_editor", "a_viewer", "b_editor"]).update(email="x@example.org")
    User.objects.filter(username="a_viewer").update(language="en")
    make_subscription(world, "A", countries=("JP",))
    make_subscription(world, "B", countries=("JP",))
    brief = make_brief(world, "X", to=("A",), countries=("JP",))
    old = make_brief(world, "X", to="all", countries=("JP",))
    Brief.objects.filter(pk=old.pk).update(published_at=timezone.now() - dt.timedelta(days=9))
    languages: dict[str, str] = {}
    rendered = delivery.render_to_string

    def spy(template, context):
        languages[context["user"].username] = translation.get_language()
        return rendered(template, context)

    monkeypatch.setattr(delivery, "render_to_string", spy)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=False) as callbacks, transaction.atomic():
        assert delivery.send_weekly_digest() == 2  # Đà Nẵng's two people; Lai Châu: not addressed
        assert mail.outbox == []
    assert mail.outbox == []  # recorded, not yet sent
    for callback in callbacks:
        callback()
    assert sorted(m.to[0] for m in mail.outbox) == ["x@example.org", "x@example.org"]
    assert all(brief.title in m.body and old.title not in m.body for m in mail.outbox)
    assert languages == {"a_editor": "vi", "a_viewer": "en"}
    assert BriefDigest.objects.filter(sent_at__isnull=False, iso_week=11).count() == 2
    with django_capture_on_commit_callbacks(execute=True):
        assert delivery.send_weekly_digest() == 0  # the same ISO week: not again
    assert len(mail.outbox) == 2
    with freeze_time("2026-03-16 09:00:00+07:00"), django_capture_on_commit_callbacks(execute=True):
        assert delivery.send_weekly_digest() == 0  # the next week: the brief was mailed already
        later = make_brief(world, "X", to=("A",), countries=("JP",))
    mail.outbox.clear()  # the in-app notifications' e-mails of the new brief
    with freeze_time("2026-03-17 09:00:00+07:00"), django_capture_on_commit_callbacks(execute=True):
        assert delivery.send_weekly_digest() == 2  # only what came since
    assert len(mail.outbox) == 2
    assert all(later.title in m.body and brief.title not in m.body for m in mail.outbox)


def test_the_digest_job_runs_through_the_task(world, django_capture_on_commit_callbacks, settings):
    from ngoaivu.information.tasks import send_weekly_brief_digest

    User.objects.filter(username="a_editor").update(email="a@example.org")
    make_subscription(world, "A", countries=("JP",))
    make_brief(world, "X", to="all")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        send_weekly_brief_digest.enqueue()
    assert [m.to for m in mail.outbox] == [["a@example.org"]]


def test_usefulness_one_per_province_changeable_and_its_figures(world):
    x = world.users["x_officer"]
    to_a = make_brief(world, "X", to=("A",))
    to_all = make_brief(world, "X", to="all")
    make_brief(world, "X", to="all", publish=False)  # a draft counts nowhere
    services.brief_rate(
        actor=world.users["a_editor"], brief_id=to_a.pk, useful=False, comment="Chưa đủ số liệu"
    )
    services.brief_rate(actor=world.users["a_editor"], brief_id=to_a.pk, useful=True, comment="Đã bổ sung")
    services.brief_rate(actor=world.users["b_editor"], brief_id=to_all.pk, useful=False)
    assert BriefRating.objects.filter(brief=to_a).count() == 1
    with pytest.raises(Forbidden):
        services.brief_rate(actor=world.users["a_viewer"], brief_id=to_a.pk, useful=True)
    from ngoaivu.core.exceptions import NotFound

    with pytest.raises(NotFound):  # not addressed to Lai Châu
        services.brief_rate(actor=world.users["b_editor"], brief_id=to_a.pk, useful=True)
    world.client("a_viewer").get(f"/briefs/{to_a.pk}/")
    world.client("a_editor").get(f"/briefs/{to_a.pk}/")  # same province: counted once
    world.client("ministry").get(f"/briefs/{to_a.pk}/")  # not a province
    today = timezone.localdate()
    figures = selectors.brief_figures(user=x, org_id=world.orgs["X"].pk, start=today, end=today)
    assert (figures.published, figures.provinces_reached, figures.provinces_opened) == (2, 34, 1)
    assert (figures.ratings, figures.useful, figures.useful_pct) == (2, 1, 50)
    row = selectors.readership(user=x, filters=BriefFilters()).get(pk=to_a.pk)
    assert (row.provinces_opened, row.useful_count, row.not_useful_count) == (1, 1, 0)
    page = text_of(world.client("x_officer").get(f"/briefs/{to_a.pk}/"))
    assert "Đã bổ sung" in page  # the author sees the comments
    assert "Đã bổ sung" not in text_of(world.client("a_viewer").get(f"/briefs/{to_all.pk}/"))


def test_ask_more_opens_a_prefilled_request_linked_both_ways(world):
    brief = make_brief(world, "X", to=("A",), countries=("JP",))
    client = world.client("a_editor")
    page = client.get(f"/briefs/{brief.pk}/ask/")
    assert page.status_code == 200
    form = page.context["form"]
    assert form.initial["recipients"] == ["cqdd-jp-tokyo"]
    assert brief.title in form.initial["title"]
    response = client.post(
        f"/briefs/{brief.pk}/ask/",
        {
            "title": form.initial["title"],
            "category": "investment",
            "description": "Đề nghị cung cấp danh sách nhà nhập khẩu thủy sản.",
            "recipients": ["cqdd-jp-tokyo"],
            "priority": "normal",
        },
    )
    assert response.status_code == 302, text_of(response)[:2000]
    question = BriefQuestion.objects.get(brief=brief)
    req = question.request
    assert req.owner_org == world.orgs["A"]
    assert req.draft_recipients == ["cqdd-jp-tokyo"]
    assert response["Location"] == req.get_absolute_url()
    assert req.title in text_of(client.get(f"/briefs/{brief.pk}/"))
    assert brief.title in text_of(client.get(f"/briefs/for-request/{req.pk}/"))
    # an empty form is answered in Vietnamese, naming the fields
    bad = client.post(f"/briefs/{brief.pk}/ask/", {"title": "", "recipients": []})
    assert bad.status_code == 400
    assert "Tiêu đề" in text_of(bad)


def test_entities_are_proposed_and_decided_by_the_author(world):
    brief = make_brief(world, "X", to="all", countries=())
    Brief.objects.filter(pk=brief.pk).update(
        body="Đoàn doanh nghiệp Đà Nẵng sang Hàn Quốc tìm hiểu thị trường."
    )
    assert store_entities(brief.pk) >= 2
    found = {e.target: e for e in brief.entities.all()}
    assert "country:KR" in found
    assert "province:48" in found
    page = text_of(world.client("x_officer").get(f"/briefs/{brief.pk}/"))
    assert "Hàn Quốc" in page
    services.entities_decide(
        actor=world.users["x_officer"],
        brief_id=brief.pk,
        confirm={found["country:KR"].pk},
        reject={found["province:48"].pk},
    )
    assert list(brief.countries.values_list("iso2", flat=True)) == ["KR"]
    with pytest.raises(Forbidden):
        services.entities_decide(
            actor=world.users["ministry"], brief_id=brief.pk, confirm=set(), reject=set()
        )


def test_attachments_go_through_the_upload_checks(world):
    brief = make_brief(world, "X", to=("A",))
    x = world.users["x_officer"]
    with pytest.raises(ServiceError):
        services.attachment_add(
            actor=x, brief_id=brief.pk, upload=SimpleUploadedFile("a.exe", b"MZ", "application/octet-stream")
        )
    stored = services.attachment_add(
        actor=x,
        brief_id=brief.pk,
        upload=SimpleUploadedFile("thi-truong.txt", "Thủy sản".encode(), "text/plain"),
    )
    response = world.client("a_viewer").get(f"/briefs/{brief.pk}/attachments/{stored.pk}/")
    assert response.status_code == 200
    assert world.client("b_editor").get(f"/briefs/{brief.pk}/attachments/{stored.pk}/").status_code == 404


@freeze_time(TODAY)
def test_pages_list_filters_export_and_forms(world):
    brief = make_brief(world, "X", to=("A",), countries=("JP",), products=("03",))
    other = make_brief(world, "Y", to="all", countries=("KR",), products=("09",))
    client = world.client("a_editor")
    text = text_of(client.get("/briefs/?country=JP&product=03"))
    assert brief.marker in text
    assert other.marker not in text
    text = text_of(client.get("/briefs/?kind=market&sort=-title&validity=valid"))
    assert brief.marker in text
    assert other.marker in text
    export = client.get("/briefs/?format=xlsx")
    assert export.status_code == 200
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")
    x = world.client("x_officer")
    assert x.get("/briefs/new/").status_code == 200
    response = x.post(
        "/briefs/new/",
        {"title": "", "kind": "", "summary": "", "audience": "region", "valid_until": "2026-01-01"},
    )
    assert response.status_code == 400
    assert set(response.context["form"].errors) >= {"title", "kind", "summary"}
    response = x.post(
        "/briefs/new/",
        {"title": "T", "kind": "market", "summary": "S", "audience": "region", "valid_until": "2026-01-01"},
    )
    assert response.status_code == 400
    page = text_of(response)
    assert "Chọn vùng nhận bản tin." in page
    assert "không được trước hôm nay" in page
    response = x.post(
        "/briefs/new/",
        {
            "title": "Thị trường chè Nhật Bản",
            "kind": "market",
            "summary": "Tóm tắt",
            "audience": "provinces",
            "provinces": ["12"],
            "countries": ["JP"],
            "sectors": ["trade"],
            "products": ["09"],
            "valid_until": "2026-12-31",
        },
    )
    assert response.status_code == 302
    created = Brief.objects.get(title="Thị trường chè Nhật Bản")
    assert created.valid_until == dt.date(2026, 12, 31)
    assert created.status == Brief.Status.DRAFT
    assert "31/12/2026" in text_of(x.get(created.get_absolute_url()))


def test_api_briefs_and_subscriptions(world):
    ensure_reference()
    x, a = world.client("x_officer"), world.client("a_editor")
    created = x.post(
        "/api/v1/briefs",
        {
            "title": "Cảnh báo thủy sản",
            "summary": "Nhật Bản siết kiểm tra",
            "kind": "warning",
            "countries": ["JP"],
            "products": ["3"],
            "audience": "provinces",
            "provinces": ["48"],
            "publish": True,
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["status"] == "published"
    assert body["products"] == ["03"]
    got = a.get(f"/api/v1/briefs/{body['id']}")
    assert got.status_code == 200
    assert got["ETag"] == f'"{body["version"]}"'
    assert world.client("b_editor").get(f"/api/v1/briefs/{body['id']}").status_code == 404
    listed = a.get("/api/v1/briefs?country=JP&product=03&kind=warning&province=48").json()
    assert [r["id"] for r in listed["items"]] == [body["id"]]
    useful = a.post(
        f"/api/v1/briefs/{body['id']}/useful",
        {"useful": True, "comment": "Tốt"},
        content_type="application/json",
    )
    assert useful.status_code == 200
    assert useful.json()["useful"] is True
    bad = x.post(
        "/api/v1/briefs", {"title": "T", "summary": "S", "kind": "nope"}, content_type="application/json"
    )
    assert bad.status_code in (400, 422)
    assert "kind" in bad.content.decode()
    sub = a.post("/api/v1/subscriptions", {"countries": ["JP"]}, content_type="application/json")
    assert sub.status_code == 201
    assert [s["id"] for s in a.get("/api/v1/subscriptions").json()["items"]] == [sub.json()["id"]]
    assert a.delete(f"/api/v1/subscriptions/{sub.json()['id']}").status_code == 204
    assert a.get("/api/v1/subscriptions").json()["items"] == []


def test_search_finds_briefs_in_scope(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        brief = make_brief(world, "X", to=("A",), marker="Xuất khẩu cá ngừ đại dương sang Nhật Bản")
    url = brief.get_absolute_url()
    assert url in text_of(world.client("a_viewer").get("/search/?q=ca+ngu+dai+duong"))
    assert url in text_of(world.client("ministry").get("/search/?q=ca+ngu+dai+duong"))
    assert url not in text_of(world.client("b_editor").get("/search/?q=ca+ngu+dai+duong"))  # not addressed
    assert url not in text_of(world.client("y_officer").get("/search/?q=ca+ngu+dai+duong"))


def test_readdressing_a_published_brief_tells_the_newly_addressed_subscribers(
    world, django_capture_on_commit_callbacks
):
    make_subscription(world, "A", countries=("JP",))
    with django_capture_on_commit_callbacks(execute=True):
        brief = make_brief(world, "X", to=("B",), countries=("JP",))
    assert not Notification.objects.filter(url=brief.get_absolute_url()).exists()
    data = services.brief_input_of(brief)
    with django_capture_on_commit_callbacks(execute=True):
        services.brief_update(
            actor=world.users["x_officer"],
            brief_id=brief.pk,
            expected_version=brief.version,
            data=services.BriefInput(**{**data.__dict__, "audience": "all", "provinces": ()}),
        )
    notified = Notification.objects.filter(url=brief.get_absolute_url())
    assert set(notified.values_list("user__username", flat=True)) == {"a_editor", "a_viewer"}
