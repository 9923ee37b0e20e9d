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
from ngoaivu.accounts.services.mfa import mfa_enabled, mfa_verify
from ngoaivu.audit import services as audit
from ngoaivu.audit.models import AccessEvent
from ngoaivu.core import context, ratelimit
from ngoaivu.core.exceptions import ServiceError
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


def _address_attempt(username: str, *, denied_detail: str) -> tuple[str | None, ratelimit.Rate | None]:
    """Counts one attempt against the client address's limit (NGOAIVU_RATE_LIMIT_SIGNIN) before anything is
    hashed or compared; raises `RateLimited` when it is spent. Answers the address and its rate, for the refund
    of an attempt that turns out right."""
    ip = context.current().ip
    address_rate = ratelimit.parse_rate(settings.NGOAIVU_RATE_LIMIT_SIGNIN) if ip else None
    counted = ratelimit.hit(_signin_rate_key(ip), address_rate) if ip else None
    if counted is not None and not counted.allowed:
        if counted.first_refused:
            audit.access(kind=AccessEvent.Kind.DENIED, username=username, detail=denied_detail)
        raise ratelimit.RateLimited(counted.retry_after)
    return ip, address_rate


def _count_attempt(key: str, username: str, *, locked_detail: str) -> tuple[bool, bool]:
    """The account's side, in one transaction under the throttle row's lock: (locked already, locked by this
    attempt). An attempt not refused as locked is counted *before* its password or code is compared, so
    parallel guesses cannot all pass the check first; a right answer gives it back (`_clear_count`)."""
    now = timezone.now()
    locks_now = False
    with transaction.atomic():
        throttle, _created = LoginThrottle.objects.select_for_update().get_or_create(username_key=key)
        locked = throttle.locked_until is not None and throttle.locked_until > now
        if locked:
            audit.access(kind=AccessEvent.Kind.LOCKED, username=username, detail=locked_detail)
        else:
            throttle.failures += 1
            throttle.last_failure_at = now
            locks_now = throttle.failures >= settings.NGOAIVU_LOCKOUT_FAILURES
            if locks_now:
                throttle.locked_until = now + dt.timedelta(minutes=settings.NGOAIVU_LOCKOUT_MINUTES)
                throttle.failures = 0
            throttle.save(update_fields=["failures", "last_failure_at", "locked_until"])
    return locked, locks_now


def _clear_count(key: str) -> None:
    LoginThrottle.objects.filter(username_key=key).update(failures=0, locked_until=None)


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
    ip, address_rate = _address_attempt(username, denied_detail="sign-in rate limit (address)")
    locked, locks_now = _count_attempt(key, username, locked_detail="attempt while locked")
    if locked:
        raise InvalidCredentials(locked=True)
    user = authenticate(request, username=username, password=password)
    with transaction.atomic():
        if user is None:
            audit.access(kind=AccessEvent.Kind.LOGIN_FAILED, username=username)
            if locks_now:
                audit.access(kind=AccessEvent.Kind.LOCKED, username=username)
        elif isinstance(user, User) and mfa_enabled(user):
            _give_back_attempt(key, locked_by_it=locks_now)  # signed in only once the code is right
        else:
            _clear_count(key)
            audit.access(kind=AccessEvent.Kind.LOGIN, user=user)
    if user is None:
        raise InvalidCredentials(locked=locks_now)
    if ip:
        ratelimit.refund(_signin_rate_key(ip), address_rate)
    return user


def _give_back_attempt(key: str, *, locked_by_it: bool) -> None:
    """A right password of a user with two-factor sign-in: only this attempt is given back, not the whole
    count, so the wrong passwords and codes before it still count toward the lock — otherwise knowing the
    password would allow endless guesses at the code, four at a time."""
    throttle = LoginThrottle.objects.select_for_update().filter(username_key=key).first()
    if throttle is None:
        return
    if locked_by_it:
        throttle.failures = max(settings.NGOAIVU_LOCKOUT_FAILURES - 1, 0)
        throttle.locked_until = None
    else:
        throttle.failures = max(throttle.failures - 1, 0)
    throttle.save(update_fields=["failures", "locked_until"])


def verify_code_with_lockout(request: HttpRequest | None, user: User, code: str) -> None:
    """The second step of signing in (page, token endpoint, after single sign-on): a code from the app or a
    recovery code, counted on the same throttle row as passwords, in the same way as
    `authenticate_with_lockout`: the address limit first, then under the row lock the lock check and this
    attempt counted before the code is compared; a right code clears the count and is the moment the person
    is signed in (LOGIN). Raises `InvalidCredentials` (wrong code or locked) or `RateLimited`."""
    username = user.get_username()
    key = _throttle_key(username)
    ip, address_rate = _address_attempt(username, denied_detail="sign-in rate limit (address), code")
    locked, locks_now = _count_attempt(key, username, locked_detail="code while locked")
    if locked:
        raise InvalidCredentials(locked=True)
    right = user.is_active and mfa_verify(user=user, code=code)
    with transaction.atomic():
        if not right:
            audit.access(
                kind=AccessEvent.Kind.LOGIN_FAILED, username=username, detail="wrong two-factor code"
            )
            if locks_now:
                audit.access(kind=AccessEvent.Kind.LOCKED, username=username)
        else:
            _clear_count(key)
            audit.access(kind=AccessEvent.Kind.LOGIN, user=user, detail="two-factor")
    if not right:
        raise InvalidCredentials(locked=locks_now)
    if ip:
        ratelimit.refund(_signin_rate_key(ip), address_rate)


def password_recheck(*, user: User, password: str) -> None:
    """A signed-in user types the password again before a sensitive change (switching two-factor sign-in
    off). Counted on the same throttle row as sign-in attempts, in the same way (lock check and count under
    the row lock, before the hash), so a session left open is no way to guess the password without limit:
    NGOAIVU_LOCKOUT_FAILURES wrong ones lock the account. Raises `ServiceError` on `password` (wrong, or the
    account is locked); a right password clears the count."""
    username = user.get_username()
    key = _throttle_key(username)
    locked, locks_now = _count_attempt(key, username, locked_detail="password re-check while locked")
    if locked:
        raise ServiceError(locked_message(), {"password": [locked_message()]})
    if user.check_password(password or ""):
        _clear_count(key)
        return
    audit.access(kind=AccessEvent.Kind.LOGIN_FAILED, username=username, detail="wrong password (re-check)")
    if locks_now:
        audit.access(kind=AccessEvent.Kind.LOCKED, username=username)
        raise ServiceError(locked_message(), {"password": [locked_message()]})
    wrong = _("Mật khẩu không đúng.")
    raise ServiceError(wrong, {"password": [wrong]})


def locked_message() -> str:
    return _(
        "Tài khoản đang tạm khóa vì nhập sai mật khẩu hoặc mã quá %(n)d lần. Xin thử lại sau %(m)d phút."
    ) % {
        "n": settings.NGOAIVU_LOCKOUT_FAILURES,
        "m": settings.NGOAIVU_LOCKOUT_MINUTES,
    }
