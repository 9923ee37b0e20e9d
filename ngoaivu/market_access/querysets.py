from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q

from ngoaivu.core.scoping import Action, ScopedQuerySet
from ngoaivu.directory.coverage import covered_country_ids

if TYPE_CHECKING:
    from ngoaivu.core.actors import Actor, Scope
    from ngoaivu.market_access.models import Dossier  # noqa: F401 (the base class's type argument)

READS = (Action.VIEW, Action.EXPORT)


def dossier_scope_q(scope: Scope, action: Action) -> Q | None:
    """Who may see or act on a market-access dossier (DOMAIN.md §2, "Indicators, market access"): the owning
    province reads, edits and deletes; the ministry (Cục) reads all and edits; other ministry units read all;
    the supporting mission and the missions covering the market read (and add notes, `services.may_note`);
    other provinces read the shared ones. None means everything."""
    if scope.is_site_admin:
        return None
    own = Q(owner_org_id=scope.org_id)
    if action not in READS:
        if scope.is_province:
            return own
        if scope.is_national and action == Action.CHANGE:
            return None
        return Q(pk__in=[])
    if scope.is_national or scope.is_ministry:
        return None
    if scope.is_province:
        return own | Q(visibility="shared")
    if scope.is_mission:
        return Q(mission__organisation_id=scope.org_id) | Q(market_id__in=covered_country_ids(scope))
    return Q(pk__in=[])


class DossierQuerySet(ScopedQuerySet["Dossier"]):
    def visible_to(self, user: Actor, action: Action = Action.VIEW) -> DossierQuerySet:
        scope: Scope | None = getattr(user, "scope", None)  # AnonymousUser has none
        if scope is None or not scope.active:
            return self.none()
        if action not in READS and not scope.can_write:
            return self.none()
        qs = self.filter(deleted_at__isnull=True)
        condition = dossier_scope_q(scope, action)
        return qs if condition is None else qs.filter(condition)
