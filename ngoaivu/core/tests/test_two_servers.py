"""Beyond one machine (PostgreSQL only): two app servers on one database share sessions (log in on one, go on
with the other, log out on the other), and two schedulers ticking at once enqueue each periodic job once."""

from __future__ import annotations

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from ngoaivu.core.testing.world import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)
ROOT = Path(__file__).resolve().parents[3]


def _postgres_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only: SQLite is the one-machine default")


def _env() -> dict[str, str]:
    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "ngoaivu.config.settings",
        "DATABASE_URL": url,
        "NGOAIVU_DEBUG": "0",
        "NGOAIVU_SECURE": "0",
        "NGOAIVU_ENV_FILE": "/nonexistent",
        "NGOAIVU_SECRET_KEY": "two-servers-secret-key-0123456789abcdefghijklmnopqrstuvwxyz",
        "NGOAIVU_FIELD_KEYS": ",".join(settings.NGOAIVU_FIELD_KEYS.split(",")),
        "NGOAIVU_ALLOWED_HOSTS": "127.0.0.1",
        "NGOAIVU_LOG_LEVEL": "WARNING",
        "NGOAIVU_TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "NGOAIVU_RATE_LIMIT_API": "0",  # these servers are driven far above one user's limit on purpose
    }


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _gunicorn(port: int, threads: int = 2) -> subprocess.Popen[bytes]:
    """One production app server (gunicorn, one worker) on `port`, against the test database."""
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "ngoaivu.config.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "--threads",
            str(threads),
        ],
        cwd=ROOT,
        env=_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


@pytest.fixture
def two_servers():
    _postgres_only()
    subprocess.run(  # production settings serve hashed static names from the manifest
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=_env(), check=True
    )
    ports = [_free_port(), _free_port()]
    procs = [_gunicorn(p) for p in ports]
    try:
        for port in ports:
            for _ in range(120):
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
                    break
                except OSError:
                    time.sleep(0.25)
            else:
                raise AssertionError(f"server on {port} did not start")
        yield [f"http://127.0.0.1:{p}" for p in ports]
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            proc.wait(timeout=20)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _browser() -> tuple[urllib.request.OpenerDirector, http.cookiejar.CookieJar]:
    jar = http.cookiejar.CookieJar()
    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect), jar


def _status(opener, url: str, data: dict[str, str] | None = None, referer: str = "") -> tuple[int, str]:
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    request = urllib.request.Request(url, data=body, headers={"Referer": referer} if referer else {})  # noqa: S310
    try:
        with opener.open(request, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode(errors="replace")


def _csrf(html: str) -> str:
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert match, "no CSRF token on the page"
    return match.group(1)


def test_log_in_on_one_server_and_go_on_with_the_other(world, two_servers):
    from django.contrib.auth.hashers import Argon2PasswordHasher

    from ngoaivu.accounts.models import User

    hasher = (
        Argon2PasswordHasher()
    )  # the servers run production settings; the tests' fast hasher is not there
    User.objects.filter(username="a_editor").update(password=hasher.encode(PASSWORD, hasher.salt()))
    a, b = two_servers
    opener, _jar = _browser()
    status, page = _status(opener, f"{a}/accounts/login/")
    assert status == 200
    status, body = _status(
        opener,
        f"{a}/accounts/login/",
        {"username": "a_editor", "password": PASSWORD, "csrfmiddlewaretoken": _csrf(page)},
        referer=f"{a}/accounts/login/",
    )
    assert status == 302, re.sub(r"<[^>]+>", " ", body)[-1500:]
    status, me = _status(opener, f"{b}/api/v1/me")
    assert status == 200, me
    assert '"a_editor"' in me
    status, home = _status(opener, f"{b}/")
    assert status == 200
    status, _ = _status(
        opener, f"{b}/accounts/logout/", {"csrfmiddlewaretoken": _csrf(home)}, referer=f"{b}/"
    )
    assert status == 302
    status, _ = _status(opener, f"{a}/api/v1/me")
    assert status == 401  # logged out on B means logged out on A: the session lives in the database


def test_two_schedulers_ticking_at_once_enqueue_each_job_once(world):
    _postgres_only()
    from django_tasks_db.models import DBTaskResult

    from ngoaivu.core.models import JobRun

    DBTaskResult.objects.all().delete()
    JobRun.objects.all().delete()
    script = "import django;django.setup();from ngoaivu.core.tasks import tick;print(len(tick()))"
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", script], cwd=ROOT, env=_env(), stdout=subprocess.PIPE, text=True
        )
        for _ in range(2)
    ]
    started = [int(p.communicate(timeout=60)[0].strip().splitlines()[-1]) for p in procs]
    jobs = len(settings.NGOAIVU_PERIODIC_JOBS)
    assert sum(started) == jobs  # each job enqueued by exactly one of the two
    paths = list(DBTaskResult.objects.values_list("task_path", flat=True))
    assert sorted(paths) == sorted(path for path, _every in settings.NGOAIVU_PERIODIC_JOBS)
