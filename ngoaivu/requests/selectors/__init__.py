"""Reads for requests, by noun: `requests` (lists, one request, its history, the actions a user may take),
`rows` (the rows of a list page, the export and the cached inbox), `statistics` (responsiveness, work counts)."""

from ngoaivu.requests.selectors.requests import (
    available_actions,
    category_list,
    organisation_names,
    plain_inbox,
    recipient_choices,
    request_events,
    request_get,
    request_history,
    request_list,
    shared_request_get,
    similar_requests,
)
from ngoaivu.requests.selectors.rows import (
    PART_COLUMNS,
    ExportPart,
    InboxRows,
    RequestRows,
    nearest_open_due,
    with_parts,
)
from ngoaivu.requests.selectors.statistics import UnitFigures, responsiveness, work_counts

__all__ = [
    "PART_COLUMNS",
    "ExportPart",
    "InboxRows",
    "RequestRows",
    "UnitFigures",
    "available_actions",
    "category_list",
    "nearest_open_due",
    "organisation_names",
    "plain_inbox",
    "recipient_choices",
    "request_events",
    "request_get",
    "request_history",
    "request_list",
    "responsiveness",
    "shared_request_get",
    "similar_requests",
    "with_parts",
    "work_counts",
]
