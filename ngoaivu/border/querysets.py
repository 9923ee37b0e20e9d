from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q

from ngoaivu.core.actors import Actor, Scope
from ngoaivu.core.scoping import Action, ScopedQuerySet
from ngoaivu.directory.coverage import covered_country_ids

if TYPE_CHECKING:
    from ngoaivu.border.models import BorderMechanism, BorderMeeting  # noqa: F401


def mechanism_scope_q(scope: Scope, action: Action) -> Q | None:
    """Who may see or act on a border mechanism (DOMAIN.md §2, issue 21): the owner (lead province or the
    ministry's boundary commission) reads and writes; member provinces read; the ministry (the Cục and its
    units) reads all; a mission reads the mechanisms with a country it covers; anyone else nothing. None means
    everything. Member provinces' own commitments are checked by the services on top of VIEW."""
    from ngoaivu.border.models import BorderMechanism

    if scope.is_site_admin:
        return None
    own = Q(owner_org_id=scope.org_id)
    if action not in (Action.VIEW, Action.EXPORT):
        return own
    if scope.is_national or scope.is_ministry:
        return None
    if scope.is_province:
        members = BorderMechanism.provinces.through.objects.filter(province__code=scope.province_code or "--")
        return own | Q(pk__in=members.values("bordermechanism_id"))
    if scope.is_mission:
        through = BorderMechanism.countries.through.objects.filter(country_id__in=covered_country_ids(scope))
        return own | Q(pk__in=through.values("bordermechanism_id"))
    return own


def _active(user: Actor, action: Action) -> Scope | None:
    scope: Scope | None = getattr(user, "scope", None)  # AnonymousUser has none
    if scope is None or not scope.active or (scope.org_id is None and not scope.is_site_admin):
        return None
    if action not in (Action.VIEW, Action.EXPORT) and not scope.can_write:
        return None
    return scope


class BorderMechanismQuerySet(ScopedQuerySet["BorderMechanism"]):
    def visible_to(self, user: Actor, action: Action = Action.VIEW) -> BorderMechanismQuerySet:
        scope = _active(user, action)
        if scope is None:
            return self.none()
        qs = self.filter(deleted_at__isnull=True)
        condition = mechanism_scope_q(scope, action)
        return qs if condition is None else qs.filter(condition)


class BorderMeetingQuerySet(ScopedQuerySet["BorderMeeting"]):
    def visible_to(self, user: Actor, action: Action = Action.VIEW) -> BorderMeetingQuerySet:
        """A meeting follows its mechanism: whoever may see (or change) the mechanism may see (or change) its
        meetings."""
        from ngoaivu.border.models import BorderMechanism

        scope = _active(user, action)
        if scope is None:
            return self.none()
        qs = self.filter(deleted_at__isnull=True)
        condition = mechanism_scope_q(scope, action)
        if condition is None:
            return qs.filter(mechanism__deleted_at__isnull=True)
        mechanisms = BorderMechanism.objects.system(reason="meetings follow their mechanism").filter(
            condition, deleted_at__isnull=True
        )
        return qs.filter(mechanism_id__in=mechanisms.values("pk"))
