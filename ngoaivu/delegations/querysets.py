from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from django.db.models import Q

from ngoaivu.core.actors import Actor, Scope
from ngoaivu.core.scoping import Action, ScopedQuerySet
from ngoaivu.directory.coverage import covered_country_ids

if TYPE_CHECKING:
    from ngoaivu.delegations.models import Conference, Delegation, LeaderVisit  # noqa: F401 (the bases' type)

QS = TypeVar("QS", bound=ScopedQuerySet)


def province_record_q(scope: Scope, action: Action) -> Q | None:
    """Delegations and conferences (DOMAIN.md §2): the owning province reads and writes; other provinces read
    those shared; the ministry reads all. A mission reads those with the countries it covers (and comments
    through briefing notes): its condition is in the querysets. None means everything."""
    if scope.is_site_admin:
        return None
    own = Q(owner_org_id=scope.org_id)
    if action not in (Action.VIEW, Action.EXPORT):
        return own if scope.is_province else Q(pk__in=[])
    if scope.is_national:
        return None
    if scope.is_province:
        return own | Q(visibility="shared")
    return Q(pk__in=[])  # missions: see the callers, which know their country links


def _scoped(qs: QS, user: Actor, action: Action, condition: Callable[[Scope], Q | None]) -> QS:
    scope: Scope | None = getattr(user, "scope", None)
    if scope is None or not scope.active:
        return qs.none()
    if action not in (Action.VIEW, Action.EXPORT) and not scope.can_write:
        return qs.none()
    qs = qs.filter(deleted_at__isnull=True)
    q = condition(scope)
    return qs if q is None else qs.filter(q)


class DelegationQuerySet(ScopedQuerySet["Delegation"]):
    def visible_to(self, user: Actor, action: Action = Action.VIEW) -> DelegationQuerySet:
        from ngoaivu.delegations.models import Delegation

        def condition(scope: Scope) -> Q | None:
            if scope.is_mission and action in (Action.VIEW, Action.EXPORT) and not scope.is_site_admin:
                through = Delegation.countries.through.objects.filter(
                    country_id__in=covered_country_ids(scope)
                )
                return Q(pk__in=through.values("delegation_id"))
            return province_record_q(scope, action)

        return _scoped(self, user, action, condition)


class ConferenceQuerySet(ScopedQuerySet["Conference"]):
    def visible_to(self, user: Actor, action: Action = Action.VIEW) -> ConferenceQuerySet:
        from ngoaivu.delegations.models import Conference

        def condition(scope: Scope) -> Q | None:
            if scope.is_mission and action in (Action.VIEW, Action.EXPORT) and not scope.is_site_admin:
                through = Conference.countries.through.objects.filter(
                    country_id__in=covered_country_ids(scope)
                )
                return Q(pk__in=through.values("conference_id"))
            return province_record_q(scope, action)

        return _scoped(self, user, action, condition)


class VisitQuerySet(ScopedQuerySet["LeaderVisit"]):
    def visible_to(self, user: Actor, action: Action = Action.VIEW) -> VisitQuerySet:
        """Leader visits: the ministry reads and writes all; the province visited reads them and writes its
        side (asks, what was agreed); nobody else."""

        def condition(scope: Scope) -> Q | None:
            if scope.is_site_admin or scope.is_national:
                return None
            if scope.is_province:
                return Q(province__code=scope.province_code)
            return Q(pk__in=[])

        return _scoped(self, user, action, condition)
