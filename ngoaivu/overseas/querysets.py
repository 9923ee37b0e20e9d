"""Who sees and changes the overseas-Vietnamese records (DOMAIN.md §2), one statement per model.

- Associations and notable people are directory-like ("Partners, organisations, contacts"): the ministry —
  the Cục and the State Committee for Overseas Vietnamese (`mofa-nvnonn`) — reads all and creates and edits;
  a mission reads the shared ones and its own, and edits its own and the shared ones of the countries it
  covers; a province reads the shared ones and its own and edits its own.
- Programmes belong to their organiser (ministry, province or mission): it edits them; the ministry reads all;
  others read the shared ones, and a mission also those with overseas Vietnamese of a country it covers.
- Investments belong to the province they are in: it edits them; the ministry reads all; others the shared
  ones.
Viewers only read; an inactive user, one without organisation or signed out sees nothing."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from django.db import models
from django.db.models import Q

from ngoaivu.core.actors import KIND_MOFA_UNIT, Actor, Scope
from ngoaivu.core.scoping import Action, ScopedQuerySet
from ngoaivu.directory.coverage import covered_country_ids

if TYPE_CHECKING:
    from ngoaivu.overseas.models import (  # noqa: F401 (the base classes' type arguments)
        OverseasAssociation,
        OverseasInvestment,
        OverseasPerson,
        OverseasProgramme,
    )

OVERSEAS_UNIT = "mofa-nvnonn"
"""The State Committee for Overseas Vietnamese: reads and edits every overseas record like the Cục."""

READS = (Action.VIEW, Action.EXPORT)


def is_overseas_ministry(scope: Scope) -> bool:
    """The Cục (national scope) or the State Committee for Overseas Vietnamese."""
    if scope.is_national:
        return True
    return scope.active and scope.org_kind == KIND_MOFA_UNIT and scope.org_code == OVERSEAS_UNIT


def _scope(user: Actor) -> Scope | None:
    scope: Scope | None = getattr(user, "scope", None)  # AnonymousUser has none
    if scope is None or not scope.active or (scope.org_id is None and not scope.is_site_admin):
        return None
    return scope


def directory_like_q(scope: Scope, action: Action) -> Q | None:
    """Associations and people; None means everything."""
    if scope.is_site_admin:
        return None
    own = Q(owner_org_id=scope.org_id)
    shared = Q(visibility="shared")
    ministry = is_overseas_ministry(scope)
    if action in READS:
        return None if ministry else own | shared
    if ministry and action != Action.DELETE:
        return None
    if scope.is_mission and action == Action.CHANGE:
        return own | (shared & Q(country_id__in=covered_country_ids(scope)))
    return own


M = TypeVar("M", bound=models.Model)


class _Base(ScopedQuerySet[M]):
    def _rule(self, scope: Scope, action: Action) -> Q | None:
        raise NotImplementedError

    def visible_to(self, user: Actor, action: Action = Action.VIEW) -> _Base[M]:
        scope = _scope(user)
        if scope is None:
            return self.none()
        if action not in READS and not scope.can_write:
            return self.none()
        qs = self.filter(deleted_at__isnull=True)
        condition = self._rule(scope, action)
        return qs if condition is None else qs.filter(condition)


class AssociationQuerySet(_Base["OverseasAssociation"]):
    def _rule(self, scope: Scope, action: Action) -> Q | None:
        return directory_like_q(scope, action)


class PersonQuerySet(_Base["OverseasPerson"]):
    def _rule(self, scope: Scope, action: Action) -> Q | None:
        return directory_like_q(scope, action)


class ProgrammeQuerySet(_Base["OverseasProgramme"]):
    def _rule(self, scope: Scope, action: Action) -> Q | None:
        from ngoaivu.overseas.models import OverseasProgramme

        if scope.is_site_admin:
            return None
        own = Q(owner_org_id=scope.org_id)
        if action not in READS:
            return own
        if is_overseas_ministry(scope):
            return None
        condition = own | Q(visibility="shared")
        if scope.is_mission:
            through = OverseasProgramme.countries.through.objects.filter(
                country_id__in=covered_country_ids(scope)
            )
            condition |= Q(pk__in=through.values("overseasprogramme_id"))
        return condition


class InvestmentQuerySet(_Base["OverseasInvestment"]):
    def _rule(self, scope: Scope, action: Action) -> Q | None:
        if scope.is_site_admin:
            return None
        own = Q(owner_org_id=scope.org_id)
        if action not in READS:
            return own if scope.is_province else Q(pk__in=[])
        if is_overseas_ministry(scope):
            return None
        return own | Q(visibility="shared")
