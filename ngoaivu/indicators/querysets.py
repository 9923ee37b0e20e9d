from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q

from ngoaivu.core.scoping import Action, ScopedQuerySet

if TYPE_CHECKING:
    from ngoaivu.core.actors import Actor, Scope
    from ngoaivu.indicators.models import IndicatorImport, IndicatorValue  # noqa: F401 (type arguments)

READ = (Action.VIEW, Action.EXPORT)


class IndicatorValueQuerySet(ScopedQuerySet["IndicatorValue"]):
    def visible_to(self, user: Actor, action: Action = Action.VIEW) -> IndicatorValueQuerySet:
        """DOMAIN.md §2 "Indicators": a province reads and writes its own values (drafts included); the
        ministry reads everything a province has sent (never its drafts) and validates or returns it;
        every other organisation reads validated values only. Corrections keep the superseded value, which
        is read by whoever could read it when it was validated."""
        scope: Scope | None = getattr(user, "scope", None)  # AnonymousUser has none
        if scope is None or not scope.active:
            return self.none()
        qs = self.filter(deleted_at__isnull=True)
        if scope.is_site_admin:
            return qs
        own = Q(owner_org_id=scope.org_id)
        published = Q(status__in=["validated", "superseded"])
        if action in READ:
            if scope.is_national:
                return qs.filter(own | ~Q(status="draft"))
            return qs.filter(own | published) if scope.is_province else qs.filter(published)
        if not scope.can_write:
            return self.none()
        if action == Action.APPROVE:
            return qs.filter(status="submitted") if scope.is_national else self.none()
        return qs.filter(own) if scope.is_province else self.none()


class IndicatorImportQuerySet(ScopedQuerySet["IndicatorImport"]):
    def visible_to(self, user: Actor, action: Action = Action.VIEW) -> IndicatorImportQuerySet:
        """An import run is seen by the organisation that ran it and by the ministry."""
        scope: Scope | None = getattr(user, "scope", None)  # AnonymousUser has none
        if scope is None or not scope.active:
            return self.none()
        qs = self.filter(deleted_at__isnull=True)
        if scope.is_site_admin or (scope.is_national and action in READ):
            return qs
        if action not in READ and not scope.can_write:
            return self.none()
        return qs.filter(owner_org_id=scope.org_id)
