from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q

from ngoaivu.core.actors import Actor
from ngoaivu.core.scoping import Action, ScopedQuerySet

if TYPE_CHECKING:
    from ngoaivu.audit.models import AuditEvent  # noqa: F401 - the base class names it in a string


class AuditEventQuerySet(ScopedQuerySet["AuditEvent"]):
    def visible_to(self, user: Actor, action: Action = Action.VIEW) -> AuditEventQuerySet:
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
