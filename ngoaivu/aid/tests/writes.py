"""The aid API's writes to existing records, for the If-Match suite (`config/tests/test_if_match.py`): both
need `If-Match` on the project's version (428 without, 412 stale); the years PUT bumps the project's version."""

from __future__ import annotations

from ngoaivu.aid.models import AidProject
from ngoaivu.aid.tests.endpoints import PATCH_BODY, YEARS_BODY
from ngoaivu.aid.tests.makers import make_aid_project
from ngoaivu.core.testing.writes import Write

WRITES = [
    Write(
        "aid_project_update",
        "a_editor",
        "patch",
        lambda o: f"/api/v1/aid-projects/{o.pk}",
        PATCH_BODY,
        lambda w: make_aid_project(w, "A"),
        AidProject,
    ),
    Write(
        "aid_project_years_update",
        "a_editor",
        "put",
        lambda o: f"/api/v1/aid-projects/{o.pk}/years",
        YEARS_BODY,
        lambda w: make_aid_project(w, "A"),
        AidProject,
    ),
]
