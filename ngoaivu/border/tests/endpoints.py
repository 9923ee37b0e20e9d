import datetime as dt

from django.utils import timezone

from ngoaivu.core.testing.endpoints import Endpoint

E = Endpoint
MECH = "border_mechanism"
MEET = "border_meeting"
COMMITMENT_BODY = {
    "text": "Trao đổi danh sách cửa khẩu",
    "due_on": "2027-03-01",
    "owner_person": "Sở Ngoại vụ",
}


def _meeting(o: object) -> object:
    """The object of a meeting route: a meeting, or the first meeting of a mechanism."""
    meetings = getattr(o, "meetings", None)
    if meetings is not None:
        return meetings.order_by("pk").first()
    return o


def _meeting_pk(o: object) -> int:
    m = _meeting(o)
    return int(m.pk) if m is not None else 999_999_999  # type: ignore[attr-defined]


def _commitment_pk(o: object) -> int:
    c = o.commitments.order_by("pk").first()  # type: ignore[attr-defined]
    return c.pk if c is not None else 999_999_999


def _file_pk(o: object) -> int:
    f = o.files.order_by("pk").first()  # type: ignore[attr-defined]
    return f.pk if f is not None else 999_999_999


def _signed(o: object, body: dict[str, object]) -> dict[str, object]:
    """The minutes' signing date: the meeting's last day (never before the meeting, never in the future)."""
    if "minutes_signed_on" in body:
        return {**body, "minutes_signed_on": str(o.ends_on)}  # type: ignore[attr-defined]
    return body


def _month(o: object) -> str:
    return f"{timezone.localdate() - dt.timedelta(days=10):%Y-%m}"


def _window(o: object) -> str:
    today = timezone.localdate()
    return f"from={today - dt.timedelta(days=40)}&to={today + dt.timedelta(days=120)}"


ENDPOINTS: list[Endpoint] = [
    # lists
    E("border/", "list", lambda o: "/border/?page_size=100", model=MECH),
    E("border/", "list", lambda o: "/border/?format=xlsx", model=MECH),
    E(
        "api/v1/border-mechanisms",
        "list",
        lambda o: "/api/v1/border-mechanisms?page_size=200",
        api=True,
        model=MECH,
    ),
    E("border/meetings/", "list", lambda o: "/border/meetings/?page_size=100", model=MEET),
    E("border/meetings/", "list", lambda o: "/border/meetings/?format=xlsx", model=MEET),
    E(
        "api/v1/border-meetings",
        "list",
        lambda o: "/api/v1/border-meetings?page_size=200",
        api=True,
        model=MEET,
    ),
    # the commitments list shows each commitment with its meeting's title
    E("border/commitments/", "list", lambda o: "/border/commitments/?page_size=100", model=MEET),
    E("border/commitments/", "list", lambda o: "/border/commitments/?format=xlsx", model=MEET),
    # the shared calendar shows the meetings (its routes are declared by delegations and events too)
    E(
        "delegations/calendar/",
        "list",
        lambda o: f"/delegations/calendar/?month={_month(o)}&view=list",
        model=MEET,
    ),
    E("api/v1/calendar", "list", lambda o: f"/api/v1/calendar?{_window(o)}", api=True, model=MEET),
    # counts (numbers only: no titles) and the create forms
    E("border/counts/", "reference", lambda o: "/border/counts/"),
    E("border/new/", "reference", lambda o: "/border/new/", action="create_delegation"),
    # a mechanism
    E("border/<int:pk>/", "object", lambda o: f"/border/{o.pk}/", model=MECH),
    E("border/<int:pk>/edit/", "object", lambda o: f"/border/{o.pk}/edit/", model=MECH, action="change"),
    E(
        "border/<int:pk>/meetings/new/",
        "object",
        lambda o: f"/border/{o.pk}/meetings/new/",
        model=MECH,
        action="change",
    ),
    E(
        "border/<int:pk>/files/",
        "object",
        lambda o: f"/border/{o.pk}/files/",
        model=MECH,
        method="post",
        action="change",
    ),
    E(
        "border/<int:pk>/files/<int:file_pk>/",
        "object",
        lambda o: f"/border/{o.pk}/files/{_file_pk(o)}/",
        model=MECH,
    ),
    E(
        "api/v1/border-mechanisms/<int:mechanism_id>",
        "object",
        lambda o: f"/api/v1/border-mechanisms/{o.pk}",
        api=True,
        model=MECH,
    ),
    E(
        "api/v1/border-mechanisms/<int:mechanism_id>",
        "object",
        lambda o: f"/api/v1/border-mechanisms/{o.pk}",
        api=True,
        model=MECH,
        method="patch",
        action="change",
        body=lambda o: {"description": "Cơ chế họp thường niên luân phiên"},
    ),
    E(
        "api/v1/border-meetings",
        "object",
        lambda o: "/api/v1/border-meetings",
        api=True,
        model=MECH,
        method="post",
        action="change",
        body=lambda o: {
            "mechanism": o.pk,  # type: ignore[attr-defined]
            "title": "Hội nghị sơ kết",
            "kind": "conference",
            "starts_on": "2027-05-10",
            "ends_on": "2027-05-11",
            "host": "vietnam",
        },
    ),
    # a meeting
    E("border/meetings/<int:pk>/", "object", lambda o: f"/border/meetings/{o.pk}/", model=MEET),
    E(
        "border/meetings/<int:meeting_pk>/edit/",
        "object",
        lambda o: f"/border/meetings/{o.pk}/edit/",
        model=MEET,
        action="change",
    ),
    E(
        "border/meetings/<int:pk>/action/",
        "object",
        lambda o: f"/border/meetings/{o.pk}/action/",
        model=MEET,
        method="post",
        action="change",
    ),
    E(
        "border/meetings/<int:meeting_pk>/files/",
        "object",
        lambda o: f"/border/meetings/{o.pk}/files/",
        model=MEET,
        method="post",
        action="change",
    ),
    E(
        "border/meetings/<int:pk>/commitments/",
        "object",
        lambda o: f"/border/meetings/{o.pk}/commitments/",
        model=MEET,
        method="post",
        action="change",
    ),
    E(
        "border/meetings/<int:pk>/commitments/<int:commitment_pk>/",
        "object",
        lambda o: f"/border/meetings/{o.pk}/commitments/{_commitment_pk(o)}/",
        model=MEET,
        method="post",
        action="change",
    ),
    E(
        "api/v1/border-meetings/<int:meeting_id>",
        "object",
        lambda o: f"/api/v1/border-meetings/{o.pk}",
        api=True,
        model=MEET,
    ),
    E(
        "api/v1/border-meetings/<int:meeting_id>",
        "object",
        lambda o: f"/api/v1/border-meetings/{o.pk}",
        api=True,
        model=MEET,
        method="patch",
        action="change",
        body=lambda o: {"place": "Cửa khẩu quốc tế Ma Lù Thàng"},
    ),
    *[
        E(
            f"api/v1/border-meetings/<int:meeting_id>/{name}",
            "object",
            (lambda n: lambda o: f"/api/v1/border-meetings/{o.pk}/{n}")(name),
            api=True,
            model=MEET,
            method="post",
            action="change",
            body=(lambda b: lambda o: _signed(o, b))(body),
        )
        for name, body in (
            ("hold", {}),
            ("minutes", {"minutes_number": "01/BB", "minutes_signed_on": None}),
            ("cancel", {"reason": "Thay đổi lịch"}),
        )
    ],
    E(
        "api/v1/border-meetings/<int:meeting_id>/commitments",
        "object",
        lambda o: f"/api/v1/border-meetings/{o.pk}/commitments",
        api=True,
        model=MEET,
    ),
    E(
        "api/v1/border-meetings/<int:meeting_id>/commitments",
        "object",
        lambda o: f"/api/v1/border-meetings/{o.pk}/commitments",
        api=True,
        model=MEET,
        method="post",
        action="change",
        body=lambda o: COMMITMENT_BODY,
    ),
    *[
        E(
            f"api/v1/border-meetings/<int:meeting_id>/commitments/<int:commitment_id>/{name}",
            "object",
            (lambda n: lambda o: f"/api/v1/border-meetings/{o.pk}/commitments/{_commitment_pk(o)}/{n}")(name),
            api=True,
            model=MEET,
            method="post",
            action="change",
            body=(lambda b: lambda o: b)(body),
        )
        for name, body in (
            ("progress", {"note": "Đã trao đổi lần 1"}),
            ("complete", {"note": "Đã xong"}),
            ("drop", {"reason": "Không còn phù hợp"}),
        )
    ],
]
