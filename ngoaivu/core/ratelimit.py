"""Fixed-window request counters shared by every worker and app server (the API flood limit, the sign-in limit).

A counter is one row (`RateCounter`) bumped by a single `INSERT … ON CONFLICT … DO UPDATE … RETURNING`, atomic on
PostgreSQL and on SQLite: the default cache is per process (LocMemCache: each gunicorn worker would count alone)
and Django's `incr` on the database cache is a read then a write (two workers lose counts), so neither fits.
A fixed window lets a client send up to twice the limit across a window boundary; the limits are meant to stop
floods, not to meter, so that is accepted for one statement per request.

Rates are written `600/minute` (also `/second`, `/hour`, `/day`, or a number of seconds: `100/30`); an empty
value, `0` or `off` turns a limit off.
"""

from __future__ import annotations

import math
import random
import re
import threading
import time
from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja.errors import Throttled
from ninja.throttling import BaseThrottle

from ngoaivu.core import context
from ngoaivu.core.middleware import refusal
from ngoaivu.core.models import RateCounter

_UNITS = {
    "s": 1,
    "sec": 1,
    "second": 1,
    "m": 60,
    "min": 60,
    "minute": 60,
    "h": 3600,
    "hour": 3600,
    "day": 86400,
}
_RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([a-z]*)\s*$")
PURGE_ONE_IN = 50  # on average one new window in 50 also deletes the rows of ended windows


@dataclass(frozen=True)
class Rate:
    limit: int
    seconds: int


class RateLimited(Exception):
    """Too many requests from one address or credential: answered 429 with Retry-After."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(f"rate limited, retry after {retry_after} s")
        self.retry_after = retry_after


@lru_cache(maxsize=32)
def parse_rate(text: str | None) -> Rate | None:
    if text is None or text.strip().lower() in {"", "0", "off", "none"}:
        return None
    match = _RATE.match(text.lower())
    unit = match[3] if match else ""
    unit_seconds = _UNITS.get(unit) or _UNITS.get(unit.removesuffix("s")) if unit else 1
    if not match or not unit_seconds or (not unit and not match[2]):
        raise ImproperlyConfigured(f"Rate {text!r}: write it like 600/minute, 20/min or 100/30 (seconds).")
    seconds = int(match[2] or 1) * unit_seconds
    if int(match[1]) == 0 or seconds == 0:
        return None
    return Rate(limit=int(match[1]), seconds=seconds)


def _window_end(rate: Rate, now: float) -> int:
    return (int(now) // rate.seconds + 1) * rate.seconds


@dataclass(frozen=True)
class Hit:
    hits: int  # this request included
    limit: int
    retry_after: int  # seconds until the window ends

    @property
    def allowed(self) -> bool:
        return self.hits <= self.limit

    @property
    def first_refused(self) -> bool:
        """The first request over the limit in this window: the one worth a log line or an access event."""
        return self.hits == self.limit + 1


def hit(key: str, rate: Rate | None, *, now: float | None = None) -> Hit | None:
    """Counts one request for `key` in the current window (None when the limit is off). Refused requests are
    counted too, so a client that keeps sending stays refused until the window ends."""
    if rate is None:
        return None
    now = time.time() if now is None else now
    window_end = _window_end(rate, now)
    table = connection.ops.quote_name(RateCounter._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (key, window_end, hits) VALUES (%s, %s, 1) "  # noqa: S608 - our table name
            f"ON CONFLICT (key) DO UPDATE SET hits = CASE WHEN {table}.window_end = excluded.window_end "
            f"THEN {table}.hits + 1 ELSE 1 END, window_end = excluded.window_end RETURNING hits",
            [key[:200], window_end],
        )
        hits = int(cursor.fetchone()[0])
    if hits == 1 and random.randrange(PURGE_ONE_IN) == 0:  # noqa: S311 - not for security
        RateCounter.objects.filter(window_end__lt=int(now)).delete()
    return Hit(hits=hits, limit=rate.limit, retry_after=max(1, math.ceil(window_end - now)))


def refund(key: str, rate: Rate | None, *, now: float | None = None) -> None:
    """Takes back one request counted by `hit` in the same window (a sign-in that turned out right)."""
    if rate is None:
        return
    now = time.time() if now is None else now
    RateCounter.objects.filter(key=key[:200], window_end=_window_end(rate, now), hits__gt=0).update(
        hits=F("hits") - 1
    )


def too_many_requests(request: HttpRequest, retry_after: int, message: str = "") -> HttpResponse:
    """429 with Retry-After: the problem body on the API, the message as text elsewhere (core.middleware.refusal).
    Pages that keep their form (the sign-in page) render their own 429 with `message`."""
    message = message or _("Quá nhiều yêu cầu trong thời gian ngắn; xin thử lại sau %(s)d giây.") % {
        "s": retry_after
    }
    response = refusal(request, 429, "rate_limited", _("Quá nhiều yêu cầu"), message)
    response["Retry-After"] = str(retry_after)
    return response


def _api_key(request: HttpRequest) -> str:
    """Who an API call is counted against: the signed-in user, whatever the credential (a token or the browser
    session; users mint their own tokens, so counting per token would let them multiply the limit), else the
    client address."""
    user_pk = getattr(getattr(request, "auth", None), "pk", None)
    if user_pk is not None:
        return f"api:user:{user_pk}"
    return f"api:ip:{context.current().ip or '-'}"


class ApiFloodLimit(BaseThrottle):
    """NGOAIVU_RATE_LIMIT_API for every API operation (django-ninja runs it after authentication). The retry
    delay is kept per thread: one instance serves every request of the process."""

    def __init__(self) -> None:
        self._local = threading.local()

    def allow_request(self, request: HttpRequest) -> bool:
        counted = hit(_api_key(request), parse_rate(settings.NGOAIVU_RATE_LIMIT_API))
        self._local.wait = counted.retry_after if counted else None
        return counted is None or counted.allowed

    def wait(self) -> float | None:
        return getattr(self._local, "wait", None)


def api_refused_unauthenticated(request: HttpRequest) -> HttpResponse | None:
    """An unauthenticated API call is counted against its address (django-ninja answers 401 before the
    throttle runs): 429 instead of 401 once that address is over the limit, None otherwise."""
    counted = hit(_api_key(request), parse_rate(settings.NGOAIVU_RATE_LIMIT_API))
    if counted is None or counted.allowed:
        return None
    return too_many_requests(request, counted.retry_after)


def api_throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
    """The API's exception handler for django-ninja's Throttled (raised when ApiFloodLimit refuses)."""
    return too_many_requests(request, math.ceil(exc.wait or 1))
