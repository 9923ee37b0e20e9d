"""A probe task for the reliability tests (a worker killed in the middle of a task)."""

from __future__ import annotations

import time

from ngoaivu.core.tasks import task


@task()  # type: ignore[untyped-decorator]  # django_tasks ships no types
def hold_then_record(key: str, hold_seconds: float) -> int:
    """Each attempt leaves a row; the first holds for `hold_seconds` (a test kills its worker then); the effect
    (the `done` row) is written idempotently, as every real task's is."""
    from ngoaivu.core.models import JobRun

    attempt = JobRun.objects.filter(name__startswith=f"probe:{key}:attempt:").count() + 1
    JobRun.objects.create(name=f"probe:{key}:attempt:{attempt}")
    if attempt == 1:
        time.sleep(hold_seconds)
    JobRun.objects.get_or_create(name=f"probe:{key}:done")
    return attempt
