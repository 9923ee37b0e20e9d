"""The delegation pages in Chromium: members added with the "Thêm thành viên" button (members.js) and saved, and
the shared calendar on a 390 px phone without sideways scrolling, weekday names visible."""

import datetime as dt

import pytest
from django.utils import timezone

from ngoaivu.core.testing.world import PASSWORD, make_delegation
from ngoaivu.core.tests.test_browser import browser  # noqa: F401  (the Chromium fixture)
from ngoaivu.delegations.models import Delegation

pytestmark = pytest.mark.django_db(transaction=True)


def _login(browser, live_server, username, width=1366, height=768):  # noqa: F811
    page = browser.new_page(viewport={"width": width, "height": height})
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    return page, errors


def test_three_member_rows_added_with_javascript_are_saved(browser, live_server, world):  # noqa: F811
    page, errors = _login(browser, live_server, "a_editor")
    page.goto(f"{live_server.url}/delegations/new/")
    rows = page.locator("[data-members-rows] tr")
    extra = rows.count()
    for _ in range(3):
        page.click("[data-members-add]")
    assert rows.count() == extra + 3
    assert page.url.endswith("/delegations/new/")  # no round trip: the rows were added in the page
    assert page.input_value("input[name=members-TOTAL_FORMS]") == str(extra + 3)
    departs = timezone.localdate() + dt.timedelta(days=60)
    page.select_option("#id_direction", "outbound")
    page.fill("#id_title", "Đoàn thử nghiệm nhiều thành viên")
    page.fill("#id_purpose", "Xúc tiến đầu tư")
    page.fill("#id_head_name", "Nguyễn Văn An")
    page.select_option("#id_countries", ["KR"])
    page.fill("#id_departs_on", departs.isoformat())
    page.fill("#id_returns_on", (departs + dt.timedelta(days=4)).isoformat())
    page.select_option("#id_visibility", "private")
    names = [f"Thành viên thêm {i}" for i in range(1, 4)]
    for i, name in enumerate(names):
        page.fill(f"#id_members-{extra + i}-full_name", name)
    assert page.get_attribute(f"#id_members-{extra}-full_name", "id") == f"id_members-{extra}-full_name"
    assert f"(thành viên {extra + 1})" in page.inner_text(f"label[for=id_members-{extra}-full_name]")
    page.press("#id_title", "Enter")  # Enter saves the plan (the add button is no longer a submit button)
    page.wait_for_selector("text=Đã lập kế hoạch đoàn")
    delegation = Delegation.objects.get(title="Đoàn thử nghiệm nhiều thành viên")
    assert sorted(delegation.members.values_list("full_name", flat=True)) == names
    assert not errors


def test_the_calendar_fits_a_390_px_phone_with_weekday_names(browser, live_server, world):  # noqa: F811
    make_delegation(world, "A", days_ahead=2)
    page, errors = _login(browser, live_server, "a_editor", width=390, height=844)
    page.goto(f"{live_server.url}/delegations/calendar/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    today = page.locator(".calendar-month td[aria-current=date]")
    assert today.count() == 1
    assert "Hôm nay" in today.inner_text()
    weekday = page.evaluate(
        "getComputedStyle(document.querySelector('.calendar-month td[aria-current=date]'), '::before').content"
    )
    assert weekday.strip('"').startswith(("Thứ", "Chủ Nhật"))
    page.goto(f"{live_server.url}/delegations/calendar/?month=2026-13")
    assert "không hợp lệ" in page.inner_text(".error-summary")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert not [e for e in errors if "400" not in e]  # the invalid month answers 400 on purpose
