"""The shared calendar of delegations, visits and conferences: the month page, the personal iCalendar feed and
its secret link."""

from __future__ import annotations

import calendar as pycalendar
import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ngoaivu.accounts import services as account_services
from ngoaivu.accounts.web import signed_in
from ngoaivu.core.exceptions import Forbidden
from ngoaivu.delegations import ical, selectors


def _month(value: str | None, today: dt.date) -> dt.date:
    try:
        year, month = (int(x) for x in (value or "").split("-"))
        return dt.date(year, month, 1) if 1900 <= year <= 2100 else today.replace(day=1)
    except ValueError:
        return today.replace(day=1)


@login_required
def calendar_page(request: HttpRequest) -> HttpResponseBase:
    user = signed_in(request)
    if not user.scope.active:
        raise Forbidden()
    today = timezone.localdate()
    first = _month(request.GET.get("month"), today)
    last = first.replace(day=pycalendar.monthrange(first.year, first.month)[1])
    entries = selectors.calendar_entries(user=user, start=first, end=last)
    weeks = []
    for week in pycalendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month):
        weeks.append(
            [
                (day, day.month == first.month, [e for e in entries if e.starts_on <= day <= e.ends_on])
                for day in week
            ]
        )
    prev_month = (first - dt.timedelta(days=1)).replace(day=1)
    next_month = last + dt.timedelta(days=1)
    view = "list" if request.GET.get("view") == "list" else "month"
    return render(
        request,
        "delegations/calendar.html",
        {
            "title": _("Lịch chung: tháng %(m)s") % {"m": first.strftime("%m/%Y")},
            "first": first,
            "weeks": weeks,
            "entries": entries,
            "view": view,
            "prev": prev_month.strftime("%Y-%m"),
            "next": next_month.strftime("%Y-%m"),
            "month_param": first.strftime("%Y-%m"),
            "today": today,
            "ical_url": request.build_absolute_uri(
                reverse("delegations:calendar_feed", args=[user.calendar_token])
            )
            if user.calendar_token
            else "",
            "weekdays": [
                _("Thứ Hai"),
                _("Thứ Ba"),
                _("Thứ Tư"),
                _("Thứ Năm"),
                _("Thứ Sáu"),
                _("Thứ Bảy"),
                _("Chủ Nhật"),
            ],
        },
    )


@login_required
@require_POST
def calendar_token(request: HttpRequest) -> HttpResponseBase:
    user = signed_in(request)
    if not user.scope.active:
        raise Forbidden()
    if request.POST.get("do") == "revoke":
        account_services.calendar_token_revoke(actor=user, user=user)
        messages.success(request, _("Đã thu hồi liên kết lịch; liên kết cũ không còn dùng được."))
    else:
        account_services.calendar_token_issue(actor=user, user=user, rotate=bool(user.calendar_token))
        messages.success(request, _("Đã tạo liên kết lịch mới."))
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
