"""Statistics of requests: responsiveness per receiving unit and per province, and the home page's work list."""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db.models import Avg, Count, F, Q
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from ngoaivu.accounts.models import User
from ngoaivu.core.calendar import WorkingCalendar
from ngoaivu.core.db import on_replica
from ngoaivu.core.selectors import working_calendar
from ngoaivu.requests.filters import RequestFilters
from ngoaivu.requests.models import Recipient, ServiceRequest
from ngoaivu.requests.selectors.requests import request_list

R = Recipient.Status


@dataclass
class UnitFigures:
    code: str
    name: str
    received: int = 0
    acknowledged_on_time: int = 0
    answered: int = 0
    answered_on_time: int = 0
    open: int = 0
    overdue: int = 0
    days_to_answer: list[int] | None = None
    rating_avg: float | None = None

    def pct(self, n: int) -> float | None:
        return round(100 * n / self.received, 1) if self.received else None

    @property
    def ack_on_time_pct(self) -> float | None:
        return self.pct(self.acknowledged_on_time)

    @property
    def answer_on_time_pct(self) -> float | None:
        return self.pct(self.answered_on_time)

    @property
    def median_days(self) -> float | None:
        return statistics.median(self.days_to_answer) if self.days_to_answer else None

    @property
    def average_rating(self) -> float | None:
        return round(float(self.rating_avg), 2) if self.rating_avg is not None else None


@on_replica
def responsiveness(
    *, user: User, date_from: dt.date, date_to: dt.date, calendar: WorkingCalendar | None = None
) -> dict[str, Any]:
    """The report, kept for `NGOAIVU_REPORT_CACHE_SECONDS` (default 300) per visibility scope and period: a
    national year scans tens of thousands of recipient parts, and the figures are read far more often than they
    change. The key is the user's scope (site admin, or the organisation), never shared across scopes; the
    result says when it was computed."""
    seconds = settings.NGOAIVU_REPORT_CACHE_SECONDS
    scope = user.scope
    if seconds <= 0 or calendar is not None or not scope.active:
        return {
            **_responsiveness(user=user, date_from=date_from, date_to=date_to, calendar=calendar),
            "computed_at": timezone.now(),
        }
    who = "admin" if scope.is_site_admin else f"org{scope.org_id}"
    key = f"responsiveness:v1:{who}:{date_from}:{date_to}:{timezone.localdate()}"
    return cache.get_or_set(  # type: ignore[return-value]
        key,
        lambda: {
            **_responsiveness(user=user, date_from=date_from, date_to=date_to),
            "computed_at": timezone.now(),
        },
        seconds,
    )


def _responsiveness(
    *, user: User, date_from: dt.date, date_to: dt.date, calendar: WorkingCalendar | None = None
) -> dict[str, Any]:
    """Per receiving unit (missions, ministry units) and per sending province, for requests sent in the period;
    only what the user may see is counted."""
    cal = calendar or working_calendar()
    today = timezone.localdate()
    requests_in_period = (
        ServiceRequest.objects.visible_to(user)
        .filter(sent_on__gte=date_from, sent_on__lte=date_to)
        .values("pk")
    )
    parts = Recipient.objects.filter(request_id__in=requests_in_period).exclude(status=R.FORWARDED)
    late_open = Q(status__in=Recipient.OPEN, answered_on__isnull=True)
    per_unit = parts.values("organisation_id", "organisation__code", "organisation__name_vi").annotate(
        received=Count("pk"),
        ack_on_time=Count("pk", filter=Q(acknowledged_on__isnull=False, acknowledged_on__lte=F("ack_due"))),
        answered=Count("pk", filter=Q(answered_on__isnull=False)),
        answered_on_time=Count("pk", filter=Q(answered_on__isnull=False, answered_on__lte=F("answer_due"))),
        open=Count("pk", filter=late_open),
        overdue=Count("pk", filter=late_open & Q(answer_due__lt=today)),
        rating_avg=Avg("rating"),
    )
    units: dict[int, UnitFigures] = {}
    for row in per_unit:
        units[row["organisation_id"]] = UnitFigures(
            row["organisation__code"],
            row["organisation__name_vi"],
            received=row["received"],
            acknowledged_on_time=row["ack_on_time"],
            answered=row["answered"],
            answered_on_time=row["answered_on_time"],
            open=row["open"],
            overdue=row["overdue"],
            days_to_answer=[],
            rating_avg=row["rating_avg"],
        )
    # Working days need the calendar, so the medians come from narrow rows; date pairs recur, hence the cache.
    working_days: dict[tuple[dt.date, dt.date], int] = {}
    answered_rows = parts.filter(answered_on__isnull=False).values_list(
        "organisation_id", "received_on", "answered_on", "paused_working_days"
    )
    for org_id, received_on, answered_on, paused in answered_rows:
        if answered_on is None:  # filtered out above; the column is nullable
            continue
        span = working_days.get((received_on, answered_on))
        if span is None:
            span = working_days[(received_on, answered_on)] = cal.working_days_between(
                received_on, answered_on
            )
        days = units[org_id].days_to_answer
        assert days is not None
        days.append(max(0, span - paused))
    per_province = (
        parts.values("request__owner_org__code", "request__owner_org__name_vi")
        .annotate(
            sent=Count("request_id", distinct=True),
            answered=Count("pk", filter=Q(answered_on__isnull=False)),
            rating_avg=Avg("rating"),
        )
        .order_by("request__owner_org__code")
    )
    province_rows = [
        {
            "code": r["request__owner_org__code"],
            "name": r["request__owner_org__name_vi"],
            "sent": r["sent"],
            "answered": r["answered"],
            "average_rating_given": round(r["rating_avg"], 2) if r["rating_avg"] is not None else None,
        }
        for r in per_province
    ]
    result: dict[str, Any] = {"units": sorted(units.values(), key=lambda u: (-u.received, u.code))}
    result["provinces"] = province_rows
    return result


def work_counts(*, user: User) -> list[dict[str, Any]]:
    """The home page's work list: counts of requests needing this user's action, each with its filtered list."""
    if user.scope.is_province:
        wanted = [
            (_("Dự thảo chưa gửi"), {"box": "sent", "status": "draft"}),
            (_("Chờ lãnh đạo duyệt"), {"box": "sent", "status": "pending_approval"}),
            (_("Đã được trả lời, chờ đánh giá"), {"box": "sent", "status": "answered"}),
            (_("Cơ quan nhận đề nghị làm rõ"), {"box": "sent", "status": "clarification"}),
        ]
    else:
        wanted = [
            (_("Đặt hàng đang chờ đơn vị xử lý"), {"box": "inbox"}),
            (_("Mới nhận, chưa xác nhận"), {"box": "inbox", "status": "new"}),
        ]
    wanted.append((_("Quá hạn"), {"box": "overdue"}))
    return [
        {
            "label": label,
            "params": urlencode(params),
            "n": request_list(user=user, filters=RequestFilters.model_validate(params)).count(),
        }
        for label, params in wanted
    ]
