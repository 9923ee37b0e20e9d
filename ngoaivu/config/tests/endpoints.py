from ngoaivu.core.testing.endpoints import Endpoint

E = Endpoint
ENDPOINTS = [
    E("", "list", lambda o: "/", model="audit"),
    E("i18n/setlang/", "public", lambda o: "/i18n/setlang/", method="post"),
    E("healthz", "public", lambda o: "/healthz"),
    E("api/v1/", "public", lambda o: "/api/v1/", api=True),
    E("api/v1/openapi.json", "public", lambda o: "/api/v1/openapi.json", api=True),
    E("api/v1/docs", "public", lambda o: "/api/v1/docs", api=True),
    E("static/<path:path>", "public", lambda o: "/static/css/app.css"),
    # single sign-on: 404 while off (accounts/tests/test_oidc.py runs them against a local provider)
    E("oidc/authenticate/", "public", lambda o: "/oidc/authenticate/"),
    E("oidc/callback/", "public", lambda o: "/oidc/callback/"),
]
