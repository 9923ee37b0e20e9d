"""Who sees and acts on training records (DOMAIN.md §2, "training"): the ministry's courses are read by every
province and mission (they nominate); a province's course by its owner, the ministry, and everyone when shared;
a nomination by the nominating province, the course's organiser and the ministry; a trainee by the person's
province, the organisers of the person's courses and the ministry. Writes: the owner's officers and heads."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q

from ngoaivu.core.actors import KIND_MOFA, KIND_MOFA_UNIT, Actor, Scope
from ngoaivu.core.scoping import Action, ScopedQuerySet

if TYPE_CHECKING:
    from ngoaivu.training.models import (  # noqa: F401 (the base classes' type arguments)
        Course,
        Nomination,
        NominationUpload,
        Trainee,
        TrainingScheme,
    )

READS = (Action.VIEW, Action.EXPORT)
MINISTRY_KINDS = (KIND_MOFA, KIND_MOFA_UNIT)


def _scope(user: Actor, action: Action) -> Scope | None:
    """The user's scope when it may take `action` at all, else None (nothing)."""
    scope: Scope | None = getattr(user, "scope", None)  # AnonymousUser has none
    if scope is None or not scope.active:
        return None
    if action not in READS and not scope.can_write:
        return None
    if not scope.is_site_admin and scope.org_id is None:
        return None
    return scope


def course_scope_q(scope: Scope, action: Action) -> Q | None:
    """None: everything."""
    if scope.is_site_admin:
        return None
    own = Q(owner_org_id=scope.org_id)
    if action not in READS:
        return own
    if scope.is_national:
        return None
    return own | Q(owner_org__kind__in=MINISTRY_KINDS) | Q(visibility="shared")


class CourseQuerySet(ScopedQuerySet["Course"]):
    def visible_to(self, user: Actor, action: Action = Action.VIEW) -> CourseQuerySet:
        scope = _scope(user, action)
        if scope is None:
            return self.none()
        qs = self.filter(deleted_at__isnull=True)
        condition = course_scope_q(scope, action)
        return qs if condition is None else qs.filter(condition)


class NominationQuerySet(ScopedQuerySet["Nomination"]):
    def visible_to(self, user: Actor, action: Action = Action.VIEW) -> NominationQuerySet:
        """The nominating province and the course's organiser (both read and act, each on its own steps —
        the services tell which); the ministry reads all. The organiser sees a nomination only once the
        province's head approved it: a proposal is still the province's own draft."""
        scope = _scope(user, action)
        if scope is None:
            return self.none()
        qs = self.filter(deleted_at__isnull=True, course__deleted_at__isnull=True)
        if scope.is_site_admin or (scope.is_national and action in READS):
            return qs
        return qs.filter(
            Q(owner_org_id=scope.org_id) | (Q(course__owner_org_id=scope.org_id) & ~Q(status="proposed"))
        )


class TraineeQuerySet(ScopedQuerySet["Trainee"]):
    def visible_to(self, user: Actor, action: Action = Action.VIEW) -> TraineeQuerySet:
        scope = _scope(user, action)
        if scope is None:
            return self.none()
        qs = self.filter(deleted_at__isnull=True)
        if scope.is_site_admin or (scope.is_national and action in READS):
            return qs
        own = Q(owner_org_id=scope.org_id)
        if action not in READS:
            return qs.filter(own)
        from ngoaivu.training.models import Nomination

        taught = (
            Nomination.objects.system(reason="the organiser's trainees (inside visible_to)")
            .filter(course__owner_org_id=scope.org_id, deleted_at__isnull=True)
            .exclude(status="proposed")
            .values("trainee_id")
        )
        return qs.filter(own | Q(pk__in=taught))


class NominationUploadQuerySet(ScopedQuerySet["NominationUpload"]):
    def visible_to(self, user: Actor, action: Action = Action.VIEW) -> NominationUploadQuerySet:
        scope = _scope(user, action)
        if scope is None:
            return self.none()
        qs = self.filter(deleted_at__isnull=True)
        return qs if scope.is_site_admin else qs.filter(owner_org_id=scope.org_id)


class SchemeQuerySet(ScopedQuerySet["TrainingScheme"]):
    def visible_to(self, user: Actor, action: Action = Action.VIEW) -> SchemeQuerySet:
        """The ministry's schemes are read by all; a province's by itself and the ministry."""
        scope = _scope(user, action)
        if scope is None:
            return self.none()
        qs = self.filter(deleted_at__isnull=True)
        if scope.is_site_admin or (scope.is_national and action in READS):
            return qs
        own = Q(owner_org_id=scope.org_id)
        if action not in READS:
            return qs.filter(own)
        return qs.filter(own | Q(owner_org__kind__in=MINISTRY_KINDS))
