"""Drafts of long texts: saved while typing, listed for their page, discarded, spent when the form went through,
purged after 30 days; a user only ever sees their own; never audited."""

from __future__ import annotations

import unicodedata

import pytest
from django.db import connection
from django.utils import timezone
from freezegun import freeze_time

from ngoaivu.audit.models import AuditEvent
from ngoaivu.core.exceptions import ServiceError
from ngoaivu.drafts import services
from ngoaivu.drafts.models import MAX_DRAFTS_PER_USER, MAX_TEXT_CHARS, Draft
from ngoaivu.drafts.tasks import purge_drafts_job

pytestmark = pytest.mark.django_db
PAGE = "/requests/7/"


def save(client, page=PAGE, field="text", text="Trả lời: đã liên hệ Sở Công Thương."):
    return client.post("/drafts/save/", {"page": page, "field": field, "text": text})


def listed(client, page=PAGE):
    response = client.get("/drafts/", {"page": page})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return response.json()["drafts"]


@pytest.mark.today("2026-06-01 10:05:00+07:00")
def test_save_list_and_discard(world):
    client = world.client("a_editor")
    assert save(client).status_code == 204
    [draft] = listed(client)
    assert draft["field"] == "text"
    assert draft["text"] == "Trả lời: đã liên hệ Sở Công Thương."
    assert draft["saved_at"] == "10:05 01/06/2026"  # Hanoi time, dd/mm/yyyy, the year never grouped
    assert save(client, text="Bản sửa").status_code == 204
    assert [d["text"] for d in listed(client)] == ["Bản sửa"]  # one per user, page and field
    assert Draft.objects.count() == 1
    assert client.post("/drafts/discard/", {"page": PAGE, "field": "text"}).status_code == 204
    assert listed(client) == []
    assert (
        client.post("/drafts/discard/", {"page": PAGE, "field": "text"}).status_code == 204
    )  # twice is fine


def test_an_empty_text_drops_the_draft(world):
    client = world.client("a_editor")
    save(client)
    assert save(client, text="  \n ").status_code == 204
    assert not Draft.objects.exists()


def test_text_is_nfc_and_encrypted_at_rest(world):
    client = world.client("a_editor")
    nfd = unicodedata.normalize("NFD", "Nội dung trả lời")
    save(client, text=nfd)
    assert listed(client)[0]["text"] == unicodedata.normalize("NFC", nfd)
    with connection.cursor() as cursor:
        cursor.execute("SELECT text FROM drafts_draft")
        (stored,) = cursor.fetchone()
    assert stored.startswith("enc1:")
    assert "trả lời" not in stored


def test_limits_answer_400_with_a_vietnamese_message(world):
    client = world.client("a_editor")
    response = save(client, text="x" * (MAX_TEXT_CHARS + 1))
    assert response.status_code == 400
    assert "20.000 ký tự" in response.json()["message"]
    assert save(client, text="x" * MAX_TEXT_CHARS).status_code == 204
    for bad in ("", "requests/7/", "//evil.example/", "https://evil.example/x", "/" + "a" * 600):
        response = save(client, page=bad)
        assert response.status_code == 400, bad
        assert "không hợp lệ" in response.json()["message"]
    assert save(client, field="").status_code == 400


def test_count_limit_per_user(world):
    user = world.users["a_editor"]
    Draft.objects.bulk_create(
        Draft(user=user, page=f"/p/{i}/", field="text", text="x", updated_at=timezone.now())
        for i in range(MAX_DRAFTS_PER_USER)
    )
    client = world.client("a_editor")
    response = save(client, page="/p/new/")
    assert response.status_code == 400
    assert "bản nháp" in response.json()["message"]
    assert save(client, page="/p/3/", text="an existing draft may still change").status_code == 204
    assert save(world.client("b_editor"), page="/p/new/").status_code == 204  # the limit is per user


def test_a_user_only_ever_sees_their_own_drafts(world):
    save(world.client("a_editor"), text="A's secret answer")
    for who in ("a_viewer", "b_editor", "ministry"):
        assert listed(world.client(who)) == [], who
    # discarding "the same" draft as someone else drops nothing of A's
    assert (
        world.client("b_editor").post("/drafts/discard/", {"page": PAGE, "field": "text"}).status_code == 204
    )
    assert [d["text"] for d in listed(world.client("a_editor"))] == ["A's secret answer"]


@pytest.mark.parametrize("who", ["anonymous", "inactive"])
def test_signed_out_users_are_sent_to_sign_in(world, who):
    client = world.client(who)
    for response in (
        client.get("/drafts/", {"page": PAGE}),
        save(client),
        client.post("/drafts/discard/", {"page": PAGE, "field": "text"}),
    ):
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
    assert not Draft.objects.exists()


def test_a_user_without_organisation_gets_403(world):
    client = world.client("noorg")
    assert client.get("/drafts/", {"page": PAGE}).status_code == 403
    assert save(client).status_code == 403


def test_csrf_is_required(world):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["a_editor"])
    assert save(client).status_code == 403
    assert not Draft.objects.exists()


def test_wrong_methods(world):
    client = world.client("a_editor")
    assert client.get("/drafts/save/").status_code == 405
    assert client.post("/drafts/", {"page": PAGE}).status_code == 405


def test_drafts_are_not_audited(world):
    client = world.client("a_editor")
    before = AuditEvent.objects.count()
    save(client)
    client.post("/drafts/discard/", {"page": PAGE, "field": "text"})
    assert AuditEvent.objects.count() == before


def test_purge_drops_drafts_older_than_30_days():
    from ngoaivu.accounts.models import User

    user = User.objects.create_user(username="drafter", password="x")
    with freeze_time("2026-05-01 09:00:00+07:00"):
        services.draft_save(actor=user, page="/old/", field="text", text="cũ")
    with freeze_time("2026-05-20 09:00:00+07:00"):
        services.draft_save(actor=user, page="/recent/", field="text", text="mới")
    with freeze_time("2026-05-31 09:00:01+07:00"):
        assert purge_drafts_job.call() == {"drafts": 1}
        assert purge_drafts_job.call() == {"drafts": 0}  # idempotent
    assert list(Draft.objects.values_list("page", flat=True)) == ["/recent/"]


def test_purge_job_is_scheduled():
    from django.conf import settings

    assert ("ngoaivu.drafts.tasks.purge_drafts_job", 86400) in settings.NGOAIVU_PERIODIC_JOBS


def test_service_refuses_a_full_url_as_page(world):
    with pytest.raises(ServiceError):
        services.draft_save(actor=world.users["a_editor"], page="http://x/", field="t", text="t")


# ---- a form that went through spends its page's drafts (drafts.middleware.DraftCleanupMiddleware) ----------


def partner_form():
    from ngoaivu.directory.models import Country

    return {
        "kind": "agency",
        "name": "Kansai Economic Federation",
        "name_vi": "Liên đoàn Kinh tế Kansai",
        "country": Country.objects.get(iso2="JP").pk,
        "visibility": "shared",
    }


def test_a_saved_form_drops_the_drafts_of_its_page_only(world):
    client = world.client("a_editor")
    page = "/directory/partners/new/"
    save(client, page=page, field="description", text="Giới thiệu dở dang")
    save(client, page="/other/", field="description", text="another page")
    save(world.client("b_editor"), page=page, field="description", text="B's own")
    response = client.post(page, partner_form(), headers={"Referer": f"http://testserver{page}"})
    assert response.status_code == 302
    assert listed(client, page) == []
    assert len(listed(client, "/other/")) == 1
    assert len(listed(world.client("b_editor"), page)) == 1


def test_an_invalid_form_keeps_the_drafts(world):
    client = world.client("a_editor")
    page = "/directory/partners/new/"
    save(client, page=page, field="description")
    response = client.post(
        page, {**partner_form(), "name": ""}, headers={"Referer": f"http://testserver{page}"}
    )
    assert response.status_code == 400
    assert len(listed(client, page)) == 1


def test_an_off_site_referer_drops_nothing(world):
    client = world.client("a_editor")
    page = "/directory/partners/new/"
    save(client, page=page, field="description")
    client.post(page, partner_form(), headers={"Referer": f"https://evil.example{page}"})
    assert len(listed(client, page)) == 1


def test_a_refused_workflow_button_keeps_the_drafts(world):
    from ngoaivu.core.testing.world import make_request

    req = make_request(world, "A", ["X"])
    client = world.client("x_officer")
    page = f"/requests/{req.pk}/"
    save(client, page=page, field=f"/requests/{req.pk}/action/answer/#text", text="Câu trả lời dài")
    # an answer without text is refused by the service: run_action flashes the error and redirects
    response = client.post(
        f"/requests/{req.pk}/action/answer/", {"text": ""}, headers={"Referer": f"http://testserver{page}"}
    )
    assert response.status_code == 302
    assert len(listed(client, page)) == 1


def test_another_form_of_the_page_keeps_the_answer_being_typed(world):
    """Acknowledging a request (one form of its page) must not spend the answer typed in another form."""
    from ngoaivu.core.testing.world import make_request

    req = make_request(world, "A", ["X"])
    client = world.client("x_officer")
    page = f"/requests/{req.pk}/"
    answer = f"/requests/{req.pk}/action/answer/#text"
    save(client, page=page, field=answer, text="Câu trả lời dài đang soạn")
    save(client, page=page, field=f"/requests/{req.pk}/action/acknowledge/#note", text="ghi chú")
    response = client.post(
        f"/requests/{req.pk}/action/acknowledge/", {}, headers={"Referer": f"http://testserver{page}"}
    )
    assert response.status_code == 302
    assert [d["field"] for d in listed(client, page)] == [answer]


def test_changing_the_language_keeps_the_drafts(world):
    client = world.client("a_editor")
    save(client, page="/directory/partners/new/", field="description")
    client.post(
        "/i18n/setlang/",
        {"language": "en", "next": "/directory/partners/new/"},
        headers={"Referer": "http://testserver/directory/partners/new/"},
    )
    assert len(listed(client, "/directory/partners/new/")) == 1
