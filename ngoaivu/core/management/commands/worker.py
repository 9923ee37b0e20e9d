"""`ngoaivu worker`: the task queue (django-tasks-db's worker loop) in the main thread, and the scheduler
(heartbeat, orphaned tasks, periodic jobs) in a second one.

The loop runs in the main thread, never under Django's autoreloader (db_worker uses it when DEBUG is on, as
`make run` has it): there the loop is a thread of its own, and when "database is locked" killed it the
reloader kept the process up and the scheduler kept beating, so e-mail and reindexing stopped with no sign.
Now a loop that raises is logged at CRITICAL and started again after a pause; after too many failures in a
row, or when the scheduler thread ends, the process exits with status 1 so that systemd (Restart=always)
starts a fresh one."""

from __future__ import annotations

import logging
import os
import signal
import socket
import threading
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import close_old_connections
from django_tasks_db.management.commands.db_worker import Worker

from ngoaivu.core.models import WorkerBeat
from ngoaivu.core.tasks import run_scheduler

logger = logging.getLogger("ngoaivu.worker")
HEALTHY_RUN_SECONDS = 300.0  # a loop that ran this long before failing starts the count of failures afresh


class SchedulerDied(RuntimeError):
    pass


class Command(BaseCommand):
    help = "Chạy tác vụ nền (django-tasks db_worker) và lịch định kỳ (nhắc hạn, gửi lại thư)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--queue-name", default="default")
        parser.add_argument(
            "--interval", type=float, default=1.0, help="seconds between polls of an empty queue"
        )
        parser.add_argument(
            "--max-restarts",
            type=int,
            default=int(os.environ.get("NGOAIVU_WORKER_MAX_RESTARTS", "5")),
            help="failures of the loop in a row before the process exits with status 1",
        )
        parser.add_argument(
            "--restart-delay", type=float, default=5.0, help="seconds before the first restart (doubles)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        worker_id = f"{socket.gethostname()[:40]}-{os.getpid()}"
        self.stdout.write(f"ngoaivu worker {worker_id}: db_worker + scheduler")
        handlers = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM)}
        failures = 0
        try:
            while True:
                started = time.monotonic()
                try:
                    self._run(worker_id, options)
                    return  # stopped on purpose (a signal, or --max-tasks style limits)
                except Exception as exc:
                    failures = 1 if time.monotonic() - started > HEALTHY_RUN_SECONDS else failures + 1
                    logger.critical(
                        "worker %s: its loop stopped (%d in a row): %r",
                        worker_id,
                        failures,
                        exc,
                        exc_info=True,
                    )
                    if failures > options["max_restarts"]:
                        raise CommandError(
                            f"worker {worker_id}: the loop failed {failures} times in a row; exiting so that "
                            f"the service manager restarts the worker ({exc!r})",
                            returncode=1,
                        ) from exc
                    delay = min(60.0, options["restart_delay"] * 2 ** (failures - 1))
                    logger.warning("worker %s: restarting its loop in %.0f s", worker_id, delay)
                    time.sleep(delay)
                    close_old_connections()
        finally:
            for sig, handler in handlers.items():
                signal.signal(sig, handler)
            WorkerBeat.objects.filter(worker_id=worker_id).delete()

    def _run(self, worker_id: str, options: dict[str, Any]) -> None:
        worker = Worker(
            queue_names=options["queue_name"].split(","),
            interval=options["interval"],
            batch=False,
            backend_name="default",
            startup_delay=True,
            max_tasks=None,
            worker_id=worker_id,
            excluded_queue_names=[],
        )
        died: list[BaseException] = []

        def scheduler_died(exc: BaseException) -> None:
            died.append(exc)
            worker.running = False  # the loop ends after its current task

        stop = threading.Event()
        scheduler = threading.Thread(
            target=run_scheduler,
            args=(stop,),
            kwargs={"worker_id": worker_id, "on_death": scheduler_died},
            daemon=True,
            name="ngoaivu-scheduler",
        )
        scheduler.start()
        try:
            worker.configure_signals()
            worker.run()
        finally:
            stop.set()
            scheduler.join(timeout=10)
        if died:
            raise SchedulerDied(f"the scheduler thread stopped: {died[0]!r}")
