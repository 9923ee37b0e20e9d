"""Reads of what a user signs in with: their API tokens (never the secret, which is not stored) and their
signed-in sessions, with a readable device summary."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from importlib import import_module

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from ngoaivu.accounts.models import ApiToken, User, UserSession

# revoked_reason codes written by the services, in words (other reasons are stored as words already)
REVOKED_REASONS = {
    "limit": lambda: _("Thu hồi tự động: vượt quá số token tối đa"),
    "owner": lambda: _("Người dùng tự thu hồi"),
    "admin": lambda: _("Quản trị viên thu hồi"),
    "system": lambda: _("Thu hồi bằng lệnh quản trị"),
    "password_change": lambda: _("Thu hồi khi đổi mật khẩu"),
}


def revoked_reason_words(code: str) -> str:
    words = REVOKED_REASONS.get(code)
    return words() if words is not None else code


def token_state(token: ApiToken, now: dt.datetime | None = None) -> str:
    """`active`, `expired` or `revoked`."""
    now = now or timezone.now()
    if token.revoked_at is not None:
        return "revoked"
    if token.expires_at <= now:
        return "expired"
    return "active"


def token_state_words(token: ApiToken, now: dt.datetime | None = None) -> str:
    state = token_state(token, now)
    if state == "revoked":
        reason = revoked_reason_words(token.revoked_reason)
        return _("Đã thu hồi") + (f" ({reason})" if reason else "")
    if state == "expired":
        return _("Đã hết hạn")
    return _("Đang dùng")


def token_list(*, user: User) -> QuerySet[ApiToken]:
    """The user's own tokens, newest first (revoked and expired ones too, so that the history is visible)."""
    return ApiToken.objects.filter(user_id=user.pk or 0).order_by("-created_at", "-pk")


def live_token_count(*, user: User) -> int:
    return ApiToken.objects.filter(
        user_id=user.pk or 0, revoked_at__isnull=True, expires_at__gt=timezone.now()
    ).count()


def user_token_list(*, actor: User, user: User) -> QuerySet[ApiToken]:
    """The tokens of a person `actor` administers (`User.objects.visible_to`); nothing otherwise."""
    visible = User.objects.visible_to(actor).filter(pk=user.pk or 0)
    return ApiToken.objects.filter(user__in=visible).order_by("-created_at", "-pk")


def _alive_keys(keys: list[str]) -> set[str]:
    """The keys among `keys` whose session is still in the store and not expired (an idle session expires
    without anyone signing out, and a sign-in elsewhere in the same browser replaces the key)."""
    if not keys:
        return set()
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    model = getattr(store, "model", None)
    if model is not None:  # the database engines: one query
        rows = model.objects.filter(session_key__in=keys, expire_date__gt=timezone.now())
        return set(rows.values_list("session_key", flat=True))
    return {k for k in keys if store.exists(k)}


def session_list(*, user: User) -> list[UserSession]:
    """The user's signed-in sessions that still work, most recently active first."""
    capped = timezone.now() - dt.timedelta(hours=settings.NGOAIVU_SESSION_MAX_HOURS)
    rows = list(
        UserSession.objects.filter(
            user_id=user.pk or 0, ended_at__isnull=True, created_at__gt=capped
        ).order_by("-last_activity_at", "-pk")
    )
    alive = _alive_keys([r.session_key for r in rows])
    return [r for r in rows if r.session_key in alive]


def session_get(*, user: User, session_id: int) -> UserSession | None:
    if not -(2**63) <= session_id < 2**63:  # no database takes it: no such row
        return None
    return UserSession.objects.filter(pk=session_id, user_id=user.pk or 0, ended_at__isnull=True).first()


# --- a device in words, from the User-Agent (enough to tell "my office PC" from "a phone I do not know") ----

BROWSERS = (  # order matters: Edge and Opera also say "Chrome", Chrome also says "Safari"
    ("Edge", re.compile(r"Edg(?:e|A|iOS)?/(\d+)")),
    ("Opera", re.compile(r"OPR/(\d+)")),
    ("Cốc Cốc", re.compile(r"coc_coc_browser/(\d+)")),
    ("Firefox", re.compile(r"(?:Firefox|FxiOS)/(\d+)")),
    ("Chrome", re.compile(r"(?:Chrome|CriOS)/(\d+)")),
    ("Safari", re.compile(r"Version/(\d+)[\d.]* (?:Mobile/\S+ )?Safari/")),
)
SYSTEMS = (
    ("Windows", re.compile(r"Windows NT")),
    ("Android", re.compile(r"Android")),
    ("iPhone", re.compile(r"iPhone")),
    ("iPad", re.compile(r"iPad")),
    ("macOS", re.compile(r"Mac OS X|Macintosh")),
    ("Linux", re.compile(r"Linux|X11")),
)


@dataclass(frozen=True)
class Device:
    browser: str
    system: str

    def __str__(self) -> str:
        if self.browser and self.system:
            return _("%(b)s trên %(s)s") % {"b": self.browser, "s": self.system}
        return self.browser or self.system or _("Thiết bị không rõ")


def device_summary(user_agent: str) -> Device:
    """The browser with its major version, and the operating system ("Chrome 131 trên Windows")."""
    browser = ""
    for name, pattern in BROWSERS:
        found = pattern.search(user_agent)
        if found:
            browser = f"{name} {found[1]}"
            break
    system = next((name for name, pattern in SYSTEMS if pattern.search(user_agent)), "")
    return Device(browser, system)
