"""The lockout holds under parallel guessing: the check "is this name locked?" and the count of the attempt happen
in one transaction under the throttle row's lock, before the password is compared, so twelve wrong passwords sent
at once get the password compared at most NGOAIVU_LOCKOUT_FAILURES times (it was 10 and more when the check and
the count were two transactions with the hash between them)."""

from __future__ import annotations

import threading
import time

import pytest
from django.conf import settings
from django.db import connection

from ngoaivu.accounts import services
from ngoaivu.accounts.models import LoginThrottle
from ngoaivu.accounts.services import auth as auth_services
from ngoaivu.audit.models import AccessEvent
from ngoaivu.core.testing.world import PASSWORD

PARALLEL = 12


def _guess_in_parallel(monkeypatch: pytest.MonkeyPatch, username: str) -> tuple[list[str], list[bool]]:
    """Sends PARALLEL wrong passwords for `username` at once; returns the passwords that were compared and,
    per attempt, whether it was refused as locked."""
    compared: list[str] = []
    refused_locked: list[bool] = []
    guard = threading.Lock()
    real_authenticate = auth_services.authenticate  # the name services.auth calls (services is a package)

    def slow_authenticate(request, **credentials):  # type: ignore[no-untyped-def]
        with guard:
            compared.append(credentials["password"])
        time.sleep(0.3)  # a slow hash: every attempt is in flight at the same time
        return real_authenticate(request, **credentials)

    monkeypatch.setattr(auth_services, "authenticate", slow_authenticate)
    start = threading.Barrier(PARALLEL)

    def attempt(n: int) -> None:
        try:
            start.wait()
            services.authenticate_with_lockout(None, username, f"wrong-password-{n}")
        except services.InvalidCredentials as exc:
            with guard:
                refused_locked.append(exc.locked)
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(PARALLEL)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    monkeypatch.setattr(auth_services, "authenticate", real_authenticate)
    return compared, refused_locked


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("username", ["a_editor", "no-such-user"])
def test_parallel_wrong_passwords_get_at_most_the_limit_of_guesses(world, monkeypatch, username):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only: row locks between concurrent connections")
    limit = settings.NGOAIVU_LOCKOUT_FAILURES
    compared, refused_locked = _guess_in_parallel(monkeypatch, username)
    assert len(refused_locked) == PARALLEL  # every attempt was refused
    assert len(compared) <= limit, f"{len(compared)} passwords compared, limit {limit}"
    assert refused_locked.count(True) >= PARALLEL - limit
    failed = AccessEvent.objects.filter(kind=AccessEvent.Kind.LOGIN_FAILED, username=username).count()
    assert failed == len(compared)
    assert AccessEvent.objects.filter(kind=AccessEvent.Kind.LOCKED, username=username).exists()
    # locked now: even the right password is refused without being compared
    with pytest.raises(services.InvalidCredentials) as locked:
        services.authenticate_with_lockout(None, username, PASSWORD)
    assert locked.value.locked
    assert LoginThrottle.objects.get(username_key=username).locked_until is not None
