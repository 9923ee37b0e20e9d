"""Reliability: a killed background worker's task is rerun by another worker and done once; the app server
rides out its database connections being cut during writes (what a PostgreSQL restart does to it) with no
request half-written; orphaned tasks are requeued, or failed after too many lost workers."""

from __future__ import annotations

import datetime as dt
import json
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from ngoaivu.core.tests.test_two_servers import ROOT, _env, _free_port, _gunicorn, _postgres_only

pytestmark = pytest.mark.django_db(transaction=True)


def _running(**kw):
    from django_tasks_db.models import DBTaskResult

    defaults = {
        "status": "RUNNING",
        "started_at": timezone.now() - dt.timedelta(minutes=10),
        "args_kwargs": {"args": ["k", 0], "kwargs": {}},
        "task_path": "ngoaivu.core.testing.tasks.hold_then_record",
        "backend_name": "default",
        "run_after": timezone.now() - dt.timedelta(minutes=11),
        "worker_ids": ["host-1"],
    }
    return DBTaskResult.objects.create(**{**defaults, **kw})


def test_orphaned_tasks_are_requeued_and_live_workers_are_left_alone(settings):
    from ngoaivu.core.models import WorkerBeat
    from ngoaivu.core.tasks import beat, requeue_orphans

    settings.NGOAIVU_WORKER_STALE_SECONDS = 60
    settings.NGOAIVU_TASK_MAX_ATTEMPTS = 3
    now = timezone.now()
    beat("alive-1", now - dt.timedelta(seconds=5))
    beat("dead-1", now - dt.timedelta(seconds=600))
    orphan = _running(worker_ids=["dead-1"])
    never_beat = _running(worker_ids=["gone-2"])
    busy = _running(worker_ids=["alive-1"])
    just_claimed = _running(worker_ids=["dead-1"], started_at=now - dt.timedelta(seconds=5))
    hopeless = _running(worker_ids=["dead-1", "dead-2", "dead-3"])

    assert requeue_orphans(now) == {"requeued": 2, "failed": 1}
    for result, status in (
        (orphan, "READY"),
        (never_beat, "READY"),
        (busy, "RUNNING"),
        (just_claimed, "RUNNING"),
        (hopeless, "FAILED"),
    ):
        result.refresh_from_db()
        assert result.status == status, result.worker_ids
    orphan.refresh_from_db()
    assert orphan.started_at is None
    hopeless.refresh_from_db()
    assert "stopped 3 times" in hopeless.traceback
    assert requeue_orphans(now) == {"requeued": 0, "failed": 0}  # nothing twice
    assert set(WorkerBeat.objects.values_list("worker_id", flat=True)) == {"alive-1", "dead-1"}


def _worker(env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "manage.py", "worker"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def _wait(what: str, check, seconds: float = 60.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def test_a_killed_workers_task_is_rerun_by_another_worker_and_done_once(world):
    _postgres_only()
    from django_tasks_db.models import DBTaskResult

    from ngoaivu.core.models import JobRun, WorkerBeat

    DBTaskResult.objects.all().delete()
    JobRun.objects.all().delete()
    for path, _every in settings.NGOAIVU_PERIODIC_JOBS:  # not due: the workers run the probe alone
        JobRun.objects.create(name=path, last_run_at=timezone.now())
    env = {**_env(), "NGOAIVU_SCHEDULER_SECONDS": "0.5", "NGOAIVU_WORKER_STALE_SECONDS": "3"}
    enqueue = (
        "import django;django.setup();from ngoaivu.core.testing.tasks import hold_then_record;"
        "print(hold_then_record.enqueue('k1', 120).id)"
    )
    subprocess.run([sys.executable, "-c", enqueue], cwd=ROOT, env=env, check=True, capture_output=True)
    first = _worker(env)
    try:
        _wait("the first attempt", lambda: JobRun.objects.filter(name="probe:k1:attempt:1").exists())
        first_id = DBTaskResult.objects.get().worker_ids[-1]
        assert WorkerBeat.objects.filter(worker_id=first_id).exists()
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
    finally:
        if first.poll() is None:
            first.kill()
    assert DBTaskResult.objects.get().status == "RUNNING"  # what the killed worker left behind

    second = _worker(env)
    try:
        result = _wait(
            "the rerun",
            lambda: DBTaskResult.objects.filter(status__in=["SUCCESSFUL", "FAILED"]).first(),
            seconds=90,
        )
        assert result.status == "SUCCESSFUL", result.traceback
        assert result.return_value == 2
        assert result.worker_ids[0] == first_id
        assert len(result.worker_ids) == 2
        assert JobRun.objects.filter(name="probe:k1:done").count() == 1
        assert JobRun.objects.filter(name__startswith="probe:k1:attempt:").count() == 2
    finally:
        second.send_signal(signal.SIGTERM)
        out, _ = second.communicate(timeout=30)
    assert not WorkerBeat.objects.filter(worker_id=result.worker_ids[1]).exists(), out  # a clean stop says so


def _post(
    base: str, token: str, body: dict[str, object], path: str = "/api/v1/requests", version: object = None
) -> tuple[int, dict[str, object]]:
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    if version is not None:  # an update sends back the version it read (If-Match)
        headers["If-Match"] = f'"{version}"'
    request = urllib.request.Request(  # noqa: S310 - loopback
        f"{base}{path}",
        data=json.dumps(body).encode(),
        headers=headers,
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, {}
    except OSError:
        return 0, {}


def _cut_connections() -> int:
    """Terminate every other connection to the test database: to the app, what a PostgreSQL restart does
    (the server itself cannot be restarted here: other tests share it)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return int(cursor.fetchone()[0])


def test_the_server_rides_out_cut_database_connections_and_writes_nothing_by_halves(world):
    _postgres_only()
    from ngoaivu.accounts.models import Organisation
    from ngoaivu.accounts.services import api_token_create
    from ngoaivu.audit.models import AuditEvent
    from ngoaivu.requests.models import ServiceRequest

    # a submit sends at once (the number, both recipient parts): no approval step (four eyes) in between
    Organisation.objects.filter(pk=world.orgs["A"].pk).update(request_approval_required=False)
    _token, raw = api_token_create(actor=world.users["a_editor"], user=world.users["a_editor"])
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server = _gunicorn(port, threads=4)
    statuses: list[int] = []
    created: list[int] = []
    sent: list[int] = []
    stop = threading.Event()

    def write(n: int) -> None:
        i = 0
        while not stop.is_set():
            i += 1
            status, body = _post(
                base,
                raw,
                {
                    "title": f"Ghi khi cắt kết nối {n}-{i}",
                    "description": "Kiểm tra độ bền",
                    "category": "investment",
                    "recipients": ["mofa", "cqdd-jp-tokyo"],
                },
            )
            statuses.append(status)
            if status == 201:
                created.append(int(body["id"]))  # type: ignore[call-overload]
                status, body = _post(base, raw, {}, f"/api/v1/requests/{body['id']}/submit", body["version"])
                statuses.append(status)
                if status == 200:
                    sent.append(int(body["id"]))  # type: ignore[call-overload]

    try:
        _wait("the server", lambda: _post(base, raw, {})[0] == 422)
        writers = [threading.Thread(target=write, args=(n,)) for n in range(3)]
        for w in writers:
            w.start()
        cut = 0
        for _ in range(3):
            time.sleep(1.5)
            cut += _cut_connections()
        time.sleep(1.5)
        stop.set()
        for w in writers:
            w.join(timeout=60)
        after = _post(
            base,
            raw,
            {"title": "Sau khi cắt", "description": "x", "category": "investment", "recipients": ["mofa"]},
        )
        assert server.poll() is None, "the server process died"
    finally:
        server.terminate()
        server.wait(timeout=20)
    assert cut >= 3, "no connection was cut: the test proved nothing"
    assert after[0] == 201, after  # the same server process, no restart
    assert statuses.count(201) >= 10
    assert len(sent) >= 10
    assert set(statuses) <= {200, 201, 503}, statuses  # a cut write: 503 "try again", nothing else
    rows = ServiceRequest.objects.system(reason="test").filter(title__startswith="Ghi khi cắt kết nối")
    assert set(created) <= set(rows.values_list("pk", flat=True))
    for req in rows:
        actions = set(
            AuditEvent.objects.filter(
                target_type="requests.servicerequest", target_id=str(req.pk)
            ).values_list("action", flat=True)
        )
        events = set(req.events.values_list("action", flat=True))
        if req.status == "draft":  # created, and the submit failed or was cut: the draft whole
            assert req.pk not in sent, req.title
            assert "request.create" in actions, req.title
            assert "create" in events, req.title
            assert req.recipients.count() == 0
            assert not req.number
        else:  # sent: the number, both recipient parts, the event and the audit row together
            assert req.number, req.title
            assert req.recipients.count() == 2, req.title
            assert {"request.create", "request.submit"} <= actions, (req.title, actions)


@pytest.mark.parametrize("path", ["/api/v1/requests", "/requests/"])
def test_a_view_cut_off_from_the_database_answers_503_with_retry_after(rf, path):
    from django.db import OperationalError

    from ngoaivu.core.middleware import DatabaseUnavailableMiddleware

    middleware = DatabaseUnavailableMiddleware(lambda r: None)  # type: ignore[arg-type,return-value]
    request = rf.post(path)
    response = middleware.process_exception(request, OperationalError("server closed the connection"))
    assert response is not None
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "thử lại" in response.content.decode()
    assert middleware.process_exception(request, ValueError("x")) is None
