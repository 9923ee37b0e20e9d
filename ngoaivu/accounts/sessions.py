"""How long a signed-in session has left: the idle timeout (SESSION_COOKIE_AGE, renewed by every request)
and the absolute cap (NGOAIVU_SESSION_MAX_HOURS since sign-in, enforced by UserLanguageMiddleware).

The idle notice (js/session.js) reads these numbers; the keep-alive endpoint renews the session like any
request and answers what is left, never more than the cap. `stored_status` reads a session without
renewing it, for the check made when the page's clock says the session has run out."""

from __future__ import annotations

import time
from importlib import import_module
from typing import Any

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import constant_time_compare

from ngoaivu.accounts.middleware import SESSION_STARTED

WARN_SECONDS = 120  # the notice shows this long before the idle sign-out


def cap_seconds_left(data: Any, now: float | None = None) -> float | None:
    """Seconds until the absolute cap for a session's data (None before the first signed-in request)."""
    started = data.get(SESSION_STARTED)
    if started is None:
        return None
    now = time.time() if now is None else now
    return settings.NGOAIVU_SESSION_MAX_HOURS * 3600 - (now - float(started))


def seconds_left(request: HttpRequest) -> int:
    """For a signed-in request going through the session middleware (which renews the session as it answers):
    the idle age it will get, cut to the absolute cap."""
    left: float = request.session.get_expiry_age()
    cap = cap_seconds_left(request.session)
    if cap is not None:
        left = min(left, cap)
    return max(0, int(left))


def stored_status(session_key: str | None) -> tuple[bool, int]:
    """(signed in, seconds left) of the stored session `session_key`, read without renewing it: the answer to
    "has my session really ended?" must not itself keep the session alive."""
    from ngoaivu.accounts.models import User

    if not session_key:
        return False, 0
    engine = import_module(settings.SESSION_ENGINE)
    store = engine.SessionStore(session_key)
    from_db = getattr(store, "_get_session_from_db", None)
    if from_db is not None:  # the database engines know when the stored session expires
        row = from_db()
        if row is None:
            return False, 0
        data = store.decode(row.session_data)
        left = (row.expire_date - timezone.now()).total_seconds()
    else:  # other engines drop an expired session themselves; its age is not exposed
        data = store.load()
        left = float(settings.SESSION_COOKIE_AGE)
    user_id = data.get(SESSION_KEY)
    if user_id is None or BACKEND_SESSION_KEY not in data:
        return False, 0
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or not constant_time_compare(
        data.get(HASH_SESSION_KEY, ""), user.get_session_auth_hash()
    ):
        return False, 0
    cap = cap_seconds_left(data)
    if cap is not None:
        left = min(left, cap)
    return left > 0, max(0, int(left))
