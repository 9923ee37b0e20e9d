from __future__ import annotations

from ngoaivu.core.tasks import task


@task()
def notify_proposal(proposal_id: int) -> int:
    """After a candidate is proposed (enqueued on commit): the search's owner is told in the app (deduped)."""
    from ngoaivu.partnering.services import notify_proposed

    return notify_proposed(proposal_id)


@task()
def remind_search_deadlines_job() -> dict[str, int]:
    """Periodic job (settings.NGOAIVU_PERIODIC_JOBS, daily — asked in REQUESTS.md): an open search's owner is
    reminded 7 days before its end date and on that day. Idempotent (dedupe keys)."""
    from ngoaivu.partnering.services import remind_search_deadlines

    return remind_search_deadlines()
