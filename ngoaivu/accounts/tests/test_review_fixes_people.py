"""Regression tests for the review of issue 19 (people, links, tokens): an org_admin cannot take over an
account holding a role they may not give, nor another org_admin's; an administrator resets no second factor
of their own; unused links die with a new e-mail, a deactivation, a password change; an org_admin neither
lists nor revokes a site administrator's tokens; the password page keeps only the link's hash in the session."""

from __future__ import annotations

import datetime as dt
import json
import re

import pyotp
import pytest
from django.contrib.sessions.models import Session
from django.core import mail
from django.test import Client
from django.utils import timezone
from freezegun import freeze_time

from ngoaivu.accounts import services
from ngoaivu.accounts.models import AccountLink, ApiToken, Role, TotpDevice, User
from ngoaivu.accounts.selectors import users as user_selectors
from ngoaivu.accounts.services import links as link_services
from ngoaivu.accounts.services import mfa as mfa_services
from ngoaivu.accounts.services.users import mask_email
from ngoaivu.audit.services import SystemActor
from ngoaivu.core.exceptions import Forbidden
from ngoaivu.core.testing.world import PASSWORD

pytestmark = pytest.mark.django_db
SYSTEM = SystemActor("test-review-fixes")
NEW = "Another-long-pass-2026!q"


def _person(world, org: str, username: str, roles: list[str], **extra) -> User:
    return services.user_create(
        actor=SYSTEM,
        username=username,
        password=PASSWORD,
        organisation=world.orgs[org],
        roles=roles,
        full_name=username,
        email=f"{username}@example.invalid",
        check_password=False,
        **extra,
    )


def _enrol(user: User) -> None:
    _device, secret, _uri = mfa_services.mfa_enrol_start(actor=user, user=user)
    mfa_services.mfa_enrol_confirm(actor=user, user=user, code=pyotp.TOTP(secret).now())


def _raw_link(message) -> str:
    found = re.search(r"/accounts/password/set/(\S+)/", message.body)
    assert found is not None, message.body
    return found.group(1)


def _api(client: Client, method: str, url: str):
    return client.generic(method, url, "", content_type="application/json")


def test_org_admin_without_head_cannot_take_over_a_head(world, django_capture_on_commit_callbacks):
    """The reviewer's take-over: a new e-mail, a two-factor reset, a reset link, a required change — each
    refused (403) for a person holding `head`, which the org_admin may not give; nothing changes, no mail."""
    admin = _person(world, "A", "fx_admin_only", [Role.ORG_ADMIN])
    head = _person(world, "A", "fx_head", [Role.OFFICER, Role.HEAD])
    _enrol(head)
    assert Role.HEAD not in services.givable_roles(admin)
    roles = sorted(head.roles.values_list("code", flat=True))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(Forbidden, match="quản trị hệ thống"):
            services.user_update(
                actor=admin,
                user=head,
                full_name=head.full_name,
                position="",
                email="attacker@evil.invalid",
                phone="",
                roles=roles,
            )
        with pytest.raises(Forbidden):
            services.user_mfa_reset(actor=admin, user=head)
        with pytest.raises(Forbidden):
            services.user_send_password_reset(actor=admin, user=head)
        with pytest.raises(Forbidden):
            services.user_require_password_change(actor=admin, user=head)
    head.refresh_from_db()
    assert head.email != "attacker@evil.invalid"
    assert TotpDevice.objects.filter(user=head).exists()
    assert not head.must_change_password
    assert not AccountLink.objects.filter(user=head).exists()
    assert mail.outbox == []
    # the same through the pages and the API: 403, not a link in anybody's mailbox
    client = Client()
    client.force_login(admin)
    page = client.post(f"/accounts/users/{head.pk}/send-password-reset/", {"confirm": "1"})
    api = _api(client, "POST", f"/api/v1/users/{head.pk}/reset-mfa")
    assert (page.status_code, api.status_code) == (403, 403)
    assert mail.outbox == []
    # other details of the same person stay editable (the e-mail unchanged)
    services.user_update(
        actor=admin,
        user=head,
        full_name="Trưởng Tỉnh A",
        position="",
        email=head.email,
        phone="",
        roles=roles,
    )
    assert User.objects.get(pk=head.pk).full_name == "Trưởng Tỉnh A"


def test_org_admin_cannot_take_over_another_org_admin(world):
    first = _person(world, "A", "fx_admin_1", [Role.ORG_ADMIN, Role.OFFICER, Role.HEAD])
    second = _person(world, "A", "fx_admin_2", [Role.ORG_ADMIN, Role.OFFICER])
    for action in (services.user_send_password_reset, services.user_require_password_change):
        with pytest.raises(Forbidden):
            action(actor=first, user=second)
    with pytest.raises(Forbidden):
        services.user_update(
            actor=first,
            user=second,
            full_name="x",
            position="",
            email="other@example.invalid",
            phone="",
            roles=[Role.ORG_ADMIN, Role.OFFICER],
        )
    assert User.objects.get(pk=second.pk).email == "fx_admin_2@example.invalid"


def test_allowed_email_change_tells_the_old_address_and_kills_its_links(
    world, django_capture_on_commit_callbacks
):
    """An org_admin holding every role of the person (or a site administrator) may change the e-mail: the
    unused link mailed to the old (mistyped) address dies, and the old address is told, the new one masked."""
    admin = _person(world, "A", "fx_admin_full", [Role.ORG_ADMIN, Role.OFFICER, Role.HEAD])
    with django_capture_on_commit_callbacks(execute=True):
        new = services.user_invite(
            actor=admin,
            organisation=None,
            username="fx_new",
            full_name="Người Mới",
            position="",
            email="typo@wrong.invalid",
            phone="",
            roles=[Role.OFFICER, Role.HEAD],
        )
    raw = _raw_link(mail.outbox[-1])
    assert link_services.link_get(raw) is not None
    mail.outbox.clear()
    with freeze_time("2026-03-02 03:04:00"), django_capture_on_commit_callbacks(execute=True):
        services.user_update(
            actor=admin,
            user=new,
            full_name="Người Mới",
            position="",
            email="right@ok.invalid",
            phone="",
            roles=[Role.OFFICER, Role.HEAD],
        )
    assert link_services.link_get(raw) is None
    assert [m.to for m in mail.outbox] == [["typo@wrong.invalid"]]
    notice = mail.outbox[0]
    assert "r***@ok.invalid" in notice.body
    assert "right@ok.invalid" not in notice.body + notice.subject
    assert "fx_admin_full" in notice.body
    assert "02/03/2026 10:04" in notice.body  # Vietnam time
    # a new invitation reaches the corrected address
    with django_capture_on_commit_callbacks(execute=True):
        assert services.user_send_password_reset(actor=admin, user=new) == "invite"
    assert mail.outbox[-1].to == ["right@ok.invalid"]
    # no change of address, no notice
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.user_update(
            actor=admin,
            user=new,
            full_name="Người Mới Hai",
            position="",
            email="right@ok.invalid",
            phone="",
            roles=[Role.OFFICER, Role.HEAD],
        )
    assert mail.outbox == []


def test_site_admin_may_change_a_heads_email(world, django_capture_on_commit_callbacks):
    root = _person(world, "A", "fx_root", [Role.OFFICER], is_superuser=True)
    head = User.objects.get(pk=world.users["a_editor"].pk)
    old = head.email
    with django_capture_on_commit_callbacks(execute=True):
        services.user_update(
            actor=root,
            user=head,
            full_name=head.full_name or "a",
            position="",
            email="new-head@example.invalid",
            phone="",
            roles=sorted(head.roles.values_list("code", flat=True)),
        )
    assert User.objects.get(pk=head.pk).email == "new-head@example.invalid"
    assert [m.to for m in mail.outbox] == [[old]] if old else mail.outbox == []


def test_mask_email():
    assert mask_email("an.nguyen@example.org") == "a***@example.org"
    assert mask_email("x@y.vn") == "x***@y.vn"


def test_administrator_cannot_reset_their_own_two_factor(world, settings):
    settings.NGOAIVU_MFA_REQUIRED_ROLES = ["site_admin", "org_admin", "mofa:head"]
    admin = _person(world, "A", "fx_admin_self", [Role.ORG_ADMIN, Role.OFFICER, Role.HEAD])
    _enrol(admin)
    with pytest.raises(Forbidden, match="Xác thực hai lớp"):
        services.user_mfa_reset(actor=admin, user=admin)
    client = Client()
    client.force_login(admin)
    assert _api(client, "POST", f"/api/v1/users/{admin.pk}/reset-mfa").status_code == 403
    assert client.post(f"/accounts/users/{admin.pk}/reset-mfa/", {"confirm": "1"}).status_code == 403
    assert TotpDevice.objects.filter(user=admin).exists()


def _reset_link(admin: User, user: User, capture) -> str:
    with capture(execute=True):
        services.user_send_password_reset(actor=admin, user=user)
    return _raw_link(mail.outbox[-1])


def test_deactivation_kills_unused_links_and_reactivation_does_not_revive_them(
    world, django_capture_on_commit_callbacks
):
    admin = _person(world, "A", "fx_admin_deact", [Role.ORG_ADMIN, Role.OFFICER, Role.HEAD])
    victim = _person(world, "A", "fx_victim", [Role.OFFICER])
    raw = _reset_link(admin, victim, django_capture_on_commit_callbacks)
    services.user_deactivate(actor=admin, user=victim)
    services.user_reactivate(actor=admin, user=victim)
    assert link_services.link_get(raw) is None
    assert AccountLink.objects.get(user=victim).revoked_at is not None


def test_idle_deactivation_kills_unused_links(world, django_capture_on_commit_callbacks):
    admin = _person(world, "A", "fx_admin_idle", [Role.ORG_ADMIN, Role.OFFICER, Role.HEAD])
    idle = _person(world, "A", "fx_idle", [Role.OFFICER])
    _reset_link(admin, idle, django_capture_on_commit_callbacks)
    warned = timezone.now() + dt.timedelta(days=46)
    with django_capture_on_commit_callbacks(execute=True):
        services.deactivate_idle_accounts(now=warned)  # the week's warning first
        services.deactivate_idle_accounts(now=warned + dt.timedelta(days=8))
    assert not User.objects.get(pk=idle.pk).is_active
    # revoked, not merely expired: a reactivation within the hour would not revive it
    assert AccountLink.objects.get(user=idle).revoked_at is not None


def test_password_change_kills_an_outstanding_reset_link(world, django_capture_on_commit_callbacks):
    user = _person(world, "A", "fx_changer", [Role.OFFICER])
    with django_capture_on_commit_callbacks(execute=True):
        link_services.password_reset_for_login("fx_changer")  # the forgot-password page's job
    raw = _raw_link(mail.outbox[-1])
    client = Client()
    client.force_login(user)
    response = client.post(
        "/accounts/password/", {"old_password": PASSWORD, "new_password": NEW, "new_password_again": NEW}
    )
    assert response.status_code == 302
    assert link_services.link_get(raw) is None


def test_credentials_revoke_counts_the_links_it_kills(world, django_capture_on_commit_callbacks):
    admin = _person(world, "A", "fx_admin_cr", [Role.ORG_ADMIN, Role.OFFICER, Role.HEAD])
    user = _person(world, "A", "fx_cr", [Role.OFFICER])
    raw = _reset_link(admin, user, django_capture_on_commit_callbacks)
    services.credentials_revoke(actor=admin, user=user, reason="test")
    assert link_services.link_get(raw) is None
    assert link_services.links_revoke(user) == 0  # nothing left to revoke


def test_org_admin_neither_lists_nor_revokes_a_site_admins_tokens(world):
    admin = _person(world, "A", "fx_admin_tok", [Role.ORG_ADMIN, Role.OFFICER, Role.HEAD])
    root = _person(world, "A", "fx_root_tok", [Role.OFFICER], is_superuser=True)
    token, _raw = services.api_token_create(actor=root, user=root, name="ops")
    assert list(user_selectors.user_tokens(user=admin, target=root)) == []
    assert list(user_selectors.user_tokens(user=root, target=root)) == [token]
    client = Client()
    client.force_login(admin)
    deleted = _api(client, "DELETE", f"/api/v1/users/{root.pk}/tokens/{token.pk}")
    deactivate = _api(client, "POST", f"/api/v1/users/{root.pk}/deactivate")
    page = client.post(f"/accounts/users/{root.pk}/tokens/{token.pk}/revoke/")
    assert (deleted.status_code, deactivate.status_code, page.status_code) == (403, 403, 403)
    assert json.loads(deleted.content)["type"].endswith("forbidden")
    assert ApiToken.objects.get(pk=token.pk).revoked_at is None
    # another site administrator may
    other_root = _person(world, "A", "fx_root_tok2", [Role.OFFICER], is_superuser=True)
    services.api_token_revoke(actor=other_root, token=token)
    assert ApiToken.objects.get(pk=token.pk).revoked_at is not None


def test_password_page_keeps_only_the_links_hash_in_the_session(world, django_capture_on_commit_callbacks):
    admin = _person(world, "A", "fx_admin_sess", [Role.ORG_ADMIN, Role.OFFICER, Role.HEAD])
    user = _person(world, "A", "fx_sess", [Role.OFFICER])
    raw = _reset_link(admin, user, django_capture_on_commit_callbacks)
    client = Client()
    assert client.get(f"/accounts/password/set/{raw}/").status_code == 302
    stored = [s.session_data for s in Session.objects.all()] + [
        json.dumps(s.get_decoded()) for s in Session.objects.all()
    ]
    assert stored
    assert not any(raw in data for data in stored)
    assert any(link_services.token_hash(raw) in data for data in stored)
    form = client.get("/accounts/password/set/")
    assert form.status_code == 200
    done = client.post("/accounts/password/set/", {"new_password": NEW, "new_password_again": NEW})
    assert done.status_code == 302
    assert User.objects.get(pk=user.pk).check_password(NEW)
    assert link_services.link_get(raw) is None


def test_person_page_offers_only_what_the_admin_may_do(world):
    """On a head's page an org_admin who is not a head sees no link, reset or required-change button and the
    e-mail cannot be changed (a posted one is ignored); other details still save."""
    admin = _person(world, "A", "fx_admin_page", [Role.ORG_ADMIN])
    head = _person(world, "A", "fx_head_page", [Role.OFFICER, Role.HEAD])
    client = Client()
    client.force_login(admin)
    page = client.get(f"/accounts/users/{head.pk}/")
    body = page.content.decode()
    assert page.status_code == 200
    assert f"/accounts/users/{head.pk}/send-password-reset/" not in body
    assert f"/accounts/users/{head.pk}/require-password-change/" not in body
    assert "Chỉ quản trị hệ thống mới đổi được thư điện tử" in body
    posted = client.post(
        f"/accounts/users/{head.pk}/",
        {
            "full_name": "Tên Mới",
            "position": "",
            "email": "attacker@evil.invalid",
            "phone": "",
            "roles": [Role.OFFICER, Role.HEAD],
        },
    )
    assert posted.status_code == 302
    head.refresh_from_db()
    assert (head.full_name, head.email) == ("Tên Mới", "fx_head_page@example.invalid")
    # a head administrator sees the buttons on the same page
    full = _person(world, "A", "fx_admin_page_full", [Role.ORG_ADMIN, Role.OFFICER, Role.HEAD])
    other = Client()
    other.force_login(full)
    assert (
        f"/accounts/users/{head.pk}/send-password-reset/"
        in other.get(f"/accounts/users/{head.pk}/").content.decode()
    )
