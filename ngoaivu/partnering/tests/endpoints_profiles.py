"""Routes of the locality profiles, for the leak suite (model `locality_profile`: run by
partnering/tests/test_profiles_leaks.py, not by the core suite). The object `o` is a LocalityProfile."""

from ngoaivu.core.testing.endpoints import Endpoint


def _code(o: object) -> str:
    from ngoaivu.partnering.profiles_selectors import code_of

    return code_of(o)  # type: ignore[arg-type]


E = Endpoint
M = "locality_profile"
ENDPOINTS: list[Endpoint] = [
    E("partnering/profiles/", "list", lambda o: "/partnering/profiles/?page_size=100", model=M),
    E("partnering/profiles/", "list", lambda o: "/partnering/profiles/?format=xlsx", model=M),
    E("partnering/profiles/<str:code>/", "object", lambda o: f"/partnering/profiles/{_code(o)}/", model=M),
    E(
        "partnering/profiles/<str:code>/edit/",
        "object",
        lambda o: f"/partnering/profiles/{_code(o)}/edit/",
        model=M,
        action="change",
    ),
    E("api/v1/profiles", "list", lambda o: "/api/v1/profiles?page_size=200", api=True, model=M),
    E("api/v1/profiles/<code>", "object", lambda o: f"/api/v1/profiles/{_code(o)}", api=True, model=M),
    E(
        "api/v1/profiles/<code>",
        "object",
        lambda o: f"/api/v1/profiles/{_code(o)}",
        api=True,
        method="patch",
        action="change",
        model=M,
        body=lambda o: {"strengths": "leak-test"},
    ),
]
