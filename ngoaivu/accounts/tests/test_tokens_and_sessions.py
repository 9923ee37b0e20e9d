"""Tokens and signed-in sessions under the user's control: API tokens (page and API, a cap of live tokens, an
expiry of at most a year, an organisation administrator revoking one), sessions (listed, ended one by one or
all others), and the revocation of every credential after a password change."""

from __future__ import annotations

from importlib import import_module

import pytest
from django.conf import settings
from django.utils import timezone, translation

from ngoaivu.accounts import services
from ngoaivu.accounts.models import ApiToken, User, UserSession
from ngoaivu.audit.models import AuditEvent


@pytest.fixture(autouse=True)
def _vietnamese():
    with translation.override("vi"):
        yield


def _store_has(key: str) -> bool:
    return import_module(settings.SESSION_ENGINE).SessionStore().exists(key)


def test_credentials_revoke_revokes_tokens_feed_and_other_sessions(world):
    user = world.users["a_editor"]
    _token, raw = services.api_token_create(actor=user, user=user, name="ci")
    services.calendar_token_issue(actor=user, user=user)
    engine = import_module(settings.SESSION_ENGINE)
    keys = []
    for _ in range(2):
        store = engine.SessionStore()
        store.create()
        keys.append(store.session_key)
        UserSession.objects.create(user=user, session_key=store.session_key, last_activity_at=timezone.now())
    services.credentials_revoke(actor=user, user=user, reason="password_change", keep_session_key=keys[0])
    assert services.api_token_user(raw) is None
    assert ApiToken.objects.get(user=user).revoked_reason == "password_change"
    assert User.objects.filter(pk=user.pk, calendar_token_hash__isnull=True).exists()
    assert _store_has(keys[0])
    assert not _store_has(keys[1])
    assert UserSession.objects.get(session_key=keys[1]).ended_at is not None
    assert UserSession.objects.get(session_key=keys[0]).ended_at is None
    event = AuditEvent.objects.get(action="user.credentials_revoke")
    assert event.changes["api_tokens_revoked"] == [None, 1]
    assert event.changes["sessions_ended"] == [None, 1]
    assert event.changes["calendar_feed_revoked"] == [None, True]
