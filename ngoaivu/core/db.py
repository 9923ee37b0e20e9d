"""Routing of heavy reads to a read replica, when one is configured (NGOAIVU_REPLICA_DATABASE_URL).

Only code that reads what may be a few seconds old opts in, with `replica_reads()`: search, Excel exports and
reports. Everything else — sign-in, pages that follow a write, every write and every read inside a write —
stays on the primary, so nobody reads their own change from a replica that has not received it yet."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import wraps
from typing import Any

from django.db import connections

REPLICA = "replica"
_on_replica: ContextVar[bool] = ContextVar("ngoaivu_replica_reads", default=False)


@contextmanager
def replica_reads() -> Iterator[None]:
    token = _on_replica.set(True)
    try:
        yield
    finally:
        _on_replica.reset(token)


def on_replica(func: Callable[..., Any]) -> Callable[..., Any]:
    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with replica_reads():
            return func(*args, **kwargs)

    return wrapper


class ReplicaRouter:
    def db_for_read(self, model: Any, **hints: Any) -> str | None:
        if _on_replica.get() and REPLICA in connections.settings:
            return REPLICA
        return None

    def db_for_write(self, model: Any, **hints: Any) -> str | None:
        return None

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool | None:
        return True

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool | None:
        return db != REPLICA  # the replica receives the schema from its primary
