"""Approval chains and deputies: the current step of a submitted delegation, the chain it gets, the chain rows an
organisation sees, and who decides for whom."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet

from ngoaivu.core.actors import Actor
from ngoaivu.delegations.models import (
    ApprovalDeputy,
    ApprovalStepRule,
    Delegation,
    DelegationApproval,
)


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


def chain_rows(*, user: Actor) -> tuple[list[ApprovalStepRule], bool]:
    """The chain rows that apply to the user's organisation, and whether they are its own (else the default)."""
    own = list(ApprovalStepRule.objects.filter(owner_org_id=user.scope.org_id).select_related("approver"))
    if own:
        return own, True
    return list(ApprovalStepRule.objects.filter(owner_org__isnull=True).select_related("approver")), False


def deputies_for(deputy: Actor, on: dt.date) -> list[int]:
    """Ids of the approvers `deputy` may currently decide for."""
    return list(
        ApprovalDeputy.objects.filter(
            deputy_id=deputy.pk, starts_on__lte=on, ends_on__gte=on, revoked_at__isnull=True
        ).values_list("approver_id", flat=True)
    )


def deputy_list(*, user: Actor) -> QuerySet[ApprovalDeputy]:
    return ApprovalDeputy.objects.filter(Q(approver_id=user.pk) | Q(deputy_id=user.pk)).select_related(
        "approver", "deputy"
    )
