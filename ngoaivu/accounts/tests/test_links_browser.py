"""The password-link pages in Chromium: the forgotten-password page from the sign-in page, the e-mailed link, the
form, the used link and the required change — no console error (CSP included), no serious axe violation, not wider
than a phone, Vietnamese text only. With NGOAIVU_SCREENSHOTS=<folder> each page is saved there as a PNG."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from django.core import mail

from ngoaivu.accounts.models import User
from ngoaivu.core.testing.pages import AXE, violations
from ngoaivu.core.testing.screens import Finding, check_page, summarise
from ngoaivu.core.testing.world import PASSWORD
from ngoaivu.core.tests.test_accessibility import _too_wide
from ngoaivu.core.tests.test_browser import browser  # noqa: F401 - the shared Chromium fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
NEW = "Hoi-nghi-xuc-tien-2026!"
LINK = re.compile(r"https?://[^\s]+(/accounts/password/set/[A-Za-z0-9_\-]+/)")


def test_the_link_pages_in_chromium(browser, live_server, world):  # noqa: F811
    # plain user names: the text check reads "a_editor" or "an.nguyen" as a code
    User.objects.filter(username="a_editor").update(
        username="annguyen", email="annguyen@danang.gov.vn", full_name="Nguyễn Văn An"
    )
    User.objects.filter(username="a_viewer").update(username="binhtran", must_change_password=True)
    shots = os.environ.get("NGOAIVU_SCREENSHOTS")
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="vi-VN")
    context.add_init_script(path=str(AXE))
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    found: list[str] = []
    texts: list[Finding] = []

    def look(name: str, status: int = 200) -> None:
        found.extend(f"{name}: {v}" for v in violations(page))
        expected = f"the server responded with a status of {status}"  # the page's own 400/410, not an error
        found.extend(f"{name}: console error {e}" for e in errors if expected not in e)
        errors.clear()
        texts.extend(check_page(name, page.content()))
        found.extend(_too_wide(page, name, 900))
        if shots:
            Path(shots).mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(Path(shots) / f"links-{name}.png"), full_page=True)

    page.goto(f"{live_server.url}/accounts/login/")
    page.click("text=Quên mật khẩu?")
    page.wait_for_url(f"{live_server.url}/accounts/password/forgot/")
    look("forgot")
    page.fill("#id_login", "annguyen")
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/accounts/password/forgot/")
    assert "Nếu tài khoản tồn tại và có thư điện tử" in page.inner_text(".messages")
    look("forgot-sent")
    assert len(mail.outbox) == 1
    path = LINK.search(mail.outbox[0].body)[1]

    page.goto(f"{live_server.url}{path}")
    page.wait_for_url(f"{live_server.url}/accounts/password/set/")
    assert "annguyen" in page.inner_text("main")
    look("set")
    page.fill("#id_new_password", "ngan")
    page.fill("#id_new_password_again", "ngan")
    page.click("button[type=submit]")
    assert "quá ngắn" in page.inner_text(".has-error")
    look("set-errors", 400)
    page.fill("#id_new_password", NEW)
    page.fill("#id_new_password_again", NEW)
    with page.expect_navigation():
        page.click("button[type=submit]")
    assert page.url == f"{live_server.url}/accounts/login/", page.inner_text("main")
    assert "Đã đặt mật khẩu" in page.inner_text(".messages")
    assert "Phiên đăng nhập đã hết hạn" not in page.inner_text("main")
    look("set-done")

    page.goto(f"{live_server.url}{path}")  # the same link again
    assert "không còn dùng được" in page.inner_text("main")
    look("used", 410)

    # an invitation for someone who must change the password anyway: signed in, held at the change page
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "binhtran")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/accounts/password/")
    assert "Quản trị viên đã yêu cầu bạn đổi mật khẩu" in page.inner_text("main")
    look("required-change")
    page.fill("#id_old_password", PASSWORD)
    page.fill("#id_new_password", NEW)
    page.fill("#id_new_password_again", NEW)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    context.close()
    found += summarise(texts).splitlines()
    assert not found, "\n".join(found)
