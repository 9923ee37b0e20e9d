"""Several app servers share their cache when NGOAIVU_CACHE_URL says where (`db`: a PostgreSQL table; a redis://
address): a value one process caches is read by another process."""

from __future__ import annotations

import socket
import subprocess
import sys
import uuid

import pytest
from django.core.cache import caches
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command

from ngoaivu.config.settings import _cache
from ngoaivu.core.tests.test_two_servers import ROOT, _env, _postgres_only

REDIS = "redis://127.0.0.1:6379/7"


def test_the_cache_setting():
    assert _cache("")["BACKEND"].endswith("LocMemCache")
    assert _cache("db") == {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "ngoaivu_cache",
    }
    assert _cache(REDIS) == {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS}
    with pytest.raises(ImproperlyConfigured):
        _cache("memcached://127.0.0.1")


def _read_in_another_process(url: str, key: str) -> str:
    script = f"import django;django.setup();from django.core.cache import cache;print(cache.get({key!r}))"
    out = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={**_env(), "NGOAIVU_CACHE_URL": url},
        check=True,
        capture_output=True,
        text=True,
    )
    return out.stdout.strip().splitlines()[-1]


@pytest.mark.django_db(transaction=True)
def test_a_database_cache_is_shared_between_processes(settings):
    _postgres_only()
    settings.CACHES = {"default": _cache("db")}
    call_command("createcachetable", verbosity=0)
    key, value = f"shared-{uuid.uuid4().hex}", "Đà Nẵng"
    caches["default"].set(key, value, 60)
    assert _read_in_another_process("db", key) == value


@pytest.mark.django_db(transaction=True)
def test_a_redis_cache_is_shared_between_processes(settings):
    _postgres_only()  # the other process reads the settings of the PostgreSQL half
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        pytest.skip("Redis is not running here (it is optional)")
    settings.CACHES = {"default": _cache(REDIS)}
    key, value = f"shared-{uuid.uuid4().hex}", "Hải Phòng"
    caches["default"].set(key, value, 60)
    try:
        assert _read_in_another_process(REDIS, key) == value
    finally:
        caches["default"].delete(key)
