"""Background tasks: `task` from django.tasks when Django has it (6.0+), else the django-tasks backport.

Services never import an app's `tasks` module: they call `enqueue_on_commit("dotted.path", *ids)`, so a
rollback sends nothing and the import graph stays one-way. Tasks take ids and are idempotent."""

from __future__ import annotations

import datetime as dt
import logging
import threading
from typing import Any

from django.conf import settings
from django.db import close_old_connections, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

try:  # pragma: no cover - depends on the Django version
    from django.tasks import task  # type: ignore[import-not-found,unused-ignore]
except ImportError:  # Django 5.2
    from django_tasks import task  # type: ignore[no-redef,unused-ignore]

__all__ = ["beat", "enqueue_on_commit", "requeue_orphans", "run_scheduler", "task", "tick"]
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


def beat(worker_id: str, now: dt.datetime | None = None) -> None:
    from ngoaivu.core.models import WorkerBeat

    WorkerBeat.objects.update_or_create(worker_id=worker_id, defaults={"seen_at": now or timezone.now()})


def requeue_orphans(now: dt.datetime | None = None) -> dict[str, int]:
    """Tasks left RUNNING by a worker that stopped beating (killed, machine lost) go back to READY, so another
    worker runs them; tasks are idempotent, so a rerun does the work once. A task whose workers died
    NGOAIVU_TASK_MAX_ATTEMPTS times is marked FAILED instead (it may be what kills them)."""
    from django_tasks_db.models import DBTaskResult

    from ngoaivu.core.models import WorkerBeat

    now = now or timezone.now()
    stale = now - dt.timedelta(seconds=settings.NGOAIVU_WORKER_STALE_SECONDS)
    alive = set(WorkerBeat.objects.filter(seen_at__gte=stale).values_list("worker_id", flat=True))
    done = {"requeued": 0, "failed": 0}
    with transaction.atomic():
        running = DBTaskResult.objects.filter(status="RUNNING", started_at__lt=stale)
        for result in running.select_for_update(skip_locked=True):
            if result.worker_ids and result.worker_ids[-1] in alive:
                continue
            if len(result.worker_ids) >= settings.NGOAIVU_TASK_MAX_ATTEMPTS:
                result.status = "FAILED"
                result.finished_at = now
                result.exception_class_path = "ngoaivu.core.tasks.WorkerLost"
                result.traceback = f"its worker stopped {len(result.worker_ids)} times: {result.worker_ids}"
                result.save(update_fields=["status", "finished_at", "exception_class_path", "traceback"])
                logger.error("task %s (%s) failed: its workers stopped", result.pk, result.task_path)
                done["failed"] += 1
                continue
            result.status = "READY"
            result.started_at = None
            result.save(update_fields=["status", "started_at"])
            logger.warning(
                "task %s (%s) requeued: worker %s stopped", result.pk, result.task_path, result.worker_ids
            )
            done["requeued"] += 1
    WorkerBeat.objects.filter(seen_at__lt=now - dt.timedelta(days=1)).delete()
    return done


def run_scheduler(stop: threading.Event, interval: float | None = None, worker_id: str | None = None) -> None:
    """The worker's second thread: its heartbeat, orphaned tasks back to the queue, periodic jobs."""
    interval = settings.NGOAIVU_SCHEDULER_SECONDS if interval is None else interval
    while not stop.is_set():
        try:
            if worker_id:
                beat(worker_id)
            requeue_orphans()
            tick()
        except Exception:  # a failing tick is logged and retried at the next one
            logger.exception("scheduler tick failed")
        finally:
            close_old_connections()
        stop.wait(interval)
