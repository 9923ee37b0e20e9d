"""Writes for delegations (plan, approval chain, mission briefing, outcome report, follow-up), leader visits
and international conferences, plus the reminder and personal-data purge jobs. Each function scopes,
validates, writes with optimistic locking, audits, and notifies after commit.

One module per noun; every public name is re-exported here, where callers import it from."""

from ngoaivu.delegations.services._common import C, D, may_plan
from ngoaivu.delegations.services.approvals import (
    ChainStepInput,
    chain_step_create,
    chain_step_delete,
    decider_for,
    may_configure_chain,
    may_record_decision,
    refusal_reason,
)
from ngoaivu.delegations.services.conferences import (
    CONFERENCE_ACTION_LABELS,
    CONFERENCE_ACTIONS,
    ConferenceActionInput,
    ConferenceInput,
    approval_level,
    conference_action,
    conference_actions,
    conference_create,
    conference_update,
)
from ngoaivu.delegations.services.delegations import (
    EDITABLE_STATES,
    MAX_MEMBERS,
    PASSPORT_RE,
    PERSONAL,
    DelegationInput,
    MemberInput,
    briefing_add,
    delegation_create,
    delegation_update,
    personal_data_read,
    validate_delegation,
)
from ngoaivu.delegations.services.deputies import deputy_create, deputy_revoke, may_delegate_approval
from ngoaivu.delegations.services.follow_up import FollowUpInput, follow_up_save
from ngoaivu.delegations.services.paper import (
    PAPER_DECISIONS,
    PaperDecisionInput,
    check_scan,
    delegation_record_decision,
)
from ngoaivu.delegations.services.reminders import purge_personal_data, remind_delegations
from ngoaivu.delegations.services.visits import (
    PROVINCE_SIDE,
    VisitInput,
    visit_ask_for_request,
    visit_ask_link,
    visit_create,
    visit_update,
)
from ngoaivu.delegations.services.workflow import (
    ACTION_LABELS,
    ACTIONS,
    ALL_ACTIONS,
    HANDLERS,
    DelegationActionInput,
    available_actions,
    delegation_action,
)

__all__ = [
    "ACTIONS",
    "ACTION_LABELS",
    "ALL_ACTIONS",
    "CONFERENCE_ACTIONS",
    "CONFERENCE_ACTION_LABELS",
    "EDITABLE_STATES",
    "HANDLERS",
    "MAX_MEMBERS",
    "PAPER_DECISIONS",
    "PASSPORT_RE",
    "PERSONAL",
    "PROVINCE_SIDE",
    "C",
    "ChainStepInput",
    "ConferenceActionInput",
    "ConferenceInput",
    "D",
    "DelegationActionInput",
    "DelegationInput",
    "FollowUpInput",
    "MemberInput",
    "PaperDecisionInput",
    "VisitInput",
    "approval_level",
    "available_actions",
    "briefing_add",
    "chain_step_create",
    "chain_step_delete",
    "check_scan",
    "conference_action",
    "conference_actions",
    "conference_create",
    "conference_update",
    "decider_for",
    "delegation_action",
    "delegation_create",
    "delegation_record_decision",
    "delegation_update",
    "deputy_create",
    "deputy_revoke",
    "follow_up_save",
    "may_configure_chain",
    "may_delegate_approval",
    "may_plan",
    "may_record_decision",
    "personal_data_read",
    "purge_personal_data",
    "refusal_reason",
    "remind_delegations",
    "validate_delegation",
    "visit_ask_for_request",
    "visit_ask_link",
    "visit_create",
    "visit_update",
]
