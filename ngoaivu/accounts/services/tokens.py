"""API tokens and the calendar feed token: only SHA-256 hashes are stored; the clear value is shown once."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from ngoaivu.accounts.models import ApiToken, User
from ngoaivu.audit import services as audit
from ngoaivu.audit.models import AccessEvent, AuditEvent
from ngoaivu.core.actors import Actor
from ngoaivu.core.exceptions import Forbidden, NotFound, ServiceError
from ngoaivu.core.text import clean_text

TOKEN_PREFIX = "nv_"  # noqa: S105 - a public prefix, not a secret
REVOKED_FOR_LIMIT = "limit"  # revoked_reason of the token a new one pushed out


def _hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@dataclass(frozen=True)
class NewToken:
    """A token just made: the row, its clear value (shown once), and the older token revoked to stay within
    NGOAIVU_API_TOKENS_PER_USER, if any. Unpacks as `(token, raw)` for callers that need only those."""

    token: ApiToken
    raw: str
    revoked: ApiToken | None = None

    def __iter__(self) -> Iterator[Any]:
        return iter((self.token, self.raw))


def _expiry(days: int | None, expires_on: dt.date | None) -> dt.datetime:
    """When a new token stops working: `expires_on` (through the end of that day, local time) or `days` from
    now, NGOAIVU_API_TOKEN_DAYS by default; never later than NGOAIVU_API_TOKEN_MAX_DAYS ahead."""
    limit = settings.NGOAIVU_API_TOKEN_MAX_DAYS
    now = timezone.now()
    if expires_on is not None:
        today = timezone.localdate()
        if expires_on <= today:
            raise ServiceError(
                _("Không tạo được token."), {"expires_on": [_("Ngày hết hạn phải sau hôm nay.")]}
            )
        if expires_on > today + dt.timedelta(days=limit):
            raise ServiceError(
                _("Không tạo được token."),
                {
                    "expires_on": [
                        _("Ngày hết hạn không được quá %(n)d ngày kể từ hôm nay (đến %(d)s).")
                        % {"n": limit, "d": (today + dt.timedelta(days=limit)).strftime("%d/%m/%Y")}
                    ]
                },
            )
        return timezone.make_aware(dt.datetime.combine(expires_on, dt.time(23, 59, 59)))
    if days is None:
        days = settings.NGOAIVU_API_TOKEN_DAYS
    if not 1 <= days <= limit:
        raise ServiceError(
            _("Không tạo được token."),
            {"expires_in_days": [_("Số ngày hiệu lực phải từ 1 đến %(n)d.") % {"n": limit}]},
        )
    return now + dt.timedelta(days=days)


def live_tokens(user: User) -> QuerySet[ApiToken]:
    """The user's tokens that still work (neither revoked nor expired)."""
    return ApiToken.objects.filter(
        user_id=user.pk or 0, revoked_at__isnull=True, expires_at__gt=timezone.now()
    )


def _make_room(actor: Actor, user: User) -> ApiToken | None:
    """At NGOAIVU_API_TOKENS_PER_USER live tokens, the one that matters least goes: a token never used (the
    oldest first), else the one used least recently. A script that keeps asking for tokens thus pushes out
    its own stale ones, not the token a colleague's integration uses every day."""
    live = live_tokens(user)
    if live.count() < settings.NGOAIVU_API_TOKENS_PER_USER:
        return None
    oldest = live.order_by(F("last_used_at").asc(nulls_first=True), "created_at", "pk").first()
    if oldest is None:
        return None
    _revoke(actor, oldest, REVOKED_FOR_LIMIT)
    return oldest


@transaction.atomic
def api_token_create(
    *,
    actor: Actor,
    user: User,
    name: str = "api",
    days: int | None = None,
    expires_on: dt.date | None = None,
) -> NewToken:
    """A named Bearer token for `user`, valid `days` (or through `expires_on`), at most a year. A user holds
    at most NGOAIVU_API_TOKENS_PER_USER live tokens: one more revokes the oldest unused (see `_make_room`),
    returned as `revoked` so the caller can say which."""
    expires_at = _expiry(days, expires_on)
    User.objects.select_for_update().filter(pk=user.pk).first()  # one token at a time per user: the cap holds
    revoked = _make_room(actor, user)
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=clean_text(name)[:100] or "api",
        prefix=raw[:10],
        key_hash=_hash_token(raw),
        expires_at=expires_at,
    )
    audit.record(
        actor=actor,
        action="api_token.create",
        target=token,
        after={"user": user.username, "name": token.name, "expires_at": token.expires_at.isoformat()},
        target_org_id=user.organisation_id,
    )
    audit.access(kind=AccessEvent.Kind.TOKEN, user=user, detail=token.prefix)
    return NewToken(token, raw, revoked)


def api_token_user(raw: str) -> User | None:
    """The active user a Bearer token signs in, or None (unknown, revoked, expired). Marks the token and the
    user as used (each at most every five minutes)."""
    if not raw or not raw.startswith(TOKEN_PREFIX) or len(raw) > 100:
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
    from ngoaivu.accounts.services.security import user_touch

    user_touch(token.user)
    return token.user


def _revoke(actor: Actor, token: ApiToken, reason: str) -> None:
    before = audit.snapshot(token)
    token.revoked_at = timezone.now()
    token.revoked_reason = reason[:200]
    token.save(update_fields=["revoked_at", "revoked_reason", "updated_at"])
    audit.record(
        actor=actor,
        action="api_token.revoke",
        target=token,
        before=before,
        after=audit.snapshot(token),
        target_org_id=token.user.organisation_id,
    )


def api_token_get_for_revoke(*, actor: User, token_id: int, user_id: int | None = None) -> ApiToken:
    """A live token `actor` may revoke: their own, or one of a user they administer (`User.objects.visible_to`:
    an organisation administrator's own organisation, or anyone for a site administrator). Anything else —
    someone else's, already revoked, missing — is not found (404). A site administrator's token is revoked by
    a site administrator only (403, as every other action on their account)."""
    if not all(-(2**63) <= v < 2**63 for v in (token_id, user_id or 0)):  # no database takes it: no such row
        raise NotFound()
    tokens = ApiToken.objects.select_related("user").filter(pk=token_id, revoked_at__isnull=True)
    if user_id is not None:
        tokens = tokens.filter(user_id=user_id)
    token = tokens.first()
    if token is None:
        raise NotFound()
    if token.user_id != actor.pk and not User.objects.visible_to(actor).filter(pk=token.user_id).exists():
        raise NotFound()
    owner = token.user
    if token.user_id != actor.pk and (owner.is_superuser or owner.is_staff) and not actor.scope.is_site_admin:
        # like every other action on a site administrator's account (services.users._managed): 403
        raise Forbidden(_("Chỉ quản trị hệ thống mới thu hồi được token của quản trị viên hệ thống."))
    return token


@transaction.atomic
def api_token_revoke(*, actor: Actor, token: ApiToken, reason: str = "") -> None:
    """Revoke a token. A person may revoke their own; an organisation or site administrator one of a user
    they administer; anyone else gets NotFound (the token's existence is not revealed). System actors (the
    command line, jobs) may revoke any."""
    if isinstance(actor, User):
        api_token_get_for_revoke(actor=actor, token_id=token.pk)
        if not reason:
            reason = "owner" if token.user_id == actor.pk else "admin"
    if token.revoked_at is not None:
        return
    _revoke(actor, token, reason or "system")


# --- the personal calendar feed -----------------------------------------------------------------------------


@transaction.atomic
def calendar_token_issue(*, actor: Actor, user: User) -> str:
    """A new secret for the user's personal iCalendar feed URL, returned once: only its hash is kept, so the
    URL cannot be shown again, and a previous URL stops working."""
    raw = secrets.token_urlsafe(32)
    had = User.objects.filter(pk=user.pk, calendar_token_hash__isnull=False).exists()
    User.objects.filter(pk=user.pk).update(calendar_token_hash=_hash_token(raw))
    user.calendar_token_hash = _hash_token(raw)
    audit.record(
        actor=actor,
        action="calendar_token.rotate" if had else "calendar_token.create",
        target=user,
        verb=AuditEvent.Verb.UPDATE,
        after={"calendar_token": audit.REDACTED},
        target_org_id=user.organisation_id,
    )
    return raw


@transaction.atomic
def calendar_token_revoke(*, actor: Actor, user: User) -> bool:
    """Remove the user's feed (its URL stops working); whether there was one."""
    if not User.objects.filter(pk=user.pk, calendar_token_hash__isnull=False).update(
        calendar_token_hash=None
    ):
        return False
    user.calendar_token_hash = None
    audit.record(
        actor=actor,
        action="calendar_token.revoke",
        target=user,
        verb=AuditEvent.Verb.UPDATE,
        before={"calendar_token": audit.REDACTED},
        target_org_id=user.organisation_id,
    )
    return True


def calendar_token_user(raw: str) -> User | None:
    """The active user whose feed this is, or None (unknown or revoked token, deactivated user)."""
    if not raw or len(raw) > 64:
        return None
    return (
        User.objects.filter(calendar_token_hash=_hash_token(raw), is_active=True)
        .select_related("organisation")
        .first()
    )
