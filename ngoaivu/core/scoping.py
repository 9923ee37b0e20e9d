"""The one way to fetch scoped records: `Model.objects.visible_to(user, action)` and `get_for_action`."""

from __future__ import annotations

import enum
import logging
from typing import Any, TypeVar

from django.db import models

from ngoaivu.core.exceptions import Forbidden, NotFound

logger = logging.getLogger(__name__)


class Action(enum.StrEnum):
    VIEW = "view"
    CREATE = "create"
    CHANGE = "change"
    DELETE = "delete"
    APPROVE = "approve"
    EXPORT = "export"


class ScopedQuerySet(models.QuerySet):
    """Subclasses state who may do what in `visible_to`; nothing else filters by organisation."""

    def visible_to(self, user: Any, action: Action = Action.VIEW) -> ScopedQuerySet:
        raise NotImplementedError


class ScopedManager(models.Manager):
    def visible_to(self, user: Any, action: Action = Action.VIEW) -> Any:
        qs: Any = self.get_queryset()
        return qs.visible_to(user, action)

    def system(self, *, reason: str) -> Any:
        """Unscoped access for jobs and commands; the reason makes it greppable and reviewable."""
        if not reason:
            raise ValueError("system() needs a reason")
        logger.debug("unscoped access to %s: %s", self.model._meta.label, reason)
        return self.get_queryset()


M = TypeVar("M", bound=models.Model)


def scoped_manager(model: type[models.Model]) -> Any:
    """The model's manager when it states `visible_to` (a scoped model, or a child scoped through its parent),
    else None (reference data, users, rules): for code that meets models by label, such as the audit log."""
    manager: Any = model._default_manager
    return manager if hasattr(manager, "visible_to") else None


def get_for_action(model: type[M], user: Any, action: Action, **lookup: Any) -> M:
    """404 when missing or outside the view scope; 403 when visible but the action is not allowed."""
    if any(isinstance(v, int) and not -(2**63) <= v < 2**63 for v in lookup.values()):
        raise NotFound()  # no database can hold such an id
    manager: Any = model._default_manager
    obj = manager.visible_to(user, Action.VIEW).filter(**lookup).first()
    if obj is None:
        raise NotFound()
    if action != Action.VIEW and not manager.visible_to(user, action).filter(pk=obj.pk).exists():
        raise Forbidden()
    return obj
