import datetime as dt

from django.utils import timezone

from ngoaivu.core.testing.endpoints import Endpoint

E = Endpoint
T = "heritage_title"
C = "cultural_event"


def _month(o: object) -> str:
    return f"{timezone.localdate() + dt.timedelta(days=30):%Y-%m}"


def _window(o: object) -> str:
    today = timezone.localdate()
    return f"from={today}&to={today + dt.timedelta(days=120)}"


def _stage_on(o: object) -> str:
    return timezone.localdate().isoformat()


ENDPOINTS: list[Endpoint] = [
    # titles
    E("culture/", "list", lambda o: "/culture/?page_size=100", model=T),
    E("culture/", "list", lambda o: "/culture/?format=xlsx", model=T),
    E("api/v1/unesco", "list", lambda o: "/api/v1/unesco?page_size=200", api=True, model=T),
    E("culture/new/", "reference", lambda o: "/culture/new/", action="create_delegation"),
    E("culture/counts/", "reference", lambda o: "/culture/counts/"),
    E("culture/<int:pk>/", "object", lambda o: f"/culture/{o.pk}/", model=T),
    E("culture/<int:pk>/edit/", "object", lambda o: f"/culture/{o.pk}/edit/", model=T, action="change"),
    E(
        "culture/<int:pk>/stage/",
        "object",
        lambda o: f"/culture/{o.pk}/stage/",
        model=T,
        method="post",
        action="change",
    ),
    E(
        "culture/<int:pk>/documents/new/",
        "object",
        lambda o: f"/culture/{o.pk}/documents/new/",
        model=T,
        action="change",
    ),
    E(
        "culture/<int:pk>/documents/<int:document_id>/file/",
        "object",
        lambda o: f"/culture/{o.pk}/documents/999999/file/",
        model=T,
        action="missing_file",
    ),
    E("api/v1/unesco/<int:title_id>", "object", lambda o: f"/api/v1/unesco/{o.pk}", api=True, model=T),
    E(
        "api/v1/unesco/<int:title_id>",
        "object",
        lambda o: f"/api/v1/unesco/{o.pk}",
        api=True,
        model=T,
        method="patch",
        action="change",
        body=lambda o: {"summary": "Hồ sơ đang hoàn thiện"},
    ),
    E(
        "api/v1/unesco/<int:title_id>/stage",
        "object",
        lambda o: f"/api/v1/unesco/{o.pk}/stage",
        api=True,
        model=T,
        method="post",
        action="change",
        body=lambda o: {"stage": "submitted_ministry", "on": _stage_on(o), "note": "Trình Bộ"},
    ),
    # cultural events
    E("culture/events/", "list", lambda o: "/culture/events/?page_size=100", model=C),
    E("culture/events/", "list", lambda o: "/culture/events/?format=xlsx", model=C),
    E("api/v1/cultural-events", "list", lambda o: "/api/v1/cultural-events?page_size=200", api=True, model=C),
    E(
        "delegations/calendar/",
        "list",
        lambda o: f"/delegations/calendar/?month={_month(o)}&view=list",
        model=C,
    ),
    E("api/v1/calendar", "list", lambda o: f"/api/v1/calendar?{_window(o)}", api=True, model=C),
    E("culture/events/new/", "reference", lambda o: "/culture/events/new/", action="create_delegation"),
    E("culture/events/<int:pk>/", "object", lambda o: f"/culture/events/{o.pk}/", model=C),
    E(
        "culture/events/<int:pk>/edit/",
        "object",
        lambda o: f"/culture/events/{o.pk}/edit/",
        model=C,
        action="change",
    ),
    E(
        "api/v1/cultural-events/<int:event_id>",
        "object",
        lambda o: f"/api/v1/cultural-events/{o.pk}",
        api=True,
        model=C,
    ),
    E(
        "api/v1/cultural-events/<int:event_id>",
        "object",
        lambda o: f"/api/v1/cultural-events/{o.pk}",
        api=True,
        model=C,
        method="patch",
        action="change",
        body=lambda o: {"city": "Osaka"},
    ),
]
