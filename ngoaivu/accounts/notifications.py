"""Notifications: stored once per (event, user) and e-mailed after the transaction commits."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ngoaivu.accounts.models import Notification, Organisation, Role, User
from ngoaivu.core.tasks import enqueue_on_commit
from ngoaivu.core.text import clean_line

MAX_EMAIL_ATTEMPTS = 5


def notify(
    *,
    users: Iterable[Any],
    kind: str,
    title: str | Callable[[], str],
    url: str = "",
    body: str = "",
    dedupe_key: str,
) -> int:
    """Create each user's notification unless this event was already notified; returns how many were new.

    `title` may be a function: it is then rendered in each recipient's own language (Vietnamese by default),
    not in the language of whoever caused the event."""
    created_count = 0
    for user in {u.pk: u for u in users if u is not None and u.is_active}.values():
        with translation.override(getattr(user, "language", "") or settings.LANGUAGE_CODE):
            text = clean_line(
                title() if callable(title) else title
            )  # a title is one line (an e-mail subject)
        notification, created = Notification.objects.get_or_create(
            dedupe_key=f"{dedupe_key}:u{user.pk}"[:200],
            defaults={"user": user, "kind": kind, "title": text[:300], "url": url, "body": body},
        )
        if created:
            created_count += 1
            enqueue_on_commit("ngoaivu.accounts.tasks.send_notification_email", notification.pk)
    return created_count


def rendered_later(template: str, **values: Any) -> Callable[[], str]:
    """A `title` for `notify` rendered in each recipient's language: `template` is the Vietnamese msgid (mark it
    with `gettext_noop`); callables among the values (choice labels, reasons) are evaluated then too."""

    def render() -> str:
        return _(template) % {k: v() if callable(v) else v for k, v in values.items()}

    return render


def heads_of(org: Organisation | int | None) -> list[User]:
    if org is None:
        return []
    return list(User.objects.filter(organisation=org, is_active=True, roles__code=Role.HEAD).distinct())


def staff_of(org: Organisation | int | None) -> list[User]:
    """The active officers and heads of an organisation: who acts on what is routed to it."""
    if org is None:
        return []
    return list(
        User.objects.filter(
            organisation=org, is_active=True, roles__code__in=[Role.OFFICER, Role.HEAD]
        ).distinct()
    )


def unread_count(user: Any) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


@transaction.atomic
def mark_read(*, user: User, ids: list[int] | None = None) -> int:
    qs = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    return qs.update(read_at=timezone.now())
