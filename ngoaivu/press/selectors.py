"""Reads of the press app (issue 21); filled by its slice."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from ngoaivu.core.actors import Actor
from ngoaivu.core.agenda import CalendarEntry, CalendarFeed, no_choices


def calendar_entries(
    *, user: Actor, start: dt.date, end: dt.date, province: str = "", country: str = ""
) -> list[CalendarEntry]:
    return []


def calendar_querysets(*, user: Actor) -> list[QuerySet[Any]]:
    return []


CALENDAR_FEED = CalendarFeed(
    kind="press",
    label=_("Phóng viên nước ngoài"),
    entries=calendar_entries,
    choices=no_choices,
    querysets=calendar_querysets,
)
