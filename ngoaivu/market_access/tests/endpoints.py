from ngoaivu.core.testing.endpoints import Endpoint

E = Endpoint
D = "dossier"
PATCH_BODY = {"next_step": "Làm việc với MAFF", "next_step_due": "2030-01-15"}
STEP_BODY = {"stage": "inspection", "started_on": "2024-03-01", "note": "Kiểm tra vùng trồng"}
COMPLETE_BODY = {"completed_on": "2024-02-01"}


def _post(route: str, url, action: str = "change", **kw: object) -> Endpoint:  # type: ignore[no-untyped-def]
    return E(route, "object", url, model=D, method="post", action=action, **kw)  # type: ignore[arg-type]


def _first_step(o) -> int:  # type: ignore[no-untyped-def]
    return int(o.steps.order_by("pk").values_list("pk", flat=True)[0])


ENDPOINTS = [
    E("market-access/", "list", lambda o: "/market-access/?page_size=100", model=D),
    E("market-access/", "list", lambda o: "/market-access/?format=xlsx", model=D),
    E("api/v1/market-access", "list", lambda o: "/api/v1/market-access?page_size=200", api=True, model=D),
    # the board shows counts only (scoped; checked in market_access/tests/test_leaks.py)
    E("market-access/board/", "reference", lambda o: "/market-access/board/"),
    E("market-access/new/", "reference", lambda o: "/market-access/new/", action="create_delegation"),
    E("api/v1/market-access/stages", "reference", lambda o: "/api/v1/market-access/stages", api=True),
    E("market-access/<int:pk>/", "object", lambda o: f"/market-access/{o.pk}/", model=D),
    E(
        "market-access/<int:pk>/edit/",
        "object",
        lambda o: f"/market-access/{o.pk}/edit/",
        model=D,
        action="change",
    ),
    _post("market-access/<int:pk>/delete/", lambda o: f"/market-access/{o.pk}/delete/", action="delete"),
    _post("market-access/<int:pk>/steps/", lambda o: f"/market-access/{o.pk}/steps/"),
    _post(
        "market-access/<int:pk>/steps/<int:step_id>/complete/",
        lambda o: f"/market-access/{o.pk}/steps/{_first_step(o)}/complete/",
    ),
    _post("market-access/<int:pk>/notes/", lambda o: f"/market-access/{o.pk}/notes/", action="note"),
    _post("market-access/<int:pk>/documents/", lambda o: f"/market-access/{o.pk}/documents/"),
    E(
        "market-access/<int:pk>/documents/<int:document_id>/",
        "object",
        lambda o: f"/market-access/{o.pk}/documents/999999/",
        model=D,
        action="missing_document",
    ),
    # the fragment the agreement page loads: scoped by the agreement (404) and by the dossiers (rows)
    E(
        "market-access/for-agreement/<int:agreement_id>/",
        "object",
        lambda o: f"/market-access/for-agreement/{o.agreements.order_by('pk').first().pk}/",
        model=D,
        action="agreement_fragment",
    ),
    # the fragment of the requests app the dossier page loads: scoped by the dossier (404) and the requests
    E(
        "requests/for-dossier/<int:dossier_id>/",
        "object",
        lambda o: f"/requests/for-dossier/{o.pk}/",
        model=D,
        action="requests_fragment",
    ),
    E(
        "api/v1/market-access/<int:dossier_id>",
        "object",
        lambda o: f"/api/v1/market-access/{o.pk}",
        api=True,
        model=D,
    ),
    E(
        "api/v1/market-access/<int:dossier_id>",
        "object",
        lambda o: f"/api/v1/market-access/{o.pk}",
        api=True,
        model=D,
        method="patch",
        action="change",
        body=lambda o: PATCH_BODY,
    ),
    E(
        "api/v1/market-access/<int:dossier_id>/steps",
        "object",
        lambda o: f"/api/v1/market-access/{o.pk}/steps",
        api=True,
        model=D,
    ),
    E(
        "api/v1/market-access/<int:dossier_id>/steps",
        "object",
        lambda o: f"/api/v1/market-access/{o.pk}/steps",
        api=True,
        model=D,
        method="post",
        action="change",
        body=lambda o: STEP_BODY,
    ),
    E(
        "api/v1/market-access/<int:dossier_id>/steps/<int:step_id>/complete",
        "object",
        lambda o: f"/api/v1/market-access/{o.pk}/steps/{_first_step(o)}/complete",
        api=True,
        model=D,
        method="post",
        action="change",
        body=lambda o: COMPLETE_BODY,
    ),
]
