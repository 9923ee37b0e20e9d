from __future__ import annotations

from typing import TYPE_CHECKING

from ngoaivu.core.actors import Actor, Scope
from ngoaivu.core.scoping import Action, ScopedQuerySet

if TYPE_CHECKING:
    from ngoaivu.reports.models import ReportRun  # noqa: F401 - the base class names it in a string


class ReportRunQuerySet(ScopedQuerySet["ReportRun"]):
    def visible_to(self, user: Actor, action: Action = Action.VIEW) -> ReportRunQuerySet:
        """A report run is its organisation's (the asker's): its people read it and download the document; the
        ministry (its department, site administrators) reads every run, as it reads every record counted in
        them. Only writers of the organisation start one (CREATE is checked by the service on the scope)."""
        scope: Scope | None = getattr(user, "scope", None)  # AnonymousUser has none
        if scope is None or not scope.active or (scope.org_id is None and not scope.is_site_admin):
            return self.none()
        live = self.filter(deleted_at__isnull=True)
        if action in (Action.VIEW, Action.EXPORT):
            if scope.is_national:
                return live
            return live.filter(owner_org_id=scope.org_id)
        if not scope.can_write:
            return self.none()
        if scope.is_site_admin:
            return live
        return live.filter(owner_org_id=scope.org_id)
