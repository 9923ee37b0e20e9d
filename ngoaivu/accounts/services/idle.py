"""Accounts left unused are switched off: a warning NGOAIVU_INACTIVE_WARNING_DAYS (7) before, then deactivation
after NGOAIVU_INACTIVE_DAYS (45) without activity. An organisation administrator can reactivate."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.db.models.functions import Coalesce, Greatest
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ngoaivu.accounts.models import Role, User
from ngoaivu.accounts.notifications import notify, rendered_later
from ngoaivu.accounts.services.links import LOCAL_TIME
from ngoaivu.accounts.services.security import credentials_revoke
from ngoaivu.audit import services as audit

BATCH = 200


def last_activity(user: User) -> dt.datetime:
    """The latest of the user's last page or API use, last sign-in and the account's creation."""
    return max(d for d in (user.last_active_at, user.last_login, user.date_joined) if d is not None)


def _date(when: dt.datetime) -> str:
    return timezone.localtime(when, LOCAL_TIME).strftime("%d/%m/%Y")


def _warn(user: User, now: dt.datetime, idle_since: dt.datetime) -> None:
    deadline = max(
        idle_since + dt.timedelta(days=settings.NGOAIVU_INACTIVE_DAYS),
        now + dt.timedelta(days=settings.NGOAIVU_INACTIVE_WARNING_DAYS),
    )
    before = {
        "inactivity_warned_at": user.inactivity_warned_at.isoformat() if user.inactivity_warned_at else None
    }
    user.inactivity_warned_at = now
    user.save(update_fields=["inactivity_warned_at"])
    audit.record(
        actor=audit.SYSTEM,
        action="user.inactivity_warning",
        target=user,
        before=before,
        after={"inactivity_warned_at": now.isoformat()},
        target_org_id=user.organisation_id,
    )
    values = {"username": user.username, "since": _date(idle_since), "deadline": _date(deadline)}
    notify(
        users=[user],
        kind="accounts.inactivity_warning",
        title=rendered_later(
            gettext_noop("Tài khoản %(username)s sẽ bị khóa ngày %(deadline)s vì không sử dụng"), **values
        ),
        body=_(
            "Tài khoản %(username)s chưa được sử dụng từ ngày %(since)s. Nếu không đăng nhập trước ngày "
            "%(deadline)s, tài khoản sẽ tự động bị khóa; khi đó quản trị viên đơn vị của bạn có thể mở lại. "
            "Chỉ cần đăng nhập một lần để giữ tài khoản."
        )
        % values,
        url=reverse("accounts:login"),
        dedupe_key=f"inactivity-warning:{user.pk}:{now.isoformat()}",
    )


def _deactivate(user: User, now: dt.datetime) -> None:
    before = {"is_active": True, "deactivated_at": None, "deactivation_reason": user.deactivation_reason}
    user.is_active = False
    user.deactivated_at = now
    user.deactivation_reason = User.DeactivationReason.INACTIVITY
    user.save(update_fields=["is_active", "deactivated_at", "deactivation_reason"])
    audit.record(
        actor=audit.SYSTEM,
        action="user.deactivate_inactive",
        target=user,
        before=before,
        after={
            "is_active": False,
            "deactivated_at": now.isoformat(),
            "deactivation_reason": User.DeactivationReason.INACTIVITY.value,
        },
        target_org_id=user.organisation_id,
    )
    # like a deactivation by an administrator: a later reactivation must not bring old tokens or feeds back
    credentials_revoke(actor=audit.SYSTEM, user=user, reason=_("Tài khoản bị khóa vì không sử dụng"))


def _tell_org_admins(org_id: int, users: list[User], now: dt.datetime) -> None:
    """The organisation's active org_admins; when it has none left (its last one was among the idle), the site
    administrators, who alone can reactivate someone there."""
    admins = list(
        User.objects.filter(organisation_id=org_id, is_active=True, roles__code=Role.ORG_ADMIN).distinct()
    ) or list(User.objects.filter(is_active=True, is_superuser=True))
    try:
        url = reverse("accounts:user_list")
    except NoReverseMatch:  # the user pages are not installed
        url = ""
    names = ", ".join(f"{u.full_name or u.username} ({u.username})" for u in users)
    notify(
        users=admins,
        kind="accounts.deactivated_inactive",
        title=rendered_later(
            gettext_noop("%(n)d tài khoản của đơn vị đã bị khóa vì không sử dụng quá %(d)d ngày"),
            n=len(users),
            d=settings.NGOAIVU_INACTIVE_DAYS,
        ),
        body=_(
            "Đã khóa vì không sử dụng: %(names)s. Quản trị viên đơn vị có thể mở lại tài khoản trong trang "
            "Người dùng."
        )
        % {"names": names},
        url=url,
        dedupe_key=f"idle-deactivated:{org_id}:{now.isoformat()}:{users[0].pk}",
    )


def deactivate_idle_accounts(*, now: dt.datetime | None = None) -> dict[str, int]:
    """The daily job's work: warn, then deactivate, accounts whose last activity (see `last_activity`) is old.

    - Warned once when NGOAIVU_INACTIVE_DAYS − NGOAIVU_INACTIVE_WARNING_DAYS days have passed (e-mail and
      in-app notification; `inactivity_warned_at`); warned again only after new activity.
    - Deactivated when NGOAIVU_INACTIVE_DAYS have passed *and* the warning of this idle spell is at least
      NGOAIVU_INACTIVE_WARNING_DAYS old: run daily, that is day 45; but an account found long idle (the first
      run after an upgrade, a worker that was down) gets its full week's warning instead of being switched off
      unannounced. The organisation's org_admins are told which accounts were switched off.
    - Site administrators are included like everyone: an unused administrator account is the most valuable one
      to leave open. Accounts without an organisation are skipped (the server's own `createsuperuser`
      account): no org_admin could reactivate them, and locking it would need the server to undo.
    - Idempotent: each step changes the very field that selects it, so a second run finds nothing to do; each
      account is re-read under a row lock before it is changed (a sign-in in between wins). Batches of BATCH.
    """
    now = now or timezone.now()
    warn_at = now - dt.timedelta(days=settings.NGOAIVU_INACTIVE_DAYS - settings.NGOAIVU_INACTIVE_WARNING_DAYS)
    off_at = now - dt.timedelta(days=settings.NGOAIVU_INACTIVE_DAYS)
    warned_long_enough = now - dt.timedelta(days=settings.NGOAIVU_INACTIVE_WARNING_DAYS)
    counts = {"warned": 0, "deactivated": 0}
    # Coalesce each with date_joined: SQLite's MAX() is NULL when any argument is (PostgreSQL skips NULLs)
    base = User.objects.filter(is_active=True, organisation__isnull=False).annotate(
        last_activity=Greatest(
            Coalesce("last_active_at", "date_joined"), Coalesce("last_login", "date_joined"), "date_joined"
        )
    )
    due_off = base.filter(
        last_activity__lte=off_at,
        inactivity_warned_at__isnull=False,
        inactivity_warned_at__gte=F("last_activity"),
        inactivity_warned_at__lte=warned_long_enough,
    )
    due_warning = base.filter(last_activity__lte=warn_at).filter(
        Q(inactivity_warned_at__isnull=True) | Q(inactivity_warned_at__lt=F("last_activity"))
    )
    deactivated: dict[int, list[User]] = {}
    for step, qs in (("deactivated", due_off), ("warned", due_warning)):
        after_pk = 0
        while True:
            ids = list(qs.filter(pk__gt=after_pk).order_by("pk").values_list("pk", flat=True)[:BATCH])
            if not ids:
                break
            after_pk = ids[-1]
            with transaction.atomic():
                for user in (
                    User.objects.select_for_update().filter(pk__in=ids, is_active=True).order_by("pk")
                ):
                    idle_since = last_activity(user)
                    warned = user.inactivity_warned_at
                    if step == "deactivated":
                        if not (
                            idle_since <= off_at and warned and idle_since <= warned <= warned_long_enough
                        ):
                            continue
                        _deactivate(user, now)
                        deactivated.setdefault(user.organisation_id or 0, []).append(user)
                    else:
                        if not (idle_since <= warn_at and (warned is None or warned < idle_since)):
                            continue
                        _warn(user, now, idle_since)
                    counts[step] += 1
    with transaction.atomic():
        for org_id, users in deactivated.items():
            _tell_org_admins(org_id, users, now)
    return counts
