"""Signing in: the password check with lockout and per-address limits, shared by the page and the API."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth import authenticate
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from ngoaivu.accounts.models import LoginThrottle, User
from ngoaivu.audit import services as audit
from ngoaivu.audit.models import AccessEvent
from ngoaivu.core import context, ratelimit
from ngoaivu.core.text import clean_text, fold


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
