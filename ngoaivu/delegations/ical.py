"""The personal calendar feed as iCalendar (RFC 5545), written with the `icalendar` library."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.utils import timezone
from icalendar import Calendar, Event

from ngoaivu.delegations.selectors import CalendarEntry


def feed(entries: Iterable[CalendarEntry], *, base_url: str) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//ngoaivu//Lich ngoai vu//VI")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", "ngoaivu")
    cal.add("x-wr-timezone", "Asia/Ho_Chi_Minh")
    stamp = timezone.now()
    for e in entries:
        event = Event()
        event.add("uid", e.uid)
        event.add("dtstamp", stamp)
        event.add("summary", e.title)
        event.add("dtstart", e.starts_on)
        event.add("dtend", e.ends_on + dt.timedelta(days=1))  # all-day events end the day after (exclusive)
        event.add("categories", [e.kind])
        if e.detail:
            event.add("description", e.detail)
        event.add("url", base_url.rstrip("/") + e.url)
        cal.add_component(event)
    return cal.to_ical()
