"""Request categories and their SLA, changed by site administrators."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from ngoaivu.accounts.models import User
from ngoaivu.audit import services as audit
from ngoaivu.core.exceptions import Forbidden, ServiceError
from ngoaivu.core.text import clean_text
from ngoaivu.requests.models import Category


@transaction.atomic
def category_update(*, actor: User, code: str, changes: dict[str, Any]) -> Category:
    """Administrators change a category's SLA; deadlines already given keep the rule they were computed with."""
    if not actor.scope.is_site_admin:
        raise Forbidden()
    category = Category.objects.select_for_update().filter(code=code).first()
    if category is None:
        raise ServiceError(_("Không có lĩnh vực này."), {"code": [code]})
    allowed = {"ack_days", "answer_days", "rating_days", "is_active", "name_vi", "name_en"}
    if extra := set(changes) - allowed:
        raise ServiceError(_("Không được sửa trường: %(f)s") % {"f": ", ".join(sorted(extra))})
    errors: dict[str, list[str]] = {}
    for field in ("ack_days", "answer_days", "rating_days"):
        if field in changes and not (isinstance(changes[field], int) and 1 <= changes[field] <= 120):
            errors[field] = [_("Từ 1 đến 120 ngày làm việc.")]
    if changes.get("ack_days", category.ack_days) > changes.get("answer_days", category.answer_days):
        errors["ack_days"] = [_("Hạn xác nhận không được dài hơn hạn trả lời.")]
    if errors:
        raise ServiceError(_("Dữ liệu chưa hợp lệ."), errors)
    before = audit.snapshot(category)
    for k, v in changes.items():
        setattr(category, k, clean_text(v) if isinstance(v, str) else v)
    category.save()
    audit.record(
        actor=actor,
        action="request_category.update",
        target=category,
        before=before,
        after=audit.snapshot(category),
    )
    return category
