"""Reads of delegations: the list and the detail, what another province reads of a shared delegation (a summary),
members' personal data masked or not, and the counts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet

from ngoaivu.core.actors import Actor
from ngoaivu.core.lists import order, text_q
from ngoaivu.core.scoping import Action, get_for_action
from ngoaivu.delegations.filters import DelegationFilters
from ngoaivu.delegations.models import (
    Delegation,
    DelegationApproval,
    FollowUpTask,
    Member,
)
from ngoaivu.delegations.selectors.deadlines import _today

DELEGATION_SORTS = {
    "departs": ("departs_on",),
    "title": ("title",),
    "state": ("state",),
    "report_due": ("report_due_on",),
}


def delegation_list(*, user: Actor, filters: DelegationFilters, details: bool = True) -> QuerySet[Delegation]:
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


def delegation_get(*, user: Actor, pk: int, action: Action = Action.VIEW) -> Delegation:
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


def agreement_choices(*, user: Actor, delegation: Delegation) -> list[tuple[int, str]]:
    """The delegation's province's agreements the user may see, newest first, to link a report or a task."""
    from ngoaivu.agreements.models import Agreement

    found = (
        Agreement.objects.visible_to(user, Action.VIEW)
        .filter(owner_org_id=delegation.owner_org_id)
        .order_by("-signed_on", "-pk")
        .values_list("pk", "title_vi", "signed_on")[:300]
    )
    return [(pk, f"{title} ({signed:%d/%m/%Y})" if signed else title) for pk, title, signed in found]


def details_q(user: Actor) -> Q | None:
    """Among the delegations a user sees, those whose details the user reads; None means all of them.

    Another province sees a shared delegation only as a summary — title, type, province, state, dates,
    countries, head of delegation — never its purpose, programme, budget, members, approvals, internal notes
    or follow-up tasks (issue 16). The owning province, the ministry (R all) and the missions covering the
    host countries (R host: they prepare the programme on site and comment on it, DOMAIN.md §2) read it all."""
    scope = user.scope
    if scope.is_province and not scope.is_site_admin:
        return Q(owner_org_id=scope.org_id)
    return None


def reads_details(user: Actor, delegation: Delegation) -> bool:
    """`details_q` for one delegation the user already sees (no query)."""
    scope = user.scope
    return not (scope.is_province and not scope.is_site_admin and delegation.owner_org_id != scope.org_id)


def may_see_personal_data(user: Actor, delegation: Delegation) -> bool:
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


def delegation_counts(*, user: Actor) -> dict[str, int]:
    qs = Delegation.objects.visible_to(user, Action.VIEW)
    today = _today()
    return {
        "report_missing": qs.filter(
            reported_on__isnull=True, state__in=Delegation.APPROVED_STATES, report_due_on__lt=today
        ).count(),
        "waiting_approval": qs.filter(state=Delegation.State.SUBMITTED).count(),
        "this_month": qs.filter(departs_on__year=today.year, departs_on__month=today.month).count(),
    }


def overdue_follow_ups(*, user: Actor, today: dt.date | None = None) -> QuerySet[FollowUpTask]:
    today = today or _today()
    visible = Delegation.objects.visible_to(user, Action.VIEW).values("pk")
    return FollowUpTask.objects.filter(
        delegation_id__in=visible, status=FollowUpTask.Status.OPEN, due_on__lt=today
    ).select_related("delegation")
