from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q

from ngoaivu.core.actors import Actor, Scope
from ngoaivu.core.scoping import Action, ScopedQuerySet
from ngoaivu.directory.coverage import covered_country_ids

if TYPE_CHECKING:
    from ngoaivu.press.models import PressVisit  # noqa: F401 (the base class's type argument)


def _province_id(scope: Scope) -> int:
    from ngoaivu.directory.models import Province

    found = Province.objects.filter(code=scope.province_code).values_list("pk", flat=True).first()
    return found or 0


def visit_scope_q(scope: Scope, action: Action) -> Q | None:
    """Who may see or act on a press visit (DOMAIN.md §2, "press"): the host province reads and writes; the
    other provinces on the route read it; other provinces read those shared; the ministry reads all; a mission
    reads the visits of agencies from the countries it covers; anyone else nothing. None means everything."""
    from ngoaivu.press.models import PressVisit

    if scope.is_site_admin:
        return None
    own = Q(owner_org_id=scope.org_id)
    if action not in (Action.VIEW, Action.EXPORT):
        return own if scope.is_province else Q(pk__in=[])
    if scope.is_national:
        return None
    if scope.is_province:
        on_route = PressVisit.provinces.through.objects.filter(province_id=_province_id(scope))
        return own | Q(visibility=PressVisit.Visibility.SHARED) | Q(pk__in=on_route.values("pressvisit_id"))
    if scope.is_mission:
        return Q(country_id__in=covered_country_ids(scope))
    return Q(pk__in=[])


class PressVisitQuerySet(ScopedQuerySet["PressVisit"]):
    def visible_to(self, user: Actor, action: Action = Action.VIEW) -> PressVisitQuerySet:
        scope: Scope | None = getattr(user, "scope", None)  # AnonymousUser has none
        if scope is None or not scope.active:
            return self.none()
        if action not in (Action.VIEW, Action.EXPORT) and not scope.can_write:
            return self.none()
        qs = self.filter(deleted_at__isnull=True)
        condition = visit_scope_q(scope, action)
        return qs if condition is None else qs.filter(condition)
