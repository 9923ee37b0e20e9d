"""Who sees and changes UNESCO titles and cultural events (DOMAIN.md §2, "UNESCO" row), in one place each."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q

from ngoaivu.core.actors import Actor, Scope
from ngoaivu.core.scoping import Action, ScopedQuerySet
from ngoaivu.directory.coverage import covered_country_ids

if TYPE_CHECKING:
    from ngoaivu.culture.models import CulturalEvent, HeritageTitle  # noqa: F401 (type arguments)

READS = (Action.VIEW, Action.EXPORT)


def title_scope_q(scope: Scope, action: Action) -> Q | None:
    """A title: the owner (the lead province) reads and writes; every province involved reads; the ministry's
    Cục (UNESCO is its field) reads and edits all; missions, other ministry units and other provinces read
    those shared. None means everything."""
    from ngoaivu.culture.models import TitleProvince, Visibility

    if scope.is_site_admin or scope.is_national:
        return None
    own = Q(owner_org_id=scope.org_id)
    if action not in READS:
        return own if scope.is_province else Q(pk__in=[])
    shared = Q(visibility=Visibility.SHARED)
    if scope.is_province and scope.province_code:
        involved = TitleProvince.objects.filter(province__code=scope.province_code).values("title_id")
        return own | shared | Q(province__code=scope.province_code) | Q(pk__in=involved)
    if scope.is_province or scope.is_mission or scope.is_ministry:
        return own | shared
    return Q(pk__in=[])


class HeritageTitleQuerySet(ScopedQuerySet["HeritageTitle"]):
    def visible_to(self, user: Actor, action: Action = Action.VIEW) -> HeritageTitleQuerySet:
        scope: Scope | None = getattr(user, "scope", None)  # AnonymousUser has none
        if scope is None or not scope.active:
            return self.none()
        if action not in READS and not scope.can_write:
            return self.none()
        qs = self.filter(deleted_at__isnull=True)
        condition = title_scope_q(scope, action)
        return qs if condition is None else qs.filter(condition)


def event_scope_q(scope: Scope, action: Action) -> Q | None:
    """A cultural event — the promotion events' policy: the organising province reads and writes; the provinces
    taking part and, when shared, every province read; the ministry reads all; a mission reads those it takes
    part in and those held in a country it covers. None means everything."""
    from ngoaivu.culture.models import CulturalEvent, Visibility

    if scope.is_site_admin:
        return None
    own = Q(owner_org_id=scope.org_id)
    if action not in READS:
        return own if scope.is_province else Q(pk__in=[])
    if scope.is_national:
        return None
    if scope.is_province:
        taking_part = CulturalEvent.provinces.through.objects.filter(
            province__code=scope.province_code or "--"
        ).values("culturalevent_id")
        return own | Q(visibility=Visibility.SHARED) | Q(pk__in=taking_part)
    if scope.is_mission:
        return Q(mission__organisation_id=scope.org_id or 0) | Q(country_id__in=covered_country_ids(scope))
    return Q(pk__in=[])


class CulturalEventQuerySet(ScopedQuerySet["CulturalEvent"]):
    def visible_to(self, user: Actor, action: Action = Action.VIEW) -> CulturalEventQuerySet:
        scope: Scope | None = getattr(user, "scope", None)
        if scope is None or not scope.active:
            return self.none()
        if action not in READS and not scope.can_write:
            return self.none()
        qs = self.filter(deleted_at__isnull=True)
        condition = event_scope_q(scope, action)
        return qs if condition is None else qs.filter(condition)
