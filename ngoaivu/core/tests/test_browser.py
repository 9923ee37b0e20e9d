"""A new user in a real browser: Debian's Chromium driven by Playwright (no browser download)."""

import os
import shutil

import pytest

from ngoaivu.core.testing.world import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def browser():
    executable = os.environ.get("NGOAIVU_CHROMIUM") or shutil.which("chromium")
    if not executable or not os.path.exists(executable):
        if os.environ.get("NGOAIVU_REQUIRE_BROWSER") == "1":
            pytest.fail("Chromium is required (NGOAIVU_REQUIRE_BROWSER=1) but was not found")
        pytest.skip("Chromium not installed")
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield b
        b.close()


def test_login_create_partner_and_see_it_scoped(browser, live_server, world):
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "a_editor")
    page.fill("#id_password", "wrong-password")
    page.click("button[type=submit]")
    assert "không đúng" in page.inner_text(".error-summary")
    page.fill("#id_username", "a_editor")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    assert "Xin chào" in page.inner_text("h1")

    page.goto(f"{live_server.url}/directory/partners/new/")
    page.select_option("#id_kind", "locality")
    page.fill("#id_name", "Gyeongsangbuk-do")
    page.fill("#id_name_vi", "Tỉnh Gyeongsang Bắc")
    page.select_option("#id_country", label="Hàn Quốc")
    page.select_option("#id_visibility", "private")
    page.click("button[type=submit]")
    page.wait_for_selector("text=Lịch sử thay đổi")
    assert "Tỉnh Gyeongsang Bắc" in page.inner_text("h1")

    # The HTMX filter narrows the list without a full page load.
    page.goto(f"{live_server.url}/directory/partners/")
    page.fill("form.filters input[name=q]", "gyeongsang")
    page.press("form.filters input[name=q]", "Enter")
    page.wait_for_function("document.querySelector('#results').innerText.includes('1 bản ghi')")
    page.screenshot(path=str(_shot_dir() / "partners.png"), full_page=True)

    other = browser.new_page()
    other.goto(f"{live_server.url}/accounts/login/")
    other.fill("#id_username", "b_editor")
    other.fill("#id_password", PASSWORD)
    other.click("button[type=submit]")
    other.wait_for_url(f"{live_server.url}/")
    other.goto(f"{live_server.url}/directory/partners/?q=gyeongsang")
    assert "Không có bản ghi nào" in other.inner_text("#results")


def test_phone_layout_has_a_menu_button(browser, live_server, world):
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "x_officer")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    assert not page.is_visible("#mainnav a[href='/directory/partners/']")
    page.click(".menu-toggle")
    assert page.is_visible("#mainnav a[href='/directory/partners/']")


def _shot_dir():
    from pathlib import Path

    path = Path(__file__).resolve().parents[3] / "var" / "screenshots"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _login(browser, live_server, username):
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    return page


def test_request_draft_send_answer_rate(browser, live_server, world):
    from ngoaivu.core.testing.world import second_head

    second_head(world, "A")  # four eyes: the head who sends the draft does not approve it
    province = _login(browser, live_server, "a_editor")
    province.goto(f"{live_server.url}/requests/new/")
    province.fill("#id_title", "Tìm nhà nhập khẩu nông sản tại Nhật Bản")
    province.select_option("#id_category", "trade")
    province.fill("#id_description", "Cần danh sách 5 nhà nhập khẩu vải thiều và yêu cầu kiểm dịch.")
    province.select_option("#id_recipients", ["cqdd-jp-tokyo"])
    import datetime as dt

    from django.utils import timezone

    wished = timezone.localdate() + dt.timedelta(days=120)  # ahead of the server's today, whatever the date
    province.fill("#id_wished_date", wished.isoformat())
    province.click("form.card button[type=submit]")
    province.wait_for_selector("text=Đã lưu dự thảo")
    province.click("form.action-submit button")
    province.wait_for_selector("text=Đã thực hiện")
    assert province.locator("form.action-approve").count() == 0  # whoever submits never approves
    url = province.url
    approver = _login(browser, live_server, "a_head2")
    approver.goto(url)
    approver.click("form.action-approve button")
    approver.wait_for_selector("text=Đã thực hiện")
    number = approver.inner_text("h1").split(" — ")[0]
    assert number.startswith("ĐH-")

    mission = _login(browser, live_server, "x_officer")
    mission.goto(f"{live_server.url}/requests/?box=inbox")
    assert number in mission.inner_text("#results")
    mission.goto(url)
    mission.fill("form.action-answer textarea[name=text]", "Đã liên hệ 5 nhà nhập khẩu tại Tokyo và Osaka.")
    mission.fill("form.action-answer textarea[name=next_steps]", "Tỉnh gửi mẫu sản phẩm.")
    mission.click("form.action-answer button")
    mission.wait_for_selector("text=Đã thực hiện")

    province.goto(url)
    assert "Đã liên hệ 5 nhà nhập khẩu" in province.inner_text("main")
    province.select_option("form.action-rate select[name=rating]", "5")
    province.fill("form.action-rate textarea[name=text]", "Cụ thể, đúng hạn")
    province.click("form.action-rate button")
    province.wait_for_selector("text=Đã thực hiện")
    assert "5/5" in province.inner_text("main")
    province.screenshot(path=str(_shot_dir() / "request.png"), full_page=True)


def test_register_an_agreement_sign_it_and_add_a_milestone(browser, live_server, world):
    errors: list[str] = []
    page = _login(browser, live_server, "a_editor")
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(f"{live_server.url}/agreements/new/")
    page.select_option("#id_kind", "mou")
    page.fill("#id_title_vi", "Bản ghi nhớ hợp tác xúc tiến đầu tư với JETRO")
    page.fill("#id_province", "quang nam")
    page.select_option("#id_country", label="Nhật Bản")
    page.check("input[name=cooperation_fields][value=investment]")
    page.click("form.card button[type=submit]")
    page.wait_for_selector("text=Đã đăng ký thỏa thuận")
    assert "khi ký: Quảng Nam" in page.inner_text("main")
    page.click("form.action-approve button")
    page.wait_for_selector("text=Đã thực hiện")
    page.fill("form.action-sign input[name=signed_place]", "Đà Nẵng")
    page.click("form.action-sign button")
    page.wait_for_selector("text=Đang triển khai")
    page.click("#add-milestone summary")
    page.fill("#add-milestone input[name=title]", "Hội nghị xúc tiến đầu tư tại Osaka")
    page.fill("#add-milestone input[name=owner]", "Sở Ngoại vụ")
    import datetime as dt

    from django.utils import timezone

    due = timezone.localdate() + dt.timedelta(days=200)  # after the signing, which is dated today
    page.fill("#add-milestone input[name=due_on]", due.isoformat())
    page.click("#add-milestone button[type=submit]")
    page.wait_for_selector("text=Đã thêm mốc lộ trình")
    assert "Hội nghị xúc tiến đầu tư tại Osaka" in page.inner_text("#roadmap")
    page.screenshot(path=str(_shot_dir() / "agreement.png"), full_page=True)

    page.goto(f"{live_server.url}/agreements/?q=jetro")
    assert "Bản ghi nhớ hợp tác xúc tiến đầu tư với JETRO" in page.inner_text("#results")
    assert not errors, errors


def test_plan_a_delegation_approve_it_and_report(browser, live_server, world):
    import datetime as dt

    errors: list[str] = []
    page = _login(browser, live_server, "a_editor")
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(f"{live_server.url}/delegations/new/")
    page.fill("#id_title", "Đoàn xúc tiến thương mại tại Nhật Bản")
    page.fill("#id_purpose", "Giới thiệu nông sản của thành phố")
    page.fill("#id_head_name", "Lê Minh Đức")
    page.select_option("#id_countries", ["JP"])
    from django.utils import timezone

    today = timezone.localdate()
    page.fill("#id_departs_on", (today - dt.timedelta(days=10)).isoformat())
    page.fill("#id_returns_on", (today - dt.timedelta(days=5)).isoformat())
    page.fill("#id_members-0-full_name", "Lê Minh Đức")
    page.fill("#id_members-0-passport_number", "C1234567")
    page.fill("#id_members-0-birth_date", "1975-03-10")
    page.click("form button[type=submit]")
    page.wait_for_selector("text=Đã lập kế hoạch đoàn")
    assert "C1234567" not in page.inner_text("main")  # masked until asked for
    page.click("form.action-submit button")
    page.wait_for_selector("text=Đã thực hiện")
    assert page.locator("form.action-approve").count() == 0  # four eyes: whoever submits never approves
    url = page.url

    from ngoaivu.core.testing.world import second_head

    second_head(world, "A")
    head = _login(browser, live_server, "a_head2")
    head.goto(url)
    head.click("form.action-approve button")
    head.wait_for_selector("text=Đã thực hiện")

    # the Chair of the People's Committee decides on paper: the officer records the decision, not a click
    page.goto(url)
    assert page.locator("form.action-approve").count() == 0
    page.select_option("#decision-form select[name=decision]", "approved")
    page.fill("#decision-form input[name=document_number]", "123/QĐ-UBND")
    page.fill("#decision-form input[name=document_date]", (today - dt.timedelta(days=12)).isoformat())
    page.fill("#decision-form input[name=signer]", "Chủ tịch UBND thành phố")
    page.set_input_files(
        "#decision-form input[name=file]",
        files=[{"name": "qd-123.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n%%EOF\n"}],
    )
    page.click("#decision-form button[type=submit]")
    page.wait_for_selector("text=Đã thông báo cơ quan đại diện")
    assert "ghi nhận quyết định số 123/QĐ-UBND" in page.inner_text("main")

    mission = _login(browser, live_server, "x_officer")
    mission.goto(url)
    mission.select_option("#briefing-form select[name=kind]", "protocol")
    mission.fill("#briefing-form textarea[name=text]", "Đoàn nên chuẩn bị quà tặng nhỏ, danh thiếp song ngữ.")
    mission.click("#briefing-form button[type=submit]")
    mission.wait_for_selector("text=Đã gửi ghi chú cho đoàn")

    page.goto(url)
    assert "danh thiếp song ngữ" in page.inner_text("main")
    page.fill("#r-results", "Gặp 12 nhà nhập khẩu; ký bản ghi nhớ với một chuỗi siêu thị.")
    page.fill("#r-better", "Cần mẫu sản phẩm và tài liệu tiếng Nhật sớm hơn.")
    page.click("#report-form button")
    page.wait_for_selector("text=Đã báo cáo kết quả")
    page.fill("#follow-ups input[name=title]", "Gửi mẫu sản phẩm cho đối tác")
    page.fill("#follow-ups input[name=owner]", "Sở Công Thương")
    page.fill("#follow-ups input[name=due_on]", (today + dt.timedelta(days=20)).isoformat())
    page.click("#follow-ups form.card button[type=submit]")
    page.wait_for_selector("text=Đã lưu việc cần làm")
    assert "Gửi mẫu sản phẩm cho đối tác" in page.inner_text("#follow-ups")
    page.screenshot(path=str(_shot_dir() / "delegation.png"), full_page=True)
    page.goto(
        f"{live_server.url}/delegations/calendar/?view=list&month={today - dt.timedelta(days=10):%Y-%m}"
    )
    assert "Đoàn xúc tiến thương mại tại Nhật Bản" in page.inner_text("main")
    assert not errors, errors


def test_paste_a_news_article_confirm_a_link_and_find_it_by_a_former_name(
    browser, live_server, world, settings
):
    """Documents and search in the browser: the index follows the write (tasks run at once in tests)."""
    errors: list[str] = []
    page = _login(browser, live_server, "a_editor")
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(f"{live_server.url}/documents/new/")
    page.fill(
        "#id_text",
        "Hội An đón đoàn doanh nghiệp Nhật Bản\nNgày 12/3/2024, tỉnh Quảng Nam tiếp đoàn JETRO về dự án 3,5 triệu USD.",
    )
    page.click("form button[type=submit]")
    page.wait_for_selector("text=Liên kết đề xuất từ nội dung")
    page.check("tr:has-text('Đà Nẵng') input[value=confirm]")
    page.click("text=Lưu quyết định")
    page.wait_for_selector("text=liên kết xác nhận")
    assert "Đà Nẵng" in page.inner_text("dl.fields")
    page.fill("#topsearch-q", "quang nam jetro")
    page.press("#topsearch-q", "Enter")
    page.wait_for_selector("#results h2:has-text('Tài liệu, tin tức')")
    assert "Hội An đón đoàn doanh nghiệp Nhật Bản" in page.inner_text("#results")
    assert page.locator("#results mark").count() >= 2
    assert not errors, errors
