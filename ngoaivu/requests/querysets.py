from __future__ import annotations

from typing import Any

from django.db.models import Q

from ngoaivu.core.scoping import Action, ScopedQuerySet

UNSENT = ("draft", "pending_approval")


def request_scope_q(scope: Any, action: Action) -> Q | None:
    """Who may see a request (DOMAIN.md §2): the sending province (drafts included); the ministry every sent
    request; a mission or other ministry unit the requests routed to it, and a mission also those about the
    countries it covers. Written with `IN (subquery)` so that no join multiplies rows. None means everything."""
    from ngoaivu.requests.models import Recipient, ServiceRequest

    if scope.is_site_admin:
        return None
    own = Q(owner_org_id=scope.org_id)
    sent = ~Q(status__in=UNSENT)
    if scope.is_national:
        return own | sent
    routed = Q(pk__in=Recipient.objects.filter(organisation_id=scope.org_id).values("request_id"))
    if scope.is_mission and action in (Action.VIEW, Action.EXPORT):
        covered = ServiceRequest.target_countries.through.objects.filter(
            country__accreditations__mission__organisation_id=scope.org_id
        ).values("servicerequest_id")
        return own | (sent & (routed | Q(pk__in=covered)))
    return own | (sent & routed)


class ServiceRequestQuerySet(ScopedQuerySet):
    def visible_to(self, user: Any, action: Action = Action.VIEW) -> ServiceRequestQuerySet:
        scope = getattr(user, "scope", None)
        if scope is None or not scope.active:
            return self.none()
        if action not in (Action.VIEW, Action.EXPORT) and not scope.can_write:
            return self.none()
        qs = self.filter(deleted_at__isnull=True)
        condition = request_scope_q(scope, action)
        return qs if condition is None else qs.filter(condition)


class RecipientQuerySet(ScopedQuerySet):
    def visible_to(self, user: Any, action: Action = Action.VIEW) -> RecipientQuerySet:
        """A recipient part is visible with its request."""
        from ngoaivu.requests.models import ServiceRequest

        return self.filter(request__in=ServiceRequest.objects.visible_to(user, action).values("pk"))
