from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q

from ngoaivu.core.scoping import Action, ScopedQuerySet
from ngoaivu.directory.coverage import covered_country_ids

if TYPE_CHECKING:
    from ngoaivu.agreements.models import Agreement, ImportBatch  # noqa: F401 (the base classes' type arguments)
    from ngoaivu.core.actors import Actor, Scope


def agreement_scope_q(scope: Scope, action: Action) -> Q | None:
    """Who may see or act on an agreement (DOMAIN.md §2): the ministry reads all; a province reads and
    writes its own and reads those other provinces share; a mission reads those with the countries it covers;
    another ministry unit reads those it is consulted on. None means everything."""
    from ngoaivu.agreements.models import LegalStep

    if scope.is_site_admin:
        return None
    own = Q(owner_org_id=scope.org_id)
    if action not in (Action.VIEW, Action.EXPORT):
        return own if scope.is_province else Q(pk__in=[])
    if scope.is_national:
        return None
    if scope.is_province:
        return own | Q(visibility="shared")
    if scope.is_mission:
        return Q(country_id__in=covered_country_ids(scope))
    consulted = LegalStep.objects.filter(body_org_id=scope.org_id).values("agreement_id")
    return Q(pk__in=consulted)


class AgreementQuerySet(ScopedQuerySet["Agreement"]):
    def visible_to(self, user: Actor, action: Action = Action.VIEW) -> AgreementQuerySet:
        scope: Scope | None = getattr(user, "scope", None)  # AnonymousUser has none
        if scope is None or not scope.active:
            return self.none()
        if action not in (Action.VIEW, Action.EXPORT) and not scope.can_write:
            return self.none()
        qs = self.filter(deleted_at__isnull=True)
        condition = agreement_scope_q(scope, action)
        return qs if condition is None else qs.filter(condition)


class ImportBatchQuerySet(ScopedQuerySet["ImportBatch"]):
    def visible_to(self, user: Actor, action: Action = Action.VIEW) -> ImportBatchQuerySet:
        """An import run is seen by the organisation that ran it and by the ministry."""
        scope: Scope | None = getattr(user, "scope", None)  # AnonymousUser has none
        if scope is None or not scope.active:
            return self.none()
        qs = self.filter(deleted_at__isnull=True)
        if scope.is_site_admin or (scope.is_national and action in (Action.VIEW, Action.EXPORT)):
            return qs
        if action not in (Action.VIEW, Action.EXPORT) and not scope.can_write:
            return self.none()
        return qs.filter(owner_org_id=scope.org_id)
