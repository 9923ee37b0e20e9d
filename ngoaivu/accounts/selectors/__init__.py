"""Reads for accounts, by noun: `audit` (the audit log, history, tokens, notifications); new nouns get their
own module. Re-exported so callers keep `from ngoaivu.accounts import selectors`."""

from ngoaivu.accounts.selectors.audit import (
    AuditFilters,
    api_token_list,
    audit_event_list,
    audit_event_rows,
    audit_events_for,
    notification_get,
    notification_list,
)
from ngoaivu.accounts.selectors.users import (
    UserChangeFilters,
    UserFilters,
    role_choices,
    user_change_events,
    user_change_rows,
    user_get,
    user_list,
    user_tokens,
)

__all__ = [
    "AuditFilters",
    "UserChangeFilters",
    "UserFilters",
    "api_token_list",
    "audit_event_list",
    "audit_event_rows",
    "audit_events_for",
    "notification_get",
    "notification_list",
    "role_choices",
    "user_change_events",
    "user_change_rows",
    "user_get",
    "user_list",
    "user_tokens",
]
