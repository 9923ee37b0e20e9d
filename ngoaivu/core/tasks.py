"""Background tasks: `task` from django.tasks when Django has it (6.0+), else the django-tasks backport.

Services never import an app's `tasks` module: they call `enqueue_on_commit("dotted.path", *ids)`, so a
rollback sends nothing and the import graph stays one-way. Tasks take ids and are idempotent."""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import close_old_connections, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

try:  # pragma: no cover - depends on the Django version
    from django.tasks import task  # type: ignore[import-not-found,unused-ignore]
except ImportError:  # Django 5.2
    from django_tasks import task  # type: ignore[no-redef,unused-ignore]

__all__ = [
    "beat",
    "enqueue_on_commit",
    "requeue_orphans",
    "run_scheduler",
    "task",
    "tick",
    "worker_health",
]
logger = logging.getLogger(__name__)
WORKER_SILENT_AFTER = dt.timedelta(minutes=5)  # administrators are warned past this (home page)


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
        try:
            with transaction.atomic():
                run, _created = JobRun.objects.select_for_update().get_or_create(name=path)
                if run.last_run_at and (now - run.last_run_at).total_seconds() < every_seconds:
                    continue
                run.last_run_at = now
                run.save(update_fields=["last_run_at"])
                enqueue_on_commit(path)
        except Exception:  # one broken job (a bad path, a task run inline that raises) never stops the others
            logger.exception("periodic job %s failed to start", path)
            continue
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


def run_scheduler(
    stop: threading.Event,
    interval: float | None = None,
    worker_id: str | None = None,
    on_death: Callable[[BaseException], None] | None = None,
) -> None:
    """The worker's second thread: its heartbeat, orphaned tasks back to the queue, periodic jobs.

    Whatever a tick raises is logged and the next tick runs (closing the connection included: it raised
    outside the handler once, and the thread ended with no log line while the process went on). Should the
    thread end anyway, it says so at CRITICAL and calls `on_death`, which stops the worker so that it is
    restarted: a worker without its scheduler sends no heartbeat and runs no periodic job."""
    interval = settings.NGOAIVU_SCHEDULER_SECONDS if interval is None else interval
    try:
        while not stop.is_set():
            try:
                if worker_id:
                    beat(worker_id)
                requeue_orphans()
                tick()
            except Exception:  # a failing tick is logged and retried at the next one
                logger.exception("scheduler tick failed")
            try:
                close_old_connections()
            except Exception:
                logger.exception("scheduler could not close its database connection")
            stop.wait(interval)
    except BaseException as exc:
        logger.critical("scheduler thread of worker %s stopped: %r", worker_id, exc, exc_info=True)
        if on_death is not None:
            on_death(exc)


@dataclass(frozen=True)
class WorkerHealth:
    alive: bool
    last_seen: dt.datetime | None  # the newest heartbeat of any worker (None: none in the last day)


def worker_health(now: dt.datetime | None = None) -> WorkerHealth:
    """Whether some worker has beaten in the last 5 minutes: e-mail, reminders and the search index wait for
    one, and nothing else tells the administrators that it stopped."""
    from ngoaivu.core.models import WorkerBeat

    now = now or timezone.now()
    last = WorkerBeat.objects.order_by("-seen_at").values_list("seen_at", flat=True).first()
    return WorkerHealth(alive=last is not None and now - last <= WORKER_SILENT_AFTER, last_seen=last)
