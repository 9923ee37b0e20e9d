"""Courses and nominations made through the services, for the training tests, the leak suite and the query
counts."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from django.utils import timezone

from ngoaivu.core.testing.world import USERS, World, second_head
from ngoaivu.training import services
from ngoaivu.training.models import Course, Nomination

_counter = itertools.count(1)
AUTHOR = {"A": "a_editor", "B": "b_editor", "M": "ministry", "X": "x_officer", "Y": "y_officer"}


def author(world: World, owner: str) -> Any:
    return world.users[AUTHOR[owner]]


def make_course(
    world: World,
    owner: str = "M",
    *,
    shared: bool = True,
    status: str = "open",
    marker: str | None = None,
    starts_on: dt.date | None = None,
    **extra: Any,
) -> Course:
    """A course recorded by `owner` (M the ministry, A or B a province) starting in 30 days, opened for
    nominations unless `status` says otherwise."""
    marker = marker or f"COURSE{owner}{next(_counter):05d}Q"
    start = starts_on or timezone.localdate() + dt.timedelta(days=30)
    user = author(world, owner)
    course = services.course_create(
        actor=user,
        data=services.CourseInput(
            title=marker,
            organiser_kind="ministry" if owner == "M" else "province",
            organiser_name=extra.pop("organiser_name", ""),
            topic=extra.pop("topic", "external_affairs"),
            starts_on=start,
            ends_on=start + dt.timedelta(days=2),
            hours=16,
            place="Hà Nội",
            visibility="shared" if shared else "private",
            **extra,
        ),
    )
    if status == "open":
        course = services.course_transition(
            actor=user, course_id=course.pk, action="open", expected_version=None
        )
    return course


def nominate(
    world: World, province: str, course: Course, *, marker: str | None = None, **extra: Any
) -> Nomination:
    marker = marker or f"TRAINEE{province}{next(_counter):05d}Q"
    made = services.nomination_create(
        actor=author(world, province),
        course_id=course.pk,
        data=services.TraineeInput(full_name=marker, position="Chuyên viên", unit="Sở Ngoại vụ", **extra),
    )
    made.marker = marker  # type: ignore[attr-defined]
    return made


def approve(world: World, province: str, nomination: Nomination) -> Nomination:
    return services.nomination_action(
        actor=second_head(world, province),
        nomination_id=nomination.pk,
        action="approve",
        expected_version=None,
    )


def can_view_course(who: str, owner: str, *, shared: bool) -> bool:
    """DOMAIN.md §2 for training, written apart from `visible_to`: the ministry's courses are read by every
    organisation (they nominate); a province's by itself and the ministry, and by everyone when shared."""
    if who in {"anonymous", "inactive", "noorg"}:
        return False
    org = USERS[who][0]
    return owner == "M" or org in {owner, "M"} or shared


def can_change_course(who: str, owner: str) -> bool:
    if who in {"anonymous", "noorg"}:
        return False
    org, roles, active = USERS[who]
    return active and org == owner and roles != ["viewer"]


def can_view_nomination(who: str, province: str, course_owner: str) -> bool:
    """The nominating province, the course's organiser and the ministry; nobody else."""
    if who in {"anonymous", "inactive", "noorg"}:
        return False
    org = USERS[who][0]
    return org in {province, course_owner, "M"}
