"""The press API's writes to existing records, for the If-Match suite (`config/tests/test_if_match.py`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from ngoaivu.core.testing.writes import Write
from ngoaivu.press import services
from ngoaivu.press.models import PressVisit
from ngoaivu.press.tests.helpers import editor, make_visit, second_head


def by_second_head(world: Any, *, days: int = 30) -> PressVisit:
    """A visit of province A registered by another head, so that `a_editor` may answer it (four eyes)."""
    start = timezone.localdate() + dt.timedelta(days=days)
    return services.visit_create(
        actor=second_head(world, "A"),
        data=services.VisitInput(
            outlet=f"PRESSH{start:%Y%m%d}{PressVisit.objects.system(reason='test').count():05d}Q",
            country="KR",
            topic="Du lịch",
            received_on=min(timezone.localdate(), start),
            starts_on=start,
            ends_on=start,
            visibility="private",
        ),
    )


def agreed(world: Any, *, days: int = 0) -> PressVisit:
    visit = by_second_head(world, days=days)
    return services.visit_answer(
        actor=editor(world, "A"), visit_id=visit.pk, expected_version=visit.version, decision="agreed"
    )


def _url(action: str) -> Any:
    return lambda o: f"/api/v1/press-visits/{o.pk}/{action}"


W = "a_editor"
WRITES = [
    Write(
        "press_visit_update",
        W,
        "patch",
        lambda o: f"/api/v1/press-visits/{o.pk}",
        {"places": "Hội An"},
        lambda w: make_visit(w, "A"),
        PressVisit,
    ),
    Write(
        "press_visit_answer", W, "post", _url("answer"), {"decision": "agreed"}, by_second_head, PressVisit
    ),
    Write("press_visit_start", W, "post", _url("start"), {}, agreed, PressVisit),
    Write("press_visit_finish", W, "post", _url("finish"), {}, agreed, PressVisit),
    Write(
        "press_visit_cancel",
        W,
        "post",
        _url("cancel"),
        {"note": "Hoãn"},
        lambda w: make_visit(w, "A"),
        PressVisit,
    ),
]
CREATES_A_CHILD = {
    "press_reporter_create": "adds reporters; the visit itself is not rewritten",
    "press_article_create": "adds an article; the visit itself is not rewritten",
}
