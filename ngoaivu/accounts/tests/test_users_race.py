"""Two administrators switching off an organisation's last two heads at the same moment: one of them is refused.
The check "is someone else still a head?" and the write run under a lock on the organisation's row, so the second
check sees the first deactivation (without the lock both checks saw the other head still active)."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection

from ngoaivu.accounts import services
from ngoaivu.accounts.models import Role, User
from ngoaivu.accounts.services import users as user_services
from ngoaivu.audit.services import SystemActor
from ngoaivu.core.exceptions import ServiceError
from ngoaivu.core.testing.world import PASSWORD


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_administrators_cannot_switch_off_the_last_two_heads_at_once(world, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only: row locks between concurrent connections")
    org = world.orgs["B"]
    system = SystemActor("test-race")
    admins = [
        services.user_create(
            actor=system,
            username=f"b_root{n}",
            password=PASSWORD,
            organisation=None,
            roles=[],
            is_superuser=True,
            check_password=False,
        )
        for n in (1, 2)
    ]
    second = services.user_create(
        actor=system,
        username="b_head2_race",
        password=PASSWORD,
        organisation=org,
        roles=[Role.OFFICER, Role.HEAD],
        check_password=False,
    )
    heads = [world.users["b_editor"], second]
    assert set(User.objects.filter(organisation=org, is_active=True, roles__code=Role.HEAD)) == set(heads)
    real_check = user_services._last_holder_errors

    def slow_check(user, losing):  # type: ignore[no-untyped-def]
        found = real_check(user, losing)
        time.sleep(0.5)  # both deactivations are between their check and their write at the same time
        return found

    monkeypatch.setattr(user_services, "_last_holder_errors", slow_check)
    start = threading.Barrier(2)
    outcomes: list[str] = []
    guard = threading.Lock()

    def deactivate(n: int) -> None:
        try:
            start.wait()
            services.user_deactivate(actor=admins[n], user=heads[n])
            result = "done"
        except ServiceError as exc:
            result = "refused: " + " ".join(exc.errors.get("roles", []))
        finally:
            connection.close()
        with guard:
            outcomes.append(result)

    threads = [threading.Thread(target=deactivate, args=(n,)) for n in (0, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(o.split(":")[0] for o in outcomes) == ["done", "refused"], outcomes
    assert User.objects.filter(organisation=org, is_active=True, roles__code=Role.HEAD).count() == 1
