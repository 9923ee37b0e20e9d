from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q

from ngoaivu.core.scoping import Action, ScopedQuerySet

if TYPE_CHECKING:
    from ngoaivu.core.actors import Actor, Scope
    from ngoaivu.information.models import Brief, BriefSubscription  # noqa: F401 (type arguments)

READS = (Action.VIEW, Action.EXPORT)


def addressed_q(province_code: str) -> Q:
    """Briefs addressed to a current province: to all, to its region, or to it by name (literal ids, so the
    planner sees real shares)."""
    from ngoaivu.directory.models import Province
    from ngoaivu.information.models import Brief, Region

    province_id = Province.objects.filter(code=province_code).values_list("pk", flat=True).first()
    if province_id is None:
        return Q(audience="all")
    regions = list(
        Region.provinces.through.objects.filter(province_id=province_id).values_list("region_id", flat=True)
    )
    named = Brief.provinces.through.objects.filter(province_id=province_id).values("brief_id")
    return (
        Q(audience="all")
        | Q(audience="region", region_id__in=regions)
        | Q(audience="provinces", pk__in=named)
    )


def brief_scope_q(scope: Scope, action: Action) -> Q | None:
    """DOMAIN.md §2, "Briefs": the ministry (Cục) creates and reads all; other ministry units read; a province
    reads the briefs addressed to all, to its region or to it by name; a mission creates and reads its own.
    A draft is seen by its author organisation only; only the author organisation edits. None: everything."""
    if scope.is_site_admin:
        return None
    if scope.org_id is None:
        return Q(pk__in=[])
    own = Q(owner_org_id=scope.org_id)
    if action not in READS:
        return own if (scope.is_mission or scope.is_national) else Q(pk__in=[])
    issued = ~Q(status="draft")
    if scope.is_ministry:
        return own | issued
    if scope.is_province:
        return issued & addressed_q(scope.province_code)
    if scope.is_mission:
        return own
    return Q(pk__in=[])


class BriefQuerySet(ScopedQuerySet["Brief"]):
    def visible_to(self, user: Actor, action: Action = Action.VIEW) -> BriefQuerySet:
        scope: Scope | None = getattr(user, "scope", None)
        if scope is None or not scope.active:
            return self.none()
        if action not in READS and not scope.can_write:
            return self.none()
        qs = self.filter(deleted_at__isnull=True)
        condition = brief_scope_q(scope, action)
        return qs if condition is None else qs.filter(condition)


class SubscriptionQuerySet(ScopedQuerySet["BriefSubscription"]):
    def visible_to(self, user: Actor, action: Action = Action.VIEW) -> SubscriptionQuerySet:
        """A province's subscriptions: its own people read them, its officers change them."""
        scope: Scope | None = getattr(user, "scope", None)
        if scope is None or not scope.active:
            return self.none()
        if action not in READS and not scope.can_write:
            return self.none()
        qs = self.filter(deleted_at__isnull=True)
        if scope.is_site_admin:
            return qs
        if not scope.is_province or scope.org_id is None:
            return self.none()
        return qs.filter(owner_org_id=scope.org_id)
