from ngoaivu.core.testing.endpoints import Endpoint

E = Endpoint
P = "aid_project"
PATCH_BODY = {"title": "Sửa qua API", "status": "completed"}
YEARS_BODY = {"years": [{"year": 2024, "planned": "1000", "actual": "900"}]}
ENDPOINTS = [
    E("aid/", "list", lambda o: "/aid/?page_size=100", model=P),
    E("aid/", "list", lambda o: "/aid/?format=xlsx", model=P),
    E("aid/summary/", "list", lambda o: "/aid/summary/", model=P),
    E("aid/summary/", "list", lambda o: "/aid/summary/?format=xlsx", model=P),
    E("api/v1/aid-projects", "list", lambda o: "/api/v1/aid-projects?page_size=200", api=True, model=P),
    E("api/v1/aid-projects/summary", "list", lambda o: "/api/v1/aid-projects/summary", api=True, model=P),
    E("aid/new/", "reference", lambda o: "/aid/new/", action="create_agreement"),
    E("aid/<int:pk>/", "object", lambda o: f"/aid/{o.pk}/", model=P),
    E("aid/<int:pk>/edit/", "object", lambda o: f"/aid/{o.pk}/edit/", model=P, action="change"),
    E("aid/<int:pk>/years/", "object", lambda o: f"/aid/{o.pk}/years/", model=P, action="change"),
    E("aid/<int:pk>/reports/new/", "object", lambda o: f"/aid/{o.pk}/reports/new/", model=P, action="change"),
    E(
        "aid/<int:pk>/reports/<int:report_id>/file/",
        "object",
        lambda o: f"/aid/{o.pk}/reports/999999/file/",
        model=P,
        action="missing_file",
    ),
    E(
        "api/v1/aid-projects/<int:project_id>",
        "object",
        lambda o: f"/api/v1/aid-projects/{o.pk}",
        api=True,
        model=P,
    ),
    E(
        "api/v1/aid-projects/<int:project_id>",
        "object",
        lambda o: f"/api/v1/aid-projects/{o.pk}",
        api=True,
        model=P,
        method="patch",
        action="change",
        body=lambda o: PATCH_BODY,
    ),
    E(
        "api/v1/aid-projects/<int:project_id>/years",
        "object",
        lambda o: f"/api/v1/aid-projects/{o.pk}/years",
        api=True,
        model=P,
    ),
    E(
        "api/v1/aid-projects/<int:project_id>/years",
        "object",
        lambda o: f"/api/v1/aid-projects/{o.pk}/years",
        api=True,
        model=P,
        method="put",
        action="change",
        body=lambda o: YEARS_BODY,
    ),
]
