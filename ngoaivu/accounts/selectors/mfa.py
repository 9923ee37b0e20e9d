"""Reads for two-factor sign-in: the status page and the enrolment in progress."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ngoaivu.accounts.models import RecoveryCode, TotpDevice, User


@dataclass(frozen=True)
class MfaStatus:
    enabled: bool
    confirmed_at: dt.datetime | None
    recovery_codes_left: int


def mfa_status_get(*, user: User) -> MfaStatus:
    device = TotpDevice.objects.filter(user_id=user.pk or 0, confirmed_at__isnull=False).first()
    if device is None:
        return MfaStatus(enabled=False, confirmed_at=None, recovery_codes_left=0)
    left = RecoveryCode.objects.filter(user_id=user.pk, used_at__isnull=True).count()
    return MfaStatus(enabled=True, confirmed_at=device.confirmed_at, recovery_codes_left=left)


def mfa_pending_secret(*, user: User) -> str | None:
    """The secret of the user's unfinished enrolment, so that reloading the page keeps the QR code the person
    may already have scanned."""
    device = TotpDevice.objects.filter(user_id=user.pk or 0, confirmed_at__isnull=True).first()
    return device.secret if device is not None and device.secret else None
