"""Background tasks: `task` from django.tasks when Django has it (6.0+), else the django-tasks backport.

Services never import an app's `tasks` module: they call `enqueue_on_commit("dotted.path", *ids)`, so a
rollback sends nothing and the import graph stays one-way. Tasks take ids and are idempotent."""

from __future__ import annotations

import datetime as dt
import logging
import threading
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

try:  # pragma: no cover - depends on the Django version
    from django.tasks import task  # type: ignore[import-not-found,unused-ignore]
except ImportError:  # Django 5.2
    from django_tasks import task  # type: ignore[no-redef,unused-ignore]

__all__ = ["enqueue_on_commit", "run_scheduler", "task", "tick"]
logger = logging.getLogger(__name__)


def enqueue_on_commit(path: str, *args: Any) -> None:
    """Enqueue the task at `path` once the surrounding transaction commits."""

    def _enqueue() -> None:
        import_string(path).enqueue(*args)

    transaction.on_commit(_enqueue)


def tick(now: dt.datetime | None = None) -> list[str]:
    """Enqueue the periodic jobs that are due. A row lock per job means two workers never double-run one."""
    from ngoaivu.core.models import JobRun

    now = now or timezone.now()
    started: list[str] = []
    for path, every_seconds in settings.NGOAIVU_PERIODIC_JOBS:
        with transaction.atomic():
            run, _created = JobRun.objects.select_for_update().get_or_create(name=path)
            if run.last_run_at and (now - run.last_run_at).total_seconds() < every_seconds:
                continue
            run.last_run_at = now
            run.save(update_fields=["last_run_at"])
            enqueue_on_commit(path)
        started.append(path)
    return started


def run_scheduler(stop: threading.Event, interval: float = 30.0) -> None:
    while not stop.is_set():
        try:
            tick()
        except Exception:  # a failing tick is logged and retried at the next one
            logger.exception("scheduler tick failed")
        stop.wait(interval)
