import datetime as dt

from django.utils import timezone

from ngoaivu.core.testing.endpoints import Endpoint

E = Endpoint
P = "press_visit"


def _month(o: object) -> str:
    return f"{timezone.localdate() + dt.timedelta(days=30):%Y-%m}"


def _window(o: object) -> str:
    today = timezone.localdate()
    return f"from={today}&to={today + dt.timedelta(days=120)}"


def _batch(o: object) -> int:
    batch = o.imports.order_by("pk").first()  # type: ignore[attr-defined]
    return batch.pk if batch is not None else 999_999_999


def _api(o: object, tail: str = "") -> str:
    return f"/api/v1/press-visits/{o.pk}{tail}"  # type: ignore[attr-defined]


ENDPOINTS: list[Endpoint] = [
    E("press/", "list", lambda o: "/press/?page_size=100", model=P),
    E("press/", "list", lambda o: "/press/?format=xlsx", model=P),
    E("press/counts/", "list", lambda o: "/press/counts/?by=then", model=P),
    E("api/v1/press-visits", "list", lambda o: "/api/v1/press-visits?page_size=200", api=True, model=P),
    E(
        "delegations/calendar/",
        "list",
        lambda o: f"/delegations/calendar/?month={_month(o)}&view=list",
        model=P,
    ),
    E("api/v1/calendar", "list", lambda o: f"/api/v1/calendar?{_window(o)}", api=True, model=P),
    E("press/new/", "reference", lambda o: "/press/new/", action="create_delegation"),
    E("press/reporters-template.xlsx", "reference", lambda o: "/press/reporters-template.xlsx"),
    E("press/<int:pk>/", "object", lambda o: f"/press/{o.pk}/", model=P),
    E("press/<int:pk>/edit/", "object", lambda o: f"/press/{o.pk}/edit/", model=P, action="change"),
    E(
        "press/<int:pk>/answer/",
        "object",
        lambda o: f"/press/{o.pk}/answer/",
        model=P,
        method="post",
        action="change",
    ),
    E(
        "press/<int:pk>/status/<slug:action>/",
        "object",
        lambda o: f"/press/{o.pk}/status/cancel/",
        model=P,
        method="post",
        action="change",
    ),
    E(
        "press/<int:pk>/reporters/",
        "object",
        lambda o: f"/press/{o.pk}/reporters/",
        model=P,
        method="post",
        action="change",
    ),
    E(
        "press/<int:pk>/articles/",
        "object",
        lambda o: f"/press/{o.pk}/articles/",
        model=P,
        method="post",
        action="change",
    ),
    E(
        "press/<int:pk>/reporters/import/",
        "object",
        lambda o: f"/press/{o.pk}/reporters/import/",
        model=P,
        action="change",
    ),
    E(
        "press/<int:pk>/reporters/import/<int:batch>/",
        "object",
        lambda o: f"/press/{o.pk}/reporters/import/{_batch(o)}/",
        model=P,
        action="change",
    ),
    E(
        "press/<int:pk>/reporters/import/<int:batch>/confirm/",
        "object",
        lambda o: f"/press/{o.pk}/reporters/import/{_batch(o)}/confirm/",
        model=P,
        method="post",
        action="change",
    ),
    E("api/v1/press-visits/<int:visit_id>", "object", lambda o: _api(o), api=True, model=P),
    E(
        "api/v1/press-visits/<int:visit_id>",
        "object",
        lambda o: _api(o),
        api=True,
        model=P,
        method="patch",
        action="change",
        body=lambda o: {"places": "Hội An"},
    ),
    E(
        "api/v1/press-visits/<int:visit_id>/answer",
        "object",
        lambda o: _api(o, "/answer"),
        api=True,
        model=P,
        method="post",
        action="answer",
        body=lambda o: {"decision": "agreed", "licence_number": "12/BNG-TTBC"},
    ),
    *(
        E(
            f"api/v1/press-visits/<int:visit_id>/{a}",
            "object",
            lambda o, a=a: _api(o, f"/{a}"),
            api=True,
            model=P,
            method="post",
            action="transition",
            body=lambda o: {"note": "Đoàn xin hoãn"},
        )
        for a in ("start", "finish", "report", "cancel")
    ),
    E(
        "api/v1/press-visits/<int:visit_id>/reporters",
        "object",
        lambda o: _api(o, "/reporters"),
        api=True,
        model=P,
    ),
    E(
        "api/v1/press-visits/<int:visit_id>/reporters",
        "object",
        lambda o: _api(o, "/reporters"),
        api=True,
        model=P,
        method="post",
        action="change",
        body=lambda o: {
            "reporters": [{"full_name": "Lee Min", "nationality": "KR", "passport_number": "M1234567"}]
        },
    ),
    E(
        "api/v1/press-visits/<int:visit_id>/articles",
        "object",
        lambda o: _api(o, "/articles"),
        api=True,
        model=P,
        method="post",
        action="change",
        body=lambda o: {"title": "Bài viết", "url": "https://example.org/a"},
    ),
]
