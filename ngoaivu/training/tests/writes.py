"""The training API's writes to existing records, for the If-Match suite (`config/tests/test_if_match.py`)."""

from __future__ import annotations

from typing import Any

from ngoaivu.core.testing.world import second_head
from ngoaivu.core.testing.writes import Write
from ngoaivu.training import services
from ngoaivu.training.models import Course, Nomination
from ngoaivu.training.tests.helpers import make_course


def _proposed(world: Any) -> Nomination:
    """A's nomination proposed by A's second head, so A's editor (another head) approves it."""
    course = make_course(world, "A", shared=False)
    return services.nomination_create(
        actor=second_head(world, "A"),
        course_id=course.pk,
        data=services.TraineeInput(full_name="Nguyễn Văn Ghi", unit="Sở Ngoại vụ"),
    )


def _approved(world: Any) -> Nomination:
    """A's nomination approved by the province (the organiser declines only approved ones, review T7)."""
    nomination = _proposed(world)
    return services.nomination_action(
        actor=world.users["a_editor"],
        nomination_id=nomination.pk,
        action="approve",
        expected_version=nomination.version,
    )


WRITES = [
    Write(
        "training_course_update",
        "a_editor",
        "patch",
        lambda o: f"/api/v1/trainings/{o.pk}",
        {"place": "Học viện Ngoại giao"},
        lambda w: make_course(w, "A", shared=False),
        Course,
    ),
    Write(
        "training_course_close",
        "a_editor",
        "post",
        lambda o: f"/api/v1/trainings/{o.pk}/close",
        {},
        lambda w: make_course(w, "A", shared=False),
        Course,
    ),
    Write(
        "training_nomination_approve",
        "a_editor",
        "post",
        lambda o: f"/api/v1/trainings/nominations/{o.pk}/approve",
        {},
        _proposed,
        Nomination,
    ),
    Write(
        "training_nomination_decline",
        "a_editor",
        "post",
        lambda o: f"/api/v1/trainings/nominations/{o.pk}/decline",
        {"reason": "Không đúng đối tượng"},
        _approved,
        Nomination,
    ),
]
CREATES_A_CHILD = {"training_nomination_create": "adds a nomination; the course itself is not rewritten"}
