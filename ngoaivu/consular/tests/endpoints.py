"""Every route of the consular app, for the site matrix (its own leak suite runs them: `test_leaks.py`)."""

from ngoaivu.core.testing.endpoints import Endpoint

E = Endpoint
P = "citizen_case"


def _citizen(o: object) -> int:
    c = o.citizens.order_by("pk").first()  # type: ignore[attr-defined]
    return c.pk if c is not None else 999_999_999


def _handover(o: object) -> int:
    h = o.handovers.order_by("pk").first()  # type: ignore[attr-defined]
    return h.pk if h is not None else 999_999_999


ENDPOINTS: list[Endpoint] = [
    E("citizen-cases/", "list", lambda o: "/citizen-cases/?page_size=100", model=P),
    E("citizen-cases/", "list", lambda o: "/citizen-cases/?format=xlsx", model=P),
    E("api/v1/citizen-cases", "list", lambda o: "/api/v1/citizen-cases?page_size=200", api=True, model=P),
    # counts by country and kind: every signed-in user, no names
    E("citizen-cases/summary/", "reference", lambda o: "/citizen-cases/summary/"),
    E("citizen-cases/summary/", "reference", lambda o: "/citizen-cases/summary/?format=xlsx"),
    E("api/v1/citizen-cases/summary", "reference", lambda o: "/api/v1/citizen-cases/summary", api=True),
    E("citizen-cases/new/", "object", lambda o: "/citizen-cases/new/", model=P, action="create"),
    E(
        "api/v1/citizen-cases",
        "object",
        lambda o: "/api/v1/citizen-cases",
        api=True,
        model=P,
        method="post",
        action="create",
        body=lambda o: {
            "country": "JP",
            "province": "48",
            "kind": "accident",
            "received_on": "2026-03-02",
            "summary": "Tai nạn giao thông",
        },
    ),
    E("citizen-cases/<int:pk>/", "object", lambda o: f"/citizen-cases/{o.pk}/", model=P),
    E(
        "citizen-cases/<int:pk>/",
        "object",
        lambda o: f"/citizen-cases/{o.pk}/?personal=1",
        model=P,
        action="personal",
    ),
    E(
        "citizen-cases/<int:pk>/edit/",
        "object",
        lambda o: f"/citizen-cases/{o.pk}/edit/",
        model=P,
        action="change",
    ),
    E(
        "citizen-cases/<int:pk>/actions/<slug:action>/",
        "object",
        lambda o: f"/citizen-cases/{o.pk}/actions/start/",
        model=P,
        method="post",
        action="transition",
    ),
    E(
        "citizen-cases/<int:pk>/handover/",
        "object",
        lambda o: f"/citizen-cases/{o.pk}/handover/",
        model=P,
        method="post",
        action="act",
    ),
    E(
        "citizen-cases/<int:pk>/handover/accept/",
        "object",
        lambda o: f"/citizen-cases/{o.pk}/handover/accept/",
        model=P,
        method="post",
        action="act",
    ),
    E(
        "citizen-cases/<int:pk>/handover/withdraw/",
        "object",
        lambda o: f"/citizen-cases/{o.pk}/handover/withdraw/",
        model=P,
        method="post",
        action="withdraw",
    ),
    E(
        "citizen-cases/<int:pk>/log/",
        "object",
        lambda o: f"/citizen-cases/{o.pk}/log/",
        model=P,
        method="post",
        action="act",
    ),
    E(
        "citizen-cases/<int:pk>/province-note/",
        "object",
        lambda o: f"/citizen-cases/{o.pk}/province-note/",
        model=P,
        method="post",
        action="province",
    ),
    E(
        "citizen-cases/<int:pk>/citizens/",
        "object",
        lambda o: f"/citizen-cases/{o.pk}/citizens/",
        model=P,
        method="post",
        action="change",
    ),
    E(
        "citizen-cases/<int:pk>/citizens/<int:citizen_pk>/edit/",
        "object",
        lambda o: f"/citizen-cases/{o.pk}/citizens/{_citizen(o)}/edit/",
        model=P,
        action="change",
    ),
    E(
        "api/v1/citizen-cases/<int:case_id>",
        "object",
        lambda o: f"/api/v1/citizen-cases/{o.pk}",
        api=True,
        model=P,
    ),
    E(
        "api/v1/citizen-cases/<int:case_id>",
        "object",
        lambda o: f"/api/v1/citizen-cases/{o.pk}?personal=true",
        api=True,
        model=P,
        action="personal",
    ),
    E(
        "api/v1/citizen-cases/<int:case_id>",
        "object",
        lambda o: f"/api/v1/citizen-cases/{o.pk}",
        api=True,
        model=P,
        method="patch",
        action="change",
        body=lambda o: {"outcome": "Đang làm việc với chủ sử dụng lao động"},
    ),
    *[
        E(
            f"api/v1/citizen-cases/<int:case_id>/{verb}",
            "object",
            lambda o, verb=verb: f"/api/v1/citizen-cases/{o.pk}/{verb}",
            api=True,
            model=P,
            method="post",
            action={"notify": "notify"}.get(verb, "transition_conflict"),  # start: only once notified
            body=lambda o: {"note": "Đã xử lý"},
        )
        for verb in ("notify", "start", "resolve", "close")
    ],
    E(
        "api/v1/citizen-cases/<int:case_id>/handover",
        "object",
        lambda o: f"/api/v1/citizen-cases/{o.pk}/handover",
        api=True,
        model=P,
        method="post",
        action="handover",
        body=lambda o: {"to_org": "cqdd-kr-seoul", "note": "Công dân chuyển sang Hàn Quốc"},
    ),
    E(
        "api/v1/citizen-cases/<int:case_id>/handover/accept",
        "object",
        lambda o: f"/api/v1/citizen-cases/{o.pk}/handover/accept",
        api=True,
        model=P,
        method="post",
        action="accept",
        body=lambda o: {"handover": _handover(o)},
    ),
    E(
        "api/v1/citizen-cases/<int:case_id>/handover/withdraw",
        "object",
        lambda o: f"/api/v1/citizen-cases/{o.pk}/handover/withdraw",
        api=True,
        model=P,
        method="post",
        action="withdraw",
        body=lambda o: {"handover": _handover(o)},
    ),
    E(
        "api/v1/citizen-cases/<int:case_id>/actions",
        "object",
        lambda o: f"/api/v1/citizen-cases/{o.pk}/actions",
        api=True,
        model=P,
    ),
    E(
        "api/v1/citizen-cases/<int:case_id>/actions",
        "object",
        lambda o: f"/api/v1/citizen-cases/{o.pk}/actions",
        api=True,
        model=P,
        method="post",
        action="act",
        body=lambda o: {"text": "Gọi điện cho gia đình"},
    ),
]
