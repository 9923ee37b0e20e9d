"""The deadline rules (national, and per-province overrides) that legal steps and reminders are computed with."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from ngoaivu.accounts.models import User
from ngoaivu.agreements.models import DeadlineRule
from ngoaivu.audit import services as audit
from ngoaivu.core.exceptions import Forbidden, ServiceError
from ngoaivu.core.text import clean_text
from ngoaivu.directory.models import Province


@transaction.atomic
def rule_update(
    *, actor: User, key: str, province_code: str, days: int | None, reminder_days: str = ""
) -> DeadlineRule:
    """Site administrators edit the rules; a province row overrides the national one for that province.
    Existing due dates keep the rule text they were computed with."""
    if not actor.scope.is_site_admin:
        raise Forbidden()
    errors: dict[str, list[str]] = {}
    if key not in DeadlineRule.Key.values:
        errors["key"] = [_("Quy tắc không hợp lệ.")]
    if province_code and not Province.objects.filter(code=province_code).exists():
        errors["province_code"] = [_("Mã tỉnh không hợp lệ.")]
    if days is None or not 0 <= days <= 3650:
        errors["days"] = [_("Số ngày/tháng từ 0 đến 3650.")]
    reminder_days = clean_text(reminder_days)
    if reminder_days and not all(p.strip().isdigit() for p in reminder_days.split(",")):
        errors["reminder_days"] = [_("Ghi các số ngày cách nhau bởi dấu phẩy, ví dụ 90,60,30,7.")]
    if errors:
        raise ServiceError(_("Chưa lưu được quy tắc."), errors)
    national = DeadlineRule.objects.get(key=key, province_code="")
    rule = DeadlineRule.objects.filter(key=key, province_code=province_code).first()
    before = audit.snapshot(rule)
    if rule is None:
        rule = DeadlineRule(key=key, province_code=province_code, unit=national.unit, source=national.source)
    rule.days = int(days or 0)
    rule.reminder_days = reminder_days if key == DeadlineRule.Key.EXPIRY_REMINDERS else rule.reminder_days
    rule.full_clean()
    rule.save()
    audit.record(
        actor=actor, action="deadline_rule.update", target=rule, before=before, after=audit.snapshot(rule)
    )
    return rule
