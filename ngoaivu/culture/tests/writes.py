"""The culture API's writes to existing records, for the If-Match suite (`config/tests/test_if_match.py`)."""

from __future__ import annotations

import datetime as dt

from ngoaivu.core.testing.writes import Write
from ngoaivu.culture.models import CulturalEvent, HeritageTitle
from ngoaivu.culture.tests.helpers import make_cultural_event, make_title

WRITES = [
    Write(
        "culture_heritage_title_update",
        "a_editor",
        "patch",
        lambda o: f"/api/v1/unesco/{o.pk}",
        {"summary": "Cập nhật tóm tắt"},
        lambda w: make_title(w, "A"),
        HeritageTitle,
    ),
    Write(
        "culture_heritage_title_stage",
        "a_editor",
        "post",
        lambda o: f"/api/v1/unesco/{o.pk}/stage",
        {"stage": "submitted_ministry", "on": "2026-01-05", "note": "Trình Bộ"},
        lambda w: make_title(w, "A", stage_on=dt.date(2026, 1, 2)),
        HeritageTitle,
    ),
    Write(
        "culture_cultural_event_update",
        "a_editor",
        "patch",
        lambda o: f"/api/v1/cultural-events/{o.pk}",
        {"city": "Osaka"},
        lambda w: make_cultural_event(w, "A"),
        CulturalEvent,
    ),
]
