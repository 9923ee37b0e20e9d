"""Organisation administrators manage their own organisation's people, in the browser and through /api/v1/users,
and nothing of another organisation's (404). Role rules, the last head / org_admin, deactivation revoking
credentials, invitations by e-mail, the audit of every change, query counts."""

from __future__ import annotations

import datetime as dt
import io
import json
import unicodedata

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from freezegun import freeze_time
from openpyxl import load_workbook

from ngoaivu.accounts import services
from ngoaivu.accounts.models import AccountLink, ApiToken, Role, TotpDevice, User
from ngoaivu.accounts.tests.endpoints import USER_ACTIONS, USER_BODY
from ngoaivu.audit.models import AuditEvent
from ngoaivu.audit.services import SystemActor
from ngoaivu.core.exceptions import Forbidden, NotFound, ServiceError
from ngoaivu.core.testing.world import PASSWORD, text_of

SYSTEM = SystemActor("test-users")


def _person(world, org: str, username: str, roles: list[str], full_name: str = "") -> User:
    return services.user_create(
        actor=SYSTEM,
        username=username,
        password=PASSWORD,
        organisation=world.orgs[org],
        roles=roles,
        full_name=full_name or username,
        email=f"{username}@example.invalid",
        check_password=False,
    )


@pytest.fixture
def people(world):
    """Organisation administrators of provinces A and B, and a marked person in each province."""
    found = {
        "a_admin": _person(
            world, "A", "a_admin", [Role.ORG_ADMIN, Role.OFFICER, Role.HEAD], "Quản Trị Tỉnh A"
        ),
        "a_admin_only": _person(world, "A", "a_admin_only", [Role.ORG_ADMIN], "Quản Trị Phụ A"),
        "b_admin": _person(
            world, "B", "b_admin", [Role.ORG_ADMIN, Role.OFFICER, Role.HEAD], "Quản Trị Tỉnh B"
        ),
        "a_marked": _person(world, "A", "a_marked", [Role.OFFICER], "MARKERNGUOIA Lê Văn"),
        "b_marked": _person(world, "B", "b_marked", [Role.OFFICER], "MARKERNGUOIB Trần Thị"),
    }
    for user in world.users.values():  # the world's people have no e-mail; invitations and resets need one
        user.email = f"{user.username}@example.invalid"
        user.full_name = user.full_name or user.username
        User.objects.filter(pk=user.pk).update(email=user.email, full_name=user.full_name)
    return {**world.users, **found}


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _api(client: Client, method: str, url: str, body: dict | None = None):
    return client.generic(
        method.upper(), url, json.dumps(body) if body else "", content_type="application/json"
    )


def _roles(user: User) -> list[str]:
    return sorted(User.objects.get(pk=user.pk).roles.values_list("code", flat=True))


# --- scope: A's administrator sees and acts on A's people only ---------------------------------------------


def test_list_page_export_and_api_show_only_the_own_organisation(people):
    client = _client(people["a_admin"])
    page = client.get("/accounts/users/?page_size=100")
    assert page.status_code == 200
    html = text_of(page)
    export = client.get("/accounts/users/?format=xlsx")
    assert export.status_code == 200
    api = client.get("/api/v1/users?page_size=200")
    assert api.status_code == 200
    api_names = {row["username"] for row in api.json()["items"]}
    for text in (html, text_of(export)):
        assert "MARKERNGUOIA" in text
        assert "a_viewer" in text
        assert "MARKERNGUOIB" not in text
        assert "b_editor" not in text
        assert "Quản Trị Tỉnh B" not in text
    assert {"a_admin", "a_viewer", "a_editor", "a_marked", "inactive"} <= api_names
    assert not api_names & {"b_admin", "b_editor", "b_marked", "x_officer", "ministry"}
    # B's administrator, the other way round
    other = _client(people["b_admin"]).get("/api/v1/users?page_size=200").json()["items"]
    assert {row["username"] for row in other} == {"b_admin", "b_editor", "b_marked"}


def test_every_route_of_another_provinces_person_is_404_and_changes_nothing(people):
    client = _client(people["a_admin"])
    for name in ("b_admin", "b_editor", "b_marked"):
        target = people[name]
        before = (target.is_active, target.must_change_password, _roles(target), target.full_name)
        answers = [
            client.get(f"/accounts/users/{target.pk}/").status_code,
            client.post(f"/accounts/users/{target.pk}/", {**USER_BODY, "roles": ["viewer"]}).status_code,
            _api(client, "get", f"/api/v1/users/{target.pk}").status_code,
            _api(client, "patch", f"/api/v1/users/{target.pk}", {"full_name": "Bị Đổi"}).status_code,
        ]
        for step in USER_ACTIONS:
            answers.append(client.post(f"/accounts/users/{target.pk}/{step}/").status_code)
            answers.append(_api(client, "post", f"/api/v1/users/{target.pk}/{step}").status_code)
        assert set(answers) == {404}, (name, answers)
        target.refresh_from_db()
        assert (target.is_active, target.must_change_password, _roles(target), target.full_name) == before
    assert _api(client, "get", "/api/v1/users/99999999").status_code == 404
    assert client.get("/accounts/users/99999999/").status_code == 404


def test_a_signed_in_non_administrator_is_refused(people):
    client = _client(people["a_editor"])
    assert client.get("/accounts/users/").status_code == 403
    assert client.get("/accounts/users/new/").status_code == 403
    assert client.get("/accounts/users/changes/").status_code == 403
    assert client.get("/api/v1/users").status_code == 403
    assert _api(client, "post", "/api/v1/users", USER_BODY).status_code == 403
    # a colleague of the same organisation is not theirs to manage: not found, as any other person
    assert client.get(f"/accounts/users/{people['a_viewer'].pk}/").status_code == 404
    assert _api(client, "post", f"/api/v1/users/{people['a_viewer'].pk}/deactivate").status_code == 404
    assert not User.objects.filter(username=USER_BODY["username"]).exists()
    assert User.objects.get(pk=people["a_viewer"].pk).is_active


def test_services_refuse_out_of_scope_targets_and_non_administrators(people):
    with pytest.raises(NotFound):
        services.user_deactivate(actor=people["a_admin"], user=people["b_marked"])
    with pytest.raises(NotFound):
        services.user_update(
            actor=people["a_editor"],
            user=people["a_viewer"],
            full_name="X",
            position="",
            email="x@example.invalid",
            phone="",
            roles=["viewer"],
        )
    with pytest.raises(Forbidden):
        services.user_invite(
            actor=people["a_editor"],
            organisation=None,
            username="nobody",
            full_name="Không Ai",
            position="",
            email="nobody@example.invalid",
            phone="",
            roles=[],
        )


def test_the_navigation_links_to_people_for_administrators_only(people):
    assert 'href="/accounts/users/"' in text_of(_client(people["a_admin"]).get("/"))
    assert 'href="/accounts/users/"' not in text_of(_client(people["a_editor"]).get("/"))


# --- invitations ---------------------------------------------------------------------------------------------


def test_inviting_creates_an_active_user_without_password_and_mails_a_link(
    people, django_capture_on_commit_callbacks
):
    client = _client(people["a_admin"])
    nfd = unicodedata.normalize("NFD", "Nguyễn Thị Hồng")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/accounts/users/new/",
            {
                "full_name": nfd,
                "username": "danang.hong",
                "position": unicodedata.normalize("NFD", "Chuyên viên phòng Lãnh sự"),
                "email": "Hong@Example.invalid",
                "phone": "0236 3822 000",
                "roles": ["officer", "viewer"],
            },
        )
    assert response.status_code == 302, text_of(response)
    user = User.objects.get(username="danang.hong")
    assert response["Location"] == f"/accounts/users/{user.pk}/"
    assert user.full_name == "Nguyễn Thị Hồng" == unicodedata.normalize("NFC", nfd)
    assert user.position == "Chuyên viên phòng Lãnh sự"
    assert user.is_active
    assert not user.has_usable_password()
    assert not user.is_superuser
    assert not user.is_staff
    assert user.organisation_id == people["a_admin"].organisation_id
    assert _roles(user) == ["officer", "viewer"]
    assert [m.to for m in mail.outbox] == [
        ["Hong@example.invalid"]
    ]  # the domain lower-cased (AbstractUser.clean)
    assert AccountLink.objects.filter(user=user, purpose="invite", used_at__isnull=True).count() == 1
    event = AuditEvent.objects.system(reason="test").get(action="user.invite", target_id=str(user.pk))
    assert event.actor_id == people["a_admin"].pk
    assert event.target_org_id == user.organisation_id
    assert event.changes["roles"] == [None, ["officer", "viewer"]]
    assert event.changes["full_name"] == [None, "Nguyễn Thị Hồng"]


def test_inviting_through_the_api(people, django_capture_on_commit_callbacks):
    client = _client(people["a_admin"])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = _api(
            client,
            "post",
            "/api/v1/users",
            {
                **USER_BODY,
                "username": "api.person",
                "email": "api.person@example.invalid",
                "is_superuser": True,
            },
        )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["organisation"] == "tinh-48"
    assert body["roles"] == ["viewer"]
    assert body["has_password"] is False
    assert body["is_active"] is True
    user = User.objects.get(username="api.person")
    assert not user.is_superuser
    assert not user.is_staff
    assert [m.to for m in mail.outbox] == [["api.person@example.invalid"]]


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"email": "A_VIEWER-TWIN@example.invalid"}, "email", "đã được dùng"),
        ({"email": ""}, "email", "không được để trống"),
        ({"email": "not-an-address"}, "email", "không hợp lệ"),
        ({"username": "A_Viewer"}, "username", "đã tồn tại"),
        ({"full_name": "  "}, "full_name", "không được để trống"),
        ({"phone": "gọi tôi"}, "phone", "Điện thoại"),
        ({"roles": ["site_admin"]}, "roles", "không tồn tại"),
    ],
)
def test_invitation_input_is_refused_in_vietnamese_naming_the_field(people, changes, field, words):
    services.user_update(
        actor=SYSTEM_ADMIN(people),
        user=people["a_viewer"],
        full_name="Người Xem",
        position="",
        email="a_viewer-twin@example.invalid",
        phone="",
        roles=["viewer"],
    )
    data = {**USER_BODY, "username": "new.person", "email": "new.person@example.invalid", **changes}
    response = _api(_client(people["a_admin"]), "post", "/api/v1/users", data)
    if response.status_code == 422 and response.json()["type"] == "invalid_input":
        errors = {e["field"]: e["message"] for e in response.json()["errors"]}
        assert field in errors, errors
        assert words in errors[field], errors
    else:  # the schema refused it first (an empty full name): a 422 naming the field
        assert response.status_code == 422, response.content
        assert field in response.content.decode()
    assert not User.objects.filter(username="new.person").exists()


def SYSTEM_ADMIN(people) -> User:
    admin = User.objects.filter(username="site_admin").first()
    if admin is None:
        admin = services.user_create(
            actor=SYSTEM,
            username="site_admin",
            password=PASSWORD,
            organisation=None,
            roles=[],
            is_superuser=True,
            check_password=False,
        )
    return admin


def test_the_invitation_page_shows_errors_in_vietnamese_naming_the_field(people):
    client = _client(people["a_admin"])
    response = client.post(
        "/accounts/users/new/",
        {
            "full_name": "Trùng Thư",
            "username": "trung.thu",
            "email": people["a_viewer"].email.upper(),
            "roles": ["officer"],
        },
    )
    assert response.status_code == 400
    html = text_of(response)
    assert "Thư điện tử" in html
    assert "đã được dùng cho tài khoản khác" in html
    assert not User.objects.filter(username="trung.thu").exists()


def test_an_org_admin_invites_only_into_their_own_organisation_a_site_admin_anywhere(
    people, django_capture_on_commit_callbacks
):
    with pytest.raises(ServiceError) as refused:
        services.user_invite(
            actor=people["a_admin"],
            organisation=people["b_admin"].organisation,
            username="intruder",
            full_name="Người Lạ",
            position="",
            email="intruder@example.invalid",
            phone="",
            roles=["viewer"],
        )
    assert "đơn vị của mình" in refused.value.errors["organisation"][0]
    response = _api(
        _client(people["a_admin"]),
        "post",
        "/api/v1/users",
        {**USER_BODY, "username": "intruder", "email": "intruder@example.invalid", "organisation": "tinh-12"},
    )
    assert response.status_code == 422
    assert not User.objects.filter(username="intruder").exists()
    with django_capture_on_commit_callbacks(execute=True):
        made = services.user_invite(
            actor=SYSTEM_ADMIN(people),
            organisation=people["b_admin"].organisation,
            username="b.newcomer",
            full_name="Người Mới B",
            position="",
            email="b.newcomer@example.invalid",
            phone="",
            roles=["head", "org_admin"],
        )
    assert made.organisation_id == people["b_admin"].organisation_id
    assert _roles(made) == ["head", "org_admin"]


# --- role rules -----------------------------------------------------------------------------------------


def _update(actor: User, user: User, roles: list[str]) -> User:
    return services.user_update(
        actor=actor,
        user=user,
        full_name=user.full_name or user.username,
        position=user.position,
        email=user.email or f"{user.username}@example.invalid",
        phone=user.phone,
        roles=roles,
    )


def test_nobody_gives_or_takes_a_role_they_do_not_hold(people):
    admin_only = people["a_admin_only"]  # org_admin without head or officer
    with pytest.raises(ServiceError) as refused:
        _update(admin_only, people["a_viewer"], ["viewer", "head"])
    assert "Lãnh đạo" in refused.value.errors["roles"][0] or "head" in refused.value.errors["roles"][0]
    assert "chính bạn không có" in refused.value.errors["roles"][0]
    with pytest.raises(ServiceError):
        _update(admin_only, people["a_editor"], ["officer"])  # taking head away
    assert _roles(people["a_editor"]) == ["head", "officer"]
    # viewer can always be given; a role the actor holds too
    _update(admin_only, people["a_viewer"], ["org_admin", "viewer"])
    assert _roles(people["a_viewer"]) == ["org_admin", "viewer"]
    # through the page, a locked role the person holds is kept though its checkbox is disabled (never posted)
    response = _client(admin_only).post(
        f"/accounts/users/{people['a_editor'].pk}/",
        {"full_name": "Biên Tập A", "email": "a_editor@example.invalid", "roles": ["viewer"]},
    )
    assert response.status_code == 302, text_of(response)
    assert _roles(people["a_editor"]) == ["head", "officer", "viewer"]


def test_nobody_is_made_a_site_administrator(people):
    client = _client(people["a_admin"])
    target = people["a_viewer"]
    response = _api(
        client,
        "patch",
        f"/api/v1/users/{target.pk}",
        {"is_superuser": True, "is_staff": True, "roles": ["viewer"]},
    )
    assert response.status_code == 200, response.content
    target.refresh_from_db()
    assert not target.is_superuser
    assert not target.is_staff
    with pytest.raises(ServiceError):
        _update(people["a_admin"], target, ["viewer", "site_admin"])


def test_a_site_administrators_account_is_changed_by_site_administrators_only(people):
    site_admin_in_a = services.user_create(
        actor=SYSTEM,
        username="root_a",
        password=PASSWORD,
        organisation=people["a_admin"].organisation,
        roles=[],
        is_superuser=True,
        check_password=False,
    )
    with pytest.raises(Forbidden):
        services.user_deactivate(actor=people["a_admin"], user=site_admin_in_a)
    assert (
        _client(people["a_admin"]).post(f"/accounts/users/{site_admin_in_a.pk}/deactivate/").status_code
        == 403
    )
    assert User.objects.get(pk=site_admin_in_a.pk).is_active
    page = _client(people["a_admin"]).get(f"/accounts/users/{site_admin_in_a.pk}/")
    assert page.status_code == 200
    assert "Khóa tài khoản" not in text_of(page)  # no button that would only answer 403
    assert "Khóa tài khoản" in text_of(
        _client(SYSTEM_ADMIN(people)).get(f"/accounts/users/{site_admin_in_a.pk}/")
    )


def test_the_last_active_head_and_org_admin_of_an_organisation_stay(people):
    admin = people["a_admin"]
    # org_admin holders in A: a_admin and a_admin_only
    _update(admin, people["a_admin_only"], ["viewer"])
    with pytest.raises(ServiceError) as refused:
        _update(admin, admin, ["head", "officer"])  # the last org_admin giving up the role
    assert "người cuối cùng" in refused.value.errors["roles"][0]
    # heads in A: a_editor and a_admin (the deactivated `inactive` does not count)
    _update(admin, people["a_editor"], ["officer"])
    with pytest.raises(ServiceError):
        _update(admin, admin, ["org_admin", "officer"])
    assert _roles(admin) == ["head", "officer", "org_admin"]
    # B's only head besides its administrator: the site administrator cannot switch both off
    site = SYSTEM_ADMIN(people)
    services.user_deactivate(actor=site, user=people["b_editor"])
    with pytest.raises(ServiceError) as refused:
        services.user_deactivate(actor=site, user=people["b_admin"])
    assert "roles" in refused.value.errors
    assert User.objects.get(pk=people["b_admin"].pk).is_active


def test_nobody_deactivates_themselves(people):
    response = _api(_client(people["a_admin"]), "post", f"/api/v1/users/{people['a_admin'].pk}/deactivate")
    assert response.status_code == 422
    assert "tự khóa" in response.json()["errors"][0]["message"]
    assert User.objects.get(pk=people["a_admin"].pk).is_active


# --- deactivation, reactivation and the other actions --------------------------------------------------


def test_deactivation_revokes_tokens_and_sessions_and_reactivation_restores_the_account(people):
    target = people["a_viewer"]
    with freeze_time("2026-03-02 08:00:00+07:00") as clock:
        _token, raw = services.api_token_create(actor=target, user=target, name="laptop")
        session = _client(target)
        assert session.get("/accounts/me/").status_code == 200
        assert Client().get("/api/v1/me", headers={"Authorization": f"Bearer {raw}"}).status_code == 200
        admin_client = _client(people["a_admin"])
        response = admin_client.post(f"/accounts/users/{target.pk}/deactivate/")
        assert response.status_code == 302
        target.refresh_from_db()
        assert not target.is_active
        assert target.deactivation_reason == "admin"
        assert target.deactivated_at == dt.datetime(2026, 3, 2, 1, 0, tzinfo=dt.UTC)
        assert not ApiToken.objects.filter(user=target, revoked_at__isnull=True).exists()
        assert Client().get("/api/v1/me", headers={"Authorization": f"Bearer {raw}"}).status_code == 401
        assert session.get("/accounts/me/").status_code == 302  # signed out
        page = text_of(admin_client.get("/accounts/users/?active=no"))
        assert "a_viewer" in page
        assert "Quản trị viên khóa tài khoản" in page
        User.objects.filter(pk=target.pk).update(inactivity_warned_at=timezone.now())
        clock.move_to("2026-04-10 09:30:00+07:00")
        response = _api(_client(people["a_admin"]), "post", f"/api/v1/users/{target.pk}/reactivate")
        assert response.status_code == 200, response.content
        assert response.json()["is_active"] is True
        target.refresh_from_db()
        assert target.is_active
        assert target.deactivated_at is None
        assert target.deactivation_reason == ""
        assert target.last_active_at == dt.datetime(2026, 4, 10, 2, 30, tzinfo=dt.UTC)
        assert target.inactivity_warned_at is None
        assert _client(target).get("/accounts/me/").status_code == 200
    actions = list(
        AuditEvent.objects.system(reason="test")
        .filter(target_type="accounts.user", target_id=str(target.pk))
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions[-3:] == ["user.deactivate", "user.credentials_revoke", "user.reactivate"]
    deactivated = AuditEvent.objects.system(reason="test").get(
        action="user.deactivate", target_id=str(target.pk)
    )
    assert deactivated.changes["is_active"] == [True, False]
    assert deactivated.changes["deactivation_reason"] == ["", "admin"]
    assert deactivated.target_org_id == target.organisation_id


def test_require_password_change_reset_mfa_and_send_a_reset_link(people, django_capture_on_commit_callbacks):
    target = people["a_viewer"]
    client = _client(people["a_admin"])
    assert client.post(f"/accounts/users/{target.pk}/require-password-change/").status_code == 302
    target.refresh_from_db()
    assert target.must_change_password
    assert _client(target).get("/").url.startswith("/accounts/password/")
    # two-factor: nothing to reset yet, then a device and its recovery codes go
    response = _api(client, "post", f"/api/v1/users/{target.pk}/reset-mfa")
    assert response.status_code == 422
    assert "chưa bật xác thực hai lớp" in response.json()["errors"][0]["message"]
    TotpDevice.objects.create(user=target, secret="JBSWY3DPEHPK3PXP", confirmed_at=timezone.now())
    assert _api(client, "get", f"/api/v1/users/{target.pk}").json()["mfa_enabled"] is True
    response = _api(client, "post", f"/api/v1/users/{target.pk}/reset-mfa")
    assert response.status_code == 200, response.content
    assert response.json()["mfa_enabled"] is False
    assert not TotpDevice.objects.filter(user=target).exists()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = _api(client, "post", f"/api/v1/users/{target.pk}/send-password-reset")
    assert response.json() == {"link": "reset"}
    assert [m.to for m in mail.outbox] == [[target.email]]
    assert AccountLink.objects.filter(user=target, purpose="reset").count() == 1
    actions = set(
        AuditEvent.objects.system(reason="test")
        .filter(target_type="accounts.user", target_id=str(target.pk))
        .values_list("action", flat=True)
    )
    assert {"user.require_password_change", "user.mfa_reset", "user.reset_link"} <= actions


def test_resending_an_invitation_to_someone_who_never_set_a_password(
    people, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invited = services.user_invite(
            actor=people["a_admin"],
            organisation=None,
            username="cho.loimoi",
            full_name="Chờ Lời Mời",
            position="",
            email="cho.loimoi@example.invalid",
            phone="",
            roles=["viewer"],
        )
    first = AccountLink.objects.get(user=invited)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = _client(people["a_admin"]).post(f"/accounts/users/{invited.pk}/send-password-reset/")
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [["cho.loimoi@example.invalid"]]
    first.refresh_from_db()
    assert first.revoked_at is not None  # the newer invitation replaced it
    assert AccountLink.objects.filter(user=invited, purpose="invite", revoked_at__isnull=True).count() == 1


# --- pages: the person's page, the audit of changes ----------------------------------------------------------


def test_the_persons_page_edits_and_shows_history(people):
    client = _client(people["a_admin"])
    target = people["a_viewer"]
    page = client.get(f"/accounts/users/{target.pk}/")
    assert page.status_code == 200
    response = client.post(
        f"/accounts/users/{target.pk}/",
        {
            "full_name": "Hoàng Văn Nam",
            "position": "Chuyên viên",
            "email": "nam@example.invalid",
            "phone": "+84 236 000",
            "roles": ["viewer", "officer"],
        },
    )
    assert response.status_code == 302
    target.refresh_from_db()
    assert (target.full_name, target.email, _roles(target)) == (
        "Hoàng Văn Nam",
        "nam@example.invalid",
        ["officer", "viewer"],
    )
    event = AuditEvent.objects.system(reason="test").get(action="user.update", target_id=str(target.pk))
    assert event.changes["roles"] == [["viewer"], ["officer", "viewer"]]
    assert event.changes["email"][1] == "nam@example.invalid"
    assert "sửa tài khoản" in text_of(client.get(f"/accounts/users/{target.pk}/"))


def test_the_audit_of_user_changes_shows_the_own_organisation_only(people):
    _update(people["a_admin"], people["a_marked"], ["officer", "viewer"])
    _update(people["b_admin"], people["b_marked"], ["officer", "viewer"])
    page = _client(people["a_admin"]).get("/accounts/users/changes/?page_size=100")
    assert page.status_code == 200
    text = text_of(page)
    assert "MARKERNGUOIA" in text
    assert "MARKERNGUOIB" not in text
    export = text_of(_client(people["a_admin"]).get("/accounts/users/changes/?format=xlsx"))
    assert "MARKERNGUOIA" in export
    assert "MARKERNGUOIB" not in export
    by_actor = text_of(_client(people["b_admin"]).get("/accounts/users/changes/?actor=b_admin"))
    assert "MARKERNGUOIB" in by_actor
    assert "MARKERNGUOIA" not in by_actor


def test_search_and_filters(people):
    client = _client(people["a_admin"])
    rows = client.get("/api/v1/users?q=le van").json()["items"]  # folded: "Lê Văn"
    assert [r["username"] for r in rows] == ["a_marked"]
    rows = client.get("/api/v1/users?q=markernguoib").json()["items"]
    assert rows == []
    heads = {r["username"] for r in client.get("/api/v1/users?role=head").json()["items"]}
    assert heads == {"a_admin", "a_editor", "inactive"}
    inactive = {r["username"] for r in client.get("/api/v1/users?active=no").json()["items"]}
    assert inactive == {"inactive"}
    User.objects.filter(pk=people["a_editor"].pk).update(last_login=timezone.now() - dt.timedelta(days=40))
    User.objects.filter(pk=people["a_viewer"].pk).update(last_login=timezone.now() - dt.timedelta(days=2))
    over_30 = {r["username"] for r in client.get("/api/v1/users?last_login=over_30").json()["items"]}
    assert over_30 == {"a_editor"}
    never = {r["username"] for r in client.get("/api/v1/users?last_login=never").json()["items"]}
    assert "a_viewer" not in never
    assert "a_marked" in never
    # the organisation filter cannot widen an org_admin's scope
    assert client.get("/api/v1/users?organisation=tinh-12").json()["items"] == []
    workbook = load_workbook(
        io.BytesIO(b"".join(client.get("/accounts/users/?format=xlsx").streaming_content))
    )
    header = [c.value for c in next(workbook.active.iter_rows())]
    assert header[:2] == ["Họ và tên", "Tên đăng nhập"]
    assert "Xác thực hai lớp" in header


def test_the_list_costs_the_same_number_of_queries_for_2_and_30_people(people):
    admin = people["a_admin"]
    client = _client(admin)
    User.objects.filter(organisation=admin.organisation).exclude(pk=admin.pk).update(
        organisation=people["b_admin"].organisation
    )

    def counts() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as page:
            assert client.get("/accounts/users/?page_size=100").status_code == 200
        with CaptureQueriesContext(connection) as api:
            assert client.get("/api/v1/users?page_size=100").status_code == 200
        return len(page), len(api)

    _person_in = people["a_marked"]
    User.objects.filter(pk=_person_in.pk).update(organisation=admin.organisation)
    two = counts()
    for n in range(28):
        services.user_create(
            actor=SYSTEM,
            username=f"many{n}",
            password=PASSWORD,
            organisation=admin.organisation,
            roles=[Role.OFFICER, Role.VIEWER],
            full_name=f"Người Thứ {n}",
            check_password=False,
        )
    assert User.objects.filter(organisation=admin.organisation).count() == 30
    assert counts() == two


def test_the_demo_has_an_organisation_administrator_for_da_nang_and_the_ministry(reference):
    from ngoaivu.directory.dev.demo import load_demo

    load_demo()
    for username, code in (("danang.admin", "tinh-48"), ("mofa.admin", "mofa")):
        admin = User.objects.get(username=username)
        assert admin.scope.is_org_admin
        assert not admin.is_superuser
        assert set(services.givable_roles(admin)) == {"viewer", "officer", "head", "org_admin"}
        rows = _client(admin).get("/api/v1/users?page_size=200").json()["items"]
        assert rows
        assert {row["organisation"] for row in rows} == {code}


def test_a_site_administrator_chooses_the_organisation_on_the_invitation_page(
    people, django_capture_on_commit_callbacks
):
    site = _client(SYSTEM_ADMIN(people))
    form = text_of(site.get("/accounts/users/new/"))
    assert 'name="organisation"' in form
    assert 'name="organisation"' not in text_of(_client(people["a_admin"]).get("/accounts/users/new/"))
    with django_capture_on_commit_callbacks(execute=True):
        response = site.post(
            "/accounts/users/new/",
            {
                "full_name": "Người Của B",
                "username": "b.by.site",
                "email": "b.by.site@example.invalid",
                "organisation": people["b_admin"].organisation_id,
                "roles": ["head"],
            },
        )
    assert response.status_code == 302, text_of(response)
    made = User.objects.get(username="b.by.site")
    assert made.organisation_id == people["b_admin"].organisation_id
    assert _roles(made) == ["head"]


def test_the_role_checkboxes_lock_the_roles_one_does_not_hold(people):
    html = text_of(_client(people["a_admin_only"]).get("/accounts/users/new/"))
    assert 'value="head" id="id_roles_2" disabled' in html
    assert 'value="org_admin" id="id_roles_3">' in html
    response = _client(people["a_admin_only"]).post(
        "/accounts/users/new/",
        {
            "full_name": "Lãnh Đạo Giả",
            "username": "fake.head",
            "email": "fake.head@example.invalid",
            "roles": ["head"],
        },
    )
    # a disabled checkbox posted anyway is dropped by the form, which then has no role to give: refused, nobody made
    assert response.status_code == 400
    assert "Chọn ít nhất một vai trò" in text_of(response)
    assert not User.objects.filter(username="fake.head").exists()


def test_the_invitation_form_names_a_bad_address_and_refuses_a_person_without_any_role(world):
    """The walk: "anh.ntn@danang" was answered "Nhập địa chỉ email." (as if nothing was typed), and a person with
    no role was created without a word (the tampered case is in the test above)."""
    from ngoaivu.accounts.models import Role, User

    admin = world.users["a_editor"]
    admin.roles.add(Role.objects.get(code=Role.ORG_ADMIN))
    client = world.client("a_editor")
    base = {"full_name": "Nguyễn Thị Ánh", "username": "danang.anh", "email": "anh@danang.gov.vn"}
    bad_address = client.post(
        "/accounts/users/new/", {**base, "email": "anh.ntn@danang", "roles": ["officer"]}
    )
    assert bad_address.status_code in {200, 400}
    assert "Địa chỉ thư điện tử không hợp lệ" in bad_address.content.decode()
    refused = client.post("/accounts/users/new/", base)
    assert refused.status_code in {200, 400}
    assert "Chọn ít nhất một vai trò" in refused.content.decode()
    assert not User.objects.filter(username="danang.anh").exists()
