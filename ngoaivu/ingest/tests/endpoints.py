from ngoaivu.core.testing.endpoints import Endpoint

E = Endpoint
D = "document"

DOCUMENT_BODY = {"title": "Tài liệu qua API", "text": "Nội dung mới hoàn toàn khác 7Q"}

ENDPOINTS = [
    E("documents/", "list", lambda o: "/documents/?page_size=100", model=D),
    E("documents/", "list", lambda o: "/documents/?format=xlsx", model=D),
    E("api/v1/documents", "list", lambda o: "/api/v1/documents?page_size=200", api=True, model=D),
    E("documents/new/", "reference", lambda o: "/documents/new/", action="create"),
    E("documents/ingest/", "reference", lambda o: "/documents/ingest/", action="create"),
    E("documents/<int:pk>/", "object", lambda o: f"/documents/{o.pk}/", model=D),
    E("documents/<int:pk>/edit/", "object", lambda o: f"/documents/{o.pk}/edit/", model=D, action="change"),
    E(
        "documents/<int:pk>/version/",
        "object",
        lambda o: f"/documents/{o.pk}/version/",
        model=D,
        action="change",
    ),
    E(
        "documents/<int:pk>/entities/",
        "object",
        lambda o: f"/documents/{o.pk}/entities/",
        model=D,
        method="post",
        action="change_redirect",
    ),
    E(
        "documents/<int:pk>/delete/",
        "object",
        lambda o: f"/documents/{o.pk}/delete/",
        model=D,
        method="post",
        action="delete",
    ),
    E(
        "documents/<int:pk>/versions/<int:number>/file/",
        "object",
        lambda o: f"/documents/{o.pk}/versions/1/file/",
        model=D,
    ),
    E(
        "api/v1/documents/<int:document_id>",
        "object",
        lambda o: f"/api/v1/documents/{o.pk}",
        api=True,
        model=D,
    ),
    E(
        "api/v1/documents/<int:document_id>/entities",
        "object",
        lambda o: f"/api/v1/documents/{o.pk}/entities",
        api=True,
        model=D,
        method="post",
        action="change",
        body=lambda o: {"confirm": [], "reject": []},
    ),
]
