"""Two-factor sign-in (TOTP, RFC 6238) and recovery codes. Who must use it is a setting
(NGOAIVU_MFA_REQUIRED_ROLES): `site_admin`, a role code (`org_admin`), or `<organisation kind>:<role>`
(`mofa:head`, the heads of the ministry's department)."""

from __future__ import annotations

from django.conf import settings

from ngoaivu.accounts.models import TotpDevice, User


def mfa_required(user: User) -> bool:
    """Whether this user must sign in with a second factor (and so must enrol before doing anything else)."""
    scope = user.scope
    if not scope.active:
        return False
    for entry in settings.NGOAIVU_MFA_REQUIRED_ROLES:
        if entry == "site_admin":
            if scope.is_site_admin:
                return True
        elif ":" in entry:
            kind, role = entry.split(":", 1)
            if scope.org_kind == kind and role in scope.roles:
                return True
        elif entry in scope.roles:
            return True
    return False


def mfa_enabled(user: User) -> bool:
    """Whether the user has a confirmed authenticator (so signing in asks for a code)."""
    return TotpDevice.objects.filter(user_id=user.pk or 0, confirmed_at__isnull=False).exists()
