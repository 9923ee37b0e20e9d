"""A delegation's path: the actions (submit, approve, return, refuse, report, postpone, resume, cancel, close),
who may take them from which state, and what each one writes."""

from __future__ import annotations

import decimal
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, pgettext_lazy

from ngoaivu.accounts.models import User
from ngoaivu.agreements.models import Agreement
from ngoaivu.audit import services as audit
from ngoaivu.core.actors import Actor
from ngoaivu.core.exceptions import Forbidden, ServiceError, StaleObject, StateConflict
from ngoaivu.core.scoping import Action, get_for_action
from ngoaivu.core.text import clean_text
from ngoaivu.core.versioning import save_versioned
from ngoaivu.delegations import selectors
from ngoaivu.delegations.models import (
    Delegation,
    DelegationApproval,
    FollowUpTask,
)
from ngoaivu.delegations.services._common import D, _event, _fail, _text, _today, limit
from ngoaivu.delegations.services.approvals import (
    _advance,
    _decide,
    _notify_step,
    _tell_author,
    decider_for,
    refusal_reason,
)
from ngoaivu.delegations.services.follow_up import FollowUpInput, _follow_up_values

ACTIONS: dict[str, tuple[tuple[str, ...], str]] = {
    # action: (states it is allowed from, who: "owner" | "approver")
    "submit": ((D.PLANNED,), "owner"),
    "approve": ((D.SUBMITTED,), "approver"),
    "return": ((D.SUBMITTED,), "approver"),
    "refuse": ((D.SUBMITTED,), "approver"),
    "report": (Delegation.APPROVED_STATES, "owner"),
    "postpone": ((D.PLANNED, D.SUBMITTED, D.APPROVED, D.MISSION_NOTIFIED), "owner"),
    "resume": ((D.POSTPONED,), "owner"),
    "cancel": ((D.PLANNED, D.SUBMITTED, D.APPROVED, D.MISSION_NOTIFIED, D.POSTPONED), "owner"),
    "close": ((D.REPORTED,), "owner"),
}
ALL_ACTIONS = frozenset(ACTIONS)

ACTION_LABELS = {
    # the buttons: verbs (context "action", as in agreements: "Submit", "Approve", "Cancel delegation")
    "submit": pgettext_lazy("action", "Trình duyệt"),
    "approve": pgettext_lazy("action", "Đồng ý"),
    "return": pgettext_lazy("action", "Trả lại để bổ sung"),
    "refuse": pgettext_lazy("action", "Không đồng ý"),
    "report": pgettext_lazy("action", "Báo cáo kết quả"),
    "postpone": pgettext_lazy("action", "Hoãn chuyến đi"),
    "resume": pgettext_lazy("action", "Chuẩn bị lại"),
    "cancel": pgettext_lazy("action", "Hủy đoàn"),
    "close": pgettext_lazy("action", "Đóng hồ sơ đoàn"),
}
"""The delegation workflow's buttons, one per action of `ACTIONS`."""


@dataclass(frozen=True)
class DelegationActionInput:
    comment: str = ""
    results: str = ""
    better_preparation: str = ""
    agreement_ids: tuple[int, ...] = ()
    actual_cost: decimal.Decimal | None = None
    follow_ups: tuple[FollowUpInput, ...] = ()


def available_actions(*, user: Actor, delegation: Delegation) -> list[str]:
    scope = user.scope
    owner = scope.can_write and scope.org_id == delegation.owner_org_id
    step = selectors.current_step(delegation)
    approver = step is not None and decider_for(user, step, delegation, _today())[0]
    found = []
    for action, (states, who) in ACTIONS.items():
        if delegation.state not in states:
            continue
        if (who == "owner" and owner) or (who == "approver" and approver):
            found.append(action)
    if "report" in found and _today() < delegation.returns_on:
        found.remove("report")
    return found


@transaction.atomic
def delegation_action(
    *,
    actor: User,
    delegation_id: int,
    action: str,
    expected_version: int | None = None,
    data: DelegationActionInput | None = None,
) -> Delegation:
    """Move a delegation along its path. A step the state forbids is a StateConflict (409) naming the state;
    a step the user may not take is Forbidden (403)."""
    data = data or DelegationActionInput()
    if action not in ACTIONS:
        raise ServiceError(_("Thao tác không hợp lệ: %(a)s") % {"a": action})
    found = get_for_action(Delegation, actor, Action.VIEW, pk=delegation_id)
    delegation = Delegation.objects.visible_to(actor, Action.VIEW).select_for_update().get(pk=found.pk)
    if expected_version is not None and expected_version != delegation.version:
        raise StaleObject(delegation._meta.label, delegation.pk, delegation.version)
    states, _who = ACTIONS[action]
    if delegation.state not in states:
        raise StateConflict(
            _("Không thể thực hiện “%(a)s” khi đoàn đang ở trạng thái “%(s)s”.")
            % {"a": ACTION_LABELS[action], "s": delegation.get_state_display()}
        )
    if action not in available_actions(user=actor, delegation=delegation):
        if action == "report" and delegation.owner_org_id == actor.scope.org_id and actor.scope.can_write:
            raise StateConflict(
                _("Chỉ báo cáo kết quả sau khi đoàn về (ngày về: %(d)s).")
                % {"d": delegation.returns_on.strftime("%d/%m/%Y")}
            )
        step = selectors.current_step(delegation)
        # the reason names the step, which may reveal what the summary hides: only for who reads the details
        tells = actor.scope.org_id == delegation.owner_org_id or selectors.reads_details(actor, delegation)
        reason = refusal_reason(actor, step, delegation) if step and _who == "approver" and tells else ""
        raise Forbidden(reason)
    before = audit.snapshot(delegation)
    from_state = delegation.state
    comment = clean_text(data.comment)
    if len(comment) > 5000:
        raise ServiceError(_("Ý kiến tối đa 5000 ký tự."), {"comment": [_("Tối đa 5000 ký tự.")]})
    HANDLERS[action](delegation, actor, data, comment)
    delegation.updated_by = actor
    save_versioned(delegation, None)
    _event(delegation, actor, action, text=comment, from_state=from_state)
    audit.record(
        actor=actor,
        action=f"delegation.{action}",
        target=delegation,
        before=before,
        after=audit.snapshot(delegation),
    )
    return delegation


def _need_comment(comment: str) -> None:
    if not comment:
        message = _("Ghi rõ lý do hoặc ý kiến.")
        raise ServiceError(message, {"comment": [message]})


def _submit(delegation: Delegation, actor: User, data: DelegationActionInput, comment: str) -> None:
    if not delegation.members.exists():
        message = _("Đoàn chưa có thành viên.")
        raise ServiceError(message, {"members": [message]})
    chain = selectors.chain_for(delegation)
    if not chain:
        raise ServiceError(_("Chưa cấu hình quy trình duyệt đoàn cho đơn vị này."))
    delegation.approval_round += 1
    DelegationApproval.objects.bulk_create(
        [
            DelegationApproval(
                delegation=delegation,
                round=delegation.approval_round,
                order=i,
                label=rule.label,
                approver=rule.approver,
                on_paper=rule.on_paper,
            )
            for i, rule in enumerate(chain, start=1)
        ]
    )
    delegation.state = D.SUBMITTED
    delegation.submitted_by = actor if isinstance(actor, User) else None
    delegation.save(update_fields=["approval_round", "submitted_by"])
    first = DelegationApproval.objects.filter(delegation=delegation, round=delegation.approval_round).first()
    if first is not None:
        _notify_step(delegation, first)


def _approve(delegation: Delegation, actor: User, data: DelegationActionInput, comment: str) -> None:
    _decide(delegation, actor, DelegationApproval.Decision.APPROVED, comment)
    _advance(delegation)


def _return(delegation: Delegation, actor: User, data: DelegationActionInput, comment: str) -> None:
    _need_comment(comment)
    _decide(delegation, actor, DelegationApproval.Decision.RETURNED, comment)
    delegation.state = D.PLANNED
    _tell_author(delegation, gettext_noop("Đoàn được trả lại để bổ sung: %(t)s"), "returned")


def _refuse(delegation: Delegation, actor: User, data: DelegationActionInput, comment: str) -> None:
    _need_comment(comment)
    _decide(delegation, actor, DelegationApproval.Decision.REFUSED, comment)
    delegation.state = D.REFUSED
    _tell_author(delegation, gettext_noop("Đoàn không được duyệt: %(t)s"), "refused")


def _report(delegation: Delegation, actor: User, data: DelegationActionInput, comment: str) -> None:
    errors: dict[str, list[str]] = {}
    results = _text(errors, "results", data.results, limit(Delegation, "report_results"), required=True)
    better = _text(
        errors, "better_preparation", data.better_preparation, limit(Delegation, "report_better_preparation")
    )
    agreements = list(Agreement.objects.visible_to(actor, Action.VIEW).filter(pk__in=set(data.agreement_ids)))
    if len(agreements) != len(set(data.agreement_ids)):
        errors.setdefault("agreements", []).append(_("Có thỏa thuận không tồn tại hoặc bạn không được xem."))
    if data.actual_cost is not None and data.actual_cost < 0:
        errors.setdefault("actual_cost", []).append(_("Kinh phí không được âm."))
    tasks = []
    for i, task in enumerate(data.follow_ups, start=1):
        try:
            tasks.append(_follow_up_values(actor, task))
        except ServiceError as exc:
            for key, msgs in exc.errors.items():
                errors.setdefault(f"follow_ups[{i}].{key}", []).extend(msgs)
    _fail(errors, _("Chưa lưu được báo cáo kết quả."))
    for values in tasks:
        FollowUpTask.objects.create(delegation=delegation, **values)
    delegation.report_results = results
    delegation.report_better_preparation = better
    delegation.actual_cost = data.actual_cost
    delegation.reported_on = _today()
    delegation.state = D.REPORTED
    delegation.report_agreements.set(agreements)


def _postpone(delegation: Delegation, actor: User, data: DelegationActionInput, comment: str) -> None:
    _need_comment(comment)
    delegation.state = D.POSTPONED


def _resume(delegation: Delegation, actor: User, data: DelegationActionInput, comment: str) -> None:
    delegation.state = D.PLANNED


def _cancel(delegation: Delegation, actor: User, data: DelegationActionInput, comment: str) -> None:
    _need_comment(comment)
    delegation.state = D.CANCELLED


def _close(delegation: Delegation, actor: User, data: DelegationActionInput, comment: str) -> None:
    delegation.state = D.CLOSED


HANDLERS: dict[str, Callable[[Delegation, User, DelegationActionInput, str], None]] = {
    "submit": _submit,
    "approve": _approve,
    "return": _return,
    "refuse": _refuse,
    "report": _report,
    "postpone": _postpone,
    "resume": _resume,
    "cancel": _cancel,
    "close": _close,
}
