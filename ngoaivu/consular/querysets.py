"""Who may see or act on a citizen protection case: the STRICT scope of DOMAIN.md §2.

- the handling mission (the case's `owner_org`): read, create, edit, every transition;
- the province of origin (the case's current province): read its own citizens' cases and act on its own side
  (province notes, its actions, accepting a handover addressed to it) — never edit the case;
- the ministry's consular unit (`mofa-lanh-su`): read all, transitions (notify, handover, accept, resolve,
  close, actions) — not edit the case record;
- a mission a handover is addressed to (pending: not accepted, not withdrawn, the case still open): NO read —
  only the right to accept (APPROVE through `visible_to`, never VIEW/EXPORT); before accepting it sees a
  pending-handover notice (reference, country, kind: `selectors.pending_handover_notice`), nothing else;
- site administrators: everything.
Not the Cục (`mofa`), not other provinces, not other missions; never "shared". Everyone else sees counts only
(`selectors.case_summary`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Exists, OuterRef, Q

from ngoaivu.core.actors import KIND_MOFA_UNIT, Actor, Scope
from ngoaivu.core.scoping import Action, ScopedQuerySet

if TYPE_CHECKING:
    from ngoaivu.consular.models import CitizenCase  # noqa: F401 (the base class's type argument)

CONSULAR_UNIT = "mofa-lanh-su"
READS = (Action.VIEW, Action.EXPORT)


def _incoming_handover_q(scope: Scope) -> Q:
    from ngoaivu.consular.models import CaseHandover

    pending = CaseHandover.objects.filter(
        case_id=OuterRef("pk"), to_org_id=scope.org_id or 0, accepted_at=None, ended_at=None
    )
    return Q(Exists(pending)) & ~Q(status__in=["closed", "transferred"])


def case_scope_q(scope: Scope, action: Action) -> Q | None:
    """None means every case (site administrators)."""
    if scope.is_site_admin:
        return None
    own = Q(owner_org_id=scope.org_id)
    if scope.is_mission:
        if action == Action.APPROVE:  # to accept a pending handover; reading starts once accepted
            return own | _incoming_handover_q(scope)
        return own
    if scope.is_province:
        if action in READS or action == Action.APPROVE:
            return Q(province__code=scope.province_code or "--")
        return Q(pk__in=[])
    if scope.org_kind == KIND_MOFA_UNIT:
        if (action in READS or action == Action.APPROVE) and scope.org_code == CONSULAR_UNIT:
            return None  # the consular unit: every case (Scope.org_code, no lookup of the organisation)
        return Q(pk__in=[])
    return Q(pk__in=[])


class CitizenCaseQuerySet(ScopedQuerySet["CitizenCase"]):
    def visible_to(self, user: Actor, action: Action = Action.VIEW) -> CitizenCaseQuerySet:
        scope: Scope | None = getattr(user, "scope", None)  # AnonymousUser has none
        if scope is None or not scope.active:
            return self.none()
        if action not in READS and not scope.can_write:
            return self.none()
        qs = self.filter(deleted_at__isnull=True)
        condition = case_scope_q(scope, action)
        return qs if condition is None else qs.filter(condition)
