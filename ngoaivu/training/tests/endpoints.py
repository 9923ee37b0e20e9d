import datetime as dt
from collections.abc import Callable
from typing import Any

from django.utils import timezone

from ngoaivu.core.testing.endpoints import Endpoint

E = Endpoint
C = "training_course"
N = "training_nomination"


def _nomination_pk(o: object) -> int:
    """The nomination of a course made by the leak suite (one per course), else one that does not exist."""
    first = o.nominations.order_by("pk").first()  # type: ignore[attr-defined]
    return first.pk if first is not None else 999_999_999


def _month(o: object) -> str:
    return f"{timezone.localdate() + dt.timedelta(days=30):%Y-%m}"


def _window(o: object) -> str:
    today = timezone.localdate()
    return f"from={today}&to={today + dt.timedelta(days=120)}"


def _course_url(action: str) -> Callable[[Any], str]:
    return lambda o: f"/api/v1/trainings/{o.pk}/{action}"


def _nomination_url(action: str) -> Callable[[Any], str]:
    return lambda o: f"/api/v1/trainings/nominations/{_nomination_pk(o)}/{action}"


NOMINEE = {"full_name": "Nguyễn Văn Thử", "position": "Chuyên viên", "unit": "Sở Ngoại vụ"}

ENDPOINTS: list[Endpoint] = [
    # lists
    E("training/", "list", lambda o: "/training/?page_size=100", model=C),
    E("training/", "list", lambda o: "/training/?format=xlsx", model=C),
    E("api/v1/trainings", "list", lambda o: "/api/v1/trainings?page_size=200", api=True, model=C),
    E(
        "delegations/calendar/",
        "list",
        lambda o: f"/delegations/calendar/?month={_month(o)}&view=list",
        model=C,
    ),
    E("api/v1/calendar", "list", lambda o: f"/api/v1/calendar?{_window(o)}", api=True, model=C),
    E("training/nominations/", "list", lambda o: "/training/nominations/?page_size=100", model=N),
    E("training/nominations/", "list", lambda o: "/training/nominations/?format=xlsx", model=N),
    E(
        "api/v1/trainings/nominations",
        "list",
        lambda o: "/api/v1/trainings/nominations?page_size=200",
        api=True,
        model=N,
    ),
    E("training/trainees/", "list", lambda o: "/training/trainees/?page_size=100", model=N),
    # readable by every signed-in user (rows scoped inside)
    # the new-course form: the ministry and the provinces record courses (this suite checks it, not the site one)
    E("training/new/", "page", lambda o: "/training/new/", action="create_course"),
    E("training/counts/", "reference", lambda o: "/training/counts/"),
    E("training/schemes/", "reference", lambda o: "/training/schemes/"),
    # one course (object: the leak suite makes a course of A with one nomination of A)
    E("training/<int:pk>/", "object", lambda o: f"/training/{o.pk}/", model=C),
    E("training/<int:pk>/edit/", "object", lambda o: f"/training/{o.pk}/edit/", model=C, action="change"),
    E(
        "training/<int:pk>/transition/",
        "object",
        lambda o: f"/training/{o.pk}/transition/",
        model=C,
        method="post",
        action="change",
    ),
    E(
        "training/<int:pk>/quotas/",
        "object",
        lambda o: f"/training/{o.pk}/quotas/",
        model=C,
        method="post",
        action="change",
    ),
    E(
        "training/<int:pk>/nominate/",
        "object",
        lambda o: f"/training/{o.pk}/nominate/",
        model=C,
        method="post",
        action="nominate",
    ),
    E(
        "training/<int:pk>/import/",
        "object",
        lambda o: f"/training/{o.pk}/import/",
        model=C,
        action="nominate",
    ),
    E(
        "training/<int:pk>/import/template/",
        "object",
        lambda o: f"/training/{o.pk}/import/template/",
        model=C,
    ),
    E(
        "training/imports/<int:pk>/confirm/",
        "object",
        lambda o: "/training/imports/999999999/confirm/",
        model=C,
        method="post",
        action="missing",
    ),
    E(
        "training/imports/<int:pk>/discard/",
        "object",
        lambda o: "/training/imports/999999999/discard/",
        model=C,
        method="post",
        action="missing",
    ),
    E("api/v1/trainings/<int:course_id>", "object", lambda o: f"/api/v1/trainings/{o.pk}", api=True, model=C),
    E(
        "api/v1/trainings/<int:course_id>",
        "object",
        lambda o: f"/api/v1/trainings/{o.pk}",
        api=True,
        model=C,
        method="patch",
        action="change",
        body=lambda o: {"place": "Học viện Ngoại giao"},
    ),
    *[
        E(
            f"api/v1/trainings/<int:course_id>/{a}",
            "object",
            _course_url(a),
            api=True,
            model=C,
            method="post",
            action="change",
            body=lambda o: {},
        )
        for a in ("open", "close", "start", "complete", "cancel")
    ],
    E(
        "api/v1/trainings/<int:course_id>/nominations",
        "object",
        lambda o: f"/api/v1/trainings/{o.pk}/nominations",
        api=True,
        model=C,
    ),
    E(
        "api/v1/trainings/<int:course_id>/nominations",
        "object",
        lambda o: f"/api/v1/trainings/{o.pk}/nominations",
        api=True,
        model=C,
        method="post",
        action="nominate",
        body=lambda o: NOMINEE,
    ),
    # one nomination (of the course above)
    E(
        "training/nominations/<int:pk>/result/",
        "object",
        lambda o: f"/training/nominations/{_nomination_pk(o)}/result/",
        model=N,
        method="post",
        action="organiser",
    ),
    E(
        "training/nominations/<int:pk>/<slug:action>/",
        "object",
        lambda o: f"/training/nominations/{_nomination_pk(o)}/approve/",
        model=N,
        method="post",
        action="approve",
    ),
    *[
        E(
            f"api/v1/trainings/nominations/<int:nomination_id>/{a}",
            "object",
            _nomination_url(a),
            api=True,
            model=N,
            method="post",
            action="approve" if a == "approve" else "organiser",
            body=lambda o: {"reason": "Không đúng đối tượng"},
        )
        for a in ("approve", "accept", "decline", "attend", "absent")
    ],
    # only the proposer (the leak suite's nomination was proposed by A's second head): 403 for every other reader
    E(
        "api/v1/trainings/nominations/<int:nomination_id>/withdraw",
        "object",
        _nomination_url("withdraw"),
        api=True,
        model=N,
        method="post",
        action="proposer",
        body=lambda o: {},
    ),
    E(
        "api/v1/trainings/nominations/<int:nomination_id>/result",
        "object",
        lambda o: f"/api/v1/trainings/nominations/{_nomination_pk(o)}/result",
        api=True,
        model=N,
        method="post",
        action="organiser",
        body=lambda o: {"result": "passed"},
    ),
    E(
        "training/trainees/<int:pk>/",
        "object",
        lambda o: f"/training/trainees/{o.nominations.first().trainee_id}/",
        model=N,
    ),
    E(
        "training/schemes/<int:pk>/",
        "object",
        lambda o: "/training/schemes/999999999/",
        model=C,
        action="missing",
    ),
]
