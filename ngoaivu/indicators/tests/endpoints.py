"""Every route of the indicators app for the site-wide matrix. Lists and objects use the model name
"indicator_value", which the core leak suite leaves to this app's own (`test_leaks.py`); the exchange-rate
object routes are there too (actions "rate_*"). Reference routes are read by any signed-in user."""

from ngoaivu.core.testing.endpoints import Endpoint
from ngoaivu.indicators.tests.test_import_leaks import IMPORT_ENDPOINTS

E = Endpoint
V = "indicator_value"


def _obj(route: str, url, action: str = "view", method: str = "get", api: bool = False) -> Endpoint:  # type: ignore[no-untyped-def]
    return E(route, "object", url, model=V, action=action, method=method, api=api)


ENDPOINTS = [
    # pages
    E("indicators/", "reference", lambda o: "/indicators/"),
    E("indicators/<slug:code>/", "reference", lambda o: "/indicators/fdi_registered_new/"),
    E(
        "indicators/<slug:code>/",
        "reference",
        lambda o: "/indicators/remittances/?units=as_reported&from=2020",
    ),
    E("indicators/provinces/<str:code>/", "reference", lambda o: "/indicators/provinces/48/?year=2024"),
    E("indicators/compare/", "reference", lambda o: "/indicators/compare/"),
    E("indicators/compare/", "reference", lambda o: "/indicators/compare/?format=xlsx"),
    E("indicators/rates/", "reference", lambda o: "/indicators/rates/"),
    # province officers only, as agreements' registration (core suite: 403 for viewers, the ministry, missions)
    E("indicators/values/new/", "reference", lambda o: "/indicators/values/new/", action="create_agreement"),
    E("indicators/values/", "list", lambda o: "/indicators/values/?page_size=100", model=V),
    E("indicators/values/", "list", lambda o: "/indicators/values/?format=xlsx", model=V),
    E("indicators/values/", "list", lambda o: "/indicators/values/?status=submitted", model=V),
    _obj("indicators/values/<int:pk>/", lambda o: f"/indicators/values/{o.pk}/"),
    _obj("indicators/values/<int:pk>/edit/", lambda o: f"/indicators/values/{o.pk}/edit/", action="change"),
    _obj(
        "indicators/values/<int:pk>/<str:action>/",
        lambda o: f"/indicators/values/{o.pk}/submit/",
        action="submit",
        method="post",
    ),
    _obj(
        "indicators/values/<int:pk>/<str:action>/",
        lambda o: f"/indicators/values/{o.pk}/validate/",
        action="validate",
        method="post",
    ),
    _obj(
        "indicators/values/<int:pk>/<str:action>/",
        lambda o: f"/indicators/values/{o.pk}/correct/",
        action="correct",
        method="post",
    ),
    _obj("indicators/rates/new/", lambda o: "/indicators/rates/new/", action="rate_change"),
    _obj(
        "indicators/rates/<int:pk>/edit/", lambda o: f"/indicators/rates/{o.pk}/edit/", action="rate_change"
    ),
    _obj(
        "indicators/rates/<int:pk>/delete/",
        lambda o: f"/indicators/rates/{o.pk}/delete/",
        action="rate_delete",
        method="post",
    ),
    # API
    E("api/v1/indicators", "reference", lambda o: "/api/v1/indicators", api=True),
    E(
        "api/v1/indicators/<code>/series",
        "reference",
        lambda o: "/api/v1/indicators/fdi_registered_new/series?group_by=year&from=2006&to=2025",
        api=True,
    ),
    E(
        "api/v1/indicators/<code>/series",
        "reference",
        lambda o: (
            "/api/v1/indicators/remittances/series?group_by=province&from=2025&to=2025&units=as_reported"
        ),
        api=True,
    ),
    E("api/v1/indicators/rates", "reference", lambda o: "/api/v1/indicators/rates", api=True),
    E(
        "api/v1/indicators/values",
        "list",
        lambda o: "/api/v1/indicators/values?page_size=200",
        api=True,
        model=V,
    ),
    _obj("api/v1/indicators/values/<int:value_id>", lambda o: f"/api/v1/indicators/values/{o.pk}", api=True),
    _obj(
        "api/v1/indicators/values/<int:value_id>",
        lambda o: f"/api/v1/indicators/values/{o.pk}",
        action="change",
        method="patch",
        api=True,
    ),
    *[
        _obj(
            f"api/v1/indicators/values/<int:value_id>/{act}",
            lambda o, act=act: f"/api/v1/indicators/values/{o.pk}/{act}",
            action=act,
            method="post",
            api=True,
        )
        for act in ("submit", "validate", "return", "correct")
    ],
    _obj(
        "api/v1/indicators/rates/<int:rate_id>",
        lambda o: f"/api/v1/indicators/rates/{o.pk}",
        "rate_view",
        api=True,
    ),
    _obj(
        "api/v1/indicators/rates/<int:rate_id>",
        lambda o: f"/api/v1/indicators/rates/{o.pk}",
        "rate_change",
        method="put",
        api=True,
    ),
    _obj(
        "api/v1/indicators/rates/<int:rate_id>",
        lambda o: f"/api/v1/indicators/rates/{o.pk}",
        "rate_delete",
        method="delete",
        api=True,
    ),
    *IMPORT_ENDPOINTS,
]
