from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from ngoaivu.accounts.models import Notification
from ngoaivu.accounts.notifications import MAX_EMAIL_ATTEMPTS
from ngoaivu.accounts.services.idle import deactivate_idle_accounts
from ngoaivu.accounts.services.links import password_reset_for_login
from ngoaivu.core.tasks import enqueue_on_commit, task
from ngoaivu.core.text import clean_line

logger = logging.getLogger(__name__)


def email_subject(title: str) -> str:
    """The subject line of a notification e-mail: one line whatever the stored title holds, since Django refuses
    a header with a line break (BadHeaderError) and every retry would fail the same way."""
    return f"[ngoaivu] {clean_line(title)}"[:255]


@task()
def send_notification_email(notification_id: int) -> str:
    """Send one notification by e-mail; a failure is recorded and retried by `retry_notification_emails`."""
    with transaction.atomic():
        n = Notification.objects.select_for_update().select_related("user").filter(pk=notification_id).first()
        if n is None or n.email_sent_at or not n.user.email or n.email_attempts >= MAX_EMAIL_ATTEMPTS:
            return "skipped"
        link = f"{settings.NGOAIVU_BASE_URL}{n.url}" if n.url else ""
        try:
            send_mail(email_subject(n.title), f"{n.body}\n\n{link}".strip(), None, [n.user.email])
        except Exception as exc:  # any backend error: keep it, retry later
            n.email_attempts += 1
            n.email_error = str(exc)[:500]
            n.save(update_fields=["email_attempts", "email_error"])
            logger.warning("notification %s e-mail failed (attempt %s): %s", n.pk, n.email_attempts, exc)
            return "failed"
        n.email_attempts += 1
        n.email_sent_at = timezone.now()
        n.email_error = ""
        n.save(update_fields=["email_attempts", "email_sent_at", "email_error"])
    return "sent"


@task()
def retry_notification_emails() -> int:
    pending = Notification.objects.filter(
        email_sent_at__isnull=True, email_attempts__gt=0, email_attempts__lt=MAX_EMAIL_ATTEMPTS
    ).values_list("pk", flat=True)[:500]
    with transaction.atomic():
        for pk in pending:
            enqueue_on_commit("ngoaivu.accounts.tasks.send_notification_email", pk)
    return len(pending)


@task()
def password_reset_request_job(login: str) -> int:
    """The worker's half of the public "forgot password" page (services.links.password_reset_request): the
    look-up and the e-mail happen here so that the page answers alike whether or not the account exists."""
    return password_reset_for_login(login)


@task()
def deactivate_idle_accounts_job() -> dict[str, int]:
    """Daily job (settings.NGOAIVU_PERIODIC_JOBS): warn, then deactivate, accounts unused for
    NGOAIVU_INACTIVE_DAYS (services.idle). Idempotent."""
    return deactivate_idle_accounts()
