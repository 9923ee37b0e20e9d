from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import F
from django.dispatch import Signal

from ngoaivu.core.exceptions import StaleObject

versioned_update = Signal()
"""Sent after `save_versioned` updated a row (an UPDATE sends no `post_save`); the search index listens."""


def save_versioned(obj: Any, expected_version: int | None) -> None:
    """Write all concrete fields with `UPDATE … WHERE pk AND version`; raise StaleObject if none matched.

    Creating (no pk yet) is a plain insert at version 1.
    """
    if obj.pk is None or obj._state.adding:
        obj.version = 1
        obj.save(force_insert=True)
        return
    version = obj.version if expected_version is None else expected_version
    fields = {
        f.attname: getattr(obj, f.attname)
        for f in obj._meta.concrete_fields
        if not f.primary_key and f.attname not in {"version", "created_at"}
    }
    for f in obj._meta.concrete_fields:
        if isinstance(f, models.DateTimeField) and f.auto_now:
            f.pre_save(obj, add=False)
            fields[f.attname] = getattr(obj, f.attname)
    manager = type(obj)._base_manager
    updated = manager.filter(pk=obj.pk, version=version).update(version=F("version") + 1, **fields)
    if not updated:
        current = manager.filter(pk=obj.pk).values_list("version", flat=True).first()
        raise StaleObject(obj._meta.label, obj.pk, current)
    obj.version = version + 1
    versioned_update.send(sender=type(obj), instance=obj)
