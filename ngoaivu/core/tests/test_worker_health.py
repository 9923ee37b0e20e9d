"""The worker never stops silently: a failing tick or job leaves the scheduler running, a scheduler that
ends anyway says so and stops the worker, the task loop runs in the main thread (never under the
autoreloader), restarts after a failure and exits with status 1 after too many; administrators see on the
home page that no worker has beaten for 5 minutes."""

from __future__ import annotations

import datetime as dt
import logging
import threading

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.utils import OperationalError
from django.utils import timezone, translation
from django_tasks_db.management.commands import db_worker

from ngoaivu.core import tasks
from ngoaivu.core.management.commands import worker as worker_command
from ngoaivu.core.models import JobRun, WorkerBeat

pytestmark = pytest.mark.django_db


def _one_tick_then_stop(stop: threading.Event):
    """`stop.wait` that ends the loop after its first tick."""

    def wait(timeout=None):
        stop.set()
        return True

    return wait


def test_a_failure_closing_the_connection_does_not_end_the_scheduler(monkeypatch, caplog):
    calls = {"n": 0}

    def flaky_close():
        calls["n"] += 1
        if calls["n"] == 1:
            raise OperationalError("database is locked")

    monkeypatch.setattr(tasks, "close_old_connections", flaky_close)
    monkeypatch.setattr(tasks, "requeue_orphans", lambda: None)
    monkeypatch.setattr(tasks, "tick", lambda: [])
    stop = threading.Event()
    waits = {"n": 0}

    def wait(timeout=None):
        waits["n"] += 1
        if waits["n"] >= 2:
            stop.set()
        return stop.is_set()

    monkeypatch.setattr(stop, "wait", wait)
    with caplog.at_level(logging.ERROR, logger="ngoaivu.core.tasks"):
        tasks.run_scheduler(stop, interval=0)
    assert calls["n"] == 2  # a second tick ran
    assert "could not close" in caplog.text


@pytest.mark.django_db(transaction=True)  # the jobs are enqueued when each one's transaction commits
def test_a_job_that_fails_to_start_does_not_stop_the_others(settings, monkeypatch, caplog):
    settings.NGOAIVU_PERIODIC_JOBS = [
        ("ngoaivu.nowhere.tasks.missing_job", 60),
        ("ngoaivu.core.testing.tasks.noop_for_tests", 60),
    ]
    ran: list[str] = []
    real = tasks.import_string

    def fake_import(path):
        if path.endswith("noop_for_tests"):
            return type("T", (), {"enqueue": staticmethod(lambda *a: ran.append(path))})
        return real(path)

    monkeypatch.setattr(tasks, "import_string", fake_import)
    with caplog.at_level(logging.ERROR, logger="ngoaivu.core.tasks"):
        started = tasks.tick()
    assert started == ["ngoaivu.core.testing.tasks.noop_for_tests"]
    assert ran == ["ngoaivu.core.testing.tasks.noop_for_tests"]
    assert "missing_job" in caplog.text
    assert JobRun.objects.filter(name="ngoaivu.nowhere.tasks.missing_job").exists()


def test_a_scheduler_that_ends_anyway_says_so_and_calls_back(monkeypatch, caplog):
    def fatal():
        raise SystemExit(3)  # not an Exception: it passes the tick's handler

    monkeypatch.setattr(tasks, "requeue_orphans", fatal)
    died: list[BaseException] = []
    with caplog.at_level(logging.CRITICAL, logger="ngoaivu.core.tasks"):
        tasks.run_scheduler(threading.Event(), interval=0, worker_id="w-1", on_death=died.append)
    assert [type(e) for e in died] == [SystemExit]
    assert "scheduler thread of worker w-1 stopped" in caplog.text


class _Runs:
    """Stands for django-tasks-db's loop: each run pops an outcome (an exception to raise, or None)."""

    def __init__(self, outcomes):
        self.outcomes = list(outcomes)
        self.threads: list[bool] = []

    def __call__(self, worker):
        self.threads.append(threading.current_thread() is threading.main_thread())
        outcome = self.outcomes.pop(0)
        if outcome is not None:
            raise outcome


@pytest.fixture
def quiet_scheduler(monkeypatch):
    monkeypatch.setattr(worker_command, "run_scheduler", lambda stop, **kw: stop.wait(5))
    monkeypatch.setattr(worker_command.time, "sleep", lambda s: None)
    monkeypatch.setattr(worker_command, "close_old_connections", lambda: None)  # the test's transaction

    def no_reloader(*args, **kwargs):
        raise AssertionError("the worker loop must not run under the autoreloader")

    monkeypatch.setattr(db_worker, "run_with_reloader", no_reloader)


def test_the_loop_runs_in_the_main_thread_and_restarts_after_a_failure(
    settings, monkeypatch, quiet_scheduler, caplog
):
    settings.DEBUG = True  # db_worker would have used the autoreloader
    runs = _Runs([OperationalError("database is locked"), OperationalError("database is locked"), None])
    monkeypatch.setattr(db_worker.Worker, "run", lambda self: runs(self))
    with caplog.at_level(logging.WARNING, logger="ngoaivu.worker"):
        call_command("worker", "--restart-delay", "0")
    assert runs.threads == [True, True, True]
    critical = [r for r in caplog.records if r.levelno == logging.CRITICAL]
    assert len(critical) == 2
    assert "database is locked" in critical[0].getMessage()


def test_the_worker_exits_with_status_1_after_too_many_failures(monkeypatch, quiet_scheduler):
    runs = _Runs([OperationalError("database is locked")] * 3)
    monkeypatch.setattr(db_worker.Worker, "run", lambda self: runs(self))
    with pytest.raises(CommandError) as exc:
        call_command("worker", "--restart-delay", "0", "--max-restarts", "2")
    assert exc.value.returncode == 1
    assert len(runs.threads) == 3
    assert not WorkerBeat.objects.exists()


def test_a_dead_scheduler_stops_the_loop_and_counts_as_a_failure(monkeypatch, quiet_scheduler):
    def dying_scheduler(stop, *, worker_id, on_death):
        on_death(SystemExit(3))

    seen: list[bool] = []

    def run(worker):
        deadline = timezone.now() + dt.timedelta(seconds=10)
        while worker.running and timezone.now() < deadline:  # the real loop checks `running` each poll
            threading.Event().wait(0.01)
        seen.append(worker.running)

    monkeypatch.setattr(worker_command, "run_scheduler", dying_scheduler)
    monkeypatch.setattr(db_worker.Worker, "run", run)
    with pytest.raises(CommandError, match="scheduler thread stopped"):
        call_command("worker", "--restart-delay", "0", "--max-restarts", "0")
    assert seen == [False]


@pytest.fixture
def admin(django_user_model):
    return django_user_model.objects.create_superuser(username="h5b-admin", password="x-h5b-admin-2026")


def _home(client, user):
    client.force_login(user)
    with translation.override("vi"):
        return client.get("/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()


def test_administrators_are_warned_when_no_worker_has_beaten_for_5_minutes(client, admin, world):
    assert 'id="worker-silent"' in _home(client, admin)  # no worker at all
    WorkerBeat.objects.create(worker_id="w-old", seen_at=timezone.now() - dt.timedelta(minutes=6))
    html = _home(client, admin)
    assert 'id="worker-silent"' in html
    assert "Tác vụ nền đã dừng" in html
    assert 'id="worker-silent"' not in _home(client, world.users["a_editor"])  # theirs is not to fix
    WorkerBeat.objects.create(worker_id="w-new", seen_at=timezone.now() - dt.timedelta(minutes=1))
    assert 'id="worker-silent"' not in _home(client, admin)


def test_worker_health_reads_the_newest_beat():
    now = timezone.now()
    assert tasks.worker_health(now) == tasks.WorkerHealth(alive=False, last_seen=None)
    WorkerBeat.objects.create(worker_id="w", seen_at=now - dt.timedelta(minutes=5))
    assert tasks.worker_health(now).alive
    assert not tasks.worker_health(now + dt.timedelta(seconds=1)).alive
