"""Flood limits: one user (token or session) or one address that floods the API, or one address that floods the
sign-in, is answered 429 with Retry-After and the problem body (the Vietnamese page on the sign-in form), before
any password is hashed. The counters are rows, so every worker and server counts together. The test settings turn
the limits off; each test here turns them on."""

from __future__ import annotations

import threading

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test import Client, override_settings
from freezegun import freeze_time

import ngoaivu.config.urls  # noqa: F401 - the API's schemas are built before any clock is frozen
from ngoaivu.accounts import services
from ngoaivu.audit.models import AccessEvent
from ngoaivu.core import ratelimit
from ngoaivu.core.models import RateCounter
from ngoaivu.core.testing.world import PASSWORD

NOW = "2026-12-07 09:00:10"


def test_rates_are_read_from_the_settings_text():
    assert ratelimit.parse_rate("600/minute") == ratelimit.Rate(600, 60)
    assert ratelimit.parse_rate("20/min") == ratelimit.Rate(20, 60)
    assert ratelimit.parse_rate("5/2minutes") == ratelimit.Rate(5, 120)
    assert ratelimit.parse_rate("100/30") == ratelimit.Rate(100, 30)
    assert ratelimit.parse_rate("10000/day") == ratelimit.Rate(10000, 86400)
    for off in ("", "0", "off", None, "0/minute"):
        assert ratelimit.parse_rate(off) is None
    for bad in ("600", "600/fortnight", "many/minute", "600/"):
        with pytest.raises(ImproperlyConfigured):
            ratelimit.parse_rate(bad)


def _token_client(world, who: str) -> Client:
    _token, raw = services.api_token_create(actor=world.users[who], user=world.users[who])
    return Client(headers={"Authorization": f"Bearer {raw}"})


def _assert_429_problem(response) -> None:
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    body = response.json()
    assert body["type"] == "rate_limited"
    assert body["status"] == 429
    assert body["request_id"] == response["X-Request-ID"]
    assert body["title"]
    assert body["detail"]


@pytest.mark.django_db
@override_settings(NGOAIVU_RATE_LIMIT_API="3/minute")
def test_one_user_flooding_the_api_gets_429_and_the_others_go_on(world):
    with freeze_time(NOW) as clock:
        flooding, other = _token_client(world, "a_editor"), _token_client(world, "b_editor")
        for _ in range(3):
            assert flooding.get("/api/v1/ping").status_code == 200
        refused = flooding.get("/api/v1/ping")
        _assert_429_problem(refused)
        assert refused["Retry-After"] == "50"  # the minute's window ends at 09:01:00
        # a second token of the same user shares the user's count: minting tokens does not raise the limit
        assert _token_client(world, "a_editor").get("/api/v1/me").status_code == 429
        assert other.get("/api/v1/ping").status_code == 200
        clock.tick(51)
        assert flooding.get("/api/v1/ping").status_code == 200


@pytest.mark.django_db
@override_settings(NGOAIVU_RATE_LIMIT_API="3/minute")
def test_a_signed_in_browser_session_is_limited_too(world):
    with freeze_time(NOW):
        client = world.client("a_viewer")
        codes = [client.get("/api/v1/ping").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]


@pytest.mark.django_db
@override_settings(NGOAIVU_RATE_LIMIT_API="3/minute")
def test_one_address_flooding_the_api_without_credentials_gets_429(world):
    with freeze_time(NOW):
        flooding = Client(REMOTE_ADDR="203.0.113.5")
        codes = [flooding.get("/api/v1/ping").status_code for _ in range(3)]
        assert codes == [401, 401, 401]
        _assert_429_problem(flooding.get("/api/v1/ping"))
        assert Client(REMOTE_ADDR="203.0.113.6").get("/api/v1/ping").status_code == 401


@pytest.fixture
def hashes(monkeypatch) -> list[str]:
    """Every password hash computed (the test settings hash with MD5; a dummy hash for an unknown name too)."""
    done: list[str] = []
    encode = MD5PasswordHasher.encode

    def counting_encode(self, password, salt):  # type: ignore[no-untyped-def]
        done.append(password)
        return encode(self, password, salt)

    monkeypatch.setattr(MD5PasswordHasher, "encode", counting_encode)
    return done


def _login(client: Client, username: str, password: str):
    return client.post("/accounts/login/", {"username": username, "password": password})


@pytest.mark.django_db
@override_settings(NGOAIVU_RATE_LIMIT_SIGNIN="3/minute")
def test_a_sign_in_flood_from_one_address_is_refused_before_any_hash(world, hashes):
    with freeze_time(NOW):
        flooding = Client(REMOTE_ADDR="203.0.113.5")
        for n in range(3):
            assert _login(flooding, f"ghost-{n}", "whatever-password").status_code == 400
        assert len(hashes) == 3  # an unknown name costs the same one hash as a wrong password
        for n in range(3, 50):
            refused = _login(flooding, f"ghost-{n}", "whatever-password")
            assert refused.status_code == 429
        assert len(hashes) == 3  # 47 refused attempts, no hash
        assert refused["Retry-After"] == "50"
        assert "Quá nhiều lần đăng nhập không thành công" in refused.content.decode()
        assert 'name="username"' in refused.content.decode()  # the form is still there
        api = flooding.post(
            "/api/v1/auth/token",
            {"username": "a_editor", "password": PASSWORD},
            content_type="application/json",
        )
        _assert_429_problem(api)
        assert len(hashes) == 3
        # one access event for the flood, not one per refused attempt
        assert AccessEvent.objects.filter(kind=AccessEvent.Kind.DENIED, ip="203.0.113.5").count() == 1
        # another address is not held up
        assert _login(Client(REMOTE_ADDR="203.0.113.6"), "a_editor", PASSWORD).status_code == 302


@pytest.mark.django_db
@override_settings(NGOAIVU_RATE_LIMIT_SIGNIN="3/minute")
def test_right_passwords_give_their_attempt_back(world):
    """Many people behind one office address sign in at nine: only failures count against the address."""
    with freeze_time(NOW):
        office = Client(REMOTE_ADDR="203.0.113.5")
        assert _login(office, "a_editor", "wrong-password-123").status_code == 400
        for who in ("a_editor", "a_viewer", "b_editor", "x_officer", "y_officer", "a_viewer"):
            assert _login(Client(REMOTE_ADDR="203.0.113.5"), who, PASSWORD).status_code == 302
        assert _login(office, "b_editor", "wrong-password-123").status_code == 400
        assert _login(office, "x_officer", "wrong-password-123").status_code == 400
        assert _login(office, "y_officer", "wrong-password-123").status_code == 429


@pytest.mark.django_db
@override_settings(NGOAIVU_RATE_LIMIT_SIGNIN="100/minute")
def test_an_unknown_name_and_a_wrong_password_cost_one_hash_each_and_a_locked_name_none(world, hashes):
    """The same work for a name that exists and one that does not, so timing does not tell them apart; once
    locked (unknown names lock too), neither is hashed."""
    client = Client()
    _login(client, "a_editor", "wrong-password-123")
    assert len(hashes) == 1
    _login(client, "nobody-at-all", "wrong-password-123")
    assert len(hashes) == 2
    for _ in range(4):
        _login(client, "a_editor", "wrong-password-123")
        _login(client, "nobody-at-all", "wrong-password-123")
    assert len(hashes) == 10  # five each, then both are locked
    for _ in range(5):
        assert _login(client, "a_editor", PASSWORD).status_code == 400
        assert _login(client, "nobody-at-all", "wrong-password-123").status_code == 400
    assert len(hashes) == 10


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_counters_are_shared_and_atomic_across_connections():
    """Eight connections (as eight workers) count 25 requests each against one key: exactly 200 are counted,
    the limit's 150 pass and 50 are refused (a read-then-write counter, like the cache's incr, loses some)."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only: SQLite is the one-machine default")
    rate = ratelimit.Rate(150, 3600)
    allowed: list[bool] = []
    guard = threading.Lock()
    start = threading.Barrier(8)

    def worker() -> None:
        try:
            start.wait()
            for _ in range(25):
                counted = ratelimit.hit("test:shared", rate, now=1_800_000_000)
                with guard:
                    allowed.append(bool(counted and counted.allowed))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert RateCounter.objects.get(key="test:shared").hits == 200
    assert allowed.count(True) == 150
    assert allowed.count(False) == 50


@pytest.mark.django_db
def test_a_new_window_starts_from_zero_and_ended_windows_are_purged(monkeypatch):
    rate = ratelimit.Rate(2, 60)
    at = 1_800_000_010
    assert [ratelimit.hit("k", rate, now=at).allowed for _ in range(3)] == [True, True, False]  # type: ignore[union-attr]
    assert ratelimit.hit("k", rate, now=at + 60).hits == 1  # type: ignore[union-attr]
    ratelimit.hit("old", rate, now=at)
    monkeypatch.setattr(ratelimit, "PURGE_ONE_IN", 1)
    ratelimit.hit("new", rate, now=at + 3600)
    assert set(RateCounter.objects.values_list("key", flat=True)) == {"new"}
