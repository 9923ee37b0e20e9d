"""What a user signs in with, under the user's control: the signed-in sessions (`UserSession`, one row per
browser sign-in, so that its owner can see and end it) and the revocation of every credential at once (after a
password change or reset, or when two-factor sign-in is switched off)."""

from __future__ import annotations

import datetime as dt
from importlib import import_module

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from ngoaivu.accounts.models import ApiToken, User, UserSession
from ngoaivu.accounts.selectors import security as selectors
from ngoaivu.audit import services as audit
from ngoaivu.audit.models import AuditEvent
from ngoaivu.core.actors import Actor
from ngoaivu.core.client_address import client_address
from ngoaivu.core.exceptions import NotFound

TOUCH_EVERY = dt.timedelta(minutes=5)
USER_AGENT_MAX = 300


def user_touch(user: User) -> None:
    """Record that the user is active (`last_active_at`, read by the idle-account deactivation), at most once
    every five minutes: one UPDATE, and no audit row — activity is not a change anyone made, and a row per
    request would bury the real changes."""
    now = timezone.now()
    last = user.last_active_at
    if last is not None and now - last < TOUCH_EVERY:
        return
    User.objects.filter(pk=user.pk).update(last_active_at=now)
    user.last_active_at = now


def _store_delete(session_key: str) -> None:
    """Remove a session from the session store, so that its cookie no longer signs anyone in."""
    import_module(settings.SESSION_ENGINE).SessionStore(session_key).delete()


def _end_sessions(sessions: list[UserSession]) -> int:
    now = timezone.now()
    for row in sessions:
        _store_delete(row.session_key)
    UserSession.objects.filter(pk__in=[s.pk for s in sessions]).update(ended_at=now)
    for row in sessions:
        row.ended_at = now
    return len(sessions)


def _live_sessions(user: User) -> list[UserSession]:
    return list(UserSession.objects.filter(user_id=user.pk or 0, ended_at__isnull=True).order_by("pk"))


@transaction.atomic
def credentials_revoke(*, actor: Actor, user: User, reason: str, keep_session_key: str | None = None) -> None:
    """Everything that signs `user` in without the password, gone at once: live API tokens are revoked (with
    `reason`), the calendar feed token removed, every unused invitation or reset link revoked, and every
    signed-in session ended except `keep_session_key` (the browser that made the change). Used after a password
    change or reset, a deactivation, and when two-factor sign-in is disabled: whoever had learnt the old secret
    must not keep a way in (and a reactivated account revives no old link). One audit row with the counts."""
    now = timezone.now()
    tokens = ApiToken.objects.filter(user_id=user.pk or 0, revoked_at__isnull=True, expires_at__gt=now)
    token_count = tokens.update(revoked_at=now, revoked_reason=reason[:200], updated_at=now)
    feeds = User.objects.filter(pk=user.pk, calendar_token_hash__isnull=False)
    had_feed = feeds.update(calendar_token_hash=None) > 0
    user.calendar_token_hash = None
    ended = _end_sessions([s for s in _live_sessions(user) if s.session_key != keep_session_key])
    from ngoaivu.accounts.services.links import links_revoke  # links imports users, which imports this lazily

    links = links_revoke(user)
    audit.record(
        actor=actor,
        action="user.credentials_revoke",
        target=user,
        verb=AuditEvent.Verb.UPDATE,
        after={
            "reason": reason,
            "api_tokens_revoked": token_count,
            "calendar_feed_revoked": had_feed,
            "sessions_ended": ended,
            "account_links_revoked": links,
        },
        target_org_id=user.organisation_id,
    )


@transaction.atomic
def session_end(*, actor: User, user: User, session_id: int) -> UserSession:
    """End one of the user's own signed-in sessions (a lost laptop, a shared computer). Someone else's, or one
    already ended, is not found."""
    row = selectors.session_get(user=user, session_id=session_id)
    if row is None or actor.pk != user.pk:
        raise NotFound()
    _end_sessions([row])
    audit.record(
        actor=actor,
        action="user.session_end",
        target=user,
        verb=AuditEvent.Verb.UPDATE,
        after={"session": row.pk, "ip": row.ip, "user_agent": row.user_agent[:100]},
        target_org_id=user.organisation_id,
    )
    return row


@transaction.atomic
def sessions_end_others(*, actor: User, user: User, keep_session_key: str | None) -> int:
    """End every signed-in session of the user but the one in use; the number ended."""
    if actor.pk != user.pk:
        raise NotFound()
    ended = _end_sessions([s for s in _live_sessions(user) if s.session_key != keep_session_key])
    if ended:
        audit.record(
            actor=actor,
            action="user.sessions_end_others",
            target=user,
            verb=AuditEvent.Verb.UPDATE,
            after={"sessions_ended": ended},
            target_org_id=user.organisation_id,
        )
    return ended


# --- tracking: the rows follow the session store (signals and SessionActivityMiddleware) -------------------

SESSION_TRACK = "ngoaivu_session_track"  # {"id": row pk, "key": session key, "at": epoch seconds}


def session_track(request: HttpRequest, user: User) -> UserSession:
    """Record the request's session as a signed-in session of `user` (at sign-in, or on the first request of
    a session signed in before sessions were tracked), and remember the row in the session itself so that
    ordinary requests need no query to find it."""
    key = request.session.session_key
    if key is None:
        request.session.save()
        key = request.session.session_key or ""
    now = timezone.now()
    earlier = request.session.get(SESSION_TRACK) or {}
    if (
        earlier.get("id") and earlier.get("key") != key
    ):  # signed in again in the same browser: the old key is gone
        UserSession.objects.filter(pk=earlier["id"], ended_at__isnull=True).update(ended_at=now)
    row, _created = UserSession.objects.update_or_create(
        session_key=key,
        defaults={
            "user": user,
            "user_agent": request.META.get("HTTP_USER_AGENT", "")[:USER_AGENT_MAX],
            "ip": client_address(request),
            "last_activity_at": now,
            "ended_at": None,
        },
    )
    request.session[SESSION_TRACK] = {"id": row.pk, "key": key, "at": now.timestamp()}
    return row


def session_untrack(request: HttpRequest) -> None:
    """Sign-out: the row of the request's session is marked ended."""
    key = getattr(getattr(request, "session", None), "session_key", None)
    if key:
        UserSession.objects.filter(session_key=key, ended_at__isnull=True).update(ended_at=timezone.now())


def session_rekeyed(request: HttpRequest, row_id: int) -> None:
    """The session store gave the session a new key (Django's cycle_key, e.g. after a password change): the
    row follows it, so that the session stays listed and can still be ended."""
    key = request.session.session_key or ""
    UserSession.objects.filter(pk=row_id).update(session_key=key)
    track = dict(request.session.get(SESSION_TRACK) or {})
    track["key"] = key
    request.session[SESSION_TRACK] = track


def session_seen(request: HttpRequest, user: User, row_id: int) -> None:
    """The periodic (five-minute) activity mark of a tracked session, and of its user. A row that has gone
    (purged) is made again."""
    now = timezone.now()
    user_touch(user)
    if not UserSession.objects.filter(pk=row_id, ended_at__isnull=True).update(last_activity_at=now):
        session_track(request, user)
        return
    track = dict(request.session.get(SESSION_TRACK) or {})
    track["at"] = now.timestamp()
    request.session[SESSION_TRACK] = track
