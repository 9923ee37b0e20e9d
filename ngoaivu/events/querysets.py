from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q

from ngoaivu.core.actors import Actor, Scope
from ngoaivu.core.scoping import Action, ScopedQuerySet
from ngoaivu.directory.coverage import covered_country_ids

if TYPE_CHECKING:
    from ngoaivu.events.models import PromotionEvent  # noqa: F401 (the base class's type argument)


def event_scope_q(scope: Scope, action: Action) -> Q | None:
    """Who may see or act on a promotion event — the conferences' policy (DOMAIN.md §2): the organising
    province reads and writes; other provinces read those shared; the ministry reads all; a mission reads those
    it takes part in and those with a country it covers; anyone else nothing. None means everything."""
    from ngoaivu.events.models import PromotionEvent

    if scope.is_site_admin:
        return None
    own = Q(owner_org_id=scope.org_id)
    if action not in (Action.VIEW, Action.EXPORT):
        return own if scope.is_province else Q(pk__in=[])
    if scope.is_national:
        return None
    if scope.is_province:
        return own | Q(visibility=PromotionEvent.Visibility.SHARED)
    if scope.is_mission:
        through_countries = PromotionEvent.countries.through.objects.filter(
            country_id__in=covered_country_ids(scope)
        )
        through_missions = PromotionEvent.missions.through.objects.filter(
            mission__organisation_id=scope.org_id or 0
        )
        return Q(pk__in=through_countries.values("promotionevent_id")) | Q(
            pk__in=through_missions.values("promotionevent_id")
        )
    return Q(pk__in=[])


class PromotionEventQuerySet(ScopedQuerySet["PromotionEvent"]):
    def visible_to(self, user: Actor, action: Action = Action.VIEW) -> PromotionEventQuerySet:
        scope: Scope | None = getattr(user, "scope", None)  # AnonymousUser has none
        if scope is None or not scope.active:
            return self.none()
        if action not in (Action.VIEW, Action.EXPORT) and not scope.can_write:
            return self.none()
        qs = self.filter(deleted_at__isnull=True)
        condition = event_scope_q(scope, action)
        return qs if condition is None else qs.filter(condition)
