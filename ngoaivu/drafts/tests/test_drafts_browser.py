"""Nothing typed is lost, in Chromium: a draft saved while typing is offered back after a reload; a form posted
after the session ended (deleted on the server) comes back, after sign-in, filled in; the idle notice."""

from __future__ import annotations

import re

import pytest
from django.contrib.sessions.models import Session

from ngoaivu.core.testing.world import PASSWORD, make_request
from ngoaivu.core.tests.test_browser import (
    _shot_dir,
    browser,  # noqa: F401 - the shared Chromium fixture
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
TEXT = "Đã liên hệ Hiệp hội doanh nghiệp Kansai; họ đề nghị gặp vào tháng 7.\nSẽ báo cáo sau."


def sign_in(page, live_server, username, *, start="/accounts/login/"):
    page.goto(f"{live_server.url}{start}")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("form button[type=submit]")


def test_a_draft_saved_while_typing_is_offered_after_a_reload(browser, live_server, world):  # noqa: F811
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    sign_in(page, live_server, "a_editor")
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/directory/partners/new/")
    with page.expect_response(lambda r: r.url.endswith("/drafts/save/") and r.status == 204, timeout=10000):
        page.type("#id_description", "Giới thiệu: đối tác ở Osaka", delay=5)
    page.wait_for_selector(".draft-status:has-text('Đã lưu bản nháp')")
    page.reload()
    offer = page.wait_for_selector(".draft-offer")
    assert re.search(r"Bản nháp lưu lúc \d\d:\d\d \d\d/\d\d/\d{4}", offer.inner_text())
    assert page.input_value("#id_description") == ""
    page.screenshot(path=str(_shot_dir() / "draft-offer.png"), full_page=True)
    page.click(".draft-offer [data-draft-restore]")
    assert page.input_value("#id_description") == "Giới thiệu: đối tác ở Osaka"
    assert page.query_selector(".draft-offer") is None
    # someone else never sees it
    other = browser.new_page()
    sign_in(other, live_server, "b_editor")
    other.wait_for_url(f"{live_server.url}/")
    with other.expect_response(lambda r: "/drafts/?page=" in r.url):
        other.goto(f"{live_server.url}/directory/partners/new/")
    other.wait_for_timeout(300)
    assert other.query_selector(".draft-offer") is None
    assert not errors, errors


def test_a_form_posted_after_the_session_ended_comes_back_filled_in(browser, live_server, world):  # noqa: F811
    req = make_request(world, "A", ["X"])
    detail = f"/requests/{req.pk}/"
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    sign_in(page, live_server, "x_officer", start=f"/accounts/login/?next={detail}")
    page.wait_for_url(f"{live_server.url}{detail}")
    form = "form[action$='/action/answer/']"
    page.fill(f"{form} textarea[name=text]", TEXT)
    page.fill(f"{form} textarea[name=next_steps]", "Gặp đoàn Kansai")
    Session.objects.all().delete()  # signed out on the server (idle timeout, another tab, an administrator)
    page.click(f"{form} button[type=submit]")
    page.wait_for_url(re.compile(r".*/accounts/login/\?next=.*"))
    assert "Phiên đăng nhập đã hết hạn" in page.inner_text("main")
    page.fill("#id_username", "x_officer")
    page.fill("#id_password", "wrong-password-2026")
    page.click("form button[type=submit]")  # a failed attempt keeps the way back
    page.wait_for_selector(".error-summary")
    page.fill("#id_username", "x_officer")
    page.fill("#id_password", PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_url(f"{live_server.url}{detail}")
    notice = page.wait_for_selector(".restore-notice")
    assert "Đã khôi phục nội dung bạn đã nhập trước khi phiên đăng nhập hết hạn" in notice.inner_text()
    assert page.input_value(f"{form} textarea[name=text]") == TEXT
    assert page.input_value(f"{form} textarea[name=next_steps]") == "Gặp đoàn Kansai"
    page.screenshot(path=str(_shot_dir() / "form-restored.png"), full_page=True)
    # the stash is spent: another load shows the empty form
    page.reload()
    assert page.input_value(f"{form} textarea[name=text]") == ""
    assert page.query_selector(".restore-notice") is None


def test_the_idle_notice_keeps_the_session_and_says_when_it_ended(browser, live_server, world):  # noqa: F811
    page = browser.new_page(viewport={"width": 390, "height": 844})
    sign_in(page, live_server, "a_editor")
    page.wait_for_url(f"{live_server.url}/")
    page.evaluate("window.ngoaivuSession.expireIn(90 * 1000)")
    notice = page.wait_for_selector("#session-notice[role=alertdialog]:not([hidden])")
    assert "Phiên đăng nhập sắp hết hạn" in notice.inner_text()
    page.screenshot(path=str(_shot_dir() / "idle-notice-phone.png"))
    assert page.evaluate("document.activeElement.hasAttribute('data-keepalive')")  # keyboard-ready
    with page.expect_response(lambda r: r.url.endswith("/session/keep-alive/") and r.status == 200):
        page.keyboard.press("Enter")
    page.wait_for_selector("#session-notice", state="hidden")
    # typing in a form is activity: the keep-alive goes at once while the notice shows
    page.evaluate("window.ngoaivuSession.expireIn(90 * 1000)")
    page.wait_for_selector("#session-notice:not([hidden])")
    with page.expect_response(lambda r: r.url.endswith("/session/keep-alive/") and r.status == 200):
        page.dispatch_event("#topsearch-q", "input")
    page.wait_for_selector("#session-notice", state="hidden")
    Session.objects.all().delete()
    page.evaluate("window.ngoaivuSession.expireIn(0)")
    ended = page.wait_for_selector("#session-notice:not([hidden]) [data-state=ended]:not([hidden])")
    assert "Phiên đăng nhập đã kết thúc" in ended.inner_text()
    page.screenshot(path=str(_shot_dir() / "session-ended-phone.png"))
    link = page.query_selector("#session-notice [data-signin]")
    assert link.get_attribute("target") == "_blank"
    assert page.url == f"{live_server.url}/"  # the page is kept
