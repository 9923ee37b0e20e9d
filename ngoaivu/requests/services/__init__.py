"""Writes for requests ("đặt hàng"): every function scopes, validates, writes, audits and notifies after commit.

By noun: `drafts` (drafting), `workflow` (the request's steps and `request_action`), `recipients` (the parts'
steps), `attachments`, `deadlines` (scheduled jobs), `categories` (SLA policies); `events` is the history."""

from ngoaivu.audit import services as audit
from ngoaivu.requests.services.attachments import attachment_add
from ngoaivu.requests.services.categories import category_update
from ngoaivu.requests.services.deadlines import escalate_overdue, remind_and_autoclose
from ngoaivu.requests.services.drafts import (
    DraftInput,
    draft_save,
    request_create,
    request_update_draft,
)
from ngoaivu.requests.services.workflow import ActionInput, request_action, request_step

__all__ = [
    "ActionInput",
    "DraftInput",
    "attachment_add",
    "audit",
    "category_update",
    "draft_save",
    "escalate_overdue",
    "remind_and_autoclose",
    "request_action",
    "request_create",
    "request_step",
    "request_update_draft",
]
