from ngoaivu.core.testing.endpoints import Endpoint

E = Endpoint
B = "brief"
S = "brief_subscription"
USEFUL = {"useful": True, "comment": "Rất hữu ích"}
SUBSCRIPTION = {"countries": ["JP"], "products": ["03"]}


def _post(route: str, url, action: str = "change", **kw: object) -> Endpoint:  # type: ignore[no-untyped-def]
    return E(route, "object", url, model=B, method="post", action=action, **kw)  # type: ignore[arg-type]


ENDPOINTS = [
    # status=all: withdrawn briefs too (a list leaves them out unless asked)
    E("briefs/", "list", lambda o: "/briefs/?page_size=100&status=all", model=B),
    E("briefs/", "list", lambda o: "/briefs/?format=xlsx&status=all", model=B),
    E("api/v1/briefs", "list", lambda o: "/api/v1/briefs?page_size=200&status=all", api=True, model=B),
    # the author organisation's own issued briefs, with readership and usefulness
    E(
        "briefs/readership/",
        "list",
        lambda o: "/briefs/readership/?page_size=100",
        model=B,
        action="readership",
    ),
    E(
        "briefs/readership/",
        "list",
        lambda o: "/briefs/readership/?format=xlsx",
        model=B,
        action="readership",
    ),
    E("briefs/new/", "object", lambda o: "/briefs/new/", model=B, action="create_form"),
    E(
        "api/v1/briefs",
        "list",
        lambda o: "/api/v1/briefs",
        api=True,
        model=B,
        method="post",
        action="create",
        body=lambda o: {"title": "Bản tin thử", "summary": "Tóm tắt", "kind": "market"},
    ),
    E("briefs/<int:pk>/", "object", lambda o: f"/briefs/{o.pk}/", model=B),
    E("briefs/<int:pk>/edit/", "object", lambda o: f"/briefs/{o.pk}/edit/", model=B, action="change"),
    _post("briefs/<int:pk>/publish/", lambda o: f"/briefs/{o.pk}/publish/"),
    _post("briefs/<int:pk>/withdraw/", lambda o: f"/briefs/{o.pk}/withdraw/"),
    _post("briefs/<int:pk>/delete/", lambda o: f"/briefs/{o.pk}/delete/"),
    _post("briefs/<int:pk>/attachments/", lambda o: f"/briefs/{o.pk}/attachments/"),
    _post("briefs/<int:pk>/entities/", lambda o: f"/briefs/{o.pk}/entities/"),
    _post("briefs/<int:pk>/rate/", lambda o: f"/briefs/{o.pk}/rate/", action="rate"),
    E("briefs/<int:pk>/ask/", "object", lambda o: f"/briefs/{o.pk}/ask/", model=B, action="ask"),
    E(
        "briefs/<int:pk>/attachments/<int:attachment_id>/",
        "object",
        lambda o: f"/briefs/{o.pk}/attachments/999999/",
        model=B,
        action="missing_attachment",
    ),
    # the fragment a request page loads: scoped by the request (404) and by the briefs (rows)
    E(
        "briefs/for-request/<int:request_id>/",
        "object",
        lambda o: f"/briefs/for-request/{o.question_request.pk}/",
        model=B,
        action="request_fragment",
    ),
    E("api/v1/briefs/<int:brief_id>", "object", lambda o: f"/api/v1/briefs/{o.pk}", api=True, model=B),
    E(
        "api/v1/briefs/<int:brief_id>/useful",
        "object",
        lambda o: f"/api/v1/briefs/{o.pk}/useful",
        api=True,
        model=B,
        method="post",
        action="rate",
        body=lambda o: USEFUL,
    ),
    # subscriptions: a province's own
    E("briefs/subscriptions/", "list", lambda o: "/briefs/subscriptions/", model=S),
    E("briefs/subscriptions/", "list", lambda o: "/briefs/subscriptions/?format=xlsx", model=S),
    E("api/v1/subscriptions", "list", lambda o: "/api/v1/subscriptions?page_size=100", api=True, model=S),
    E(
        "api/v1/subscriptions",
        "list",
        lambda o: "/api/v1/subscriptions",
        api=True,
        model=S,
        method="post",
        action="create",
        body=lambda o: SUBSCRIPTION,
    ),
    E(
        "briefs/subscriptions/<int:pk>/delete/",
        "object",
        lambda o: f"/briefs/subscriptions/{o.pk}/delete/",
        model=S,
        method="post",
        action="delete",
    ),
    E(
        "api/v1/subscriptions/<int:subscription_id>",
        "object",
        lambda o: f"/api/v1/subscriptions/{o.pk}",
        api=True,
        model=S,
        method="delete",
        action="delete",
    ),
]
