"""Review of issue 23: the weekly digest runs daily (settings: every 86400 s) and takes "the last seven days"
whatever was sent before, so a brief reaches the same person in two digests."""

from __future__ import annotations

import pytest
from django.core import mail
from freezegun import freeze_time

from ngoaivu.accounts.models import User
from ngoaivu.information import delivery
from ngoaivu.information.tests.factories import make_brief, make_subscription

pytestmark = pytest.mark.django_db


def test_a_brief_is_mailed_to_a_person_in_one_digest_only(world, django_capture_on_commit_callbacks):
    User.objects.filter(username="a_editor").update(email="a@example.org")
    User.objects.exclude(username="a_editor").update(email="")
    make_subscription(world, "A", countries=("JP",))
    with freeze_time("2026-03-03 10:00:00"):  # Tuesday of ISO week 10
        brief = make_brief(world, "X", to=("A",), countries=("JP",), marker="BRIEFTWICE01Q")
    mail.outbox.clear()
    # the daily job: Wednesday is the first run of week 10 that finds a matching brief
    with freeze_time("2026-03-04 07:00:00"), django_capture_on_commit_callbacks(execute=True):
        assert delivery.send_weekly_digest() == 1
    # ... and Monday is the first run of week 11: the same brief is within "the last seven days" again
    with freeze_time("2026-03-09 07:00:00"), django_capture_on_commit_callbacks(execute=True):
        delivery.send_weekly_digest()
    bodies = [m.body for m in mail.outbox if m.to == ["a@example.org"]]
    assert sum(brief.title in body for body in bodies) == 1, bodies


def test_a_digest_that_failed_to_leave_is_sent_by_the_next_run(
    world, django_capture_on_commit_callbacks, monkeypatch
):
    User.objects.filter(username="a_editor").update(email="a@example.org")
    User.objects.exclude(username="a_editor").update(email="")
    make_subscription(world, "A", countries=("JP",))
    with freeze_time("2026-03-09 06:00:00"):
        make_brief(world, "X", to=("A",), countries=("JP",), marker="BRIEFRETRY01Q")
    mail.outbox.clear()

    def down(*args, **kwargs):
        raise ConnectionRefusedError("mail server down")

    with monkeypatch.context() as m:
        m.setattr(delivery, "send_mail", down)
        with freeze_time("2026-03-09 07:00:00"), django_capture_on_commit_callbacks(execute=True):
            delivery.send_weekly_digest()  # recorded, not sent (logged)
    # the next daily run, same ISO week, the mail server is back
    with freeze_time("2026-03-10 07:00:00"), django_capture_on_commit_callbacks(execute=True):
        delivery.send_weekly_digest()
    assert [m.to for m in mail.outbox] == [["a@example.org"]]
