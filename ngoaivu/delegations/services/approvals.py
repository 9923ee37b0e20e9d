"""Approval chains and their steps: who may decide a step (four eyes, deputies, steps decided on paper), the
notices along the chain, and each province's own chain configuration."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ngoaivu.accounts.models import Role, User
from ngoaivu.accounts.notifications import heads_of, notify, rendered_later, staff_of
from ngoaivu.audit import services as audit
from ngoaivu.core.actors import Actor
from ngoaivu.core.exceptions import Forbidden, NotFound, StateConflict
from ngoaivu.delegations import selectors
from ngoaivu.delegations.models import (
    ApprovalStepRule,
    Delegation,
    DelegationApproval,
)
from ngoaivu.delegations.services._common import D, _fail, _text, _today, limit
from ngoaivu.directory.models import Accreditation


def decider_for(
    user: Actor, step: DelegationApproval, delegation: Delegation, on: dt.date
) -> tuple[bool, User | None]:
    """(may decide, on whose behalf). A named approver decides their own step, or their deputy for the period;
    a step without a named approver is decided by a head of the delegation's organisation (or a head's
    deputy). Four eyes: whoever submitted the delegation never decides its steps, even as head; a step
    decided on paper (Chủ tịch UBND tỉnh, Ban Thường vụ Tỉnh ủy) is recorded, never clicked."""
    scope = user.scope
    if not scope.active or not scope.can_write or step.on_paper:
        return False, None
    if delegation.submitted_by_id is not None and delegation.submitted_by_id == user.pk:
        return False, None
    # four eyes through a deputy: nobody decides "on behalf of" the submitter; a step naming the submitter
    # goes to another head of the organisation instead
    for_whom = [a for a in selectors.deputies_for(user, on) if a != delegation.submitted_by_id]
    if step.approver_id is not None and step.approver_id != delegation.submitted_by_id:
        if step.approver_id == user.pk:
            return True, None
        if step.approver_id in for_whom:
            return True, step.approver
        return False, None
    if scope.org_id != delegation.owner_org_id:
        return False, None
    if Role.HEAD in scope.roles:
        return True, None
    heads = [h for h in heads_of(delegation.owner_org_id) if h.pk in for_whom]
    return (True, heads[0]) if heads else (False, None)


def refusal_reason(user: Actor, step: DelegationApproval, delegation: Delegation) -> str:
    """Why `user` may not click this step, in words the page and the API show (empty: no particular reason)."""
    if step.on_paper:
        return _(
            "Bước “%(s)s” do lãnh đạo quyết định bằng văn bản: hãy ghi nhận quyết định (số, ngày, người ký, "
            "bản scan), không bấm duyệt thay."
        ) % {"s": step.label}
    if delegation.submitted_by_id is not None and delegation.submitted_by_id == user.pk:
        return _(
            "Nguyên tắc bốn mắt: bạn đã trình đoàn này nên không được tự duyệt, kể cả khi là lãnh đạo; "
            "bước duyệt do lãnh đạo khác hoặc người được ủy quyền thực hiện."
        )
    return ""


def may_record_decision(user: Actor, delegation: Delegation) -> bool:
    """An officer of the delegation's organisation records the paper decision of the current step."""
    scope = user.scope
    step = selectors.current_step(delegation)
    return bool(
        step is not None
        and step.on_paper
        and scope.active
        and scope.can_write
        and scope.org_id == delegation.owner_org_id
    )


def _notify_step(delegation: Delegation, step: DelegationApproval) -> None:
    if step.on_paper:  # the officers prepare the document for the leader and record the decision
        users = staff_of(delegation.owner_org_id)
    else:
        users = [step.approver] if step.approver else heads_of(delegation.owner_org_id)
        users = [u for u in users if u.pk != delegation.submitted_by_id]
    notify(
        users=users,
        kind="delegation_approval",
        title=rendered_later(gettext_noop("Đoàn chờ bạn duyệt: %(t)s"), t=delegation.title),
        url=delegation.get_absolute_url(),
        dedupe_key=f"delegation-step-{step.pk}",
    )


def _notify_missions(delegation: Delegation) -> int:
    """The mission(s) covering the destination countries are informed of an approved outbound delegation."""
    orgs = set(
        Accreditation.objects.filter(country__in=delegation.countries.all()).values_list(
            "mission__organisation_id", flat=True
        )
    )
    users = [u for org in orgs if org for u in staff_of(org)]
    notify(
        users=users,
        kind="delegation_mission",
        title=rendered_later(
            gettext_noop("Đoàn của %(p)s sắp đến địa bàn: %(t)s (%(d)s)"),
            p=delegation.province.name,
            t=delegation.title,
            d=delegation.departs_on.strftime("%d/%m/%Y"),
        ),
        url=delegation.get_absolute_url(),
        dedupe_key=f"delegation-mission-{delegation.pk}",
    )
    return len(orgs)


def _decide(delegation: Delegation, actor: User, decision: str, comment: str) -> DelegationApproval:
    step = selectors.current_step(delegation)
    if step is None:
        raise StateConflict(_("Không có bước duyệt nào đang chờ."))
    allowed, for_whom = decider_for(actor, step, delegation, _today())
    if not allowed:
        raise Forbidden(refusal_reason(actor, step, delegation))
    step.decision = decision
    step.decided_by = actor
    step.on_behalf_of = for_whom
    step.decided_at = timezone.now()
    step.comment = comment
    step.save()
    return step


def _advance(delegation: Delegation) -> None:
    """After an approved step: notify the next one, or the whole chain is through."""
    nxt = selectors.current_step(delegation)
    if nxt is not None:
        _notify_step(delegation, nxt)
        return
    delegation.state = D.APPROVED
    delegation.report_due_on, delegation.report_rule = selectors.report_due(
        delegation.province.code, delegation.returns_on
    )
    notify(
        users=staff_of(delegation.owner_org_id),
        kind="delegation_approved",
        title=rendered_later(gettext_noop("Đoàn đã được duyệt: %(t)s"), t=delegation.title),
        url=delegation.get_absolute_url(),
        dedupe_key=f"delegation-approved-{delegation.pk}-{delegation.approval_round}",
    )
    if delegation.direction == Delegation.Direction.OUTBOUND and _notify_missions(delegation):
        delegation.state = D.MISSION_NOTIFIED
        delegation.mission_notified_at = timezone.now()


def _tell_author(delegation: Delegation, template: str, what: str) -> None:
    users = [u for u in [delegation.created_by] if u is not None] or staff_of(delegation.owner_org_id)
    notify(
        users=users,
        kind=f"delegation_{what}",
        title=rendered_later(template, t=delegation.title),
        url=delegation.get_absolute_url(),
        dedupe_key=f"delegation-{what}-{delegation.pk}-{delegation.approval_round}",
    )


def may_configure_chain(actor: Actor) -> bool:
    """An organisation administrator of a province sets its own chain (site administrators any)."""
    scope = actor.scope
    return bool(scope.is_org_admin and (scope.is_province or scope.is_site_admin) and scope.org_id)


@dataclass(frozen=True)
class ChainStepInput:
    order: int
    label: str
    direction: str = ""
    approver_id: int | None = None
    only_if_party_managed: bool = False


@transaction.atomic
def chain_step_create(*, actor: User, data: ChainStepInput) -> ApprovalStepRule:
    """Adds a step to the actor's organisation's own chain. The first step a province adds replaces the default
    chain for that direction; submissions already made keep the steps they were given."""
    if not may_configure_chain(actor):
        raise Forbidden()
    errors: dict[str, list[str]] = {}
    label = _text(errors, "label", data.label, limit(ApprovalStepRule, "label"), required=True)
    if data.direction not in ("", *Delegation.Direction.values):
        errors["direction"] = [_("Loại đoàn không hợp lệ.")]
    if not 1 <= data.order <= 20:
        errors["order"] = [_("Thứ tự từ 1 đến 20.")]
    approver = None
    if data.approver_id:
        approver = User.objects.filter(
            Q(organisation_id=actor.scope.org_id), pk=data.approver_id, is_active=True
        ).first()
        if approver is None:
            errors["approver"] = [_("Người duyệt phải là người đang làm việc trong đơn vị của bạn.")]
    _fail(errors, _("Chưa lưu được bước duyệt."))
    step = ApprovalStepRule.objects.create(
        owner_org_id=actor.scope.org_id,
        direction=data.direction,
        order=data.order,
        label=label,
        approver=approver,
        only_if_party_managed=data.only_if_party_managed,
    )
    audit.record(actor=actor, action="approval_step_rule.create", target=step, after=audit.snapshot(step))
    return step


@transaction.atomic
def chain_step_delete(*, actor: User, step_id: int) -> None:
    if not may_configure_chain(actor):
        raise Forbidden()
    step = ApprovalStepRule.objects.filter(pk=step_id, owner_org_id=actor.scope.org_id).first()
    if step is None:
        raise NotFound()
    before = audit.snapshot(step)
    step.delete()
    audit.record(actor=actor, action="approval_step_rule.delete", target=step, before=before)
