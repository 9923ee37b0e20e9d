"""The shared calendar of delegations, visits and conferences: the month page, the personal iCalendar feed and
its secret link."""

from __future__ import annotations

import calendar as pycalendar
import datetime as dt
import re
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from ngoaivu.accounts import services as account_services
from ngoaivu.accounts.web import signed_in
from ngoaivu.core.exceptions import Forbidden
from ngoaivu.delegations import ical, selectors

NEW_FEED_URL = "ngoaivu_new_feed_url"  # the feed URL just made, shown once on the calendar page
MONTH_RE = re.compile(r"^(\d{4})-(\d{1,2})$")
MONTH_YEARS = (1900, 2100)
WEEKDAYS = (
    gettext_lazy("Thứ Hai"),
    gettext_lazy("Thứ Ba"),
    gettext_lazy("Thứ Tư"),
    gettext_lazy("Thứ Năm"),
    gettext_lazy("Thứ Sáu"),
    gettext_lazy("Thứ Bảy"),
    gettext_lazy("Chủ Nhật"),
)
KIND_LABELS = {
    "delegation": gettext_lazy("Đoàn ra, đoàn vào"),
    "visit": gettext_lazy("Lãnh đạo làm việc"),
    "conference": gettext_lazy("Hội nghị, hội thảo quốc tế"),
    "event": gettext_lazy("Sự kiện xúc tiến"),
    **{feed.kind: feed.label for feed in selectors.FEEDS},
}
ROW_LABELS = {
    "delegation": gettext_lazy("Đoàn"),
    "visit": gettext_lazy("Lãnh đạo làm việc"),
    "conference": gettext_lazy("Hội nghị"),
    "event": gettext_lazy("Sự kiện xúc tiến"),
    **{feed.kind: feed.label for feed in selectors.FEEDS},
    "deadline": gettext_lazy("Hạn"),
}


def _month(value: str, today: dt.date, problems: list[str]) -> dt.date:
    """The first day of the month asked (`2026-12`); this month, with a problem in words, when it is not one."""
    if not value:
        return today.replace(day=1)
    found = MONTH_RE.match(value.strip())
    if found:
        year, month = int(found[1]), int(found[2])
        if MONTH_YEARS[0] <= year <= MONTH_YEARS[1] and 1 <= month <= 12:
            return dt.date(year, month, 1)
    problems.append(
        _("Tháng “%(v)s” không hợp lệ: chọn tháng từ %(lo)s đến %(hi)s (ví dụ 12/2026). Đang hiện tháng này.")
        % {"v": value[:20], "lo": f"01/{MONTH_YEARS[0]}", "hi": f"12/{MONTH_YEARS[1]}"}
    )
    return today.replace(day=1)


def _choice(value: str, allowed: list[tuple[str, str]], what: str, problems: list[str]) -> str:
    """`value` when it is one of `allowed`; else empty (no filter), with a problem in words."""
    if not value or value in {k for k, _label in allowed}:
        return value
    problems.append(
        _("%(what)s “%(v)s” không có trong lịch bạn được xem; đã bỏ điều kiện lọc này.")
        % {"what": what, "v": value[:20]}
    )
    return ""


def _query(**params: str) -> str:
    return "?" + urlencode({k: v for k, v in params.items() if v})


@login_required
def calendar_page(request: HttpRequest) -> HttpResponseBase:
    """The month of delegations, visits and conferences the user may see: a month picker, filters by kind,
    province and country (only those in the user's calendar), a grid on a wide screen that reads as a list of
    days with their weekday names on a phone, today marked."""
    user = signed_in(request)
    if not user.scope.active:
        raise Forbidden()
    today = timezone.localdate()
    problems: list[str] = []
    first = _month(request.GET.get("month", ""), today, problems)
    provinces, countries = selectors.calendar_filter_choices(user=user)
    kinds = [(k, str(label)) for k, label in KIND_LABELS.items()]
    filters = selectors.CalendarFilters(
        kind=_choice(request.GET.get("kind", ""), kinds, _("Loại"), problems),
        province=_choice(request.GET.get("province", ""), provinces, _("Tỉnh, thành phố"), problems),
        country=_choice(request.GET.get("country", ""), countries, _("Quốc gia"), problems),
    )
    last = first.replace(day=pycalendar.monthrange(first.year, first.month)[1])
    entries = selectors.calendar_entries(user=user, start=first, end=last, filters=filters)
    weeks = []
    for week in pycalendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month):
        weeks.append(
            [
                (
                    day,
                    day.month == first.month,
                    [e for e in entries if e.starts_on <= day <= e.ends_on],
                    WEEKDAYS[day.weekday()],
                )
                for day in week
            ]
        )
    prev_month = (first - dt.timedelta(days=1)).replace(day=1)
    next_month = last + dt.timedelta(days=1)
    view = "list" if request.GET.get("view") == "list" else ""
    keep = {"kind": filters.kind, "province": filters.province, "country": filters.country}
    month_param = first.strftime("%Y-%m")
    return render(
        request,
        "delegations/calendar.html",
        {
            "title": _("Lịch chung: tháng %(m)s") % {"m": first.strftime("%m/%Y")},
            "first": first,
            "weeks": weeks,
            "entries": [
                (
                    e,
                    WEEKDAYS[e.starts_on.weekday()],
                    WEEKDAYS[e.ends_on.weekday()],
                    ROW_LABELS.get(e.kind, e.kind),
                )
                for e in entries
            ],
            "view": view or "month",
            "month_param": month_param,
            "prev_url": _query(month=prev_month.strftime("%Y-%m"), view=view, **keep),
            "next_url": _query(month=next_month.strftime("%Y-%m"), view=view, **keep),
            "this_url": _query(view=view, **keep),
            "other_view_url": _query(month=month_param, view="" if view else "list", **keep),
            "filters": filters,
            "kinds": kinds,
            "provinces": provinces,
            "countries": countries,
            "problems": problems,
            "today": today,
            "calendar_feed": user.calendar_token_hash is not None,
            "new_feed_url": request.session.pop(NEW_FEED_URL, ""),
            "weekdays": WEEKDAYS,
        },
        status=400 if problems else 200,
    )


@login_required
@require_POST
def calendar_token(request: HttpRequest) -> HttpResponseBase:
    """Create (or replace) the personal feed, or revoke it. Only the token's hash is stored, so the new URL is
    shown once: it rides in the session to the calendar page, which takes it out as it shows it."""
    user = signed_in(request)
    if not user.scope.active:
        raise Forbidden()
    if request.POST.get("do") == "revoke":
        account_services.calendar_token_revoke(actor=user, user=user)
        messages.success(request, _("Đã thu hồi đường dẫn lịch; đường dẫn cũ không còn dùng được."))
    else:
        replaced = user.calendar_token_hash is not None
        raw = account_services.calendar_token_issue(actor=user, user=user)
        request.session[NEW_FEED_URL] = request.build_absolute_uri(
            reverse("delegations:calendar_feed", args=[raw])
        )
        messages.success(
            request,
            _("Đã tạo đường dẫn lịch mới; đường dẫn cũ ngừng hoạt động.")
            if replaced
            else _("Đã tạo đường dẫn lịch."),
        )
    return redirect("delegations:calendar")


def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The personal iCalendar feed: no session (calendar apps cannot sign in); the secret token in the URL
    identifies the user, whose scope filters the entries. Unknown or revoked token: 404."""
    user = account_services.calendar_token_user(token)
    if user is None or not user.scope.active:
        raise Http404()
    today = timezone.localdate()
    entries = selectors.calendar_entries(
        user=user, start=today - dt.timedelta(days=90), end=today + dt.timedelta(days=365)
    )
    response = HttpResponse(
        ical.feed(entries, base_url=request.build_absolute_uri("/")),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = 'inline; filename="ngoaivu.ics"'
    return response
