"""Writes of citizen protection cases (`cases`), their workflow (`workflow`) and jobs (`jobs`)."""

from ngoaivu.consular.services.cases import (
    CaseInput,
    CitizenInput,
    case_create,
    case_update,
    citizen_add,
    citizen_update,
    input_of,
    may_register,
    notify_due,
    personal_data_read,
    province_note_update,
    with_changes,
)
from ngoaivu.consular.services.jobs import purge_personal_data, remind_notifications
from ngoaivu.consular.services.workflow import (
    TRANSITIONS,
    action_add,
    case_transition,
    handover_accept,
    handover_send,
    handover_targets,
    handover_withdraw,
    may_hand_over_to_missions,
    may_transition,
)

__all__ = [
    "TRANSITIONS",
    "CaseInput",
    "CitizenInput",
    "action_add",
    "case_create",
    "case_transition",
    "case_update",
    "citizen_add",
    "citizen_update",
    "handover_accept",
    "handover_send",
    "handover_targets",
    "handover_withdraw",
    "input_of",
    "may_hand_over_to_missions",
    "may_register",
    "may_transition",
    "notify_due",
    "personal_data_read",
    "province_note_update",
    "purge_personal_data",
    "remind_notifications",
    "with_changes",
]
