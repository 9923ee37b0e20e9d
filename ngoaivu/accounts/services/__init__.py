"""Writes for accounts, by noun: `auth` (signing in), `security` (sessions, revoking every credential at once), `tokens` (API and calendar tokens), `users` (people,
passwords, organisations). Re-exported here so callers keep `from ngoaivu.accounts import services`."""

from ngoaivu.accounts.services.auth import (
    InvalidCredentials,
    authenticate_with_lockout,
    credentials_message,
    signin_limited_message,
)
from ngoaivu.accounts.services.idle import deactivate_idle_accounts
from ngoaivu.accounts.services.links import (
    invitation_send,
    link_get,
    password_reset_request,
    password_reset_send,
    password_set_by_link,
)
from ngoaivu.accounts.services.security import (
    credentials_revoke,
    session_end,
    sessions_end_others,
    user_touch,
)
from ngoaivu.accounts.services.tokens import (
    TOKEN_PREFIX,
    api_token_create,
    api_token_revoke,
    api_token_user,
    calendar_token_issue,
    calendar_token_revoke,
    calendar_token_user,
)
from ngoaivu.accounts.services.users import (
    givable_roles,
    organisation_upsert,
    password_change,
    user_create,
    user_deactivate,
    user_invite,
    user_mfa_reset,
    user_reactivate,
    user_require_password_change,
    user_send_password_reset,
    user_set_language,
    user_update,
)

__all__ = [
    "TOKEN_PREFIX",
    "InvalidCredentials",
    "api_token_create",
    "api_token_revoke",
    "api_token_user",
    "authenticate_with_lockout",
    "calendar_token_issue",
    "calendar_token_revoke",
    "calendar_token_user",
    "credentials_message",
    "credentials_revoke",
    "deactivate_idle_accounts",
    "givable_roles",
    "invitation_send",
    "link_get",
    "organisation_upsert",
    "password_change",
    "password_reset_request",
    "password_reset_send",
    "password_set_by_link",
    "session_end",
    "sessions_end_others",
    "signin_limited_message",
    "user_create",
    "user_deactivate",
    "user_invite",
    "user_mfa_reset",
    "user_reactivate",
    "user_require_password_change",
    "user_send_password_reset",
    "user_set_language",
    "user_touch",
    "user_update",
]
