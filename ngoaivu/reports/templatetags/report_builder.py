"""`{{ user|may_build_reports }}`: whether the menu offers "Lập báo cáo" (the builder answers 403 to a user
who may build no kind of report, e.g. a province's read-only viewer)."""

from __future__ import annotations

from typing import Any

from django import template

from ngoaivu.reports.selectors.runs import kinds_for

register = template.Library()


@register.filter
def may_build_reports(user: Any) -> bool:
    if user is None or not getattr(user, "is_authenticated", False) or not hasattr(user, "scope"):
        return False
    return bool(kinds_for(user))
