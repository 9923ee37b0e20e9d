"""The national review's figures (`GET /api/v1/reports/national-review`), for the leak suite: the ministry's
only (403 to every other organisation, 401 signed out). Its own suite, `test_figures_api.py`, walks every user
of the world over it and checks that the figures count only what the reader may see (model "national_review",
listed among the leak suite's OWN_SUITES)."""

from ngoaivu.core.testing.endpoints import Endpoint

ENDPOINTS: list[Endpoint] = [
    Endpoint(
        "api/v1/reports/national-review",
        "list",
        lambda o: "/api/v1/reports/national-review?from=2025-12-15&to=2026-12-14",
        api=True,
        model="national_review",
    ),
]
