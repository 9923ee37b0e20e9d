"""The events API's writes to existing records, for the If-Match suite (`config/tests/test_if_match.py`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ngoaivu.core.testing.writes import Write
from ngoaivu.events import services
from ngoaivu.events.models import FollowUpTask, PromotionEvent
from ngoaivu.events.tests.helpers import editor, make_event


def _task(world: Any) -> FollowUpTask:
    event = make_event(world, "A")
    return services.task_create(
        actor=editor(world, "A"),
        event_id=event.pk,
        data=services.TaskInput(title="Gửi danh sách", due_on=dt.date(2027, 1, 15), owner_person="Phòng KT"),
    )


WRITES = [
    Write(
        "events_promotion_event_update",
        "a_editor",
        "patch",
        lambda o: f"/api/v1/promotion-events/{o.pk}",
        {"place": "Cung Hội nghị"},
        lambda w: make_event(w, "A"),
        PromotionEvent,
    ),
    Write(
        "events_task_complete",
        "a_editor",
        "post",
        lambda o: f"/api/v1/promotion-events/{o.event_id}/tasks/{o.pk}/complete",
        {"note": "Đã gửi"},
        _task,
        FollowUpTask,
    ),
]
CREATES_A_CHILD = {"events_task_create": "adds a follow-up task; the event itself is not rewritten"}
