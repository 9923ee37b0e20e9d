"""API tokens and the calendar feed token: only hashes are stored; the clear value is shown once."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ngoaivu.accounts.models import ApiToken, User
from ngoaivu.audit import services as audit
from ngoaivu.audit.models import AccessEvent
from ngoaivu.core.actors import Actor
from ngoaivu.core.text import clean_text

TOKEN_PREFIX = "nv_"  # noqa: S105 - a public prefix, not a secret


def _hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def api_token_create(
    *, actor: Actor, user: User, name: str = "api", days: int | None = None
) -> tuple[ApiToken, str]:
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=clean_text(name)[:100] or "api",
        prefix=raw[:10],
        key_hash=_hash_token(raw),
        expires_at=timezone.now() + dt.timedelta(days=days or settings.NGOAIVU_API_TOKEN_DAYS),
    )
    audit.record(
        actor=actor,
        action="api_token.create",
        target=token,
        after={"user": user.username, "name": token.name, "expires_at": token.expires_at.isoformat()},
        target_org_id=user.organisation_id,
    )
    audit.access(kind=AccessEvent.Kind.TOKEN, user=user, detail=token.prefix)
    return token, raw


@transaction.atomic
def calendar_token_issue(*, actor: Actor, user: User, rotate: bool = False) -> str:
    """The secret in a user's personal iCalendar feed URL: issued on first use, replaced (the old URL stops
    working) when `rotate` is asked."""
    if user.calendar_token and not rotate:
        return user.calendar_token
    user.calendar_token = secrets.token_urlsafe(32)
    User.objects.filter(pk=user.pk).update(calendar_token=user.calendar_token)
    audit.record(
        actor=actor,
        action="calendar_token.rotate" if rotate else "calendar_token.create",
        target=user,
        after={"calendar_token": audit.REDACTED},
        target_org_id=user.organisation_id,
    )
    return user.calendar_token


@transaction.atomic
def calendar_token_revoke(*, actor: Actor, user: User) -> None:
    if not user.calendar_token:
        return
    user.calendar_token = None
    User.objects.filter(pk=user.pk).update(calendar_token=None)
    audit.record(
        actor=actor,
        action="calendar_token.revoke",
        target=user,
        before={"calendar_token": audit.REDACTED},
        target_org_id=user.organisation_id,
    )


def calendar_token_user(raw: str) -> User | None:
    """The active user whose feed this is, or None (unknown or revoked token, deactivated user)."""
    if not raw or len(raw) > 64:
        return None
    user = User.objects.filter(calendar_token=raw, is_active=True).select_related("organisation").first()
    if user is None or not secrets.compare_digest(user.calendar_token or "", raw):
        return None
    return user


def api_token_user(raw: str) -> User | None:
    if not raw or not raw.startswith(TOKEN_PREFIX):
        return None
    token = (
        ApiToken.objects.select_related("user", "user__organisation")
        .filter(key_hash=_hash_token(raw))
        .first()
    )
    now = timezone.now()
    if token is None or token.revoked_at or token.expires_at <= now or not token.user.is_active:
        return None
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 300:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


@transaction.atomic
def api_token_revoke(*, actor: Actor, token: ApiToken) -> None:
    before = audit.snapshot(token)
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at", "updated_at"])
    audit.record(
        actor=actor,
        action="api_token.revoke",
        target=token,
        before=before,
        after=audit.snapshot(token),
        target_org_id=token.user.organisation_id,
    )
