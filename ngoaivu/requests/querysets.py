from __future__ import annotations

from typing import Any

from django.db.models import Q

from ngoaivu.core.scoping import Action, ScopedQuerySet


def _request_q(scope: Any, action: Action, prefix: str = "") -> Q | None:
    """Who may see a request (DOMAIN.md §2): the sending province (drafts included); the ministry all sent
    requests; a mission or other ministry unit the requests routed to it, and missions also those about the
    countries they cover. Returns None for "everything"."""
    p = prefix
    if scope.is_site_admin:
        return None
    own = Q(**{f"{p}owner_org_id": scope.org_id})
    sent = ~Q(**{f"{p}status__in": ["draft", "pending_approval"]})
    routed = Q(**{f"{p}recipients__organisation_id": scope.org_id}) & sent
    if scope.is_national:
        return own | sent
    if scope.is_mission and action in (Action.VIEW, Action.EXPORT):
        host = Q(**{f"{p}target_countries__accreditations__mission__organisation_id": scope.org_id}) & sent
        return own | routed | host
    return own | routed


class ServiceRequestQuerySet(ScopedQuerySet):
    def visible_to(self, user: Any, action: Action = Action.VIEW) -> ServiceRequestQuerySet:
        scope = getattr(user, "scope", None)
        if scope is None or not scope.active:
            return self.none()
        if action not in (Action.VIEW, Action.EXPORT) and not scope.can_write:
            return self.none()
        qs = self.filter(deleted_at__isnull=True)
        condition = _request_q(scope, action)
        if condition is None:
            return qs
        matching = self.model.objects.system(reason="visible_to subquery").filter(condition).values("pk")
        return qs.filter(pk__in=matching)


class RecipientQuerySet(ScopedQuerySet):
    def visible_to(self, user: Any, action: Action = Action.VIEW) -> RecipientQuerySet:
        """A recipient part is visible with its request."""
        from ngoaivu.requests.models import ServiceRequest

        return self.filter(request__in=ServiceRequest.objects.visible_to(user, action).values("pk"))
