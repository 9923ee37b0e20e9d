from ngoaivu.core.testing.endpoints import Endpoint

E = Endpoint
S = "partner_search"
PATCH_BODY = {"wants": "Hợp tác giáo dục nghề và du lịch"}
CLOSE_BODY = {"reason": "Đối tác đã chọn tỉnh khác"}
MOVE_BODY = {"to": "shortlisted"}


def _first_proposal(o) -> int:  # type: ignore[no-untyped-def]
    return int(o.proposals.order_by("pk").values_list("pk", flat=True)[0])


def _post(route: str, url, action: str = "change", **kw: object) -> Endpoint:  # type: ignore[no-untyped-def]
    return E(route, "object", url, model=S, method="post", action=action, **kw)  # type: ignore[arg-type]


def _api(route: str, url, method: str = "get", action: str = "view", body=None) -> Endpoint:  # type: ignore[no-untyped-def]
    return E(route, "object", url, api=True, model=S, method=method, action=action, body=body)


ENDPOINTS = [
    E("partnering/searches/", "list", lambda o: "/partnering/searches/?page_size=100", model=S),
    E("partnering/searches/", "list", lambda o: "/partnering/searches/?format=xlsx", model=S),
    E(
        "api/v1/partner-searches",
        "list",
        lambda o: "/api/v1/partner-searches?page_size=200",
        api=True,
        model=S,
    ),
    # any writer may open the form (a province posts its own searches, missions and the ministry enter inbound
    # ones); the funnel and the weights page count or show only what is scoped (partnering/tests/test_leaks.py)
    E("partnering/searches/new/", "reference", lambda o: "/partnering/searches/new/", action="create"),
    E("partnering/searches/funnel/", "reference", lambda o: "/partnering/searches/funnel/"),
    E("partnering/searches/weights/", "reference", lambda o: "/partnering/searches/weights/"),
    E("partnering/searches/<int:pk>/", "object", lambda o: f"/partnering/searches/{o.pk}/", model=S),
    E(
        "partnering/searches/<int:pk>/edit/",
        "object",
        lambda o: f"/partnering/searches/{o.pk}/edit/",
        model=S,
        action="change",
    ),
    _post("partnering/searches/<int:pk>/open/", lambda o: f"/partnering/searches/{o.pk}/open/"),
    _post("partnering/searches/<int:pk>/close/", lambda o: f"/partnering/searches/{o.pk}/close/"),
    _post(
        "partnering/searches/<int:pk>/delete/",
        lambda o: f"/partnering/searches/{o.pk}/delete/",
        action="delete",
    ),
    _post(
        "partnering/searches/<int:pk>/proposals/",
        lambda o: f"/partnering/searches/{o.pk}/proposals/",
        action="propose",
    ),
    _post(
        "partnering/searches/<int:pk>/proposals/<int:proposal_id>/move/",
        lambda o: f"/partnering/searches/{o.pk}/proposals/{_first_proposal(o)}/move/",
    ),
    _api("api/v1/partner-searches/<int:search_id>", lambda o: f"/api/v1/partner-searches/{o.pk}"),
    _api(
        "api/v1/partner-searches/<int:search_id>",
        lambda o: f"/api/v1/partner-searches/{o.pk}",
        method="patch",
        action="change",
        body=lambda o: PATCH_BODY,
    ),
    _api(
        "api/v1/partner-searches/<int:search_id>/open",
        lambda o: f"/api/v1/partner-searches/{o.pk}/open",
        method="post",
        action="change_open",
        body=lambda o: {},
    ),
    _api(
        "api/v1/partner-searches/<int:search_id>/close",
        lambda o: f"/api/v1/partner-searches/{o.pk}/close",
        method="post",
        action="change",
        body=lambda o: CLOSE_BODY,
    ),
    _api(
        "api/v1/partner-searches/<int:search_id>/proposals",
        lambda o: f"/api/v1/partner-searches/{o.pk}/proposals",
    ),
    _api(
        "api/v1/partner-searches/<int:search_id>/proposals",
        lambda o: f"/api/v1/partner-searches/{o.pk}/proposals",
        method="post",
        action="propose",
        body=lambda o: {"partner": o.candidate_pk},
    ),
    _api(
        "api/v1/partner-searches/<int:search_id>/proposals/<int:proposal_id>/state",
        lambda o: f"/api/v1/partner-searches/{o.pk}/proposals/{_first_proposal(o)}/state",
        method="post",
        action="change",
        body=lambda o: MOVE_BODY,
    ),
    _api(
        "api/v1/partner-searches/<int:search_id>/suggestions",
        lambda o: f"/api/v1/partner-searches/{o.pk}/suggestions",
    ),
]
