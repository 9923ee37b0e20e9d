"""What an app gives the shared calendar (delegations' month page, `/api/v1/calendar` and the iCal feed).

The calendar sits in `delegations`, above the apps whose dated records it shows, so each of those apps describes
its part as a `CalendarFeed` in its `selectors` module and `delegations.selectors.calendar.FEEDS` lists them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils.functional import Promise

from ngoaivu.core.actors import Actor


@dataclass(frozen=True)
class CalendarEntry:
    uid: str  # unique and stable across feeds: "<kind>-<pk>@ngoaivu"
    kind: str  # a feed's kind, or "deadline" for a due date that belongs to it
    title: str
    starts_on: dt.date
    ends_on: dt.date
    url: str
    detail: str = ""


@dataclass(frozen=True)
class CalendarFeed:
    """One kind of dated record on the shared calendar.

    `entries(user=, start=, end=, province=, country=)` returns what the user may see between `start` and `end`
    (inclusive), narrowed to a current province code and an ISO alpha-2 country when given, with the kind's own
    deadlines as entries of kind "deadline"; a bounded number of queries whatever the number of rows.
    `choices(user=)` returns (province code → name, country ISO → Vietnamese name) of those records, for the
    calendar's filters. `querysets(user=)` returns the scoped querysets whose changes must move the calendar's
    cache key (`core.lists.stamp_key`)."""

    kind: str
    label: str | Promise
    entries: Callable[..., list[CalendarEntry]]
    choices: Callable[..., tuple[dict[str, str], dict[str, str]]]
    querysets: Callable[..., list[QuerySet[Any]]]


def no_choices(*, user: Actor) -> tuple[dict[str, str], dict[str, str]]:
    return {}, {}
