from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q

from ngoaivu.core.scoping import Action, ScopedQuerySet

if TYPE_CHECKING:
    from ngoaivu.core.actors import Actor, Scope
    from ngoaivu.partnering.models import LocalityProfile  # noqa: F401 (the base class's type argument)

READS = (Action.VIEW, Action.EXPORT)


class LocalityProfileQuerySet(ScopedQuerySet["LocalityProfile"]):
    def visible_to(self, user: Actor, action: Action = Action.VIEW) -> LocalityProfileQuerySet:
        """Profiles are read by every active user (they are what matchmaking is made of); the owner edits its
        own, the ministry (Cục) edits all."""
        scope: Scope | None = getattr(user, "scope", None)
        if scope is None or not scope.active:
            return self.none()
        qs = self.filter(deleted_at__isnull=True)
        if action in READS or scope.is_site_admin:
            return qs
        if not scope.can_write:
            return self.none()
        if scope.is_national and action == Action.CHANGE:
            return qs
        return qs.filter(Q(owner_org_id=scope.org_id))
