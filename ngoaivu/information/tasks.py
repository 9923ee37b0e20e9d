from __future__ import annotations

from ngoaivu.core.tasks import task


@task()
def notify_brief_subscribers(brief_id: int) -> int:
    """After a brief is published: the subscribing provinces' people are told in the app (dedupe per brief)."""
    from ngoaivu.information.delivery import notify_subscribers

    return notify_subscribers(brief_id)


@task()
def find_brief_entities(brief_id: int) -> int:
    """After a brief is published or updated: its entities are found and proposed (ingest.entities)."""
    from ngoaivu.information.entities import store_entities

    return store_entities(brief_id)


@task()
def send_weekly_brief_digest() -> int:
    """Periodic job (settings.NGOAIVU_PERIODIC_JOBS): the weekly e-mail digest, once per person per ISO week."""
    from ngoaivu.information.delivery import send_weekly_digest

    return send_weekly_digest()
