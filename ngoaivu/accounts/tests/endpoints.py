from ngoaivu.core.testing.endpoints import Endpoint

E = Endpoint
USER_ACTIONS = ("deactivate", "reactivate", "require-password-change", "reset-mfa", "send-password-reset")
USER_BODY = {
    "username": "leak.newcomer",
    "full_name": "Người Mới",
    "email": "leak.newcomer@example.invalid",
    "roles": ["viewer"],
}
ENDPOINTS = [
    E("accounts/login/", "public", lambda o: "/accounts/login/"),
    E("accounts/logout/", "public", lambda o: "/accounts/logout/", method="post"),
    E("accounts/password/forgot/", "public", lambda o: "/accounts/password/forgot/"),
    E("accounts/password/set/", "public", lambda o: "/accounts/password/set/"),
    E("accounts/password/set/<str:token>/", "public", lambda o: "/accounts/password/set/not-a-token/"),
    E("accounts/me/", "self", lambda o: "/accounts/me/"),
    E("accounts/password/", "self", lambda o: "/accounts/password/"),
    E("accounts/tokens/<int:pk>/revoke/", "self", lambda o: "/accounts/tokens/999999/revoke/", method="post"),
    # the user's own tokens, sessions and calendar feed (slice D); `own_*` actions: core/tests/test_leaks.py
    E("accounts/me/tokens/", "self", lambda o: "/accounts/me/tokens/"),
    E("accounts/me/sessions/", "self", lambda o: "/accounts/me/sessions/"),
    E(
        "accounts/me/sessions/<int:pk>/end/",
        "self",
        lambda o: "/accounts/me/sessions/999999/end/",
        method="post",
    ),
    E(
        "accounts/me/sessions/end-others/",
        "self",
        lambda o: "/accounts/me/sessions/end-others/",
        method="post",
        action="own_done",
    ),
    E("api/v1/me/tokens", "self", lambda o: "/api/v1/me/tokens", api=True),
    E(
        "api/v1/me/tokens/<int:token_id>",
        "self",
        lambda o: "/api/v1/me/tokens/999999",
        api=True,
        method="delete",
        action="own_missing",
    ),
    E("api/v1/me/sessions", "self", lambda o: "/api/v1/me/sessions", api=True),
    E(
        "api/v1/me/sessions/<int:session_id>",
        "self",
        lambda o: "/api/v1/me/sessions/999999",
        api=True,
        method="delete",
        action="own_missing",
    ),
    E(
        "api/v1/me/sessions/sign-out-others",
        "self",
        lambda o: "/api/v1/me/sessions/sign-out-others",
        api=True,
        method="post",
        action="own_ok",
    ),
    E(
        "api/v1/me/calendar-feed",
        "self",
        lambda o: "/api/v1/me/calendar-feed",
        api=True,
        method="post",
        action="own_created",
    ),
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
    # an organisation's people: organisation administrators only (kind "users", core/tests/test_leaks.py)
    E("accounts/users/", "users", lambda o: "/accounts/users/", action="list"),
    E("accounts/users/new/", "users", lambda o: "/accounts/users/new/", action="list"),
    E(
        "accounts/users/new/",
        "users",
        lambda o: "/accounts/users/new/",
        action="list",
        method="post",
        body=lambda o: USER_BODY,
    ),
    E("accounts/users/changes/", "users", lambda o: "/accounts/users/changes/", action="list"),
    E("accounts/users/<int:pk>/", "users", lambda o: f"/accounts/users/{o.pk}/", action="object"),
    E(
        "accounts/users/<int:pk>/",
        "users",
        lambda o: f"/accounts/users/{o.pk}/",
        action="object",
        method="post",
        body=lambda o: USER_BODY,
    ),
    *(
        E(
            f"accounts/users/<int:pk>/{step}/",
            "users",
            lambda o, s=step: f"/accounts/users/{o.pk}/{s}/",
            action="object",
            method="post",
        )
        for step in USER_ACTIONS
    ),
    E("api/v1/users", "users", lambda o: "/api/v1/users", api=True, action="list"),
    E(
        "api/v1/users",
        "users",
        lambda o: "/api/v1/users",
        api=True,
        action="list",
        method="post",
        body=lambda o: USER_BODY,
    ),
    E("api/v1/users/<int:user_id>", "users", lambda o: f"/api/v1/users/{o.pk}", api=True, action="object"),
    E(
        "api/v1/users/<int:user_id>",
        "users",
        lambda o: f"/api/v1/users/{o.pk}",
        api=True,
        action="object",
        method="patch",
        body=lambda o: {"full_name": "Đổi Tên", "roles": ["viewer", "officer"]},
    ),
    *(
        E(
            f"api/v1/users/<int:user_id>/{step}",
            "users",
            lambda o, s=step: f"/api/v1/users/{o.pk}/{s}",
            api=True,
            action="object",
            method="post",
        )
        for step in USER_ACTIONS
    ),
    E(
        "accounts/users/<int:pk>/tokens/<int:token_id>/revoke/",
        "users",
        lambda o: f"/accounts/users/{o.pk}/tokens/999999/revoke/",
        action="object",
        method="post",
    ),
    E(
        "api/v1/users/<int:user_id>/tokens/<int:token_id>",
        "users",
        lambda o: f"/api/v1/users/{o.pk}/tokens/999999",
        api=True,
        action="object",
        method="delete",
    ),
    E("api/v1/auth/token", "public", lambda o: "/api/v1/auth/token", api=True, method="post"),
    E("api/v1/me", "self", lambda o: "/api/v1/me", api=True),
    E("api/v1/ping", "self", lambda o: "/api/v1/ping", api=True),
    # two-factor sign-in (slice C): the user's own authenticator only
    E("accounts/login/code/", "public", lambda o: "/accounts/login/code/"),
    E("accounts/mfa/", "self", lambda o: "/accounts/mfa/"),
    E("accounts/mfa/enrol/", "self", lambda o: "/accounts/mfa/enrol/"),
    E("accounts/mfa/disable/", "self", lambda o: "/accounts/mfa/disable/"),
    E("accounts/mfa/recovery/", "self", lambda o: "/accounts/mfa/recovery/", method="post"),  # none: 404
    E("api/v1/me/mfa", "self", lambda o: "/api/v1/me/mfa", api=True, method="post", action="own_ok"),
    E(
        "api/v1/me/mfa/confirm",
        "self",
        lambda o: "/api/v1/me/mfa/confirm",
        api=True,
        method="post",
        action="own_conflict",  # nothing was started: 409, nothing shown
        body=lambda o: {"code": "123456"},
    ),
]
