from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q

from ngoaivu.core.scoping import Action, ScopedQuerySet
from ngoaivu.directory.coverage import covered_country_ids

if TYPE_CHECKING:
    from ngoaivu.aid.models import AidProject  # noqa: F401 (the base class's type argument)
    from ngoaivu.core.actors import Actor, Scope


def aid_scope_q(scope: Scope, action: Action) -> Q | None:
    """Who may see or act on an aid project (DOMAIN.md §2, "Indicators, market access" row, as the issue
    states it for NGO aid): the owner province reads and writes its own; the ministry reads all; a mission
    reads the projects of NGOs from the countries it covers — by the NGO's own country (the foreign party), not
    the project's `country` field, which a form or API may set apart from it; other provinces see nothing.
    None = everything."""
    if scope.is_site_admin:
        return None
    own = Q(owner_org_id=scope.org_id)
    if action not in (Action.VIEW, Action.EXPORT):
        return own if scope.is_province else Q(pk__in=[])
    if scope.is_national:
        return None
    if scope.is_province:
        return own
    if scope.is_mission and scope.org_id is not None:
        return Q(ngo__country_id__in=covered_country_ids(scope))
    return Q(pk__in=[])


class AidProjectQuerySet(ScopedQuerySet["AidProject"]):
    def visible_to(self, user: Actor, action: Action = Action.VIEW) -> AidProjectQuerySet:
        scope: Scope | None = getattr(user, "scope", None)  # AnonymousUser has none
        if scope is None or not scope.active:
            return self.none()
        if action not in (Action.VIEW, Action.EXPORT) and not scope.can_write:
            return self.none()
        qs = self.filter(deleted_at__isnull=True)
        condition = aid_scope_q(scope, action)
        return qs if condition is None else qs.filter(condition)
