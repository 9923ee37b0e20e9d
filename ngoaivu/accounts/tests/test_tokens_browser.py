"""Tokens, sessions and the calendar feed in a real browser (Debian's Chromium via Playwright): the profile
links to them; a token is made with the date picker and shown once, then revoked; a second browser's session
is listed and ended (that browser is signed out); the calendar page makes a feed URL shown once. Each page is
checked with axe-core and for console (CSP) errors; screenshots go to var/screenshots/security-*.png."""

from __future__ import annotations

import pytest

from ngoaivu.accounts.models import ApiToken
from ngoaivu.core.testing.pages import assert_clean, checked_page, screenshots_dir
from ngoaivu.core.testing.world import PASSWORD
from ngoaivu.core.tests.test_browser import browser  # noqa: F401 - the shared Chromium fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(page, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")


def _accept_confirm(page) -> None:
    """The site's confirm dialog (js/confirm.js) for buttons marked data-confirm, or nothing."""
    dialog = page.locator(".confirm-dialog")
    if dialog.count() and dialog.first.is_visible():
        dialog.locator("button").first.click()


def test_tokens_sessions_and_feed_in_chromium(browser, live_server, world):  # noqa: F811
    base = live_server.url
    shots = screenshots_dir()
    phone = checked_page(
        browser,
        user_agent="Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
        "Version/17.5 Mobile/15E148 Safari/604.1",
    )
    _sign_in(phone, base, "a_editor")
    page = checked_page(browser)
    _sign_in(page, base, "a_editor")

    page.goto(f"{base}/accounts/me/")
    assert page.locator("a[href='/accounts/me/tokens/']").count() == 1
    assert page.locator("a[href='/accounts/me/sessions/']").count() == 1
    page.screenshot(path=str(shots / "security-profile.png"), full_page=True)
    assert_clean(page, "profile")

    page.click("a[href='/accounts/me/tokens/']")
    page.fill("#id_name", "Báo cáo tuần")
    assert page.get_attribute("#id_expires_on", "type") == "date"
    page.fill("#id_expires_on", page.get_attribute("#id_expires_on", "max"))  # the latest allowed: a year
    page.click("form.card button[type=submit]")
    raw = page.input_value("#new-token-value")
    assert raw.startswith("nv_")
    page.screenshot(path=str(shots / "security-token-created.png"), full_page=True)
    assert_clean(page, "token created")
    page.goto(f"{base}/accounts/me/tokens/")
    assert raw not in page.content()
    page.locator("table button", has_text="Thu hồi").first.click()
    _accept_confirm(page)
    page.get_by_text("Đã thu hồi token").wait_for()
    assert ApiToken.objects.get(name="Báo cáo tuần").revoked_at is not None
    page.screenshot(path=str(shots / "security-tokens.png"), full_page=True)
    assert_clean(page, "tokens")

    page.goto(f"{base}/accounts/me/sessions/")
    assert "Safari 17 trên iPhone" in page.content()
    assert page.locator(".badge", has_text="Phiên này").count() == 1
    page.screenshot(path=str(shots / "security-sessions.png"), full_page=True)
    assert_clean(page, "sessions")
    page.locator("table button", has_text="Kết thúc phiên").first.click()
    _accept_confirm(page)
    page.get_by_text("Đã kết thúc phiên đăng nhập").wait_for()
    assert "Safari 17 trên iPhone" not in page.content()
    phone.goto(f"{base}/accounts/me/")
    assert "/accounts/login/" in phone.url

    page.goto(f"{base}/delegations/calendar/")
    page.locator("button", has_text="Tạo đường dẫn lịch").click()
    page.locator("#ical-url").wait_for()
    url = page.input_value("#ical-url")
    assert url.endswith(".ics")
    page.locator("#ical-h").scroll_into_view_if_needed()
    page.screenshot(path=str(shots / "security-calendar-feed.png"), full_page=True)
    assert_clean(page, "calendar feed")
    page.reload()
    assert page.locator("#ical-url").count() == 0  # shown once
