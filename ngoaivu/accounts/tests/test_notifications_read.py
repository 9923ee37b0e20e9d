"""Opening a notification marks it read (only its owner, only with the signed link); "mark all read"."""

from __future__ import annotations

import pytest

from ngoaivu.accounts.models import Notification
from ngoaivu.accounts.notifications import notify, unread_count
from ngoaivu.accounts.views import notification_open_token

pytestmark = pytest.mark.django_db


def _notify(user, n=1, url="/directory/partners/"):
    for i in range(n):
        notify(users=[user], kind="test", title=f"Việc {i}", url=url, dedupe_key=f"test:{user.pk}:{i}:{url}")
    return list(Notification.objects.filter(user=user).order_by("pk"))


def test_the_list_links_each_notification_through_its_open_link(world):
    user = world.users["a_editor"]
    item = _notify(user)[0]
    page = world.client("a_editor").get("/accounts/notifications/").content.decode()
    assert f"/accounts/notifications/{item.pk}/open/{notification_open_token(user.pk, item.pk)}/" in page
    assert "Đánh dấu tất cả đã đọc" in page


def test_opening_marks_read_and_goes_to_the_target(world):
    user = world.users["a_editor"]
    item = _notify(user, 2)[0]
    response = world.client("a_editor").get(
        f"/accounts/notifications/{item.pk}/open/{notification_open_token(user.pk, item.pk)}/"
    )
    assert response.status_code == 302
    assert response["Location"] == "/directory/partners/"
    item.refresh_from_db()
    assert item.read_at is not None
    assert unread_count(user) == 1  # only the one opened


def test_someone_elses_notification_is_404_and_stays_unread(world):
    owner = world.users["a_editor"]
    item = _notify(owner)[0]
    token = notification_open_token(owner.pk, item.pk)
    for who in ("a_viewer", "b_editor"):
        response = world.client(who).get(f"/accounts/notifications/{item.pk}/open/{token}/")
        assert response.status_code == 404, who
    item.refresh_from_db()
    assert item.read_at is None


def test_a_link_without_a_valid_token_marks_nothing(world):
    user = world.users["a_editor"]
    item = _notify(user)[0]
    other_users_token = notification_open_token(world.users["a_viewer"].pk, item.pk)
    for token in ("forged", other_users_token):
        response = world.client("a_editor").get(f"/accounts/notifications/{item.pk}/open/{token}/")
        assert response.status_code == 302
    item.refresh_from_db()
    assert item.read_at is None


def test_a_foreign_target_is_never_followed(world):
    user = world.users["a_editor"]
    item = _notify(user, url="https://evil.example/")[0]
    response = world.client("a_editor").get(
        f"/accounts/notifications/{item.pk}/open/{notification_open_token(user.pk, item.pk)}/"
    )
    assert response["Location"] == "/accounts/notifications/"


def test_mark_all_read_is_a_post_and_clears_the_bell(world):
    user = world.users["a_editor"]
    _notify(user, 3)
    other = _notify(world.users["b_editor"], 1)[0]
    client = world.client("a_editor")
    assert 'class="bell-count">3<' in client.get("/").content.decode()
    client.get("/accounts/notifications/")
    assert unread_count(user) == 3  # reading the list marks nothing
    response = client.post("/accounts/notifications/", follow=True)
    assert unread_count(user) == 0
    page = response.content.decode()
    assert "bell-count" not in page
    assert "Đã đánh dấu 3 thông báo là đã đọc." in page
    assert "Đánh dấu tất cả đã đọc" not in page  # nothing left to mark
    other.refresh_from_db()
    assert other.read_at is None  # another user's stay unread


def test_mark_all_read_needs_the_csrf_token(world):
    from django.test import Client

    user = world.users["a_editor"]
    _notify(user, 1)
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    assert client.post("/accounts/notifications/").status_code == 403
    assert unread_count(user) == 1


def test_a_post_opens_without_the_link_token(world):
    user = world.users["a_editor"]
    item = _notify(user)[0]
    response = world.client("a_editor").post(f"/accounts/notifications/{item.pk}/open/-/")
    assert response["Location"] == "/directory/partners/"
    item.refresh_from_db()
    assert item.read_at is not None
