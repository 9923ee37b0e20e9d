from ngoaivu.core.testing.endpoints import Endpoint

E = Endpoint
R = "request"
ENDPOINTS = [
    E("requests/", "list", lambda o: "/requests/?box=all&page_size=100", model=R),
    E("requests/", "list", lambda o: "/requests/?box=all&format=xlsx", model=R),
    E("requests/<int:pk>/", "object", lambda o: f"/requests/{o.pk}/", model=R),
    E("requests/<int:pk>/shared/", "object", lambda o: f"/requests/{o.pk}/shared/", model=R),
    E("requests/<int:pk>/edit/", "object", lambda o: f"/requests/{o.pk}/edit/", model=R, action="edit_draft"),
    E(
        "requests/<int:pk>/action/<slug:action>/",
        "object",
        lambda o: f"/requests/{o.pk}/action/acknowledge/",
        model=R,
        method="post",
        action="acknowledge",
    ),
    E(
        "requests/<int:pk>/attachments/<int:attachment_id>/",
        "object",
        lambda o: f"/requests/{o.pk}/attachments/999999/",
        model=R,
        action="missing_attachment",
    ),
    E("requests/new/", "reference", lambda o: "/requests/new/", action="create_request"),
    E(
        "requests/similar/",
        "list",
        lambda o: "/requests/similar/?title=REQ&category=investment",
        model=R,
        policy="sent_only",
    ),
    E("requests/categories/", "reference", lambda o: "/requests/categories/"),
    E("requests/responsiveness/", "reference", lambda o: "/requests/responsiveness/"),
    E("api/v1/requests/categories", "reference", lambda o: "/api/v1/requests/categories", api=True),
    E("api/v1/requests", "list", lambda o: "/api/v1/requests?box=all&page_size=200", api=True, model=R),
    E("api/v1/requests/<int:request_id>", "object", lambda o: f"/api/v1/requests/{o.pk}", api=True, model=R),
    E(
        "api/v1/requests/<int:request_id>/<action>",
        "object",
        lambda o: f"/api/v1/requests/{o.pk}/acknowledge",
        api=True,
        model=R,
        method="post",
        action="acknowledge",
        body=lambda o: {},
    ),
    E("api/v1/requests/responsiveness", "reference", lambda o: "/api/v1/requests/responsiveness", api=True),
]
