"""Reads for agreements: scoped lists, the computed dormant flag, deadline rules and the national figures."""

from __future__ import annotations

import calendar as pycalendar
import datetime as dt
import functools
import operator
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import (
    BooleanField,
    Case,
    Count,
    Expression,
    IntegerField,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import ExtractYear
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from ngoaivu.accounts.models import User
from ngoaivu.agreements.filters import AgreementFilters
from ngoaivu.agreements.models import (
    Agreement,
    AgreementEvent,
    AgreementKind,
    CooperationField,
    DeadlineRule,
    ImportBatch,
    LegalStep,
    Milestone,
)
from ngoaivu.core.lists import order, stamped
from ngoaivu.core.scoping import Action, get_for_action
from ngoaivu.core.selectors import working_calendar
from ngoaivu.directory.models import Province

SORTS: dict[str, tuple[str, ...]] = {
    "signed": ("signed_on",),
    "title": ("sort_key",),
    "province": ("province__sort_key",),
    "country": ("country__sort_key",),
    "state": ("state",),
    "valid_until": ("valid_until",),
    "activity": ("last_activity_on",),
    "updated": ("updated_at",),
}
DEFAULT_SORT = "-signed"
REFERENCE_FKS = ("kind", "province", "former_province", "country", "owner_org")


def kind_list() -> QuerySet[AgreementKind]:
    return AgreementKind.objects.order_by("sort_order", "pk")


def field_list() -> QuerySet[CooperationField]:
    return CooperationField.objects.order_by("sort_order", "pk")


def rule_list() -> QuerySet[DeadlineRule]:
    return DeadlineRule.objects.order_by("key", "province_code")


def rule_for(key: str, province_code: str = "") -> DeadlineRule:
    """The province's own rule if it has one, else the national rule."""
    rules = {
        r.province_code: r
        for r in DeadlineRule.objects.filter(key=key, province_code__in=["", province_code])
    }
    rule = rules.get(province_code) or rules.get("")
    if rule is None:
        raise LookupError(f"deadline rule {key!r} is missing: run `ngoaivu setup`")
    return rule


def add_months(day: dt.date, months: int) -> dt.date:
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return dt.date(year, month, min(day.day, pycalendar.monthrange(year, month)[1]))


def due_date(rule: DeadlineRule, start: dt.date) -> dt.date:
    """The trigger day is not counted; a period ending on a day off ends on the next working day
    (DOMAIN.md §5, Civil Code Arts. 147–148)."""
    cal = working_calendar()
    if rule.unit == DeadlineRule.Unit.WORKING:
        return cal.add_working_days(start, rule.days)
    if rule.unit == DeadlineRule.Unit.MONTHS:
        return cal.next_working_day(add_months(start, rule.days))
    return cal.add_calendar_days(start, rule.days)


MonthRules = dict[str, tuple[int, dict[int, int]]]
MONTH_KEYS = {DeadlineRule.Key.DORMANT_AFTER: 12, DeadlineRule.Key.ROADMAP_MISSING: 3}


def month_rules() -> MonthRules:
    """For each month-counted rule, the national number and each province's own keyed by province id (so that
    no join is needed to apply them). One query, plus one only when a province has its own rule."""
    rows = list(
        DeadlineRule.objects.filter(key__in=list(MONTH_KEYS)).values_list("key", "province_code", "days")
    )
    codes = {p for _k, p, _d in rows if p}
    ids = dict(Province.objects.filter(code__in=list(codes)).values_list("code", "pk")) if codes else {}
    rules: MonthRules = {}
    for key, default in MONTH_KEYS.items():
        national = next((d for k, p, d in rows if k == key and p == ""), default)
        rules[key] = (national, {ids[p]: d for k, p, d in rows if k == key and p in ids})
    return rules


def _per_province(rule: tuple[int, dict[int, int]], today: dt.date, condition: Callable[[dt.date], Q]) -> Q:
    """`condition(cutoff)` with the national number of months, and each province's own where it has one."""
    national, overrides = rule
    parts = [condition(add_months(today, -national)) & ~Q(province_id__in=list(overrides))]
    parts += [Q(province_id=pk) & condition(add_months(today, -m)) for pk, m in overrides.items()]
    either: Q = functools.reduce(operator.or_, parts)
    return either


def _no_activity(cutoff: dt.date) -> Q:
    return Q(signed_on__lte=cutoff) & (Q(last_activity_on__lte=cutoff) | Q(last_activity_on__isnull=True))


def dormant_q(today: dt.date | None = None, rules: MonthRules | None = None) -> Q:
    """Dormant (DOMAIN.md §4): signed, and no milestone progress, recorded activity or update for N months
    (default 12, per province), or no roadmap M months after signing (default 3). Computed, never stored;
    `has_roadmap` is kept on the row by the milestone service so that no subquery is needed."""
    today = today or timezone.localdate()
    rules = rules or month_rules()
    signed = Q(state__in=Agreement.SIGNED_STATES, signed_on__isnull=False)
    idle = _per_province(rules[DeadlineRule.Key.DORMANT_AFTER], today, _no_activity)
    roadless = _per_province(
        rules[DeadlineRule.Key.ROADMAP_MISSING], today, lambda cutoff: Q(signed_on__lte=cutoff)
    ) & Q(has_roadmap=False)
    return signed & (idle | roadless)


@dataclass(frozen=True)
class Dormancy:
    dormant: bool
    reason: str


def _months_expr(rule: tuple[int, dict[int, int]]) -> Expression:
    national, overrides = rule
    if not overrides:
        return Value(national)
    return Case(
        *(When(province_id=pk, then=Value(m)) for pk, m in overrides.items()),
        default=Value(national),
        output_field=IntegerField(),
    )


def with_dormancy(
    qs: QuerySet[Agreement], today: dt.date | None = None, rules: MonthRules | None = None
) -> QuerySet[Agreement]:
    """Annotates what `dormancy()` needs, in the same query: the months that apply to the agreement's province
    and the flag itself."""
    today = today or timezone.localdate()
    rules = rules or month_rules()
    return qs.annotate(
        dormant_months=_months_expr(rules[DeadlineRule.Key.DORMANT_AFTER]),
        roadmap_months=_months_expr(rules[DeadlineRule.Key.ROADMAP_MISSING]),
        is_dormant=Case(
            When(dormant_q(today, rules), then=Value(True)), default=Value(False), output_field=BooleanField()
        ),
    )


def dormancy(agreement: Agreement, today: dt.date | None = None) -> Dormancy:
    """The reason, in words, for an agreement read through `with_dormancy` (the same rule as `dormant_q`)."""
    today = today or timezone.localdate()
    if agreement.state not in Agreement.SIGNED_STATES or agreement.signed_on is None:
        return Dormancy(False, "")
    months = int(getattr(agreement, "dormant_months", 12))
    roadmap_months = int(getattr(agreement, "roadmap_months", 3))
    last = agreement.last_activity_on or agreement.signed_on
    if not agreement.has_roadmap and agreement.signed_on <= add_months(today, -roadmap_months):
        return Dormancy(
            True,
            _("Chưa có lộ trình triển khai sau %(m)d tháng kể từ ngày ký %(d)s")
            % {"m": roadmap_months, "d": agreement.signed_on.strftime("%d/%m/%Y")},
        )
    cutoff = add_months(today, -months)
    if agreement.signed_on <= cutoff and last <= cutoff:
        return Dormancy(
            True,
            _("Không có hoạt động, tiến độ lộ trình trong %(m)d tháng (gần nhất: %(d)s)")
            % {"m": months, "d": last.strftime("%d/%m/%Y")},
        )
    return Dormancy(False, "")


def agreement_list(
    *,
    user: User,
    filters: AgreementFilters,
    action: Action = Action.VIEW,
    today: dt.date | None = None,
    details: bool = True,
) -> QuerySet[Agreement]:
    """`details=False` (the API list) reads only what its rows show: kind, province and country joined. With
    details (pages, exports) the reference rows and partners are prefetched, not joined: five joins cost
    PostgreSQL ~12 ms of planning per page at national scale, five small IN queries ~2 ms."""
    today = today or timezone.localdate()
    rules = month_rules()
    qs: QuerySet[Agreement] = filters.filter(Agreement.objects.visible_to(user, action))
    if filters.dormant is not None:
        dormant = dormant_q(today, rules)
        qs = qs.filter(dormant) if filters.dormant else qs.exclude(dormant)
    if filters.expiring:
        qs = qs.filter(
            state__in=Agreement.SIGNED_STATES,
            valid_until__gte=today,
            valid_until__lte=today + dt.timedelta(days=filters.expiring),
        )
    qs = with_dormancy(qs, today, rules)
    if details:
        qs = qs.prefetch_related(*REFERENCE_FKS, "partners")
    else:
        qs = qs.select_related("kind", "province", "country")
    return order(qs, filters.sort, SORTS, DEFAULT_SORT)


def agreement_get(*, user: User, pk: int, action: Action = Action.VIEW) -> Agreement:
    agreement = get_for_action(Agreement, user, action, pk=pk)
    return (
        with_dormancy(Agreement.objects.visible_to(user, Action.VIEW).filter(pk=agreement.pk))
        # one row: its reference rows joined (five queries fewer than prefetching them as the lists do)
        .select_related(*REFERENCE_FKS)
        .prefetch_related(
            "renews",
            "partners__country",
            "fields",
            "legal_steps",
            "legal_steps__document",
            "legal_steps__recorded_by",
            "milestones",
            "files",
            "renewals",
        )
        .get()
    )


def agreement_events(*, agreement: Agreement) -> QuerySet[AgreementEvent]:
    return agreement.events.select_related("actor__organisation").order_by("-happened_on", "-pk")


def milestone_list(*, agreement: Agreement) -> QuerySet[Milestone]:
    return agreement.milestones.order_by("due_on", "pk")


def overdue_steps(*, user: User, today: dt.date | None = None) -> dict[str, list[LegalStep]]:
    """For the ministry's overview: consultations still waiting for a reply and post-signing reports overdue,
    among the agreements the user may see."""
    today = today or timezone.localdate()
    visible = Agreement.objects.visible_to(user, Action.VIEW).values("pk")
    steps = LegalStep.objects.filter(agreement__in=visible, done_on__isnull=True).select_related(
        "agreement__province", "agreement__kind"
    )
    return {
        "consultations": list(
            steps.filter(kind__in=[LegalStep.Kind.CONSULTATION, LegalStep.Kind.PM_OPINION]).order_by(
                "due_on", "pk"
            )
        ),
        "reports_overdue": list(
            steps.filter(kind=LegalStep.Kind.POST_SIGNING_REPORT, due_on__lt=today).order_by("due_on", "pk")
        ),
    }


def agreement_counts(*, user: User) -> dict[str, Any]:
    """Counts by signing year and kind, by current province and by country (the national conference figures)."""
    qs = Agreement.objects.visible_to(user, Action.VIEW)
    kinds = {k.code: k.name for k in kind_list()}
    by_year: dict[int, dict[str, int]] = {}
    rows = (
        qs.filter(signed_on__isnull=False)
        .annotate(year=ExtractYear("signed_on"))
        .values("year", "kind__code")
        .annotate(n=Count("pk"))
        .order_by("-year")
    )
    for row in rows:
        by_year.setdefault(row["year"], dict.fromkeys(kinds, 0))[row["kind__code"]] = row["n"]
    by_province = list(
        qs.values("province__code", "province__name").annotate(n=Count("pk")).order_by("-n", "province__code")
    )
    by_country = list(
        qs.values("country__iso2", "country__name_vi").annotate(n=Count("pk")).order_by("-n", "country__iso2")
    )
    return {
        "kinds": kinds,
        "by_year": [{"year": y, "counts": c, "total": sum(c.values())} for y, c in by_year.items()],
        "by_province": by_province,
        "by_country": by_country,
        "total": qs.count(),
    }


def duplicate_candidates(
    *, user: User, province_ids: set[int], country_ids: set[int]
) -> list[tuple[int, int, int, dt.date | None, str]]:
    """(pk, province, country, signed_on, Vietnamese title) of the existing agreements an import could repeat."""
    return list(
        Agreement.objects.visible_to(user, Action.VIEW)
        .filter(province_id__in=province_ids, country_id__in=country_ids)
        .values_list("pk", "province_id", "country_id", "signed_on", "title_vi")
    )


def import_batch_get(*, user: User, pk: int) -> ImportBatch:
    return get_for_action(ImportBatch, user, Action.VIEW, pk=pk)


def import_batch_list(*, user: User) -> QuerySet[ImportBatch]:
    return ImportBatch.objects.visible_to(user, Action.VIEW).select_related("created_by", "owner_org")[:20]


def legal_steps_due(*, before: dt.date) -> QuerySet[LegalStep]:
    """Open legal steps due on or before `before`, for the reminder job (unscoped: a job)."""
    live = Agreement.objects.system(reason="legal-step reminders").filter(deleted_at__isnull=True)
    return LegalStep.objects.filter(
        agreement__in=live.values("pk"), done_on__isnull=True, due_on__lte=before
    ).select_related("agreement")


def work_counts(*, user: User, today: dt.date | None = None) -> list[dict[str, Any]]:
    """The agreements part of the home work list (DOMAIN.md §10); each count links to the list behind it.
    Remembered while agreements, legal steps and milestones are unchanged (five counts over 20,000 agreements
    and 100,000 milestones cost about 200 ms at national scale)."""
    today = today or timezone.localdate()
    scope = user.scope
    return stamped(
        "home:agreements",
        [Agreement.objects.visible_to(user, Action.VIEW), LegalStep.objects.all(), Milestone.objects.all()],
        lambda: _work_counts(user, today),
        today,
        get_language(),
        scope.is_ministry,
        scope.is_site_admin,
        scope.org_id,
    )


def _work_counts(user: User, today: dt.date) -> list[dict[str, Any]]:
    scope = user.scope
    visible = Agreement.objects.visible_to(user, Action.VIEW)
    open_steps = LegalStep.objects.filter(agreement__in=visible.values("pk"), done_on__isnull=True)
    waiting = open_steps.filter(kind__in=[LegalStep.Kind.CONSULTATION, LegalStep.Kind.PM_OPINION])
    if scope.is_ministry and not scope.is_site_admin:
        waiting = waiting.filter(body_org_id=scope.org_id)
    milestones_due = Milestone.objects.filter(
        agreement__in=visible.filter(state__in=Agreement.SIGNED_STATES).values("pk"),
        status__in=Milestone.OPEN,
        due_on__lte=today + dt.timedelta(days=7),
    )
    expiring = visible.filter(
        state__in=Agreement.SIGNED_STATES,
        valid_until__gte=today,
        valid_until__lte=today + dt.timedelta(days=90),
    )
    return [
        {
            "label": _("ý kiến về thỏa thuận đang chờ")
            if not scope.is_ministry
            else _("thỏa thuận chờ Bộ cho ý kiến"),
            "n": waiting.count(),
            "url": reverse("agreements:legal"),
        },
        {
            "label": _("báo cáo Thủ tướng sau ký quá hạn"),
            "n": open_steps.filter(kind=LegalStep.Kind.POST_SIGNING_REPORT, due_on__lt=today).count(),
            "url": reverse("agreements:legal"),
        },
        {
            "label": _("mốc lộ trình đến hạn trong 7 ngày hoặc quá hạn"),
            "n": milestones_due.count(),
            "url": f"{reverse('agreements:agreement_list')}?state=in_implementation&sort=activity",
        },
        {
            "label": _("thỏa thuận “ngủ đông”"),
            "n": visible.filter(dormant_q(today)).count(),
            "url": f"{reverse('agreements:agreement_list')}?dormant=true",
        },
        {
            "label": _("thỏa thuận hết hiệu lực trong 90 ngày"),
            "n": expiring.count(),
            "url": f"{reverse('agreements:agreement_list')}?expiring=90",
        },
    ]
