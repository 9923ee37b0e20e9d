"""Keep the index current: any committed save (`post_save`, or `versioned_update` for the optimistic-locking
UPDATE), delete or many-to-many change of an indexed record enqueues its reindex (a background task), so no
service has to remember to. A bulk `QuerySet.update()` sends nothing: `ngoaivu search rebuild` catches up."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import m2m_changed, post_delete, post_save

from ngoaivu.core.tasks import enqueue_on_commit
from ngoaivu.core.versioning import versioned_update

REINDEX = "ngoaivu.search.tasks.reindex"


def _enqueue(instance: Any) -> None:
    from ngoaivu.search.registry import kind_for

    kind = kind_for(type(instance))
    if kind is not None and instance.pk is not None:
        enqueue_on_commit(REINDEX, kind.key, instance.pk)


def _saved(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if not raw:
        _enqueue(instance)


def _m2m(sender: Any, instance: Any, action: str, reverse: bool, **kwargs: Any) -> None:
    if action in {"post_add", "post_remove", "post_clear"} and not reverse:
        _enqueue(instance)


def connect() -> None:
    post_save.connect(_saved, dispatch_uid="search_saved")
    post_delete.connect(_saved, dispatch_uid="search_deleted")
    m2m_changed.connect(_m2m, dispatch_uid="search_m2m")
    versioned_update.connect(_saved, dispatch_uid="search_versioned")
