"""Two-factor sign-in in a real browser (Debian's Chromium via Playwright): a head of the ministry must enrol
after the password, scans nothing but types the secret's code, keeps the recovery codes, and signs in again
with a code on the second step. Codes are computed here with pyotp at the real time (the live server runs in
another thread, so the clock is not frozen); the sign-in uses the next step's code, which the ±1 window
accepts and which is newer than the one spent at enrolment."""

from __future__ import annotations

import time

import pyotp
import pytest
from django.test import override_settings

from ngoaivu.accounts.models import Organisation, Role
from ngoaivu.accounts.services import user_create
from ngoaivu.audit.services import SystemActor
from ngoaivu.core.testing.pages import assert_clean, checked_page, screenshots_dir
from ngoaivu.core.testing.world import PASSWORD
from ngoaivu.core.tests.test_browser import browser  # noqa: F401 - the shared Chromium fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(page, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")


@override_settings(NGOAIVU_MFA_REQUIRED_ROLES=["site_admin", "org_admin", "mofa:head"])
def test_required_enrolment_then_sign_in_with_a_code(browser, live_server, world):  # noqa: F811
    user_create(
        actor=SystemActor("test"),
        username="mofa_chief",
        password=PASSWORD,
        organisation=Organisation.objects.get(code="mofa"),
        roles=[Role.HEAD],
        check_password=False,
    )
    base = live_server.url
    page = checked_page(browser)
    _sign_in(page, base, "mofa_chief")
    page.wait_for_url(f"{base}/accounts/mfa/enrol/")
    page.goto(f"{base}/accounts/notifications/")  # anything else leads back to enrolment
    page.wait_for_url(f"{base}/accounts/mfa/enrol/")
    assert page.locator(".qr svg").count() == 1
    assert "Google Authenticator" in page.inner_text("main")
    page.screenshot(path=str(screenshots_dir() / "mfa-enrol.png"), full_page=True)
    assert_clean(page, "enrolment")

    secret = page.inner_text("code.secret").replace(" ", "")
    totp = pyotp.TOTP(secret)
    page.fill("#id_code", "000000")
    page.click("form:not(.no-print) button[type=submit]")
    assert "không đúng" in page.inner_text(".errorlist")
    page.errors.clear()  # the browser logs the deliberate 400 as a console error
    page.fill("#id_code", totp.now())
    page.click("form:not(.no-print) button[type=submit]")
    page.wait_for_selector("ol.recovery-codes")
    codes = page.locator("ol.recovery-codes li").all_inner_texts()
    assert len(codes) == 10
    page.screenshot(path=str(screenshots_dir() / "mfa-recovery-codes.png"), full_page=True)
    assert_clean(page, "recovery codes")
    page.click("text=Tôi đã cất giữ các mã")
    page.wait_for_url(f"{base}/accounts/mfa/")
    assert "Đang bật" in page.inner_text("main")
    page.screenshot(path=str(screenshots_dir() / "mfa-status.png"), full_page=True)
    assert_clean(page, "status")

    page = checked_page(browser)  # another browser, no cookies
    _sign_in(page, base, "mofa_chief")
    page.wait_for_url(f"{base}/accounts/login/code/")
    page.screenshot(path=str(screenshots_dir() / "mfa-login-code.png"), full_page=True)
    assert_clean(page, "code step")
    page.fill("#id_code", totp.at(time.time() + totp.interval))
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")
    assert "Xin chào" in page.inner_text("h1")
