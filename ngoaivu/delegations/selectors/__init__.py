"""Reads for delegations, visits and conferences; everything starts from `visible_to`.

One module per noun; every public name is re-exported here, where callers import it from."""

from ngoaivu.delegations.selectors.approvals import (
    chain_for,
    chain_rows,
    current_step,
    deputies_for,
    deputy_list,
)
from ngoaivu.delegations.selectors.calendar import (
    CALENDAR_KINDS,
    CALENDAR_LIMIT,
    FEEDS,
    MAX_CALENDAR_DAYS,
    MAX_TRIP_DAYS,
    CalendarEntry,
    CalendarFilters,
    calendar_entries,
    calendar_filter_choices,
    calendar_key,
)
from ngoaivu.delegations.selectors.conferences import CONFERENCE_SORTS, conference_get, conference_list
from ngoaivu.delegations.selectors.deadlines import (
    latest_dossier_date,
    passport_needed_until,
    report_due,
    retention_cutoff,
)
from ngoaivu.delegations.selectors.delegations import (
    DELEGATION_SORTS,
    MemberView,
    agreement_choices,
    delegation_counts,
    delegation_get,
    delegation_list,
    details_q,
    mask,
    may_see_personal_data,
    member_views,
    overdue_follow_ups,
    reads_details,
)
from ngoaivu.delegations.selectors.home import work_counts
from ngoaivu.delegations.selectors.visits import VISIT_SORTS, visit_get, visit_list

__all__ = [
    "CALENDAR_KINDS",
    "CALENDAR_LIMIT",
    "CONFERENCE_SORTS",
    "DELEGATION_SORTS",
    "FEEDS",
    "MAX_CALENDAR_DAYS",
    "MAX_TRIP_DAYS",
    "VISIT_SORTS",
    "CalendarEntry",
    "CalendarFilters",
    "MemberView",
    "agreement_choices",
    "calendar_entries",
    "calendar_filter_choices",
    "calendar_key",
    "chain_for",
    "chain_rows",
    "conference_get",
    "conference_list",
    "current_step",
    "delegation_counts",
    "delegation_get",
    "delegation_list",
    "deputies_for",
    "deputy_list",
    "details_q",
    "latest_dossier_date",
    "mask",
    "may_see_personal_data",
    "member_views",
    "overdue_follow_ups",
    "passport_needed_until",
    "reads_details",
    "report_due",
    "retention_cutoff",
    "visit_get",
    "visit_list",
    "work_counts",
]
