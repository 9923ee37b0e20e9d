from ngoaivu.core.testing.endpoints import Endpoint

E = Endpoint
ENDPOINTS = [
    E("accounts/login/", "public", lambda o: "/accounts/login/"),
    E("accounts/logout/", "public", lambda o: "/accounts/logout/", method="post"),
    E("accounts/me/", "self", lambda o: "/accounts/me/"),
    E("accounts/password/", "self", lambda o: "/accounts/password/"),
    E("accounts/tokens/<int:pk>/revoke/", "self", lambda o: "/accounts/tokens/999999/revoke/", method="post"),
    E(
        "accounts/audit/",
        "list",
        lambda o: "/accounts/audit/?page_size=100",
        model="audit",
        policy="audit_log",
    ),
    E("accounts/notifications/", "self", lambda o: "/accounts/notifications/"),
    E(
        "accounts/notifications/<int:pk>/open/<str:token>/",
        "self",
        lambda o: "/accounts/notifications/999999/open/x/",
        method="post",  # someone else's or a missing notification: 404 (the GET with a token works alike)
    ),
    E("api/v1/auth/token", "public", lambda o: "/api/v1/auth/token", api=True, method="post"),
    E("api/v1/me", "self", lambda o: "/api/v1/me", api=True),
    E("api/v1/ping", "self", lambda o: "/api/v1/ping", api=True),
]
