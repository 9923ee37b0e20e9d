from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q

from ngoaivu.core.actors import Actor
from ngoaivu.core.scoping import Action, ScopedQuerySet

if TYPE_CHECKING:
    from ngoaivu.ingest.models import Document  # noqa: F401 - the base class names it in a string


class DocumentQuerySet(ScopedQuerySet["Document"]):
    def visible_to(self, user: Actor, action: Action = Action.VIEW) -> DocumentQuerySet:
        """The library: the ministry reads all; everyone reads shared documents and their own organisation's;
        writers change their own organisation's (site admins all)."""
        scope = getattr(user, "scope", None)
        if scope is None or not scope.active:
            return self.none()
        live = self.filter(deleted_at__isnull=True)
        if action in (Action.VIEW, Action.EXPORT):
            if scope.is_national:
                return live
            return live.filter(Q(visibility="shared") | Q(owner_org_id=scope.org_id))
        if not scope.can_write:
            return self.none()
        if scope.is_site_admin:
            return live
        return live.filter(owner_org_id=scope.org_id)
