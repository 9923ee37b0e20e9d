"""The demo data for a whole test module: built once at a frozen date, rolled back when the module ends."""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.core.management import call_command
from django.db import transaction
from freezegun import freeze_time


@contextmanager
def demo_data(django_db_blocker: Any, when: str) -> Iterator[None]:
    """For a module-scoped fixture: `with demo_data(django_db_blocker, TODAY): yield`."""
    with freeze_time(when, tick=False), django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            call_command("demo", stdout=io.StringIO())
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
