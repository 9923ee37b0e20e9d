from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q

from ngoaivu.core.actors import Actor
from ngoaivu.core.scoping import Action, ScopedQuerySet
from ngoaivu.directory.coverage import covered_country_ids

if TYPE_CHECKING:
    from ngoaivu.directory.models import Contact, Partner  # noqa: F401 - the base class names it in a string


class PartnerQuerySet(ScopedQuerySet["Partner"]):
    def visible_to(self, user: Actor, action: Action = Action.VIEW) -> PartnerQuerySet:
        """Permission table (DOMAIN.md §2): the ministry reads all and edits; a province reads shared
        partners and edits its own; a mission reads shared ones and edits its own and shared ones in
        the countries it covers. Viewers only read."""
        scope = getattr(user, "scope", None)
        if scope is None or not scope.active:
            return self.none()
        live = self.filter(deleted_at__isnull=True)
        if action in (Action.VIEW, Action.EXPORT):
            if scope.is_national:
                return live
            return live.filter(Q(visibility="shared") | Q(owner_org_id=scope.org_id))
        if not scope.can_write:
            return self.none()
        if scope.is_site_admin or (scope.is_national and action != Action.DELETE):
            return live
        own = Q(owner_org_id=scope.org_id)
        if scope.is_mission and action == Action.CHANGE:
            return live.filter(own | (Q(country_id__in=covered_country_ids(scope)) & Q(visibility="shared")))
        return live.filter(own)


class ContactQuerySet(ScopedQuerySet["Contact"]):
    def visible_to(self, user: Actor, action: Action = Action.VIEW) -> ContactQuerySet:
        """A contact is personal data: seen by its owner organisation and the ministry, and by others only
        when the partner is shared and the contact was kept with consent."""
        scope = getattr(user, "scope", None)
        if scope is None or not scope.active:
            return self.none()
        live = self.filter(deleted_at__isnull=True, partner__deleted_at__isnull=True)
        if action in (Action.VIEW, Action.EXPORT):
            if scope.is_national:
                return live
            return live.filter(Q(owner_org_id=scope.org_id) | Q(partner__visibility="shared", consent=True))
        if not scope.can_write:
            return self.none()
        if scope.is_site_admin:
            return live
        return live.filter(owner_org_id=scope.org_id)
