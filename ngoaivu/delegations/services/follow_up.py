"""Follow-up tasks after a trip: the values a task takes, and adding or editing one."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from ngoaivu.accounts.models import User
from ngoaivu.agreements.models import Agreement
from ngoaivu.audit import services as audit
from ngoaivu.core.actors import Actor
from ngoaivu.core.exceptions import NotFound, StateConflict
from ngoaivu.core.scoping import Action, get_for_action
from ngoaivu.delegations.models import (
    Delegation,
    FollowUpTask,
)
from ngoaivu.delegations.services._common import _fail, _text, _today, limit


@dataclass(frozen=True)
class FollowUpInput:
    title: str
    owner: str
    due_on: dt.date
    status: str = "open"
    agreement_id: int | None = None
    request_reference: str = ""


def _follow_up_values(actor: Actor, data: FollowUpInput) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    values: dict[str, Any] = {
        "title": _text(errors, "title", data.title, limit(FollowUpTask, "title"), required=True),
        "owner": _text(errors, "owner", data.owner, limit(FollowUpTask, "owner"), required=True),
        "due_on": data.due_on,
        "status": data.status,
        "request_reference": _text(
            errors, "request_reference", data.request_reference, limit(FollowUpTask, "request_reference")
        ),
        "agreement": None,
    }
    if data.status not in FollowUpTask.Status.values:
        errors["status"] = [_("Tình trạng không hợp lệ.")]
    if data.agreement_id:
        agreement = Agreement.objects.visible_to(actor, Action.VIEW).filter(pk=data.agreement_id).first()
        if agreement is None:
            errors["agreement"] = [_("Thỏa thuận không tồn tại hoặc bạn không được xem.")]
        values["agreement"] = agreement
    _fail(errors, _("Chưa lưu được việc cần làm."))
    return values


@transaction.atomic
def follow_up_save(
    *, actor: User, delegation_id: int, data: FollowUpInput, task_id: int | None = None
) -> FollowUpTask:
    delegation = get_for_action(Delegation, actor, Action.CHANGE, pk=delegation_id)
    if delegation.state not in Delegation.FOLLOW_UP_STATES:
        raise StateConflict(_("Việc cần làm sau chuyến đi chỉ thêm cho đoàn đã được duyệt."))
    values = _follow_up_values(actor, data)
    if task_id is None:
        task = FollowUpTask.objects.create(delegation=delegation, **values)
        audit.record(
            actor=actor,
            action="delegation.follow_up_create",
            target=task,
            parent=delegation,
            after=audit.snapshot(task),
        )
        return task
    found = FollowUpTask.objects.filter(delegation=delegation, pk=task_id).first()
    if found is None:
        raise NotFound()
    task = found
    before = audit.snapshot(task)
    for k, v in values.items():
        setattr(task, k, v)
    task.done_on = (
        _today() if task.status == FollowUpTask.Status.DONE and task.done_on is None else task.done_on
    )
    task.save()
    audit.record(
        actor=actor,
        action="delegation.follow_up_update",
        target=task,
        parent=delegation,
        before=before,
        after=audit.snapshot(task),
    )
    return task
