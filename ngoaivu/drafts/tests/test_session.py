"""The idle notice's server side (keep-alive, the non-renewing status, the facts in the page) and the way
back after a sign-out: a form posted while signed out leads through sign-in to the page it was on."""

from __future__ import annotations

import time

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone
from freezegun import freeze_time

from ngoaivu.accounts.middleware import SESSION_STARTED
from ngoaivu.core.testing.world import PASSWORD

pytestmark = pytest.mark.django_db
IDLE = settings.SESSION_COOKIE_AGE


def stored_expiry(client):
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    return Session.objects.get(session_key=key).expire_date


def signed_in_client(world, who="a_editor"):
    client = Client()
    client.force_login(world.users[who])
    client.get("/")  # the first signed-in request stamps the session's start (absolute cap)
    return client


def test_settings_read_the_idle_and_cap_from_the_environment():
    assert IDLE == 15 * 60
    assert settings.NGOAIVU_SESSION_MAX_HOURS == 10


def test_keep_alive_renews_the_session_and_says_how_long_it_has(world):
    client = signed_in_client(world)
    with freeze_time(timezone.now() + timezone.timedelta(minutes=13)):
        before = stored_expiry(client)
        response = client.post("/session/keep-alive/")
        assert response.status_code == 200
        assert response.json() == {"signed_in": True, "seconds_left": IDLE, "warn_seconds": 120}
        assert stored_expiry(client) > before
        assert response["Cache-Control"].startswith("max-age=0") or "no-store" in response["Cache-Control"]


def test_keep_alive_never_goes_past_the_absolute_cap(world):
    client = signed_in_client(world)
    cap = settings.NGOAIVU_SESSION_MAX_HOURS * 3600
    with freeze_time("2026-03-02 09:00:00"):
        session = client.session
        session[SESSION_STARTED] = time.time() - cap + 300  # five minutes of the cap left
        session.save()
        answer = client.post("/session/keep-alive/").json()
        assert answer["signed_in"] is True
        assert answer["seconds_left"] == 300
        session = client.session
        session[SESSION_STARTED] = time.time() - cap - 1  # past the cap: the keep-alive cannot bring it back
        session.save()
        response = client.post("/session/keep-alive/")
    assert response.status_code == 401
    assert response.json() == {"signed_in": False, "seconds_left": 0}


def test_keep_alive_needs_csrf_and_post(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["a_editor"])
    assert client.post("/session/keep-alive/").status_code == 403
    assert world.client("a_editor").get("/session/keep-alive/").status_code == 405


def test_keep_alive_signed_out_answers_401(world):
    response = Client().post("/session/keep-alive/")
    assert response.status_code == 401
    assert response.json()["signed_in"] is False


def test_status_does_not_renew_the_session(world):
    client = signed_in_client(world)
    expiry = stored_expiry(client)
    with freeze_time(timezone.now() + timezone.timedelta(minutes=14)):
        answer = client.get("/session/status/").json()
        assert answer["signed_in"] is True
        assert 50 <= answer["seconds_left"] <= 60
        assert stored_expiry(client) == expiry
    with freeze_time(timezone.now() + timezone.timedelta(minutes=15, seconds=5)):
        assert client.get("/session/status/").json() == {
            "signed_in": False,
            "seconds_left": 0,
            "warn_seconds": 120,
        }


def test_status_of_a_deleted_session_or_a_stranger(world):
    client = signed_in_client(world)
    Session.objects.all().delete()
    assert client.get("/session/status/").json()["signed_in"] is False
    assert Client().get("/session/status/").json()["signed_in"] is False


def test_status_after_a_password_change_elsewhere(world):
    client = signed_in_client(world)
    user = world.users["a_editor"]
    user.set_password("another-password-2026")
    user.save()
    assert client.get("/session/status/").json()["signed_in"] is False


def test_pages_carry_the_session_facts_and_the_notice(world):
    html = world.client("a_editor").get("/").content.decode()
    assert 'id="session-facts"' in html
    assert 'data-signed-in="1"' in html
    assert f'data-user="{world.users["a_editor"].pk}"' in html  # a stash is restored for its own typist only
    assert f'data-seconds-left="{IDLE}"' in html
    assert 'data-warn-seconds="120"' in html
    assert 'role="alertdialog"' in html
    assert "Tiếp tục làm việc" in html
    assert "<script>" not in html.split('id="session-facts"')[1]  # CSP: no inline script
    assert " style=" not in html.split('id="session-facts"')[1]


def test_the_sign_in_page_has_facts_but_no_notice():
    html = Client().get("/accounts/login/").content.decode()
    assert 'data-signin-page="1"' in html
    assert 'data-signed-in="0"' in html
    assert 'role="alertdialog"' not in html


# ---- the way back after a sign-out ----------------------------------------------------------------------------


def test_a_form_posted_signed_out_comes_back_to_its_page_not_the_post_only_action():
    response = Client().post(
        "/requests/7/action/answer/",
        {"text": "Câu trả lời"},
        headers={"Referer": "http://testserver/requests/7/?tab=answers"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=%2Frequests%2F7%2F%3Ftab%3Danswers"


def test_after_sign_in_the_next_page_answers_get(world):
    from ngoaivu.core.testing.world import make_request

    req = make_request(world, "A", ["X"])
    client = Client()
    page = f"/requests/{req.pk}/"
    response = client.post(
        f"/requests/{req.pk}/action/answer/", {"text": "x"}, headers={"Referer": f"http://testserver{page}"}
    )
    login = response["Location"]
    assert client.get(login).status_code == 200
    signed = client.post(login, {"username": "x_officer", "password": PASSWORD})
    assert signed.status_code == 302
    assert signed["Location"] == page
    assert client.get(page).status_code == 200


def test_the_sign_in_page_says_why(world):
    client = Client()
    response = client.post(
        "/requests/7/action/answer/",
        {"text": "x"},
        headers={"Referer": "http://testserver/requests/7/"},
        follow=True,
    )
    assert response.status_code == 200
    assert "Phiên đăng nhập đã hết hạn nên nội dung chưa được gửi" in response.content.decode()


@pytest.mark.parametrize(
    "referer",
    [
        "https://evil.example/requests/7/",
        "//evil.example/requests/7/",
        "javascript:alert(1)",
        "http://testserver.evil.example/requests/7/",
        "",
    ],
)
def test_an_off_site_or_missing_referer_is_ignored(referer):
    headers = {"Referer": referer} if referer else {}
    response = Client().post("/requests/7/action/answer/", {"text": "x"}, headers=headers)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/"


def test_a_referer_back_to_the_sign_in_page_is_not_a_next():
    response = Client().post(
        "/requests/7/action/answer/", {}, headers={"Referer": "http://testserver/accounts/login/?next=/x/"}
    )
    assert response["Location"] == "/accounts/login/"


def test_a_signed_out_get_keeps_django_s_next():
    response = Client().get("/requests/7/")
    assert response["Location"] == "/accounts/login/?next=/requests/7/"


def test_a_signed_out_htmx_request_is_redirected_not_swapped():
    response = Client().get(
        "/directory/partners/?q=abc",
        headers={"HX-Request": "true", "HX-Current-URL": "http://testserver/directory/partners/?q=ab"},
    )
    assert response.status_code == 200
    assert response["HX-Redirect"] == "/accounts/login/?next=%2Fdirectory%2Fpartners%2F%3Fq%3Dab"
    assert response.content == b""


def test_a_signed_out_htmx_post_goes_to_the_page_it_was_on():
    response = Client().post(
        "/requests/7/action/acknowledge/",
        {},
        headers={
            "HX-Request": "true",
            "HX-Current-URL": "https://evil.example/x/",
            "Referer": "http://testserver/requests/7/",
        },
    )
    assert response["HX-Redirect"] == "/accounts/login/?next=%2Frequests%2F7%2F"


def test_signed_in_redirects_are_untouched(world):
    client = world.client("a_editor")
    response = client.post(
        "/i18n/setlang/", {"language": "vi", "next": "/"}, headers={"Referer": "https://evil.example/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_the_api_is_untouched():
    assert Client().get("/api/v1/me").status_code == 401


def test_switching_language_on_the_sign_in_page_says_nothing_about_an_ended_session(client):
    """The walk: clicking "English" on the sign-in page showed "Phiên đăng nhập đã hết hạn…" (set_language
    answers with a redirect to the sign-in page, which is not login_required's redirect)."""
    response = client.post(
        "/i18n/setlang/",
        {"language": "en", "next": "/accounts/login/"},
        headers={"Referer": "http://testserver/accounts/login/"},
        follow=True,
    )
    assert response.status_code == 200
    assert not list(response.context["messages"])
