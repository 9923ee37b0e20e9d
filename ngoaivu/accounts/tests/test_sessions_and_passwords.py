"""ASVS V6/V7: the password policy, a new session id at sign-in, sign-out ending the session for good, and a
password change ending the user's other sessions."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

from ngoaivu.audit.models import AuditEvent
from ngoaivu.core.testing.world import PASSWORD

GOOD = "Hoi-nghi-xuc-tien-2026!"


@pytest.fixture(autouse=True)
def _vietnamese():
    with translation.override("vi"):
        yield


def _sign_in(username: str) -> Client:
    client = Client()
    response = client.post("/accounts/login/", {"username": username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def test_signing_in_gives_a_new_session_id(world):
    client = Client()
    session = client.session  # an anonymous session exists before sign-in
    session["probe"] = 1
    session.save()
    before = session.session_key
    client.cookies[settings.SESSION_COOKIE_NAME] = before
    assert client.post("/accounts/login/", {"username": "a_editor", "password": PASSWORD}).status_code == 302
    after = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert after
    assert after != before


def test_signing_out_ends_the_session_for_good(world):
    client = _sign_in("a_editor")
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert client.get("/accounts/me/").status_code == 200
    client.post("/accounts/logout/")
    replay = Client()
    replay.cookies[settings.SESSION_COOKIE_NAME] = cookie  # the old cookie, kept by an attacker
    response = replay.get("/accounts/me/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize(
    ("new", "field", "words"),
    [
        ("ngan-qua", "new_password", "quá ngắn"),
        ("password1234", "new_password", "phổ biến"),
        ("394857203948571", "new_password", "số"),
        ("a_editor2026", "new_password", "giống"),
    ],
)
def test_a_weak_new_password_is_refused_with_the_reason_and_nothing_changes(world, new, field, words):
    client = _sign_in("a_editor")
    response = client.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password": new, "new_password_again": new},
    )
    assert response.status_code == 400
    errors = " ".join(str(e) for e in response.context["form"].errors[field])
    assert words in errors.lower(), errors
    world.users["a_editor"].refresh_from_db()
    assert world.users["a_editor"].check_password(PASSWORD)


def test_a_wrong_current_password_or_a_mismatch_is_refused(world):
    client = _sign_in("a_editor")
    response = client.post(
        "/accounts/password/", {"old_password": "sai", "new_password": GOOD, "new_password_again": GOOD}
    )
    assert response.status_code == 400
    assert "không đúng" in response.content.decode()
    response = client.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password": GOOD, "new_password_again": GOOD + "x"},
    )
    assert "không khớp" in response.content.decode()
    world.users["a_editor"].refresh_from_db()
    assert world.users["a_editor"].check_password(PASSWORD)


def test_changing_the_password_keeps_this_session_ends_the_others_and_is_audited(world):
    here = _sign_in("a_editor")
    elsewhere = _sign_in("a_editor")
    response = here.post(
        "/accounts/password/", {"old_password": PASSWORD, "new_password": GOOD, "new_password_again": GOOD}
    )
    assert response.status_code == 302
    assert here.get("/accounts/me/").status_code == 200
    assert elsewhere.get("/accounts/me/").status_code == 302  # signed out
    world.users["a_editor"].refresh_from_db()
    assert world.users["a_editor"].check_password(GOOD)
    event = AuditEvent.objects.get(action="user.password_change")
    assert event.actor == world.users["a_editor"]
    assert GOOD not in str(event.changes)
