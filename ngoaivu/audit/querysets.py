from __future__ import annotations

from typing import Any

from django.db.models import Q

from ngoaivu.core.scoping import Action, ScopedQuerySet


class AuditEventQuerySet(ScopedQuerySet):
    def visible_to(self, user: Any, action: Action = Action.VIEW) -> AuditEventQuerySet:
        """Admins and the ministry see all; a province or mission sees changes to its own records
        and changes made by its own staff. `user.scope` comes from accounts (duck-typed: audit is below it)."""
        if action != Action.VIEW:
            return self.none()
        scope = getattr(user, "scope", None)
        if scope is None or not scope.active:
            return self.none()
        if scope.is_national:
            return self.all()
        return self.filter(Q(target_org_id=scope.org_id) | Q(organisation_id=scope.org_id))
