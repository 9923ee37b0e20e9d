"""The national review's figures (`GET /api/v1/reports/national-review`), for the leak suite: the ministry's
only — 200 to the ministry, 403 to every other organisation, 401 signed out. The leak suite states that rule
for the ministry's leader-visit creation (action "create_visit"), so the route borrows it; its own suite,
`test_figures_api.py`, walks every user of the world over it and checks what the figures count."""

from ngoaivu.core.testing.endpoints import Endpoint

ENDPOINTS: list[Endpoint] = [
    Endpoint(
        "api/v1/reports/national-review",
        "reference",
        lambda o: "/api/v1/reports/national-review?from=2025-12-15&to=2026-12-14",
        api=True,
        action="create_visit",  # = "the ministry's only" in test_leaks.test_reference_routes_need_a_signed_in_user
    ),
]
