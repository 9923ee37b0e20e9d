"""The one way to fetch scoped records: `Model.objects.visible_to(user, action)`, `get_for_action` and `can`."""

from __future__ import annotations

import enum
import logging
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from django.db import models

from ngoaivu.core.exceptions import Forbidden, NotFound

if TYPE_CHECKING:
    from ngoaivu.core.actors import Actor

logger = logging.getLogger(__name__)

M = TypeVar("M", bound=models.Model)


class Action(enum.StrEnum):
    VIEW = "view"
    CREATE = "create"
    CHANGE = "change"
    DELETE = "delete"
    APPROVE = "approve"
    EXPORT = "export"


class ScopedQuerySet(models.QuerySet[M], Generic[M]):
    """Subclasses state who may do what in `visible_to`; nothing else filters by organisation."""

    def visible_to(self, user: Actor, action: Action = Action.VIEW) -> ScopedQuerySet[M]:
        raise NotImplementedError


class ScopedManager(models.Manager[M], Generic[M]):
    """`Model.objects` of a scoped model: `visible_to` for people, `system(reason=…)` for jobs and commands.
    Declare it as `objects: ScopedManager[Model] = ScopedManager.from_queryset(ModelQuerySet)()`."""

    def visible_to(self, user: Actor, action: Action = Action.VIEW) -> models.QuerySet[M]:
        qs: Any = self.get_queryset()
        result: models.QuerySet[M] = qs.visible_to(user, action)
        return result

    def system(self, *, reason: str) -> models.QuerySet[M]:
        """Unscoped access for jobs and commands; the reason makes it greppable and reviewable."""
        if not reason:
            raise ValueError("system() needs a reason")
        logger.debug("unscoped access to %s: %s", self.model._meta.label, reason)
        return self.get_queryset()


def scoped_manager(model: type[models.Model]) -> Any:
    """The model's manager when it states `visible_to` (a scoped model, or a child scoped through its parent),
    else None (reference data, users, rules): for code that meets models by label, such as the audit log."""
    manager: Any = model._default_manager
    return manager if hasattr(manager, "visible_to") else None


def reference_manager(model: type[models.Model]) -> Any:
    """The manager of a model that is not scoped (reference data, users, rules), for code that meets models by
    label; refuses a scoped model, whose rows are read only through `visible_to`."""
    manager: Any = model._default_manager
    if hasattr(manager, "visible_to"):
        raise TypeError(f"{model._meta.label} is scoped: read it through visible_to")
    return manager


def _manager(model: type[M]) -> ScopedManager[M]:
    manager = model._default_manager
    if not isinstance(manager, ScopedManager):
        raise TypeError(f"{model._meta.label} is not a scoped model")
    return manager


def get_for_action(model: type[M], user: Actor, action: Action, **lookup: Any) -> M:
    """404 when missing or outside the view scope; 403 when visible but the action is not allowed."""
    if any(isinstance(v, int) and not -(2**63) <= v < 2**63 for v in lookup.values()):
        raise NotFound()  # no database can hold such an id
    manager = _manager(model)
    obj = manager.visible_to(user, Action.VIEW).filter(**lookup).first()
    if obj is None:
        raise NotFound()
    if action != Action.VIEW and not can(user, action, obj):
        raise Forbidden()
    return obj


def can(user: Actor, action: Action, obj: models.Model) -> bool:
    """Whether `user` may do `action` on `obj` (a record they can already see): one query through
    `visible_to`, for the buttons a page offers. Never a substitute for the service's own check."""
    return _manager(type(obj)).visible_to(user, action).filter(pk=obj.pk).exists()
