"""Pages of accounts, by noun: `auth` (sign-in, profile, audit log, notifications), `users` (an organisation's
people, for its administrators), `links` (invitations and password resets), `mfa` (two-factor sign-in),
`security` (the user's tokens and sessions), `oidc` (single sign-on). Each module declares its `urlpatterns`."""

from ngoaivu.accounts.views.auth import (
    audit_log,
    login_view,
    logout_view,
    notification_open,
    notification_open_token,
    notifications,
    password_change,
    profile,
    token_revoke,
)

__all__ = [
    "audit_log",
    "login_view",
    "logout_view",
    "notification_open",
    "notification_open_token",
    "notifications",
    "password_change",
    "profile",
    "token_revoke",
]
