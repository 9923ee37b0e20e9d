"""Reads of foreign press visits; everything starts from `visible_to`. Also the counts page (licensed visits by
province — current or as named then — and year) and the shared calendar's feed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import ExtractYear
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from ngoaivu.core.actors import Actor
from ngoaivu.core.agenda import CalendarEntry, CalendarFeed
from ngoaivu.core.lists import order, stamped
from ngoaivu.core.scoping import Action, get_for_action
from ngoaivu.core.selectors import working_calendar
from ngoaivu.directory.models import Province
from ngoaivu.press.filters import PressVisitFilters
from ngoaivu.press.models import Article, PressVisit, Reporter

VISIT_SORTS = {
    "starts": ("starts_on",),
    "outlet": ("outlet",),
    "province": ("province__code", "-starts_on"),
    "status": ("status", "-starts_on"),
    "due": ("answer_due_on", "-starts_on"),
}


def _today() -> dt.date:
    return timezone.localdate()


def answer_overdue_q(today: dt.date) -> Q:
    return Q(status=PressVisit.Status.RECEIVED, answer_due_on__lt=today)


def visit_list(
    *, user: Actor, filters: PressVisitFilters, action: Action = Action.VIEW
) -> QuerySet[PressVisit]:
    qs = PressVisit.objects.visible_to(user, action).filter(filters.get_filter_expression())
    if filters.answer_overdue is not None:
        late = answer_overdue_q(_today())
        qs = qs.filter(late) if filters.answer_overdue else qs.exclude(late)
    qs = qs.select_related("province", "country").annotate(reporter_count=Count("reporters", distinct=True))
    return order(qs, filters.sort, VISIT_SORTS, default="-starts")


def visit_get(*, user: Actor, pk: int, action: Action = Action.VIEW) -> PressVisit:
    """One visit with what its page and the API's detail show (reporters are read apart: masked or logged)."""
    found = get_for_action(PressVisit, user, action, pk=pk)
    return (
        PressVisit.objects.visible_to(user, Action.VIEW)
        .select_related("province", "former_province", "owner_org", "country", "answered_by", "created_by")
        .prefetch_related(
            "provinces",
            "articles",
            # the reporters' nationalities for the masked list
            "reporters__nationality",
        )
        .get(pk=found.pk)
    )


def reporters_of(visit: PressVisit) -> QuerySet[Reporter]:
    return Reporter.objects.filter(visit=visit).select_related("nationality").order_by("pk")


def articles_of(visit: PressVisit) -> QuerySet[Article]:
    return Article.objects.filter(visit=visit).order_by("published_on", "pk")


# --- counts ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CountCell:
    n: int
    url: str


@dataclass(frozen=True)
class CountRow:
    label: str
    cells: list[CountCell]
    total: CountCell


@dataclass(frozen=True)
class VisitCounts:
    by: str  # "current" | "then"
    years: list[int]
    rows: list[CountRow]
    totals: list[CountCell]
    total: CountCell


def _link(base: str, **params: Any) -> str:
    return base + "?" + urlencode({"licensed": "true", **{k: v for k, v in params.items() if v}})


def visit_counts(
    *, user: Actor, by: str = "current", year_from: int | None = None, year_to: int | None = None
) -> VisitCounts:
    """Licensed visits the user may see, by host province (current, or as named then) and year of the visit;
    every figure links to the list filtered the same way. Kept under the count cache's exact stamp (the user's
    scope and the years, moved by any change to a visit or a province): the table's 800 links took most of the
    page's 60 ms at national scale."""
    qs = PressVisit.objects.visible_to(user, Action.VIEW).filter(
        PressVisitFilters(licensed=True).get_filter_expression()
    )
    if year_from:
        qs = qs.filter(starts_on__year__gte=year_from)
    if year_to:
        qs = qs.filter(starts_on__year__lte=year_to)
    provinces = Province.objects.all()
    return stamped("press:visit_counts", [qs, provinces], lambda: _visit_counts(qs, by), by)


def _visit_counts(qs: QuerySet[PressVisit], by: str) -> VisitCounts:
    key = (
        ("province__code", "province__name")
        if by == "current"
        else ("province_as_named", "province_as_named")
    )
    rows = (
        qs.annotate(year=ExtractYear("starts_on"))
        .values(*dict.fromkeys(key), "year")
        .annotate(n=Count("pk"))
        .order_by()
    )
    table: dict[tuple[str, str], dict[int, int]] = {}
    for r in rows:
        table.setdefault((r[key[0]], r[key[1]]), {})[r["year"]] = r["n"]
    years = sorted({y for counts in table.values() for y in counts})
    param = "host" if by == "current" else "as_named"
    base = reverse("press:visit_list")
    out: list[CountRow] = []
    for (code, label), counts in sorted(table.items(), key=lambda kv: kv[0][1]):
        cells = [CountCell(counts.get(y, 0), _link(base, **{param: code, "year": y})) for y in years]
        out.append(CountRow(label, cells, CountCell(sum(counts.values()), _link(base, **{param: code}))))
    totals = [CountCell(sum(c.get(y, 0) for c in table.values()), _link(base, year=y)) for y in years]
    return VisitCounts(by, years, out, totals, CountCell(sum(t.n for t in totals), _link(base)))


# --- the home page's work list -------------------------------------------------------------------------------

ANSWER_SOON_WORKING_DAYS = 3


def work_counts(*, user: Actor, today: dt.date | None = None) -> list[dict[str, Any]]:
    """The press part of the home work list, for the host province's people (the answer and the report are
    theirs; anyone else gets nothing): applications to answer within 3 working days or overdue, and visits done
    but not yet reported. Each count is of the press list's own rows behind its link (same filter, same scope).
    Remembered while the visits are unchanged."""
    today = today or _today()
    code = user.scope.province_code
    if not code:
        return []
    return stamped(
        "home:press",
        [PressVisit.objects.visible_to(user, Action.VIEW)],
        lambda: _work_counts(user, code, today),
        today,
        code,
        get_language(),
    )


def _work_counts(user: Actor, code: str, today: dt.date) -> list[dict[str, Any]]:
    from django.utils.translation import gettext

    cutoff = working_calendar().add_working_days(today, ANSWER_SOON_WORKING_DAYS)
    visits = PressVisit.objects.visible_to(user, Action.VIEW)
    items = [
        (
            gettext("đề nghị của phóng viên nước ngoài đến hạn trả lời trong 3 ngày làm việc hoặc quá hạn"),
            {"host": code, "answer_due_by": cutoff.isoformat()},
        ),
        (
            gettext("đoàn phóng viên đã kết thúc, chưa báo cáo kết quả"),
            {"host": code, "status": PressVisit.Status.DONE.value},
        ),
    ]
    out: list[dict[str, Any]] = []
    for label, params in items:
        filters = PressVisitFilters.model_validate(params)  # as the list page parses its query
        out.append(
            {
                "label": label,
                "n": visits.filter(filters.get_filter_expression()).count(),
                "url": reverse("press:visit_list") + "?" + urlencode(params),
            }
        )
    return out


# --- the shared calendar --------------------------------------------------------------------------------------

CALENDAR_LIMIT = 2000


def _calendar_qs(user: Actor, province: str, country: str) -> QuerySet[PressVisit]:
    qs = PressVisit.objects.visible_to(user, Action.VIEW).exclude(
        status__in=(PressVisit.Status.CANCELLED, PressVisit.Status.DECLINED)
    )
    if province or country:
        qs = qs.filter(
            PressVisitFilters(province=province or None, country=country or None).get_filter_expression()
        )
    return qs


def calendar_entries(
    *, user: Actor, start: dt.date, end: dt.date, province: str = "", country: str = ""
) -> list[CalendarEntry]:
    """The visits between `start` and `end` the user may see (not declined or cancelled), and — for the host
    province only — the due dates of applications still unanswered (kind "deadline"). Two queries."""
    qs = _calendar_qs(user, province, country)
    visits = (
        qs.filter(starts_on__lte=end, ends_on__gte=start)
        .order_by("starts_on", "pk")
        .values("pk", "outlet", "topic", "starts_on", "ends_on", "province__name", "country__name_vi")[
            :CALENDAR_LIMIT
        ]
    )
    entries = [
        CalendarEntry(
            uid=f"press-{v['pk']}@ngoaivu",
            kind="press",
            title=str(_("Phóng viên %(o)s: %(t)s")) % {"o": v["outlet"], "t": v["topic"]},
            starts_on=v["starts_on"],
            ends_on=v["ends_on"],
            url=reverse("press:visit_detail", args=[v["pk"]]),
            detail=f"{v['province__name']} — {v['country__name_vi']}",
        )
        for v in visits
    ]
    org_id = user.scope.org_id
    if org_id is not None:
        due = (
            qs.filter(
                owner_org_id=org_id,
                status=PressVisit.Status.RECEIVED,
                answer_due_on__range=(start, end),
            )
            .order_by("answer_due_on", "pk")
            .values("pk", "outlet", "answer_due_on")[:CALENDAR_LIMIT]
        )
        entries.extend(
            CalendarEntry(
                uid=f"press-answer-{d['pk']}@ngoaivu",
                kind="deadline",
                title=str(_("Hạn trả lời đề nghị của phóng viên %(o)s")) % {"o": d["outlet"]},
                starts_on=d["answer_due_on"],
                ends_on=d["answer_due_on"],
                url=reverse("press:visit_detail", args=[d["pk"]]),
            )
            for d in due
            if d["answer_due_on"] is not None
        )
    return entries


def calendar_choices(*, user: Actor) -> tuple[dict[str, str], dict[str, str]]:
    visits = PressVisit.objects.visible_to(user, Action.VIEW)
    provinces = dict(visits.order_by().values_list("province__code", "province__name").distinct())
    countries = dict(visits.order_by().values_list("country__iso2", "country__name_vi").distinct())
    return provinces, countries


def calendar_querysets(*, user: Actor) -> list[QuerySet[Any]]:
    return [PressVisit.objects.visible_to(user, Action.VIEW)]


CALENDAR_FEED = CalendarFeed(
    kind="press",
    label=_("Phóng viên nước ngoài"),
    entries=calendar_entries,
    choices=calendar_choices,
    querysets=calendar_querysets,
)
