"""Accounts unused for NGOAIVU_INACTIVE_DAYS (45) are deactivated by the daily job after a warning
NGOAIVU_INACTIVE_WARNING_DAYS (7) before; frozen time throughout."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.core import mail
from django.utils import translation
from freezegun import freeze_time

from ngoaivu.accounts import services, tasks
from ngoaivu.accounts.models import Notification, Role, User
from ngoaivu.accounts.services import deactivate_idle_accounts
from ngoaivu.audit.models import AuditEvent

T0 = dt.datetime.fromisoformat("2026-03-02 08:00:00+07:00")
FAR = T0 + dt.timedelta(days=3650)


@pytest.fixture(autouse=True)
def _vietnamese():
    with translation.override("vi"):
        yield


@pytest.fixture
def idle(world) -> User:
    """a_editor last used the site at T0; everyone else is busy (active in the far future); a_viewer is the
    organisation's org_admin."""
    User.objects.update(last_active_at=FAR, last_login=None, date_joined=T0 - dt.timedelta(days=400))
    user = world.users["a_editor"]
    User.objects.filter(pk=user.pk).update(
        email="editor.a@danang.gov.vn", last_active_at=T0, last_login=T0 - dt.timedelta(days=3)
    )
    world.users["a_viewer"].roles.add(Role.objects.get(code=Role.ORG_ADMIN))
    user.refresh_from_db()
    return user


def _run(capture, at: dt.datetime) -> dict[str, int]:
    with freeze_time(at), capture(execute=True):
        return deactivate_idle_accounts()


def _day(n: float) -> dt.datetime:
    return T0 + dt.timedelta(days=n)


def test_settings_and_the_daily_job():
    assert settings.NGOAIVU_INACTIVE_DAYS == 45
    assert settings.NGOAIVU_INACTIVE_WARNING_DAYS == 7
    assert ("ngoaivu.accounts.tasks.deactivate_idle_accounts_job", 86400) in settings.NGOAIVU_PERIODIC_JOBS


def test_warned_at_day_38_deactivated_at_day_45_and_nothing_twice(
    idle, world, django_capture_on_commit_callbacks
):
    cap = django_capture_on_commit_callbacks
    with freeze_time(T0):
        token, _secret = services.api_token_create(actor=idle, user=idle, name="script", days=300)
    assert _run(cap, _day(38) - dt.timedelta(minutes=1)) == {"warned": 0, "deactivated": 0}
    assert not mail.outbox
    assert _run(cap, _day(38)) == {"warned": 1, "deactivated": 0}
    idle.refresh_from_db()
    assert idle.inactivity_warned_at == _day(38)
    assert idle.is_active
    assert [m.to for m in mail.outbox] == [["editor.a@danang.gov.vn"]]
    assert "16/04/2026" in mail.outbox[0].subject  # day 45, dd/mm/yyyy
    assert "02/03/2026" in mail.outbox[0].body  # unused since
    warning = Notification.objects.get(user=idle, kind="accounts.inactivity_warning")
    assert "sẽ bị khóa" in warning.title
    assert AuditEvent.objects.filter(action="user.inactivity_warning", target_id=str(idle.pk)).count() == 1
    # the next days: nothing more
    for day in (38.5, 39, 44, 45 - 1 / 1440):
        assert _run(cap, _day(day)) == {"warned": 0, "deactivated": 0}, day
    assert len(mail.outbox) == 1
    assert _run(cap, _day(45)) == {"warned": 0, "deactivated": 1}
    idle.refresh_from_db()
    assert not idle.is_active
    assert idle.deactivated_at == _day(45)
    assert idle.deactivation_reason == User.DeactivationReason.INACTIVITY
    event = AuditEvent.objects.get(action="user.deactivate_inactive", target_id=str(idle.pk))
    assert event.actor_id is None
    assert event.actor_label == "system"
    assert event.changes["is_active"] == [True, False]
    assert event.changes["deactivation_reason"] == ["", "inactivity"]
    assert event.target_org_id == idle.organisation_id
    token.refresh_from_db()
    assert token.revoked_at == _day(45)  # a later reactivation does not bring old credentials back
    told = Notification.objects.get(kind="accounts.deactivated_inactive")
    assert told.user == world.users["a_viewer"]  # the organisation's org_admin, nobody else
    assert "a_editor" in told.body
    # running again (same day, later) does nothing more
    assert _run(cap, _day(45)) == {"warned": 0, "deactivated": 0}
    assert _run(cap, _day(60)) == {"warned": 0, "deactivated": 0}
    assert AuditEvent.objects.filter(action="user.deactivate_inactive").count() == 1
    assert Notification.objects.filter(kind="accounts.deactivated_inactive").count() == 1


def test_activity_resets_the_clock_and_a_new_idle_spell_is_warned_again(
    idle, django_capture_on_commit_callbacks
):
    cap = django_capture_on_commit_callbacks
    assert _run(cap, _day(38))["warned"] == 1
    User.objects.filter(pk=idle.pk).update(last_active_at=_day(40))  # the person came back
    assert _run(cap, _day(45)) == {"warned": 0, "deactivated": 0}
    assert _run(cap, _day(40 + 38) - dt.timedelta(minutes=1)) == {"warned": 0, "deactivated": 0}
    assert _run(cap, _day(40 + 38)) == {"warned": 1, "deactivated": 0}
    assert _run(cap, _day(40 + 45) - dt.timedelta(minutes=1)) == {"warned": 0, "deactivated": 0}
    assert _run(cap, _day(40 + 45)) == {"warned": 0, "deactivated": 1}
    assert AuditEvent.objects.filter(action="user.inactivity_warning", target_id=str(idle.pk)).count() == 2


def test_a_sign_in_counts_as_activity(idle, django_capture_on_commit_callbacks):
    User.objects.filter(pk=idle.pk).update(last_login=_day(20))
    assert _run(django_capture_on_commit_callbacks, _day(45)) == {"warned": 0, "deactivated": 0}
    assert _run(django_capture_on_commit_callbacks, _day(20 + 38)) == {"warned": 1, "deactivated": 0}


def test_a_never_used_account_counts_from_its_creation(idle, django_capture_on_commit_callbacks):
    User.objects.filter(pk=idle.pk).update(last_active_at=None, last_login=None, date_joined=_day(10))
    assert _run(django_capture_on_commit_callbacks, _day(10 + 38) - dt.timedelta(minutes=1))["warned"] == 0
    assert _run(django_capture_on_commit_callbacks, _day(10 + 38))["warned"] == 1


def test_an_account_found_long_idle_gets_its_full_week_of_warning(idle, django_capture_on_commit_callbacks):
    """The first run after an upgrade (or a worker down for weeks) does not switch anyone off unannounced."""
    cap = django_capture_on_commit_callbacks
    assert _run(cap, _day(100)) == {"warned": 1, "deactivated": 0}
    assert "17/06/2026" in mail.outbox[0].subject  # a week from the warning, not day 45
    assert _run(cap, _day(107) - dt.timedelta(minutes=1)) == {"warned": 0, "deactivated": 0}
    assert _run(cap, _day(107)) == {"warned": 0, "deactivated": 1}


def test_accounts_without_an_organisation_or_already_inactive_are_left_alone(
    idle, world, django_capture_on_commit_callbacks
):
    for name in ("noorg", "inactive"):
        User.objects.filter(pk=world.users[name].pk).update(last_active_at=T0, is_active=name == "noorg")
    assert _run(django_capture_on_commit_callbacks, _day(38)) == {"warned": 1, "deactivated": 0}
    assert _run(django_capture_on_commit_callbacks, _day(45)) == {"warned": 0, "deactivated": 1}
    assert User.objects.get(username="noorg").is_active
    assert User.objects.get(username="noorg").inactivity_warned_at is None
    assert User.objects.get(username="inactive").deactivation_reason == ""


def test_site_administrators_with_an_organisation_are_included(
    idle, world, django_capture_on_commit_callbacks
):
    User.objects.filter(pk=idle.pk).update(is_superuser=True, is_staff=True)
    _run(django_capture_on_commit_callbacks, _day(38))
    assert _run(django_capture_on_commit_callbacks, _day(45)) == {"warned": 0, "deactivated": 1}


def test_the_job_runs_the_service(idle, django_capture_on_commit_callbacks):
    with freeze_time(_day(38)), django_capture_on_commit_callbacks(execute=True):
        result = tasks.deactivate_idle_accounts_job.call()
    assert result == {"warned": 1, "deactivated": 0}


def test_batches_cover_every_account(idle, world, django_capture_on_commit_callbacks, monkeypatch):
    from ngoaivu.accounts.services import idle as idle_module

    monkeypatch.setattr(idle_module, "BATCH", 1)
    names = ["a_viewer", "b_editor", "x_officer"]
    User.objects.filter(username__in=names).update(last_active_at=T0)
    assert _run(django_capture_on_commit_callbacks, _day(38)) == {"warned": 4, "deactivated": 0}
    assert _run(django_capture_on_commit_callbacks, _day(45)) == {"warned": 0, "deactivated": 4}
    assert not User.objects.filter(username__in=[*names, "a_editor"], is_active=True).exists()


def test_when_the_last_org_admin_is_switched_off_the_site_administrators_are_told(
    idle, world, django_capture_on_commit_callbacks
):
    User.objects.filter(pk=world.users["a_viewer"].pk).update(last_active_at=T0)  # the org_admin is idle too
    User.objects.filter(pk=world.users["ministry"].pk).update(is_superuser=True, is_staff=True)
    _run(django_capture_on_commit_callbacks, _day(38))
    assert _run(django_capture_on_commit_callbacks, _day(45)) == {"warned": 0, "deactivated": 2}
    told = Notification.objects.get(kind="accounts.deactivated_inactive")
    assert told.user == world.users["ministry"]
    assert "a_editor" in told.body
    assert "a_viewer" in told.body
