"""Deputies: an approver lets a colleague decide in their name for a period, and revokes it."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ngoaivu.accounts.models import User
from ngoaivu.audit import services as audit
from ngoaivu.core.actors import Actor
from ngoaivu.core.exceptions import Forbidden, NotFound
from ngoaivu.delegations.models import (
    ApprovalDeputy,
    ApprovalStepRule,
)
from ngoaivu.delegations.services._common import _fail, _today


@transaction.atomic
def deputy_create(*, actor: User, deputy_id: int, starts_on: dt.date, ends_on: dt.date) -> ApprovalDeputy:
    """An approver (a head, or a person named in a chain) lets a colleague of the same organisation decide in
    their name for a period."""
    scope = actor.scope
    if not may_delegate_approval(actor):
        raise Forbidden()
    errors: dict[str, list[str]] = {}
    deputy = User.objects.filter(Q(organisation_id=scope.org_id), pk=deputy_id, is_active=True).first()
    if deputy is None or deputy.pk == actor.pk:
        errors["deputy"] = [_("Chọn một người khác trong đơn vị của bạn.")]
    if ends_on < starts_on:
        errors["ends_on"] = [_("Ngày kết thúc phải sau ngày bắt đầu.")]
    if (ends_on - starts_on).days > 366:
        errors["ends_on"] = [_("Ủy quyền không quá một năm.")]
    if ends_on < _today():
        errors["ends_on"] = [_("Ngày kết thúc đã qua.")]
    _fail(errors, _("Chưa lưu được ủy quyền."))
    assert deputy is not None
    row = ApprovalDeputy.objects.create(approver=actor, deputy=deputy, starts_on=starts_on, ends_on=ends_on)
    audit.record(actor=actor, action="delegation.deputy_create", target=row, after=audit.snapshot(row))
    return row


def may_delegate_approval(actor: Actor) -> bool:
    """Heads, and people named as approvers in a chain, may let a deputy decide for them."""
    scope = actor.scope
    if not scope.can_write:
        return False
    return bool(scope.can_approve or ApprovalStepRule.objects.filter(approver_id=actor.pk).exists())


@transaction.atomic
def deputy_revoke(*, actor: User, deputy_row_id: int) -> None:
    row = ApprovalDeputy.objects.filter(
        pk=deputy_row_id, approver_id=actor.pk, revoked_at__isnull=True
    ).first()
    if row is None:
        raise NotFound()
    before = audit.snapshot(row)
    row.revoked_at = timezone.now()
    row.save(update_fields=["revoked_at"])
    audit.record(
        actor=actor, action="delegation.deputy_revoke", target=row, before=before, after=audit.snapshot(row)
    )
