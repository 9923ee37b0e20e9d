import datetime as dt

from django.utils import timezone

from ngoaivu.core.testing.endpoints import Endpoint

E = Endpoint
G = "delegation"
C = "conference"
V = "visit"


def _window(o: object) -> str:
    today = timezone.localdate()
    return f"from={today}&to={today + dt.timedelta(days=120)}"


def _month(o: object) -> str:
    return f"{timezone.localdate() + dt.timedelta(days=30):%Y-%m}"


DELEGATION_BODY = {
    "direction": "outbound",
    "title": "Sửa qua API",
    "purpose": "x",
    "head_name": "y",
    "countries": ["KR"],
    "departs_on": "2027-03-01",
    "returns_on": "2027-03-02",
}
VISIT_BODY = {
    "direction": "to_province",
    "province": "48",
    "starts_on": "2027-01-10",
    "ends_on": "2027-01-10",
    "ministry_leaders": "Thứ trưởng",
}


def _post(route: str, url, model: str, action: str = "change", **kw: object) -> Endpoint:
    return E(route, "object", url, model=model, method="post", action=action, **kw)  # type: ignore[arg-type]


ENDPOINTS = [
    E("delegations/", "list", lambda o: "/delegations/?page_size=100", model=G),
    E("delegations/", "list", lambda o: "/delegations/?format=xlsx", model=G),
    E(
        "delegations/calendar/",
        "list",
        lambda o: f"/delegations/calendar/?month={_month(o)}&view=list",
        model=G,
    ),
    E("api/v1/delegations", "list", lambda o: "/api/v1/delegations?page_size=200", api=True, model=G),
    E("api/v1/calendar", "list", lambda o: f"/api/v1/calendar?{_window(o)}", api=True, model=G),
    E("delegations/new/", "reference", lambda o: "/delegations/new/", action="create_delegation"),
    E("delegations/deputies/", "self", lambda o: "/delegations/deputies/"),
    E("delegations/chain/", "self", lambda o: "/delegations/chain/"),
    E(
        "delegations/deputies/<int:deputy_id>/revoke/",
        "self",
        lambda o: "/delegations/deputies/999999/revoke/",
        method="post",
    ),
    E(
        "delegations/calendar/token/",
        "self",
        lambda o: "/delegations/calendar/token/",
        method="post",
        action="token",
    ),
    E("delegations/calendar/feed/<str:token>.ics", "public", lambda o: "/delegations/calendar/feed/nope.ics"),
    E("delegations/<int:pk>/", "object", lambda o: f"/delegations/{o.pk}/", model=G),
    E(
        "delegations/<int:pk>/",
        "object",
        lambda o: f"/delegations/{o.pk}/?personal=1",
        model=G,
        action="personal",
    ),
    E(
        "delegations/<int:pk>/edit/",
        "object",
        lambda o: f"/delegations/{o.pk}/edit/",
        model=G,
        action="change",
    ),
    _post("delegations/<int:pk>/action/<slug:action>/", lambda o: f"/delegations/{o.pk}/action/cancel/", G),
    _post("delegations/<int:pk>/decision/", lambda o: f"/delegations/{o.pk}/decision/", G),
    E(
        "delegations/<int:pk>/decision/<int:step_id>/file/",
        "object",
        lambda o: f"/delegations/{o.pk}/decision/999999/file/",
        model=G,
        action="missing_scan",
    ),
    _post("delegations/<int:pk>/briefing/", lambda o: f"/delegations/{o.pk}/briefing/", G, action="briefing"),
    _post("delegations/<int:pk>/follow-ups/", lambda o: f"/delegations/{o.pk}/follow-ups/", G),
    _post(
        "delegations/<int:pk>/follow-ups/<int:task_id>/",
        lambda o: f"/delegations/{o.pk}/follow-ups/999999/",
        G,
        action="missing_task",
    ),
    E(
        "api/v1/delegations/<int:delegation_id>",
        "object",
        lambda o: f"/api/v1/delegations/{o.pk}",
        api=True,
        model=G,
    ),
    E(
        "api/v1/delegations/<int:delegation_id>",
        "object",
        lambda o: f"/api/v1/delegations/{o.pk}?personal=true",
        api=True,
        model=G,
        action="personal",
    ),
    E(
        "api/v1/delegations/<int:delegation_id>",
        "object",
        lambda o: f"/api/v1/delegations/{o.pk}",
        api=True,
        model=G,
        method="put",
        action="change",
        body=lambda o: DELEGATION_BODY,
    ),
    E(
        "api/v1/delegations/<int:delegation_id>/approvals/record",
        "object",
        lambda o: f"/api/v1/delegations/{o.pk}/approvals/record",
        api=True,
        model=G,
        method="post",
        action="record_paper",
        body=lambda o: {},
    ),
    E(
        "api/v1/delegations/<int:delegation_id>/<action>",
        "object",
        lambda o: f"/api/v1/delegations/{o.pk}/cancel",
        api=True,
        model=G,
        method="post",
        action="change",
        body=lambda o: {"comment": "Hủy"},
    ),
    # conferences
    E("delegations/conferences/", "list", lambda o: "/delegations/conferences/?page_size=100", model=C),
    E("delegations/conferences/", "list", lambda o: "/delegations/conferences/?format=xlsx", model=C),
    E("api/v1/conferences", "list", lambda o: "/api/v1/conferences?page_size=200", api=True, model=C),
    E(
        "delegations/conferences/new/",
        "reference",
        lambda o: "/delegations/conferences/new/",
        action="create_delegation",
    ),
    E("delegations/conferences/<int:pk>/", "object", lambda o: f"/delegations/conferences/{o.pk}/", model=C),
    E(
        "delegations/conferences/<int:pk>/edit/",
        "object",
        lambda o: f"/delegations/conferences/{o.pk}/edit/",
        model=C,
        action="change",
    ),
    _post(
        "delegations/conferences/<int:pk>/action/<slug:action>/",
        lambda o: f"/delegations/conferences/{o.pk}/action/cancel/",
        C,
    ),
    E(
        "api/v1/conferences/<int:conference_id>",
        "object",
        lambda o: f"/api/v1/conferences/{o.pk}",
        api=True,
        model=C,
    ),
    E(
        "api/v1/conferences/<int:conference_id>/<action>",
        "object",
        lambda o: f"/api/v1/conferences/{o.pk}/cancel",
        api=True,
        model=C,
        method="post",
        action="change",
        body=lambda o: {"text": "Hủy"},
    ),
    # leader visits
    E("delegations/visits/", "list", lambda o: "/delegations/visits/?page_size=100", model=V),
    E("delegations/visits/", "list", lambda o: "/delegations/visits/?format=xlsx", model=V),
    E("api/v1/visits", "list", lambda o: "/api/v1/visits?page_size=200", api=True, model=V),
    E("delegations/visits/new/", "reference", lambda o: "/delegations/visits/new/", action="create_visit"),
    E("delegations/visits/<int:pk>/", "object", lambda o: f"/delegations/visits/{o.pk}/", model=V),
    E(
        "delegations/visits/<int:pk>/edit/",
        "object",
        lambda o: f"/delegations/visits/{o.pk}/edit/",
        model=V,
        action="change",
    ),
    E("api/v1/visits/<int:visit_id>", "object", lambda o: f"/api/v1/visits/{o.pk}", api=True, model=V),
    E(
        "api/v1/visits/<int:visit_id>",
        "object",
        lambda o: f"/api/v1/visits/{o.pk}",
        api=True,
        model=V,
        method="put",
        action="change",
        body=lambda o: VISIT_BODY,
    ),
]
