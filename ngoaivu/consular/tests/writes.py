"""The consular API's writes to existing records, for the If-Match suite (`config/tests/test_if_match.py`): the
handling mission (X, Tokyo) writes a case of a citizen of province A; province B does not see it (404)."""

from __future__ import annotations

from typing import Any

from ngoaivu.consular import services
from ngoaivu.consular.models import CitizenCase
from ngoaivu.consular.tests.helpers import make_case
from ngoaivu.core.testing.writes import Write


def _notified(world: Any) -> CitizenCase:
    """A case whose province has been told: "start" comes only after the notification (review C2)."""
    case = make_case(world, "X", "48")
    return services.case_transition(
        actor=world.users["x_officer"], case_id=case.pk, action="notify", expected_version=case.version
    )


WRITES = [
    Write(
        "consular_citizen_case_update",
        "x_officer",
        "patch",
        lambda o: f"/api/v1/citizen-cases/{o.pk}",
        {"outcome": "Đang làm việc với chủ sử dụng lao động"},
        lambda w: make_case(w, "X", "48"),
        CitizenCase,
    ),
    *[
        Write(
            f"consular_citizen_case_{verb}",
            "x_officer",
            "post",
            lambda o, verb=verb: f"/api/v1/citizen-cases/{o.pk}/{verb}",
            {"note": "Đã báo Sở Ngoại vụ"},
            _notified if verb == "start" else (lambda w: make_case(w, "X", "48")),
            CitizenCase,
        )
        for verb in ("notify", "start")
    ],
]
CREATES_A_CHILD = {
    "consular_citizen_case_handover": "adds a handover; the case itself is not rewritten",
    "consular_citizen_case_action_create": "adds an action to the log; the case itself is not rewritten",
}
UNVERSIONED = {
    "consular_citizen_case_handover_withdraw": "withdrawing is the sender's one-time act on its own handover; a "
    "second withdraw, or one after the handover ended, is refused (409)",
    "consular_citizen_case_handover_accept": "accepting is the receiving organisation's one-time act; a second "
    "accept is refused (409), so no stale write can happen",
}
