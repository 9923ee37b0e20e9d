"""The delegations app's pages, one module per noun: delegations (list, plan form, detail), their workflow
buttons, leader visits, conferences, approval chains and deputies, the shared calendar."""

from ngoaivu.delegations.views.approvals import approval_chain, deputies, deputy_revoke
from ngoaivu.delegations.views.calendar import calendar_feed, calendar_page, calendar_token
from ngoaivu.delegations.views.conferences import (
    conference_action,
    conference_detail,
    conference_form,
    conference_list,
)
from ngoaivu.delegations.views.delegations import delegation_detail, delegation_form, delegation_list
from ngoaivu.delegations.views.visits import visit_detail, visit_form, visit_list
from ngoaivu.delegations.views.workflow import (
    briefing_add,
    decision_file,
    delegation_action,
    follow_up_save,
    record_decision,
)

__all__ = [
    "approval_chain",
    "briefing_add",
    "calendar_feed",
    "calendar_page",
    "calendar_token",
    "conference_action",
    "conference_detail",
    "conference_form",
    "conference_list",
    "decision_file",
    "delegation_action",
    "delegation_detail",
    "delegation_form",
    "delegation_list",
    "deputies",
    "deputy_revoke",
    "follow_up_save",
    "record_decision",
    "visit_detail",
    "visit_form",
    "visit_list",
]
