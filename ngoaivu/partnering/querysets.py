from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q

from ngoaivu.core.scoping import Action, ScopedQuerySet

if TYPE_CHECKING:
    from ngoaivu.core.actors import Actor, Scope
    from ngoaivu.partnering.models import (  # noqa: F401 (the base classes' type arguments)
        LocalityProfile,
        PartnerSearch,
    )

READS = (Action.VIEW, Action.EXPORT)


class LocalityProfileQuerySet(ScopedQuerySet["LocalityProfile"]):
    def visible_to(self, user: Actor, action: Action = Action.VIEW) -> LocalityProfileQuerySet:
        """Profiles are read by every active user (they are what matchmaking is made of); the owner edits its
        own, the ministry (Cục) edits all."""
        scope: Scope | None = getattr(user, "scope", None)
        if scope is None or not scope.active:
            return self.none()
        qs = self.filter(deleted_at__isnull=True)
        if action in READS or scope.is_site_admin:
            return qs
        if not scope.can_write:
            return self.none()
        if scope.is_national and action == Action.CHANGE:
            return qs
        return qs.filter(Q(owner_org_id=scope.org_id))


def host_countries(scope: Scope) -> list[int]:
    """The countries a mission covers (directory.Accreditation), as literal ids."""
    from ngoaivu.directory.models import Accreditation

    return list(
        Accreditation.objects.filter(mission__organisation_id=scope.org_id or 0).values_list(
            "country_id", flat=True
        )
    )


def search_scope_q(scope: Scope, action: Action) -> Q | None:
    """Who may see or act on a partner search (DOMAIN.md §2, brief of issue 23): the owner (the seeking
    province, or the mission or ministry that entered a foreign partner's search) reads and edits it, drafts
    included; once posted, the ministry (and its units) reads every search, a mission reads those whose
    countries it covers, another province reads the shared ones. None means everything."""
    if scope.is_site_admin:
        return None
    own = Q(owner_org_id=scope.org_id)
    if action not in READS:
        return own
    posted = ~Q(state="draft")
    if scope.is_national or scope.is_ministry:
        return own | posted
    if scope.is_mission:
        from ngoaivu.partnering.models import PartnerSearch

        through = PartnerSearch.countries.through.objects.filter(country_id__in=host_countries(scope))
        return own | (posted & Q(pk__in=through.values("partnersearch_id")))
    if scope.is_province:
        return own | (posted & Q(visibility="shared"))
    return Q(pk__in=[])


class PartnerSearchQuerySet(ScopedQuerySet["PartnerSearch"]):
    def visible_to(self, user: Actor, action: Action = Action.VIEW) -> PartnerSearchQuerySet:
        scope: Scope | None = getattr(user, "scope", None)
        if scope is None or not scope.active or (scope.org_id is None and not scope.is_site_admin):
            return self.none()
        if action not in READS and not scope.can_write:
            return self.none()
        qs = self.filter(deleted_at__isnull=True)
        condition = search_scope_q(scope, action)
        return qs if condition is None else qs.filter(condition)
