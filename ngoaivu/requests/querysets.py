from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q

from ngoaivu.core.actors import Actor, Scope
from ngoaivu.core.scoping import Action, ScopedQuerySet
from ngoaivu.directory.coverage import covered_country_ids

if TYPE_CHECKING:
    from ngoaivu.requests.models import Recipient, ServiceRequest  # noqa: F401 (the base classes' type arguments)

UNSENT = ("draft", "pending_approval")
SHARED_STATES = ("sent", "closed")
"""A shared request other provinces may read: sent or closed with an answer, never withdrawn or merged."""


def request_scope_q(scope: Scope, action: Action) -> Q | None:
    """Who may see a request (DOMAIN.md §2): the sending province (drafts included); the ministry every sent
    request; a mission or other ministry unit the requests routed to it, and a mission also those about the
    countries it covers. Written with `IN (subquery)` so that no join multiplies rows. None means everything.
    Another province's shared, answered request is NOT here: it is read only through `shared_with` (its public
    part: title, text, category, countries, status and answers), never its history, assignees, notes or files."""
    from ngoaivu.requests.models import Recipient, ServiceRequest

    if scope.is_site_admin:
        return None
    own = Q(owner_org_id=scope.org_id)
    sent = ~Q(status__in=UNSENT)
    if scope.is_national:
        return own | sent
    org_id = scope.org_id if scope.org_id is not None else 0  # no organisation: nothing is routed to it
    routed = Q(pk__in=Recipient.objects.filter(organisation_id=org_id).values("request_id"))
    if scope.is_mission and action in (Action.VIEW, Action.EXPORT):
        covered = ServiceRequest.target_countries.through.objects.filter(
            country_id__in=covered_country_ids(scope)
        ).values("servicerequest_id")
        return own | (sent & (routed | Q(pk__in=covered)))
    return own | (sent & routed)


class ServiceRequestQuerySet(ScopedQuerySet["ServiceRequest"]):
    def visible_to(self, user: Actor, action: Action = Action.VIEW) -> ServiceRequestQuerySet:
        scope: Scope | None = getattr(user, "scope", None)  # AnonymousUser has none
        if scope is None or not scope.active:
            return self.none()
        if action not in (Action.VIEW, Action.EXPORT) and not scope.can_write:
            return self.none()
        qs = self.filter(deleted_at__isnull=True)
        condition = request_scope_q(scope, action)
        return qs if condition is None else qs.filter(condition)

    def shared_with(self, user: Actor) -> ServiceRequestQuerySet:
        """Other provinces' requests their senders shared, once a recipient has answered: a province reads their
        public part (the shared read page and the "similar earlier requests" panel) — not through `visible_to`,
        so lists, exports, the API, search and statistics never include them."""
        scope: Scope | None = getattr(user, "scope", None)
        if scope is None or not scope.active or not scope.is_province:
            return self.none()
        return self.filter(
            deleted_at__isnull=True, shared=True, status__in=SHARED_STATES, first_answer_on__isnull=False
        ).exclude(owner_org_id=scope.org_id)

    def readable_or_shared(self, user: Actor) -> ServiceRequestQuerySet:
        """What `visible_to` gives, plus what another province shared (`shared_with`): for the public read only."""
        return self.filter(
            Q(pk__in=self.visible_to(user).values("pk")) | Q(pk__in=self.shared_with(user).values("pk"))
        )


class RecipientQuerySet(ScopedQuerySet["Recipient"]):
    def visible_to(self, user: Actor, action: Action = Action.VIEW) -> RecipientQuerySet:
        """A recipient part is visible with its request."""
        from ngoaivu.requests.models import ServiceRequest

        return self.filter(request__in=ServiceRequest.objects.visible_to(user, action).values("pk"))
