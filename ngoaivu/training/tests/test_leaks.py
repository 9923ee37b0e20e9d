"""The training leak suite: every list (page, export, API, the shared calendar) × every world user shows
exactly the courses and nominations the policy allows, and every object route answers 404 to who may not see
the record and 403 to who may see it but not act (the policy is in `helpers`, written from DOMAIN.md §2, not
from `visible_to`). Second province (B) and second mission (Y) included."""

from __future__ import annotations

import json

import pytest

from ngoaivu.core.testing.world import ALL_USERS, USERS, second_head, text_of
from ngoaivu.training import services
from ngoaivu.training.tests.endpoints import ENDPOINTS
from ngoaivu.training.tests.helpers import (
    can_change_course,
    can_view_course,
    can_view_nomination,
    make_course,
    nominate,
)

LISTS = [e for e in ENDPOINTS if e.kind == "list"]
OBJECTS = [e for e in ENDPOINTS if e.kind == "object"]
PAGES = [e for e in ENDPOINTS if e.kind == "page"]
DENIED_SIGNED_OUT = {"anonymous", "inactive"}


def assert_denied(who, ep, status):
    if ep.api:
        assert status == 401, f"{who} {ep}: {status}"
    else:
        assert status == (403 if who == "noorg" else 302), f"{who} {ep}: {status}"


def call(world, who, ep, obj=None):
    client = world.client(who)
    url = ep.url(obj)
    if ep.body is not None:
        target = obj
        if obj is not None and ep.model == "training_nomination":
            target = obj.nominations.order_by("pk").first() or obj  # the nomination's own version
        return client.generic(
            ep.method.upper(),
            url,
            json.dumps(ep.body(obj)),
            content_type="application/json",
            headers={"If-Match": f'"{target.version}"'} if target is not None else {},
        )
    return getattr(client, ep.method)(url)


COURSES = [
    # (owner, shared)
    ("M", False),  # the ministry's: every organisation reads it
    ("A", False),  # A's private: A and the ministry
    ("B", False),  # B's private: B and the ministry
    ("B", True),  # B's shared: everyone
]
NOMINATIONS = [
    # (course owner, nominating province)
    ("M", "A"),
    ("M", "B"),
    ("A", "A"),
    ("B", "B"),
]


@pytest.mark.parametrize("who", ALL_USERS)
@pytest.mark.parametrize("ep", [e for e in LISTS if e.model == "training_course"], ids=str)
def test_course_lists_never_leak(world, ep, who):
    made = [(make_course(world, owner, shared=shared), owner, shared) for owner, shared in COURSES]
    response = call(world, who, ep)
    if who in DENIED_SIGNED_OUT or who == "noorg":
        assert_denied(who, ep, response.status_code)
    text = text_of(response)
    for course, owner, shared in made:
        assert (course.title in text) == can_view_course(who, owner, shared=shared), f"{who} {ep}: {owner}"


@pytest.mark.parametrize("who", ALL_USERS)
@pytest.mark.parametrize("ep", [e for e in LISTS if e.model == "training_nomination"], ids=str)
def test_nomination_lists_never_leak(world, ep, who):
    made = []
    for owner, province in NOMINATIONS:
        course = make_course(world, owner, shared=True)
        made.append((nominate(world, province, course), owner, province))
    response = call(world, who, ep)
    if who in DENIED_SIGNED_OUT or who == "noorg":
        assert_denied(who, ep, response.status_code)
    text = text_of(response)
    for n, owner, province in made:
        expected = can_view_nomination(who, province, owner)
        assert (n.marker in text) == expected, f"{who} {ep}: nomination of {province} to a course of {owner}"


def _course_with_nomination(world):
    """A's private course, open, with one nomination proposed by A's second head (so that A's editor, another
    head, may approve it: four eyes)."""
    course = make_course(world, "A", shared=False)
    services.nomination_create(
        actor=second_head(world, "A"),
        course_id=course.pk,
        data=services.TraineeInput(full_name="TRAINEEOBJQ", unit="Sở Ngoại vụ"),
    )
    course.refresh_from_db()
    return course


ACTING = {"change", "nominate", "approve", "organiser"}


@pytest.mark.parametrize("who", ALL_USERS)
@pytest.mark.parametrize("ep", OBJECTS, ids=str)
def test_objects_follow_policy(world, ep, who):
    course = _course_with_nomination(world)
    response = call(world, who, ep, course)
    status = response.status_code
    if who in DENIED_SIGNED_OUT or who == "noorg":
        assert_denied(who, ep, status)
        return
    seen = (
        can_view_nomination(who, "A", "A")
        if ep.model == "training_nomination"
        else can_view_course(who, "A", shared=False)
    )
    if not seen or ep.action == "missing":
        assert status == 404, f"{who} {ep}: {status}"
        return
    if ep.action == "proposer":  # nobody of the matrix proposed it (A's second head did)
        assert status == 403, f"{who} {ep}: {status}"
        return
    if ep.action in ACTING and not (can_change_course(who, "A") and USERS[who][0] == "A"):
        assert status == 403, f"{who} {ep}: {status}"
        return
    # allowed: done, or refused by the record's state (409) or the input (400) — never 403/404
    assert status in {200, 201, 302, 400, 409}, f"{who} {ep}: {status} {response.content[:300]!r}"


@pytest.mark.parametrize("who", ALL_USERS)
@pytest.mark.parametrize("ep", PAGES, ids=str)
def test_new_course_page(world, ep, who):
    status = call(world, who, ep).status_code
    if who in DENIED_SIGNED_OUT or who == "noorg":
        assert_denied(who, ep, status)
        return
    org, roles, _active = USERS[who]
    allowed = org in {"A", "B", "M"} and roles != ["viewer"]
    assert status == (200 if allowed else 403), f"{who} {ep}: {status}"


def test_a_course_detail_shows_each_province_only_its_own_nominations(world):
    course = make_course(world, "M")
    a = nominate(world, "A", course)
    b = nominate(world, "B", course)
    for who, sees_a, sees_b in (
        ("a_viewer", True, False),
        ("b_editor", False, True),
        ("ministry", True, True),
        ("x_officer", False, False),
        ("y_officer", False, False),
    ):
        for url in (
            f"/training/{course.pk}/",
            f"/api/v1/trainings/{course.pk}",
            f"/api/v1/trainings/{course.pk}/nominations",
        ):
            text = text_of(world.client(who).get(url))
            assert url.endswith("/nominations") or course.title in text, (who, url)
            assert (a.marker in text) == sees_a, (who, url)
            assert (b.marker in text) == sees_b, (who, url)
