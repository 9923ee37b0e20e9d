"""Reads for delegations, visits and conferences; everything starts from `visible_to`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import get_language

from ngoaivu.agreements.models import DeadlineRule
from ngoaivu.agreements.selectors import add_months, due_date, rule_for
from ngoaivu.core.lists import order, stamp_key, stamped, text_q
from ngoaivu.core.scoping import Action, get_for_action
from ngoaivu.core.selectors import provisional_label, working_calendar
from ngoaivu.delegations.filters import ConferenceFilters, DelegationFilters, VisitFilters
from ngoaivu.delegations.models import (
    ApprovalDeputy,
    ApprovalStepRule,
    Conference,
    Delegation,
    DelegationApproval,
    FollowUpTask,
    LeaderVisit,
    Member,
)

DELEGATION_SORTS = {
    "departs": ("departs_on",),
    "title": ("title",),
    "state": ("state",),
    "report_due": ("report_due_on",),
}
CONFERENCE_SORTS = {"starts": ("starts_on",), "title": ("title",), "dossier_due": ("dossier_due_on",)}
VISIT_SORTS = {"starts": ("starts_on",)}


def _today() -> dt.date:
    return timezone.localdate()


# --- deadlines ---------------------------------------------------------------------------------------------


def report_due(province_code: str, returns_on: dt.date) -> tuple[dt.date, str]:
    rule = rule_for(DeadlineRule.Key.DELEGATION_REPORT, province_code)
    return due_date(rule, returns_on), rule.describe()[:300]


def latest_dossier_date(level: str, province_code: str, starts_on: dt.date) -> tuple[dt.date, str]:
    """The dossier must reach the approver N calendar days before the opening day (Decision 06/2020); when
    that day is a day off, the working day before it."""
    key = (
        DeadlineRule.Key.CONFERENCE_DOSSIER_PM if level == "pm" else DeadlineRule.Key.CONFERENCE_DOSSIER_CHAIR
    )
    rule = rule_for(key, province_code)
    day = working_calendar().previous_working_day(starts_on - dt.timedelta(days=rule.days))
    return day, rule.describe()[:300]


def passport_needed_until(province_code: str, returns_on: dt.date) -> dt.date:
    rule = rule_for(DeadlineRule.Key.PASSPORT_VALIDITY, province_code)
    return add_months(returns_on, rule.days)


def retention_cutoff(today: dt.date) -> dt.date:
    """Trips that ended before this day have had their members' personal data kept long enough."""
    rule = rule_for(DeadlineRule.Key.PERSONAL_DATA_RETENTION)
    return add_months(today, -rule.days)


# --- delegations -------------------------------------------------------------------------------------------


def delegation_list(*, user: Any, filters: DelegationFilters, details: bool = True) -> QuerySet:
    qs = Delegation.objects.visible_to(user, Action.VIEW)
    readable = details_q(user)
    if filters.q and readable is not None:
        # a shared delegation read as a summary is found only by its summary's words, or a search for a name
        # or a purpose would tell another province what the summary hides
        qs = qs.filter(
            (readable & text_q(filters.q)) | (~readable & text_q(filters.q, "summary_search_text"))
        ).filter(filters.model_copy(update={"q": None}).get_filter_expression())
    else:
        qs = qs.filter(filters.get_filter_expression())
    if filters.report_missing:
        qs = qs.filter(
            reported_on__isnull=True, state__in=Delegation.APPROVED_STATES, report_due_on__isnull=False
        )
    if filters.follow_up_overdue:
        late = FollowUpTask.objects.filter(status=FollowUpTask.Status.OPEN, due_on__lt=_today())
        qs = qs.filter(pk__in=late.values("delegation_id"))
    if filters.date_from:
        qs = qs.filter(returns_on__gte=filters.date_from)
    if filters.date_to:
        qs = qs.filter(departs_on__lte=filters.date_to)
    qs = qs.select_related("province").prefetch_related("countries")
    if details:
        qs = qs.prefetch_related("members")
    return order(qs, filters.sort, DELEGATION_SORTS, default="-departs")


def delegation_get(*, user: Any, pk: int, action: Action = Action.VIEW) -> Delegation:
    found = get_for_action(Delegation, user, action, pk=pk)
    return (
        Delegation.objects.visible_to(user, Action.VIEW)
        .select_related("province", "owner_org")
        .prefetch_related(
            "countries",
            "partners",
            "report_agreements",
            "members",
            Prefetch(
                "approvals", queryset=DelegationApproval.objects.select_related("decided_by", "on_behalf_of")
            ),
            "briefings__organisation",
            "follow_ups",
            "events",
        )
        .get(pk=found.pk)
    )


def agreement_choices(*, user: Any, delegation: Delegation) -> list[tuple[int, str]]:
    """The delegation's province's agreements the user may see, newest first, to link a report or a task."""
    from ngoaivu.agreements.models import Agreement

    found = (
        Agreement.objects.visible_to(user, Action.VIEW)
        .filter(owner_org_id=delegation.owner_org_id)
        .order_by("-signed_on", "-pk")
        .values_list("pk", "title_vi", "signed_on")[:300]
    )
    return [(pk, f"{title} ({signed:%d/%m/%Y})" if signed else title) for pk, title, signed in found]


def current_step(delegation: Delegation) -> DelegationApproval | None:
    if delegation.state != Delegation.State.SUBMITTED:
        return None
    for step in delegation.approvals.all():
        if step.round == delegation.approval_round and step.decision == DelegationApproval.Decision.PENDING:
            return step
    return None


def chain_for(delegation: Delegation) -> list[ApprovalStepRule]:
    """The organisation's own chain for this direction if it has one, else its chain for both directions,
    else the default chain. Party-managed steps only when the delegation has such officials."""
    rules = list(
        ApprovalStepRule.objects.filter(
            Q(owner_org_id=delegation.owner_org_id) | Q(owner_org__isnull=True),
            direction__in=["", delegation.direction],
        ).order_by("order", "pk")
    )
    for candidates in (
        [r for r in rules if r.owner_org_id and r.direction == delegation.direction],
        [r for r in rules if r.owner_org_id and not r.direction],
        [r for r in rules if not r.owner_org_id and r.direction == delegation.direction],
        [r for r in rules if not r.owner_org_id and not r.direction],
    ):
        if candidates:
            return [r for r in candidates if delegation.party_managed or not r.only_if_party_managed]
    return []


def chain_rows(*, user: Any) -> tuple[list[ApprovalStepRule], bool]:
    """The chain rows that apply to the user's organisation, and whether they are its own (else the default)."""
    own = list(ApprovalStepRule.objects.filter(owner_org_id=user.scope.org_id).select_related("approver"))
    if own:
        return own, True
    return list(ApprovalStepRule.objects.filter(owner_org__isnull=True).select_related("approver")), False


def deputies_for(deputy: Any, on: dt.date) -> list[int]:
    """Ids of the approvers `deputy` may currently decide for."""
    return list(
        ApprovalDeputy.objects.filter(
            deputy_id=deputy.pk, starts_on__lte=on, ends_on__gte=on, revoked_at__isnull=True
        ).values_list("approver_id", flat=True)
    )


def deputy_list(*, user: Any) -> QuerySet:
    return ApprovalDeputy.objects.filter(Q(approver_id=user.pk) | Q(deputy_id=user.pk)).select_related(
        "approver", "deputy"
    )


def details_q(user: Any) -> Q | None:
    """Among the delegations a user sees, those whose details the user reads; None means all of them.

    Another province sees a shared delegation only as a summary — title, type, province, state, dates,
    countries, head of delegation — never its purpose, programme, budget, members, approvals, internal notes
    or follow-up tasks (issue 16). The owning province, the ministry (R all) and the missions covering the
    host countries (R host: they prepare the programme on site and comment on it, DOMAIN.md §2) read it all."""
    scope = user.scope
    if scope.is_province and not scope.is_site_admin:
        return Q(owner_org_id=scope.org_id)
    return None


def reads_details(user: Any, delegation: Delegation) -> bool:
    """`details_q` for one delegation the user already sees (no query)."""
    scope = user.scope
    return not (scope.is_province and not scope.is_site_admin and delegation.owner_org_id != scope.org_id)


def may_see_personal_data(user: Any, delegation: Delegation) -> bool:
    """Only the delegation's organisation, its named approvers and site administrators (DOMAIN.md §2)."""
    scope = user.scope
    if not scope.active:
        return False
    if scope.is_site_admin or scope.org_id == delegation.owner_org_id:
        return True
    return any(step.approver_id == user.pk for step in delegation.approvals.all())


def mask(value: str, keep: int = 2) -> str:
    if not value:
        return ""
    return "•" * max(len(value) - keep, 3) + value[-keep:] if len(value) > keep else "•" * 4


@dataclass(frozen=True)
class MemberView:
    member: Member
    birth_date: str
    passport_number: str
    passport_expiry: str


def _dmy(iso: str) -> str:
    try:
        return dt.date.fromisoformat(iso).strftime("%d/%m/%Y")
    except ValueError:
        return iso


def member_views(delegation: Delegation, *, unmasked: bool) -> list[MemberView]:
    views = []
    for m in delegation.members.all():
        if unmasked:
            views.append(MemberView(m, _dmy(m.birth_date), m.passport_number, _dmy(m.passport_expiry)))
        else:
            views.append(
                MemberView(
                    m,
                    "••/••/" + m.birth_date[:4] if m.birth_date else "",
                    mask(m.passport_number),
                    "••/••/••••" if m.passport_expiry else "",
                )
            )
    return views


def delegation_counts(*, user: Any) -> dict[str, int]:
    qs = Delegation.objects.visible_to(user, Action.VIEW)
    today = _today()
    return {
        "report_missing": qs.filter(
            reported_on__isnull=True, state__in=Delegation.APPROVED_STATES, report_due_on__lt=today
        ).count(),
        "waiting_approval": qs.filter(state=Delegation.State.SUBMITTED).count(),
        "this_month": qs.filter(departs_on__year=today.year, departs_on__month=today.month).count(),
    }


def overdue_follow_ups(*, user: Any, today: dt.date | None = None) -> QuerySet:
    today = today or _today()
    visible = Delegation.objects.visible_to(user, Action.VIEW).values("pk")
    return FollowUpTask.objects.filter(
        delegation_id__in=visible, status=FollowUpTask.Status.OPEN, due_on__lt=today
    ).select_related("delegation")


# --- visits and conferences ----------------------------------------------------------------------------------


def visit_list(*, user: Any, filters: VisitFilters) -> QuerySet:
    qs = LeaderVisit.objects.visible_to(user, Action.VIEW).filter(filters.get_filter_expression())
    if filters.date_from:
        qs = qs.filter(ends_on__gte=filters.date_from)
    if filters.date_to:
        qs = qs.filter(starts_on__lte=filters.date_to)
    return order(qs.select_related("province"), filters.sort, VISIT_SORTS, default="-starts")


def visit_get(*, user: Any, pk: int, action: Action = Action.VIEW) -> LeaderVisit:
    found = get_for_action(LeaderVisit, user, action, pk=pk)
    return (
        LeaderVisit.objects.visible_to(user, Action.VIEW)
        .select_related("province")
        .prefetch_related("asks")
        .get(pk=found.pk)
    )


def conference_list(*, user: Any, filters: ConferenceFilters) -> QuerySet:
    qs = Conference.objects.visible_to(user, Action.VIEW).filter(filters.get_filter_expression())
    if filters.report_missing:
        qs = qs.filter(state=Conference.State.APPROVED, reported_on__isnull=True, report_due_on__isnull=False)
    if filters.date_from:
        qs = qs.filter(ends_on__gte=filters.date_from)
    if filters.date_to:
        qs = qs.filter(starts_on__lte=filters.date_to)
    qs = qs.select_related("province").prefetch_related("countries")
    return order(qs, filters.sort, CONFERENCE_SORTS, default="-starts")


def conference_get(*, user: Any, pk: int, action: Action = Action.VIEW) -> Conference:
    found = get_for_action(Conference, user, action, pk=pk)
    return (
        Conference.objects.visible_to(user, Action.VIEW)
        .select_related("province")
        .prefetch_related("countries", "consultations")
        .get(pk=found.pk)
    )


# --- the shared calendar -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CalendarEntry:
    uid: str
    kind: str  # delegation | visit | conference | deadline
    title: str
    starts_on: dt.date
    ends_on: dt.date
    url: str
    detail: str = ""


MAX_CALENDAR_DAYS = 400
CALENDAR_LIMIT = 2000  # per kind of entry: a national month holds a few hundred trips
MAX_TRIP_DAYS = 366


def calendar_key(*, user: Any, start: dt.date, end: dt.date) -> str | None:
    """The cache key of `calendar_entries` for this user and period: it moves with every change to the
    delegations, visits, conferences and follow-up tasks the user may see (`core.lists.stamp_key`)."""
    delegations = Delegation.objects.visible_to(user, Action.VIEW)
    return stamp_key(
        "calendar",
        [
            delegations,
            LeaderVisit.objects.visible_to(user, Action.VIEW),
            Conference.objects.visible_to(user, Action.VIEW),
            FollowUpTask.objects.filter(delegation_id__in=delegations.values("pk")),
        ],
        start,
        end,
        get_language(),
    )


def calendar_entries(*, user: Any, start: dt.date, end: dt.date) -> list[CalendarEntry]:
    """Delegations, leader visits, conferences and their deadlines between `start` and `end` (inclusive),
    among what the user may see."""
    from django.utils.translation import gettext as _

    entries: list[CalendarEntry] = []
    delegations = Delegation.objects.visible_to(user, Action.VIEW).exclude(
        state__in=[Delegation.State.CANCELLED, Delegation.State.REFUSED]
    )
    # a trip lasts at most MAX_TRIP_DAYS (validated), so the index on departs_on bounds the search
    trips = list(
        delegations.filter(
            departs_on__gte=start - dt.timedelta(days=MAX_TRIP_DAYS),
            departs_on__lte=end,
            returns_on__gte=start,
        )
        .order_by("departs_on", "pk")
        .values("pk", "title", "direction", "state", "departs_on", "returns_on", "province__name")[
            :CALENDAR_LIMIT
        ]
    )
    names: dict[int, list[str]] = {}
    links = Delegation.countries.through.objects.filter(delegation_id__in=[t["pk"] for t in trips])
    for delegation_id, name in links.values_list("delegation_id", "country__name_vi"):
        names.setdefault(delegation_id, []).append(name)
    directions = {k: str(v) for k, v in Delegation.Direction.choices}
    states = {k: str(v) for k, v in Delegation.State.choices}
    for t in trips:
        entries.append(
            CalendarEntry(
                f"delegation-{t['pk']}@ngoaivu",
                "delegation",
                f"{directions[t['direction']]}: {t['title']}",
                t["departs_on"],
                t["returns_on"],
                f"/delegations/{t['pk']}/",
                f"{t['province__name']} — {', '.join(names.get(t['pk'], []))} — {states[t['state']]}",
            )
        )
    detailed = delegations if (only := details_q(user)) is None else delegations.filter(only)
    for d in detailed.filter(
        report_due_on__range=(start, end), reported_on__isnull=True, state__in=Delegation.APPROVED_STATES
    )[:CALENDAR_LIMIT]:
        entries.append(
            CalendarEntry(
                f"delegation-report-{d.pk}@ngoaivu",
                "deadline",
                provisional_label(_("Hạn báo cáo kết quả đoàn: %(t)s") % {"t": d.title}, d.report_due_on),
                d.report_due_on,  # type: ignore[arg-type]
                d.report_due_on,  # type: ignore[arg-type]
                f"/delegations/{d.pk}/",
            )
        )
    for task in FollowUpTask.objects.filter(
        delegation_id__in=detailed.values("pk"),  # a trip's internal tasks: for those who read its details
        status=FollowUpTask.Status.OPEN,
        due_on__range=(start, end),
    ).select_related("delegation")[:CALENDAR_LIMIT]:
        entries.append(
            CalendarEntry(
                f"follow-up-{task.pk}@ngoaivu",
                "deadline",
                _("Hạn việc sau chuyến đi: %(t)s") % {"t": task.title},
                task.due_on,
                task.due_on,
                f"/delegations/{task.delegation_id}/#follow-ups",
                task.owner,
            )
        )
    for v in (
        LeaderVisit.objects.visible_to(user, Action.VIEW)
        .exclude(status=LeaderVisit.Status.CANCELLED)
        .filter(starts_on__lte=end, ends_on__gte=start)
        .select_related("province")[:CALENDAR_LIMIT]
    ):
        entries.append(
            CalendarEntry(
                f"visit-{v.pk}@ngoaivu",
                "visit",
                f"{v.get_direction_display()}: {v.province.name}",
                v.starts_on,
                v.ends_on,
                f"/delegations/visits/{v.pk}/",
                v.ministry_leaders,
            )
        )
    conferences = Conference.objects.visible_to(user, Action.VIEW).exclude(
        state__in=[Conference.State.CANCELLED, Conference.State.REFUSED]
    )
    for c in conferences.filter(starts_on__lte=end, ends_on__gte=start).select_related("province")[
        :CALENDAR_LIMIT
    ]:
        entries.append(
            CalendarEntry(
                f"conference-{c.pk}@ngoaivu",
                "conference",
                c.title,
                c.starts_on,
                c.ends_on,
                f"/delegations/conferences/{c.pk}/",
                f"{c.province.name} — {c.venue}",
            )
        )
    for c in conferences.filter(state=Conference.State.PLANNED, dossier_due_on__range=(start, end))[
        :CALENDAR_LIMIT
    ]:
        entries.append(
            CalendarEntry(
                f"conference-dossier-{c.pk}@ngoaivu",
                "deadline",
                provisional_label(_("Hạn trình hồ sơ hội nghị: %(t)s") % {"t": c.title}, c.dossier_due_on),
                c.dossier_due_on,
                c.dossier_due_on,
                f"/delegations/conferences/{c.pk}/",
            )
        )
    entries.sort(key=lambda e: (e.starts_on, e.kind, e.title))
    return entries


def work_counts(*, user: Any, today: dt.date | None = None) -> list[dict[str, Any]]:
    """The delegations part of the home work list (DOMAIN.md §10); each count links to the list behind it.
    Remembered while delegations, follow-up tasks and conferences are unchanged."""
    today = today or _today()
    delegations = Delegation.objects.visible_to(user, Action.VIEW)
    return stamped(
        "home:delegations",
        [
            delegations,
            FollowUpTask.objects.filter(delegation_id__in=delegations.values("pk")),
            Conference.objects.visible_to(user, Action.VIEW),
        ],
        lambda: _work_counts(user, today),
        today,
        get_language(),
    )


def _work_counts(user: Any, today: dt.date) -> list[dict[str, Any]]:
    from django.utils.translation import gettext as _

    delegations = Delegation.objects.visible_to(user, Action.VIEW)
    month_end = today + dt.timedelta(days=30)
    upcoming = delegations.filter(
        state__in=[Delegation.State.APPROVED, Delegation.State.MISSION_NOTIFIED],
        departs_on__gte=today,
        departs_on__lte=month_end,
    )
    follow_ups = FollowUpTask.objects.filter(
        delegation_id__in=delegations.values("pk"), status=FollowUpTask.Status.OPEN, due_on__lt=today
    )
    dossiers = Conference.objects.visible_to(user, Action.VIEW).filter(
        state=Conference.State.PLANNED, dossier_due_on__lte=today + dt.timedelta(days=14)
    )
    return [
        {
            "label": _("đoàn đang chờ duyệt"),
            "n": delegations.filter(state=Delegation.State.SUBMITTED).count(),
            "url": "/delegations/?state=submitted",
        },
        {
            "label": _("đoàn quá hạn báo cáo kết quả"),
            "n": delegations.filter(
                reported_on__isnull=True, state__in=Delegation.APPROVED_STATES, report_due_on__lt=today
            ).count(),
            "url": "/delegations/?report_missing=true",
        },
        {
            "label": _("việc sau chuyến đi quá hạn"),
            "n": follow_ups.count(),
            "url": "/delegations/?follow_up_overdue=true",
        },
        {
            "label": _("đoàn khởi hành trong 30 ngày tới"),
            "n": upcoming.count(),
            "url": f"/delegations/?date_from={today.isoformat()}&date_to={month_end.isoformat()}",
        },
        {
            "label": _("hồ sơ hội nghị quốc tế đến hạn trình trong 14 ngày hoặc quá hạn"),
            "n": dossiers.count(),
            "url": "/delegations/conferences/?state=planned&sort=dossier_due",
        },
    ]
