"""The implementation roadmap of a signed agreement (milestones with owner, due date, progress and evidence)
and recorded activities; both count as activity for the dormant flag."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ngoaivu.accounts.models import User
from ngoaivu.agreements.models import Agreement, AgreementEvent, Milestone
from ngoaivu.agreements.services.common import local_today, max_length, record_event, touch
from ngoaivu.audit import services as audit
from ngoaivu.core.exceptions import NotFound, ServiceError, StateConflict
from ngoaivu.core.scoping import Action, get_for_action
from ngoaivu.core.text import clean_text
from ngoaivu.core.versioning import save_versioned

A = Agreement.State


MILESTONE_FIELDS = ("title", "owner", "due_on", "status", "progress", "evidence")
MILESTONE_YEARS = (
    2000,
    2100,
)  # a milestone due outside these years is a typing slip (the pages say the same)


def _milestone_values(data: dict[str, Any]) -> tuple[dict[str, Any], dict[str, list[str]]]:
    errors: dict[str, list[str]] = {}
    if extra := set(data) - set(MILESTONE_FIELDS):
        errors.update({f: [_("Trường không được phép.")] for f in sorted(extra)})
    values = {k: clean_text(v) if isinstance(v, str) else v for k, v in data.items() if k in MILESTONE_FIELDS}
    for name in ("title", "owner", "evidence"):
        limit = max_length(Milestone, name)
        if name in values and len(values[name] or "") > limit:
            errors[name] = [_("Tối đa %(n)d ký tự.") % {"n": limit}]
    for name in ("title", "owner"):
        if name in values and not values[name]:
            errors[name] = [_("Không được để trống.")]
    due_on = values.get("due_on")
    if "due_on" in values and not isinstance(due_on, dt.date):
        errors["due_on"] = [_("Chọn hạn hoàn thành.")]
    elif isinstance(due_on, dt.date) and not MILESTONE_YEARS[0] <= due_on.year <= MILESTONE_YEARS[1]:
        errors["due_on"] = [
            _("Hạn phải trong khoảng năm %(a)s–%(b)s.")
            % {"a": str(MILESTONE_YEARS[0]), "b": str(MILESTONE_YEARS[1])}
        ]
    if "status" in values and values["status"] not in Milestone.Status.values:
        errors["status"] = [_("Tình trạng không hợp lệ.")]
    progress = values.get("progress")
    if progress is not None and (not isinstance(progress, int) or not 0 <= progress <= 100):
        errors["progress"] = [_("Tiến độ từ 0 đến 100 %.")]
    return values, errors


def _roadmap_agreement(actor: User, agreement_id: int) -> Agreement:
    agreement = get_for_action(Agreement, actor, Action.CHANGE, pk=agreement_id)
    if agreement.state not in (*Agreement.SIGNED_STATES, A.SUSPENDED):
        raise StateConflict(
            _("Lộ trình chỉ lập cho thỏa thuận đã ký (hiện tại: “%(s)s”).")
            % {"s": agreement.get_state_display()}
        )
    return agreement


@transaction.atomic
def milestone_create(*, actor: User, agreement_id: int, data: dict[str, Any]) -> Milestone:
    agreement = _roadmap_agreement(actor, agreement_id)
    values, errors = _milestone_values(
        {"status": Milestone.Status.PLANNED, "progress": 0, "evidence": "", **data}
    )
    for required in ("title", "owner", "due_on"):
        if required not in values:
            errors[required] = [_("Không được để trống.")]
    if errors:
        raise ServiceError(_("Chưa lưu được mốc lộ trình."), errors)
    milestone = Milestone(agreement=agreement, **values)
    if milestone.status == Milestone.Status.DONE:
        milestone.progress, milestone.done_on = 100, local_today()
    milestone.full_clean()
    milestone.save()
    if not agreement.has_roadmap:
        Agreement.objects.system(reason="roadmap flag of an agreement already in scope").filter(
            pk=agreement.pk
        ).update(has_roadmap=True, updated_at=timezone.now())
        agreement.has_roadmap = True
    touch(agreement, local_today())
    record_event(agreement, actor, "milestone_create", text=milestone.title)
    audit.record(
        actor=actor,
        action="milestone.create",
        target=milestone,
        parent=agreement,
        after=audit.snapshot(milestone),
        target_org_id=agreement.owner_org_id,
    )
    return milestone


@transaction.atomic
def milestone_update(
    *, actor: User, agreement_id: int, milestone_id: int, expected_version: int | None, data: dict[str, Any]
) -> Milestone:
    agreement = _roadmap_agreement(actor, agreement_id)
    milestone = agreement.milestones.filter(pk=milestone_id).first()
    if milestone is None:
        raise NotFound()
    values, errors = _milestone_values(data)
    if errors:
        raise ServiceError(_("Chưa lưu được mốc lộ trình."), errors)
    before = audit.snapshot(milestone)
    for k, v in values.items():
        setattr(milestone, k, v)
    if milestone.status == Milestone.Status.DONE:
        milestone.progress = 100
        milestone.done_on = milestone.done_on or local_today()
    elif milestone.progress == 100 and "status" not in values:
        milestone.status, milestone.done_on = Milestone.Status.DONE, local_today()
    else:
        milestone.done_on = None
    milestone.full_clean()
    save_versioned(milestone, expected_version)
    progressed = before.get("progress") != milestone.progress or before.get("status") != milestone.status
    if progressed or before.get("evidence") != milestone.evidence:
        touch(agreement, local_today())
    record_event(agreement, actor, "milestone_update", text=f"{milestone.title}: {milestone.progress}%")
    audit.record(
        actor=actor,
        action="milestone.update",
        target=milestone,
        parent=agreement,
        before=before,
        after=audit.snapshot(milestone),
        target_org_id=agreement.owner_org_id,
    )
    return milestone


@transaction.atomic
def activity_record(*, actor: User, agreement_id: int, happened_on: dt.date, text: str) -> AgreementEvent:
    """A meeting, exchange or other implementation activity: it counts as activity for the dormant flag."""
    agreement = get_for_action(Agreement, actor, Action.CHANGE, pk=agreement_id)
    text = clean_text(text)
    errors: dict[str, list[str]] = {}
    if not text:
        errors["text"] = [_("Ghi nội dung hoạt động.")]
    elif len(text) > 5000:
        errors["text"] = [_("Tối đa %(n)d ký tự.") % {"n": 5000}]
    if happened_on > local_today():
        errors["happened_on"] = [_("Ngày không được ở tương lai.")]
    if errors:
        raise ServiceError(_("Chưa ghi được hoạt động."), errors)
    event = record_event(agreement, actor, "activity", text=text, on=happened_on)
    touch(agreement, happened_on)
    audit.record(
        actor=actor,
        action="agreement.activity",
        target=event,
        parent=agreement,
        after={"happened_on": happened_on.isoformat(), "text": text},
        target_org_id=agreement.owner_org_id,
    )
    return event
