"""The builder routes of the reports app, for the leak suite.

The builder page is open to every signed-in writer of an organisation (each chooses among the reports of its
own scope; a viewer is refused, 403). The runs (model "report_run") have their own suite,
`test_builder.py::test_runs_follow_scope`: a run is its organisation's, and the ministry's to read."""

from ngoaivu.core.testing.endpoints import Endpoint

E = Endpoint
RUN = "report_run"
MISSING = 999_999_999


def _pk(o: object) -> int:
    return int(o.pk) if o is not None else MISSING  # type: ignore[attr-defined]


def _body(o: object) -> dict[str, object]:
    return {"kind": "province_periodic", "from": "2025-12-15", "to": "2026-06-14", "format": "xlsx"}


ENDPOINTS: list[Endpoint] = [
    E("reports/builder/", "reference", lambda o: "/reports/builder/", action="create"),
    E("reports/runs/", "list", lambda o: "/reports/runs/?page_size=100", model=RUN),
    E("reports/runs/", "list", lambda o: "/reports/runs/?format=xlsx", model=RUN),
    E("api/v1/reports", "list", lambda o: "/api/v1/reports?page_size=200", api=True, model=RUN),
    E(
        "api/v1/reports",
        "object",
        lambda o: "/api/v1/reports",
        api=True,
        method="post",
        model=RUN,
        action="create",
        body=_body,
    ),
    E("reports/runs/<int:run_id>/", "object", lambda o: f"/reports/runs/{_pk(o)}/", model=RUN),
    E(
        "reports/runs/<int:run_id>/download/",
        "object",
        lambda o: f"/reports/runs/{_pk(o)}/download/",
        model=RUN,
        action="download",
    ),
    E("api/v1/reports/<int:run_id>", "object", lambda o: f"/api/v1/reports/{_pk(o)}", api=True, model=RUN),
    E(
        "api/v1/reports/<int:run_id>/file",
        "object",
        lambda o: f"/api/v1/reports/{_pk(o)}/file",
        api=True,
        model=RUN,
        action="download",
    ),
]
