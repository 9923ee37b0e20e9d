"""Every route of the overseas app. Model keys: `overseas_association`, `overseas_person`,
`overseas_programme` (the investments' routes are declared under the programme key, with their own makers by
route in makers.py, and checked against their own policy in test_leaks.py)."""

import datetime as dt

from django.utils import timezone

from ngoaivu.core.testing.endpoints import Endpoint

E = Endpoint
A, P, G = "overseas_association", "overseas_person", "overseas_programme"
API = "api/v1/overseas-vietnamese"


def _month(o: object) -> str:
    return f"{timezone.localdate() + dt.timedelta(days=30):%Y-%m}"


def _window(o: object) -> str:
    today = timezone.localdate()
    return f"from={today}&to={today + dt.timedelta(days=120)}"


def _noun(html: str, api: str, model: str, patch: dict[str, object]) -> list[Endpoint]:
    return [
        E(
            f"overseas-vietnamese/{html}",
            "list",
            lambda o: f"/overseas-vietnamese/{html}?page_size=100",
            model=model,
        ),
        E(
            f"overseas-vietnamese/{html}",
            "list",
            lambda o: f"/overseas-vietnamese/{html}?format=xlsx",
            model=model,
        ),
        E(f"{API}/{api}", "list", lambda o: f"/{API}/{api}?page_size=200", api=True, model=model),
        E(
            f"overseas-vietnamese/{html}<int:pk>/",
            "object",
            lambda o: f"/overseas-vietnamese/{html}{o.pk}/",
            model=model,
        ),
        E(
            f"overseas-vietnamese/{html}<int:pk>/edit/",
            "object",
            lambda o: f"/overseas-vietnamese/{html}{o.pk}/edit/",
            model=model,
            action="change",
        ),
        E(
            f"{API}/{api}/<int:{api[:-1] if api != 'people' else 'person'}_id>",
            "object",
            lambda o: f"/{API}/{api}/{o.pk}",
            api=True,
            model=model,
        ),
        E(
            f"{API}/{api}/<int:{api[:-1] if api != 'people' else 'person'}_id>",
            "object",
            lambda o: f"/{API}/{api}/{o.pk}",
            api=True,
            model=model,
            method="patch",
            action="change",
            body=lambda o: patch,
        ),
    ]


ENDPOINTS: list[Endpoint] = [
    # the association list is the app's home page
    E("overseas-vietnamese/", "list", lambda o: "/overseas-vietnamese/?page_size=100", model=A),
    E("overseas-vietnamese/", "list", lambda o: "/overseas-vietnamese/?format=xlsx", model=A),
    E(f"{API}/associations", "list", lambda o: f"/{API}/associations?page_size=200", api=True, model=A),
    E(
        "overseas-vietnamese/associations/new/",
        "reference",
        lambda o: "/overseas-vietnamese/associations/new/",
        action="create",
    ),
    E(
        "overseas-vietnamese/associations/<int:pk>/",
        "object",
        lambda o: f"/overseas-vietnamese/associations/{o.pk}/",
        model=A,
    ),
    E(
        "overseas-vietnamese/associations/<int:pk>/edit/",
        "object",
        lambda o: f"/overseas-vietnamese/associations/{o.pk}/edit/",
        model=A,
        action="change",
    ),
    E(
        f"{API}/associations/<int:association_id>",
        "object",
        lambda o: f"/{API}/associations/{o.pk}",
        api=True,
        model=A,
    ),
    E(
        f"{API}/associations/<int:association_id>",
        "object",
        lambda o: f"/{API}/associations/{o.pk}",
        api=True,
        model=A,
        method="patch",
        action="change",
        body=lambda o: {"city": "Osaka"},
    ),
    *[e for e in _noun("people/", "people", P, {"position": "Giám đốc"})],
    E(
        "overseas-vietnamese/people/new/",
        "reference",
        lambda o: "/overseas-vietnamese/people/new/",
        action="create",
    ),
    *_noun("programmes/", "programmes", G, {"place": "Hà Nội"}),
    E(
        "overseas-vietnamese/programmes/new/",
        "reference",
        lambda o: "/overseas-vietnamese/programmes/new/",
        action="create",
    ),
    *_noun("investments/", "investments", G, {"sector": "Giáo dục"}),
    E(
        "overseas-vietnamese/investments/new/",
        "reference",
        lambda o: "/overseas-vietnamese/investments/new/",
        action="create_delegation",  # provinces' writers only, like a delegation
    ),
    E("overseas-vietnamese/counts/", "reference", lambda o: "/overseas-vietnamese/counts/"),
    E("overseas-vietnamese/counts/", "reference", lambda o: "/overseas-vietnamese/counts/?format=xlsx"),
    # the shared calendar shows the programmes (its routes are declared by delegations too)
    E(
        "delegations/calendar/",
        "list",
        lambda o: f"/delegations/calendar/?month={_month(o)}&view=list",
        model=G,
    ),
    E("api/v1/calendar", "list", lambda o: f"/api/v1/calendar?{_window(o)}", api=True, model=G),
]
INVESTMENT_ROUTES = {
    "overseas-vietnamese/investments/",
    "overseas-vietnamese/investments/<int:pk>/",
    "overseas-vietnamese/investments/<int:pk>/edit/",
    f"{API}/investments",
    f"{API}/investments/<int:investment_id>",
}
