"""The border API's writes to existing records, for the If-Match suite (`config/tests/test_if_match.py`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from ngoaivu.border.models import BorderMechanism, BorderMeeting, Commitment
from ngoaivu.border.tests.helpers import add_commitment, make_mechanism, make_meeting
from ngoaivu.core.testing.writes import Write


def _meeting(world: Any, held: bool = True) -> BorderMeeting:
    return make_meeting(world, make_mechanism(world, "A", countries=("JP",)), "A", held=held)


def _past_planned(world: Any) -> BorderMeeting:
    """Planned, its first day past: it may be marked held."""
    mechanism = make_mechanism(world, "A", countries=("JP",))
    return make_meeting(
        world, mechanism, "A", held=False, starts_on=timezone.localdate() - dt.timedelta(days=2)
    )


def _january(world: Any) -> BorderMeeting:
    """Held on 05–06/01/2026, so that its minutes may be signed on 06/01/2026 whatever today is."""
    return make_meeting(
        world, make_mechanism(world, "A", countries=("JP",)), "A", starts_on=dt.date(2026, 1, 5)
    )


def _commitment(world: Any) -> Commitment:
    return add_commitment(world, _meeting(world), "A")


def _c_url(action: str) -> Any:
    return lambda o: f"/api/v1/border-meetings/{o.meeting_id}/commitments/{o.pk}/{action}"


WRITES = [
    Write(
        "border_mechanism_update",
        "a_editor",
        "patch",
        lambda o: f"/api/v1/border-mechanisms/{o.pk}",
        {"description": "Họp luân phiên"},
        lambda w: make_mechanism(w, "A"),
        BorderMechanism,
    ),
    Write(
        "border_meeting_update",
        "a_editor",
        "patch",
        lambda o: f"/api/v1/border-meetings/{o.pk}",
        {"place": "Lai Châu"},
        _meeting,
        BorderMeeting,
    ),
    Write(
        "border_meeting_hold",
        "a_editor",
        "post",
        lambda o: f"/api/v1/border-meetings/{o.pk}/hold",
        {},
        _past_planned,
        BorderMeeting,
    ),
    Write(
        "border_meeting_cancel",
        "a_editor",
        "post",
        lambda o: f"/api/v1/border-meetings/{o.pk}/cancel",
        {"reason": "Đổi lịch"},
        lambda w: _meeting(w, held=False),
        BorderMeeting,
    ),
    Write(
        "border_meeting_minutes",
        "a_editor",
        "post",
        lambda o: f"/api/v1/border-meetings/{o.pk}/minutes",
        {"minutes_number": "01/BB", "minutes_signed_on": "2026-01-06"},
        _january,
        BorderMeeting,
    ),
    Write(
        "border_commitment_progress",
        "a_editor",
        "post",
        _c_url("progress"),
        {"note": "Đang làm"},
        _commitment,
        Commitment,
    ),
    Write(
        "border_commitment_complete",
        "a_editor",
        "post",
        _c_url("complete"),
        {"note": "Xong"},
        _commitment,
        Commitment,
    ),
    Write(
        "border_commitment_drop",
        "a_editor",
        "post",
        _c_url("drop"),
        {"reason": "Bỏ"},
        _commitment,
        Commitment,
    ),
]
CREATES_A_CHILD = {
    "border_meeting_create": "adds a meeting to a mechanism; the mechanism itself is not rewritten",
    "border_commitment_create": "adds a commitment to a meeting; the meeting itself is not rewritten",
}
