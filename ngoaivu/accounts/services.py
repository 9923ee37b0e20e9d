from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Any

from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from ngoaivu.accounts.models import ApiToken, LoginThrottle, Organisation, Role, User
from ngoaivu.audit import services as audit
from ngoaivu.audit.models import AccessEvent
from ngoaivu.core import context, ratelimit
from ngoaivu.core.actors import Actor
from ngoaivu.core.exceptions import ServiceError
from ngoaivu.core.text import clean_text, fold, search_key, vi_sort_key

TOKEN_PREFIX = "nv_"  # noqa: S105 - a public prefix, not a secret


class InvalidCredentials(Exception):
    """Unknown user, wrong password, inactive account or locked account: one message for all."""

    def __init__(self, locked: bool = False) -> None:
        super().__init__("invalid credentials")
        self.locked = locked


def credentials_message() -> str:
    return _(
        "Tên đăng nhập hoặc mật khẩu không đúng. Sau %(n)d lần sai liên tiếp, tài khoản bị tạm khóa %(m)d phút."
    ) % {"n": settings.NGOAIVU_LOCKOUT_FAILURES, "m": settings.NGOAIVU_LOCKOUT_MINUTES}


def _throttle_key(username: str) -> str:
    return fold(username)[:150] or "-"


def signin_limited_message(retry_after: int) -> str:
    return _("Quá nhiều lần đăng nhập không thành công từ địa chỉ này. Xin thử lại sau %(s)d giây.") % {
        "s": retry_after
    }


def _signin_rate_key(ip: str) -> str:
    return f"signin:ip:{ip}"


def authenticate_with_lockout(request: HttpRequest | None, username: str, password: str) -> User:
    """Sign-in used by the login page and the token endpoint; counts failures per account and per address.

    Before any password is hashed: the client address's failed or pending attempts must be under
    NGOAIVU_RATE_LIMIT_SIGNIN (else `RateLimited`, 429), and the account key must not be locked. The lock check
    and the count of this attempt happen in one transaction under the throttle row's lock, and the attempt is
    counted *before* the password is compared (a right password resets the count), so parallel guesses cannot
    all pass the check first: at most NGOAIVU_LOCKOUT_FAILURES of them are ever compared. No lock is held while
    the hash runs. An unknown username is counted like a known one and costs the same hash (Django's
    ModelBackend hashes the password anyway), so neither the answer nor its timing tells which it was; a
    flood of unknown names is bounded by the two limits instead, and refused attempts hash nothing.
    """
    username = clean_text(username)
    key = _throttle_key(username)
    ip = context.current().ip
    address_rate = ratelimit.parse_rate(settings.NGOAIVU_RATE_LIMIT_SIGNIN) if ip else None
    counted = ratelimit.hit(_signin_rate_key(ip), address_rate) if ip else None
    if counted is not None and not counted.allowed:
        if counted.first_refused:
            audit.access(
                kind=AccessEvent.Kind.DENIED, username=username, detail="sign-in rate limit (address)"
            )
        raise ratelimit.RateLimited(counted.retry_after)
    now = timezone.now()
    with transaction.atomic():
        throttle, _created = LoginThrottle.objects.select_for_update().get_or_create(username_key=key)
        locked = throttle.locked_until is not None and throttle.locked_until > now
        if locked:
            audit.access(kind=AccessEvent.Kind.LOCKED, username=username, detail="attempt while locked")
        else:
            throttle.failures += 1  # counted now, given back below if the password is right
            throttle.last_failure_at = now
            locks_now = throttle.failures >= settings.NGOAIVU_LOCKOUT_FAILURES
            if locks_now:
                throttle.locked_until = now + dt.timedelta(minutes=settings.NGOAIVU_LOCKOUT_MINUTES)
                throttle.failures = 0
            throttle.save(update_fields=["failures", "last_failure_at", "locked_until"])
    if locked:
        raise InvalidCredentials(locked=True)
    user = authenticate(request, username=username, password=password)
    with transaction.atomic():
        if user is None:
            audit.access(kind=AccessEvent.Kind.LOGIN_FAILED, username=username)
            if locks_now:
                audit.access(kind=AccessEvent.Kind.LOCKED, username=username)
        else:
            LoginThrottle.objects.filter(username_key=key).update(failures=0, locked_until=None)
            audit.access(kind=AccessEvent.Kind.LOGIN, user=user)
    if user is None:
        raise InvalidCredentials(locked=locks_now)
    if ip:
        ratelimit.refund(_signin_rate_key(ip), address_rate)
    return user


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


@transaction.atomic
def organisation_upsert(*, actor: Actor, code: str, defaults: dict[str, Any]) -> tuple[Organisation, bool]:
    """Create or update a reference organisation; unchanged rows are left alone (no audit row)."""
    defaults = {k: clean_text(v) if isinstance(v, str) else v for k, v in defaults.items()}
    defaults["search_text"] = search_key(code, defaults.get("name_vi", ""), defaults.get("name_en", ""))
    defaults["sort_key"] = vi_sort_key(defaults.get("name_vi", ""))
    org, outcome = audit.upsert(
        Organisation.objects, actor=actor, lookup={"code": code}, values=defaults, target_is_org=True
    )
    return org, outcome == "created"


def _user_snapshot(user: User) -> dict[str, Any]:
    data = audit.snapshot(user)
    data.pop("last_login", None)
    data["roles"] = sorted(r.code for r in user.roles.all())
    return data


def _policy_errors(password: str, user: User) -> list[str]:
    """What AUTH_PASSWORD_VALIDATORS say against `password` for `user`, in the active language."""
    try:
        validate_password(password, user)
    except ValidationError as exc:
        return list(exc.messages)
    return []


@transaction.atomic
def user_create(
    *,
    actor: Actor,
    username: str,
    password: str,
    organisation: Organisation | None,
    roles: list[str],
    full_name: str = "",
    email: str = "",
    is_superuser: bool = False,
    check_password: bool = True,
) -> User:
    username = clean_text(username)
    errors: dict[str, list[str]] = {}
    if not username:
        errors["username"] = [_("Tên đăng nhập không được để trống.")]
    elif User.objects.filter(username__iexact=username).exists():
        errors["username"] = [_("Tên đăng nhập “%(u)s” đã tồn tại.") % {"u": username}]
    unknown = sorted(set(roles) - set(Role.objects.values_list("code", flat=True)))
    if unknown:
        errors["roles"] = [_("Vai trò không tồn tại: %(r)s") % {"r": ", ".join(unknown)}]
    if organisation is None and not is_superuser:
        errors["organisation"] = [_("Người dùng phải thuộc một đơn vị.")]
    user = User(
        username=username,
        full_name=clean_text(full_name),
        email=clean_text(email),
        organisation=organisation,
        is_superuser=is_superuser,
        is_staff=is_superuser,
    )
    if check_password and not errors and (policy := _policy_errors(password, user)):
        errors["password"] = policy
    if errors:
        raise ServiceError(_("Không tạo được người dùng."), errors)
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    user.roles.set(Role.objects.filter(code__in=roles))
    audit.record(
        actor=actor,
        action="user.create",
        target=user,
        after=_user_snapshot(user),
        target_org_id=user.organisation_id,
    )
    return user


@transaction.atomic
def password_change(*, actor: User, old_password: str, new_password: str, new_password_again: str) -> None:
    """The signed-in user's own password: the current one must be right and the new one pass the policy
    (AUTH_PASSWORD_VALIDATORS). Changing it signs out the user's other sessions (Django's session hash)."""
    errors: dict[str, list[str]] = {}
    if not actor.check_password(old_password):
        errors["old_password"] = [_("Mật khẩu hiện tại không đúng.")]
    if new_password != new_password_again:
        errors["new_password_again"] = [_("Hai lần nhập mật khẩu mới không khớp.")]
    elif new_password == old_password:
        errors["new_password"] = [_("Mật khẩu mới phải khác mật khẩu hiện tại.")]
    elif policy := _policy_errors(new_password, actor):
        errors["new_password"] = policy
    if errors:
        raise ServiceError(_("Chưa đổi được mật khẩu."), errors)
    actor.set_password(new_password)
    actor.save(update_fields=["password"])
    audit.record(
        actor=actor,
        action="user.password_change",
        target=actor,
        after={"password": "changed"},
        target_org_id=actor.organisation_id,
    )


@transaction.atomic
def user_set_language(*, actor: Actor, user: User, language: str) -> None:
    if language not in {"vi", "en"}:
        raise ServiceError(_("Ngôn ngữ không hợp lệ."), {"language": [_("Chọn vi hoặc en.")]})
    if user.language == language:
        return
    before = {"language": user.language}
    User.objects.filter(pk=user.pk).update(language=language)
    user.language = language
    audit.record(
        actor=actor,
        action="user.update",
        target=user,
        before=before,
        after={"language": language},
        target_org_id=user.organisation_id,
    )
