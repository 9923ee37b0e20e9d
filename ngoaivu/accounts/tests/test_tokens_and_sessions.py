"""Tokens and signed-in sessions under the user's control: API tokens (page and API, a cap of live tokens, an
expiry of at most a year, an organisation administrator revoking one), sessions (listed, ended one by one or
all others), and the revocation of every credential after a password change; the calendar feed stored hashed."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
from importlib import import_module

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from freezegun import freeze_time

from ngoaivu.accounts import services
from ngoaivu.accounts.models import ApiToken, Role, User, UserSession
from ngoaivu.accounts.selectors.security import device_summary
from ngoaivu.audit.models import AuditEvent
from ngoaivu.audit.services import SystemActor
from ngoaivu.core.testing.world import PASSWORD, text_of

SYSTEM = SystemActor("test-tokens")
NEW_PASSWORD = "Hoi-nghi-xuc-tien-2026!"
FIREFOX_LINUX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
CHROME_WINDOWS = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 "
    "Safari/537.36"
)
SAFARI_IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.5 Mobile/15E148 Safari/604.1"
)
EDGE_WINDOWS = CHROME_WINDOWS + " Edg/131.0.2903.86"


@pytest.fixture(autouse=True)
def _vietnamese():
    with translation.override("vi"):
        yield


def _store_has(key: str) -> bool:
    return import_module(settings.SESSION_ENGINE).SessionStore().exists(key)


def _sign_in(username: str, user_agent: str = FIREFOX_LINUX, address: str = "203.0.113.7") -> Client:
    client = Client(HTTP_USER_AGENT=user_agent, REMOTE_ADDR=address)
    response = client.post("/accounts/login/", {"username": username, "password": PASSWORD})
    assert response.status_code == 302, response.content[:500]
    return client


def _key(client: Client) -> str:
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def _api(client: Client, method: str, url: str, body: dict | None = None, token: str = ""):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return client.generic(
        method.upper(),
        url,
        json.dumps(body) if body else "",
        content_type="application/json",
        headers=headers,
    )


def _org_admin(world, org: str, username: str) -> User:
    return services.user_create(
        actor=SYSTEM,
        username=username,
        password=PASSWORD,
        organisation=world.orgs[org],
        roles=[Role.ORG_ADMIN],
        full_name=username,
        check_password=False,
    )


# --- credentials_revoke ------------------------------------------------------------------------------------


def test_credentials_revoke_revokes_tokens_feed_and_other_sessions(world):
    user = world.users["a_editor"]
    _token, raw = services.api_token_create(actor=user, user=user, name="ci")
    services.calendar_token_issue(actor=user, user=user)
    engine = import_module(settings.SESSION_ENGINE)
    keys = []
    for _ in range(2):
        store = engine.SessionStore()
        store.create()
        keys.append(store.session_key)
        UserSession.objects.create(user=user, session_key=store.session_key, last_activity_at=timezone.now())
    services.credentials_revoke(actor=user, user=user, reason="password_change", keep_session_key=keys[0])
    assert services.api_token_user(raw) is None
    assert ApiToken.objects.get(user=user).revoked_reason == "password_change"
    assert User.objects.filter(pk=user.pk, calendar_token_hash__isnull=True).exists()
    assert _store_has(keys[0])
    assert not _store_has(keys[1])
    assert UserSession.objects.get(session_key=keys[1]).ended_at is not None
    assert UserSession.objects.get(session_key=keys[0]).ended_at is None
    event = AuditEvent.objects.get(action="user.credentials_revoke")
    assert event.changes["api_tokens_revoked"] == [None, 1]
    assert event.changes["sessions_ended"] == [None, 1]
    assert event.changes["calendar_feed_revoked"] == [None, True]


def test_user_touch_writes_at_most_every_five_minutes(world):
    user = User.objects.get(pk=world.users["a_viewer"].pk)
    with freeze_time("2026-03-02 08:00:00") as frozen:
        services.user_touch(user)
        assert User.objects.get(pk=user.pk).last_active_at == timezone.now()
        frozen.tick(dt.timedelta(minutes=4))
        with CaptureQueriesContext(connection) as queries:
            services.user_touch(user)
        assert len(queries) == 0
        frozen.tick(dt.timedelta(minutes=2))
        services.user_touch(user)
        assert User.objects.get(pk=user.pk).last_active_at == timezone.now()
    assert not AuditEvent.objects.filter(target_id=str(user.pk), action__startswith="user.touch").exists()


# --- API tokens: pages ----------------------------------------------------------------------------------------


@freeze_time("2026-03-02 08:00:00")
def test_tokens_page_creates_a_named_token_shown_once_and_revokes_it(world):
    client = _sign_in("a_editor")
    page = client.get("/accounts/me/tokens/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'type="date"' in html
    assert 'value="2026-04-01"' in html  # a month ahead by default
    assert 'max="2027-03-02"' in html
    response = client.post(
        "/accounts/me/tokens/",
        {
            "form_key": client.get("/accounts/me/tokens/").context["form_key"],
            "name": "Báo cáo Excel",
            "expires_on": "2026-06-30",
        },
    )
    assert response.status_code == 200
    raw = response.context["new_token"]
    assert raw.startswith("nv_")
    assert raw in response.content.decode()
    token = ApiToken.objects.get(user=world.users["a_editor"])
    assert token.name == "Báo cáo Excel"
    assert timezone.localtime(token.expires_at).date() == dt.date(2026, 6, 30)
    assert token.key_hash == hashlib.sha256(raw.encode()).hexdigest()
    listed = client.get("/accounts/me/tokens/").content.decode()
    assert raw not in listed  # never shown again
    assert token.prefix in listed
    assert "30/06/2026" in listed
    assert "Chưa dùng" in listed
    assert _api(Client(), "get", "/api/v1/me", token=raw).status_code == 200
    assert "02/03/2026" in client.get("/accounts/me/tokens/").content.decode()  # last used
    revoked = client.post(f"/accounts/tokens/{token.pk}/revoke/")
    assert revoked.status_code == 302
    assert revoked["Location"] == "/accounts/me/tokens/"
    assert _api(Client(), "get", "/api/v1/me", token=raw).status_code == 401
    token.refresh_from_db()
    assert token.revoked_reason == "owner"
    assert "Người dùng tự thu hồi" in client.get("/accounts/me/tokens/").content.decode()


@freeze_time("2026-03-02 08:00:00")
@pytest.mark.parametrize(
    ("expires_on", "words"),
    [
        ("2027-03-03", "không được quá 365 ngày"),
        ("2026-03-02", "phải sau hôm nay"),
        ("03/2026", "không hợp lệ"),
    ],
)
def test_a_token_expiry_beyond_a_year_or_in_the_past_is_refused_naming_the_field(world, expires_on, words):
    client = _sign_in("a_editor")
    response = client.post(
        "/accounts/me/tokens/",
        {
            "form_key": client.get("/accounts/me/tokens/").context["form_key"],
            "name": "xa quá",
            "expires_on": expires_on,
        },
    )
    assert response.status_code == 400
    errors = " ".join(str(e) for e in response.context["form"].errors["expires_on"])
    assert words in errors, errors
    assert "Hết hạn sau ngày" in response.content.decode()  # the summary names the field
    assert not ApiToken.objects.filter(user=world.users["a_editor"]).exists()


def test_someone_elses_token_cannot_be_revoked_from_the_own_token_route(world):
    theirs, _raw = services.api_token_create(actor=SYSTEM, user=world.users["b_editor"], name="b")
    client = _sign_in("a_editor")
    assert client.post(f"/accounts/tokens/{theirs.pk}/revoke/").status_code == 404
    assert _api(client, "delete", f"/api/v1/me/tokens/{theirs.pk}").status_code == 404
    theirs.refresh_from_db()
    assert theirs.revoked_at is None


# --- API tokens: API ------------------------------------------------------------------------------------------


@freeze_time("2026-03-02 08:00:00")
def test_tokens_api_lists_creates_and_revokes_never_listing_the_secret(world):
    client = world.client("a_editor")
    made = _api(client, "post", "/api/v1/me/tokens", {"name": "Đồng bộ", "expires_in_days": 90})
    assert made.status_code == 201, made.content
    body = made.json()
    raw = body["token"]
    assert body["name"] == "Đồng bộ"
    assert body["expires_at"].startswith("2026-05-31")
    assert body["revoked_token"] is None
    dated = _api(client, "post", "/api/v1/me/tokens", {"name": "Tới ngày", "expires_on": "2026-12-31"})
    assert dated.status_code == 201
    listed = _api(client, "get", "/api/v1/me/tokens")
    assert listed.status_code == 200
    text = listed.content.decode()
    assert raw not in text
    assert dated.json()["token"] not in text
    rows = {r["name"]: r for r in listed.json()}
    assert rows["Đồng bộ"]["prefix"] == raw[:10]
    assert rows["Đồng bộ"]["state"] == "active"
    assert set(rows["Đồng bộ"]) >= {"created_at", "last_used_at", "expires_at"}
    gone = _api(client, "delete", f"/api/v1/me/tokens/{rows['Đồng bộ']['id']}")
    assert gone.status_code == 204
    assert _api(Client(), "get", "/api/v1/me", token=raw).status_code == 401
    assert {r["name"]: r["state"] for r in _api(client, "get", "/api/v1/me/tokens").json()}["Đồng bộ"] == (
        "revoked"
    )
    too_long = _api(client, "post", "/api/v1/me/tokens", {"name": "xa", "expires_in_days": 366})
    assert too_long.status_code == 422
    assert too_long.json()["type"]


@freeze_time("2026-03-02 08:00:00")
def test_auth_token_takes_a_name_and_an_expiry_of_at_most_a_year(world):
    anonymous = Client()
    answer = _api(
        anonymous,
        "post",
        "/api/v1/auth/token",
        {"username": "a_editor", "password": PASSWORD, "name": "máy chủ báo cáo", "expires_in_days": 365},
    )
    assert answer.status_code == 200, answer.content
    assert answer.json()["name"] == "máy chủ báo cáo"
    assert answer.json()["expires_at"].startswith("2027-03-02")
    default = _api(anonymous, "post", "/api/v1/auth/token", {"username": "a_editor", "password": PASSWORD})
    assert default.json()["expires_at"].startswith("2026-04-01")  # NGOAIVU_API_TOKEN_DAYS (30)
    refused = _api(
        anonymous,
        "post",
        "/api/v1/auth/token",
        {"username": "a_editor", "password": PASSWORD, "expires_in_days": 400},
    )
    assert refused.status_code == 422
    assert ApiToken.objects.filter(user=world.users["a_editor"]).count() == 2


def test_the_21st_token_revokes_the_oldest_unused_and_says_which(world):
    user = world.users["a_editor"]
    start = timezone.now() - dt.timedelta(days=10)
    made = []
    for i in range(settings.NGOAIVU_API_TOKENS_PER_USER):
        with freeze_time(start + dt.timedelta(hours=i)):
            made.append(services.api_token_create(actor=user, user=user, name=f"t{i:02d}"))
    # every token but t03 and t05 has been used; t03 is older than t05: t03 goes first
    for i, new in enumerate(made):
        if i not in (3, 5):
            ApiToken.objects.filter(pk=new.token.pk).update(
                last_used_at=start + dt.timedelta(days=1, hours=i)
            )
    answer = _api(Client(), "post", "/api/v1/auth/token", {"username": "a_editor", "password": PASSWORD})
    assert answer.status_code == 200
    assert answer.json()["revoked_token"] == {"name": "t03", "prefix": made[3].token.prefix}
    assert services.api_token_user(made[3].raw) is None
    assert ApiToken.objects.get(pk=made[3].token.pk).revoked_reason == "limit"
    live = ApiToken.objects.filter(user=user, revoked_at__isnull=True)
    assert live.count() == settings.NGOAIVU_API_TOKENS_PER_USER
    # the page says so too; then t05 (the other unused one) goes
    client = _sign_in("a_editor")
    response = client.post(
        "/accounts/me/tokens/",
        {
            "form_key": client.get("/accounts/me/tokens/").context["form_key"],
            "name": "trang",
            "expires_on": timezone.localdate() + dt.timedelta(days=5),
        },
    )
    assert response.status_code == 200
    assert "t05" in text_of(response)
    assert ApiToken.objects.get(pk=made[5].token.pk).revoked_at is not None
    # never-used tokens go before any used one, however recent, the oldest first: the one /auth/token made
    assert services.api_token_create(actor=user, user=user, name="next").revoked.name == "api"
    # all used now: the least recently used goes (t00, used first)
    ApiToken.objects.filter(user=user, last_used_at__isnull=True).update(last_used_at=timezone.now())
    assert services.api_token_create(actor=user, user=user, name="api2").revoked.name == "t00"


def test_the_token_command_keeps_working_and_checks_the_expiry(world):
    out, err = io.StringIO(), io.StringIO()
    call_command("token", "a_editor", "--days", "10", "--name", "cron", stdout=out, stderr=err)
    raw = out.getvalue().strip()
    assert services.api_token_user(raw) == world.users["a_editor"]
    assert ApiToken.objects.get(user=world.users["a_editor"]).name == "cron"
    with pytest.raises(CommandError, match="365"):
        call_command("token", "a_editor", "--days", "366", stdout=out, stderr=err)


# --- an organisation administrator revokes a token of their people ----------------------------------------------


def test_an_org_admin_revokes_a_token_of_their_organisation_and_gets_404_for_another(world):
    admin = _org_admin(world, "A", "a_admin")
    ours, our_raw = services.api_token_create(actor=SYSTEM, user=world.users["a_viewer"], name="ours")
    theirs, their_raw = services.api_token_create(actor=SYSTEM, user=world.users["b_editor"], name="theirs")
    client = _sign_in("a_admin")
    page = client.get(f"/accounts/users/{world.users['a_viewer'].pk}/")
    if page.status_code == 200:  # slice A's page includes the partial
        assert ours.prefix in page.content.decode()
        assert (
            f"/accounts/users/{world.users['a_viewer'].pk}/tokens/{ours.pk}/revoke/" in page.content.decode()
        )
    done = client.post(f"/accounts/users/{world.users['a_viewer'].pk}/tokens/{ours.pk}/revoke/")
    assert done.status_code == 302
    assert done["Location"] == f"/accounts/users/{world.users['a_viewer'].pk}/"
    assert services.api_token_user(our_raw) is None
    assert ApiToken.objects.get(pk=ours.pk).revoked_reason == "admin"
    event = AuditEvent.objects.filter(action="api_token.revoke").latest("pk")
    assert event.actor_id == admin.pk
    # another organisation's person: not found, by page and by API, and the token lives on
    b = world.users["b_editor"]
    assert client.post(f"/accounts/users/{b.pk}/tokens/{theirs.pk}/revoke/").status_code == 404
    assert _api(client, "delete", f"/api/v1/users/{b.pk}/tokens/{theirs.pk}").status_code == 404
    # the right token under the wrong person: not found either
    assert (
        client.post(f"/accounts/users/{world.users['a_viewer'].pk}/tokens/{theirs.pk}/revoke/").status_code
        == 404
    )
    assert services.api_token_user(their_raw) == b
    # a colleague without org_admin: 404 for a token of their own organisation
    mine, _mine_raw = services.api_token_create(actor=SYSTEM, user=world.users["a_viewer"], name="second")
    plain = world.client("a_editor")
    assert (
        plain.post(f"/accounts/users/{world.users['a_viewer'].pk}/tokens/{mine.pk}/revoke/").status_code
        == 404
    )
    assert (
        _api(plain, "delete", f"/api/v1/users/{world.users['a_viewer'].pk}/tokens/{mine.pk}").status_code
        == 404
    )
    # through the API, the org admin can
    assert (
        _api(client, "delete", f"/api/v1/users/{world.users['a_viewer'].pk}/tokens/{mine.pk}").status_code
        == 204
    )
    assert ApiToken.objects.get(pk=mine.pk).revoked_at is not None


def test_a_site_admin_revokes_any_token(world):
    root = services.user_create(
        actor=SYSTEM,
        username="root",
        password=PASSWORD,
        organisation=world.orgs["M"],
        roles=[],
        is_superuser=True,
        check_password=False,
    )
    theirs, raw = services.api_token_create(actor=SYSTEM, user=world.users["b_editor"], name="b")
    client = Client()
    client.force_login(root)
    answer = client.post(f"/accounts/users/{world.users['b_editor'].pk}/tokens/{theirs.pk}/revoke/")
    assert answer.status_code == 302
    assert services.api_token_user(raw) is None


# --- signed-in sessions ---------------------------------------------------------------------------------------


def test_sessions_are_listed_one_ended_its_cookie_then_refused_and_all_others_ended(world):
    office = _sign_in("a_editor", CHROME_WINDOWS, "203.0.113.7")
    phone = _sign_in("a_editor", SAFARI_IPHONE, "198.51.100.20")
    laptop = _sign_in("a_editor", FIREFOX_LINUX, "192.0.2.33")
    _sign_in("b_editor")  # someone else's session is never listed
    page = office.get("/accounts/me/sessions/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Chrome 131 trên Windows" in html
    assert "Safari 17 trên iPhone" in html
    assert "Firefox 128 trên Linux" in html
    assert "198.51.100.20" in html
    assert html.count("Phiên này") == 1
    rows = page.context["sessions"]
    assert len(rows) == 3
    assert next(r for r in rows if r.is_current).session_key == _key(office)
    # the API lists the same, marking the calling session
    listed = _api(office, "get", "/api/v1/me/sessions").json()
    assert {s["device"] for s in listed} == {
        "Chrome 131 trên Windows",
        "Safari 17 trên iPhone",
        "Firefox 128 trên Linux",
    }
    assert [s["current"] for s in listed].count(True) == 1
    assert _key(office) not in json.dumps(listed)  # the session key itself is a secret
    # end the phone's session: its cookie no longer signs anyone in
    phone_row = UserSession.objects.get(session_key=_key(phone))
    ended = office.post(f"/accounts/me/sessions/{phone_row.pk}/end/")
    assert ended.status_code == 302
    refused = phone.get("/accounts/me/")
    assert refused.status_code == 302
    assert "/accounts/login/" in refused["Location"]
    assert UserSession.objects.get(pk=phone_row.pk).ended_at is not None
    assert laptop.get("/accounts/me/").status_code == 200
    # someone else's session: 404
    theirs = UserSession.objects.filter(user=world.users["b_editor"]).first()
    assert office.post(f"/accounts/me/sessions/{theirs.pk}/end/").status_code == 404
    assert _api(office, "delete", f"/api/v1/me/sessions/{theirs.pk}").status_code == 404
    # end every other session: the laptop is out, the office stays in
    assert office.post("/accounts/me/sessions/end-others/").status_code == 302
    assert laptop.get("/accounts/me/").status_code == 302
    assert office.get("/accounts/me/").status_code == 200
    assert [r.session_key for r in office.get("/accounts/me/sessions/").context["sessions"]] == [_key(office)]
    assert AuditEvent.objects.filter(action="user.session_end").count() == 1
    assert AuditEvent.objects.filter(action="user.sessions_end_others").count() == 1


def test_sessions_api_ends_one_and_signs_out_the_others(world):
    office = _sign_in("a_editor", CHROME_WINDOWS)
    phone = _sign_in("a_editor", SAFARI_IPHONE)
    laptop = _sign_in("a_editor", FIREFOX_LINUX)
    phone_row = UserSession.objects.get(session_key=_key(phone))
    assert _api(office, "delete", f"/api/v1/me/sessions/{phone_row.pk}").status_code == 204
    assert phone.get("/accounts/me/").status_code == 302
    answer = _api(office, "post", "/api/v1/me/sessions/sign-out-others")
    assert answer.status_code == 200
    assert answer.json() == {"ended": 1}
    assert laptop.get("/accounts/me/").status_code == 302
    assert office.get("/accounts/me/").status_code == 200


def test_signing_out_marks_the_session_ended(world):
    client = _sign_in("a_editor")
    row = UserSession.objects.get(session_key=_key(client))
    client.post("/accounts/logout/")
    row.refresh_from_db()
    assert row.ended_at is not None


def test_signing_in_again_in_the_same_browser_leaves_one_live_session(world):
    client = _sign_in("a_editor")
    first = _key(client)
    response = client.post("/accounts/login/", {"username": "a_editor", "password": PASSWORD})
    assert response.status_code == 302
    assert _key(client) != first
    live = UserSession.objects.filter(user=world.users["a_editor"], ended_at__isnull=True)
    assert list(live.values_list("session_key", flat=True)) == [_key(client)]
    assert UserSession.objects.get(session_key=first).ended_at is not None


def test_ordinary_requests_make_no_session_query_and_activity_is_marked_every_five_minutes(world):
    with freeze_time("2026-03-02 08:00:00") as frozen:
        client = _sign_in("a_editor")
        row = UserSession.objects.get(session_key=_key(client))
        assert row.user_agent == FIREFOX_LINUX
        assert row.ip == "203.0.113.7"
        assert User.objects.get(pk=world.users["a_editor"].pk).last_active_at == timezone.now()
        client.get("/accounts/notifications/")
        frozen.tick(dt.timedelta(minutes=2))
        with CaptureQueriesContext(connection) as quiet:
            assert client.get("/accounts/notifications/").status_code == 200
        touching = [
            q["sql"]
            for q in quiet
            if "accounts_usersession" in q["sql"] or q["sql"].startswith('UPDATE "accounts_user"')
        ]
        assert touching == []
        frozen.tick(dt.timedelta(minutes=4))
        with CaptureQueriesContext(connection) as marked:
            assert client.get("/accounts/notifications/").status_code == 200
        assert len(marked) == len(quiet) + 2  # one UPDATE of the session row, one of the user
        row.refresh_from_db()
        assert row.last_activity_at == timezone.now()
        assert User.objects.get(pk=world.users["a_editor"].pk).last_active_at == timezone.now()


def test_a_session_signed_in_before_tracking_gets_its_row_on_its_next_request(world):
    client = _sign_in("a_editor")
    key = _key(client)
    UserSession.objects.all().delete()
    session = import_module(settings.SESSION_ENGINE).SessionStore(key)
    session.pop("ngoaivu_session_track")
    session.save()
    assert client.get("/accounts/me/").status_code == 200
    row = UserSession.objects.get(session_key=_key(client))
    assert row.user == world.users["a_editor"]
    assert row.ended_at is None


# --- a password change ends everything else -----------------------------------------------------------------


def test_a_password_change_ends_other_sessions_revokes_tokens_and_the_feed(world):
    mine = _sign_in("a_editor", CHROME_WINDOWS)
    other = _sign_in("a_editor", SAFARI_IPHONE)
    _token, raw = services.api_token_create(actor=SYSTEM, user=world.users["a_editor"], name="ci")
    feed = mine.post("/delegations/calendar/token/", follow=True).context["new_feed_url"]
    feed_path = feed[feed.index("/delegations/") :]
    anonymous = Client()
    assert anonymous.get(feed_path).status_code == 200
    assert _api(Client(), "get", "/api/v1/me", token=raw).status_code == 200
    response = mine.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password": NEW_PASSWORD, "new_password_again": NEW_PASSWORD},
        follow=True,
    )
    assert response.status_code == 200
    assert "token API và đường dẫn lịch đã bị thu hồi" in text_of(response)
    # the other browser is signed out, the old Bearer token and the old feed URL are dead
    assert other.get("/accounts/me/").status_code == 302
    assert _api(Client(), "get", "/api/v1/me", token=raw).status_code == 401
    assert anonymous.get(feed_path).status_code == 404
    # this browser stays signed in, and its row followed the new session key
    assert mine.get("/accounts/me/").status_code == 200
    sessions = mine.get("/accounts/me/sessions/").context["sessions"]
    assert [s.session_key for s in sessions] == [_key(mine)]
    assert sessions[0].is_current
    assert AuditEvent.objects.filter(action="user.credentials_revoke").count() == 1


# --- the calendar feed --------------------------------------------------------------------------------------


def test_the_feed_is_stored_hashed_and_get_me_creates_nothing(world):
    client = world.client("a_editor")
    events = AuditEvent.objects.count()
    me = _api(client, "get", "/api/v1/me").json()
    assert me["calendar_feed"] is False
    assert "ical_url" not in me
    assert AuditEvent.objects.count() == events
    assert User.objects.get(pk=world.users["a_editor"].pk).calendar_token_hash is None
    made = _api(client, "post", "/api/v1/me/calendar-feed")
    assert made.status_code == 201
    url = made.json()["url"]
    raw = url.rsplit("/", 1)[1].removesuffix(".ics")
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM accounts_user WHERE id = %s", [world.users["a_editor"].pk])
        columns = [c[0] for c in cursor.description]
        stored = dict(zip(columns, cursor.fetchone(), strict=True))
    assert "calendar_token" not in columns
    assert stored["calendar_token_hash"] == hashlib.sha256(raw.encode()).hexdigest()
    assert raw not in json.dumps(stored, default=str)
    assert _api(client, "get", "/api/v1/me").json()["calendar_feed"] is True
    assert Client().get(url[url.index("/delegations/") :]).status_code == 200
    assert _api(client, "delete", "/api/v1/me/calendar-feed").status_code == 204
    assert Client().get(url[url.index("/delegations/") :]).status_code == 404


@pytest.mark.django_db(transaction=True)
def test_migration_0006_hashes_existing_feed_tokens_then_drops_the_clear_column():
    from django.db.migrations.executor import MigrationExecutor

    before = [("accounts", "0005_people_access_models")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old_user = executor.loader.project_state(before).apps.get_model("accounts", "User")
    old_user.objects.create(username="feedy", password="!", calendar_token="abc123", deactivation_reason="")
    old_user.objects.create(username="nofeed", password="!", deactivation_reason="")
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    assert User.objects.get(username="feedy").calendar_token_hash == hashlib.sha256(b"abc123").hexdigest()
    assert User.objects.get(username="nofeed").calendar_token_hash is None
    assert services.calendar_token_user("abc123") == User.objects.get(username="feedy")  # old URLs still work


# --- devices in words ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("agent", "words"),
    [
        (CHROME_WINDOWS, "Chrome 131 trên Windows"),
        (EDGE_WINDOWS, "Edge 131 trên Windows"),
        (SAFARI_IPHONE, "Safari 17 trên iPhone"),
        (FIREFOX_LINUX, "Firefox 128 trên Linux"),
        ("curl/8.5.0", "Thiết bị không rõ"),
        ("", "Thiết bị không rõ"),
    ],
)
def test_device_summary(agent, words):
    assert str(device_summary(agent)) == words
