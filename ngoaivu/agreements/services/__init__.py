"""Writes for agreements, one module per noun: `registration` (the register fields), `legal_steps` (the state
machine and its actions), `opinions` (answers recorded from paper), `roadmap` (milestones and activities),
`agreement_files`, `rules` (deadline rules) and `reminders` (the periodic job); `common` holds what they share.
Each function scopes, validates, writes with optimistic locking, audits, and notifies after commit.

Callers import from `ngoaivu.agreements.services`; the names below are that public surface."""

from ngoaivu.agreements.services.agreement_files import file_add
from ngoaivu.agreements.services.legal_steps import (
    ACTION_LABELS,
    ALL_ACTIONS,
    HANDLERS,
    TRANSITIONS,
    ActionInput,
    agreement_action,
    available_actions,
    kind_refusal,
)
from ngoaivu.agreements.services.opinions import PaperOpinionInput, opinion_record_from_paper
from ngoaivu.agreements.services.registration import (
    INITIAL_STATES,
    LIMITS,
    AgreementInput,
    Validated,
    agreement_create,
    agreement_update,
    index_agreement,
    may_register,
    owner_for,
    validate_input,
)
from ngoaivu.agreements.services.reminders import remind_agreements
from ngoaivu.agreements.services.roadmap import (
    MILESTONE_FIELDS,
    activity_record,
    milestone_create,
    milestone_update,
)
from ngoaivu.agreements.services.rules import rule_update
from ngoaivu.audit import services as audit  # tests replace audit.record through any service module

__all__ = [
    "ACTION_LABELS",
    "ALL_ACTIONS",
    "HANDLERS",
    "INITIAL_STATES",
    "LIMITS",
    "MILESTONE_FIELDS",
    "TRANSITIONS",
    "ActionInput",
    "AgreementInput",
    "PaperOpinionInput",
    "Validated",
    "activity_record",
    "agreement_action",
    "agreement_create",
    "agreement_update",
    "audit",
    "available_actions",
    "file_add",
    "index_agreement",
    "kind_refusal",
    "may_register",
    "milestone_create",
    "milestone_update",
    "opinion_record_from_paper",
    "owner_for",
    "remind_agreements",
    "rule_update",
    "validate_input",
]
