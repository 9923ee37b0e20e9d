import datetime as dt

from django.utils import timezone

from ngoaivu.core.testing.endpoints import Endpoint

E = Endpoint
P = "promotion_event"
TASK_BODY = {"title": "Gửi danh sách doanh nghiệp", "due_on": "2027-03-01", "owner_person": "Phòng Hợp tác"}


def _task_pk(o: object) -> int:
    task = o.tasks.order_by("pk").first()  # type: ignore[attr-defined]
    return task.pk if task is not None else 999_999_999


def _month(o: object) -> str:
    return f"{timezone.localdate() + dt.timedelta(days=30):%Y-%m}"


def _window(o: object) -> str:
    today = timezone.localdate()
    return f"from={today}&to={today + dt.timedelta(days=120)}"


ENDPOINTS: list[Endpoint] = [
    E("events/", "list", lambda o: "/events/?page_size=100", model=P),
    E("events/", "list", lambda o: "/events/?format=xlsx", model=P),
    E(
        "api/v1/promotion-events",
        "list",
        lambda o: "/api/v1/promotion-events?page_size=200",
        api=True,
        model=P,
    ),
    # the shared calendar shows the events (its routes are declared by delegations too, for its own records)
    E(
        "delegations/calendar/",
        "list",
        lambda o: f"/delegations/calendar/?month={_month(o)}&view=list",
        model=P,
    ),
    E("api/v1/calendar", "list", lambda o: f"/api/v1/calendar?{_window(o)}", api=True, model=P),
    E("events/new/", "reference", lambda o: "/events/new/", action="create_delegation"),
    E("events/<int:pk>/", "object", lambda o: f"/events/{o.pk}/", model=P),
    E("events/<int:pk>/edit/", "object", lambda o: f"/events/{o.pk}/edit/", model=P, action="change"),
    E(
        "events/<int:pk>/tasks/",
        "object",
        lambda o: f"/events/{o.pk}/tasks/",
        model=P,
        method="post",
        action="change",
    ),
    E(
        "events/<int:pk>/tasks/<int:task_pk>/complete/",
        "object",
        lambda o: f"/events/{o.pk}/tasks/{_task_pk(o)}/complete/",
        model=P,
        method="post",
        action="change",
    ),
    E(
        "api/v1/promotion-events/<int:event_id>",
        "object",
        lambda o: f"/api/v1/promotion-events/{o.pk}",
        api=True,
        model=P,
    ),
    E(
        "api/v1/promotion-events/<int:event_id>",
        "object",
        lambda o: f"/api/v1/promotion-events/{o.pk}",
        api=True,
        model=P,
        method="patch",
        action="change",
        body=lambda o: {"place": "Trung tâm Hội nghị quốc tế"},
    ),
    E(
        "api/v1/promotion-events/<int:event_id>/tasks",
        "object",
        lambda o: f"/api/v1/promotion-events/{o.pk}/tasks",
        api=True,
        model=P,
    ),
    E(
        "api/v1/promotion-events/<int:event_id>/tasks",
        "object",
        lambda o: f"/api/v1/promotion-events/{o.pk}/tasks",
        api=True,
        model=P,
        method="post",
        action="change",
        body=lambda o: TASK_BODY,
    ),
    E(
        "api/v1/promotion-events/<int:event_id>/tasks/<int:task_id>/complete",
        "object",
        lambda o: f"/api/v1/promotion-events/{o.pk}/tasks/{_task_pk(o)}/complete",
        api=True,
        model=P,
        method="post",
        action="change",
        body=lambda o: {"note": "Đã gửi"},
    ),
]
