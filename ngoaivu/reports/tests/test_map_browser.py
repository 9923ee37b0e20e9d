"""The map page in Chromium: the vendored ECharts draws the provinces and both archipelagos from the boundaries
API under the site's CSP (no console error: the tooltip is drawn inside the chart, since ECharts' HTML tooltip
is styled inline), a tooltip names the province, a click opens the province's page, and axe finds no serious
violation."""

import pytest

from ngoaivu.core.testing.pages import checked_page, violations
from ngoaivu.core.testing.world import PASSWORD, make_agreement
from ngoaivu.core.tests.test_browser import browser  # noqa: F401  (the Chromium fixture)

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_the_map_draws_the_provinces_and_opens_a_province(browser, live_server, world):  # noqa: F811
    make_agreement(world, "A", signed=True)  # Đà Nẵng, 2024
    page = checked_page(browser)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "ministry")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/reports/map/?metric=agreements_signed&year=2024&era=current")
    page.wait_for_selector("[data-province-map] svg path")
    svg = page.inner_html("[data-province-map]")
    assert "Quần đảo Hoàng Sa" in svg
    assert "Quần đảo Trường Sa" in svg
    shown = page.evaluate(
        "() => { var c = echarts.getInstanceByDom(document.querySelector('[data-province-map]'));"
        " c.dispatchAction({type: 'showTip', seriesIndex: 0, name: 'Đà Nẵng'});"
        " return c.getOption().series[0].data.filter(d => d.code === '48').map(d => d.value); }"
    )
    assert shown == [1, 1]  # the city and Hoàng Sa, which belongs to it
    page.wait_for_timeout(200)
    assert "1 thỏa thuận" in page.inner_html("[data-province-map]")
    assert page.errors == []
    assert violations(page) == []
    # a click on the city opens its page
    page.evaluate(
        "() => { var c = echarts.getInstanceByDom(document.querySelector('[data-province-map]'));"
        " var p = c.convertToPixel({seriesIndex: 0}, [108.2, 16.05]);"
        " var box = document.querySelector('[data-province-map]').getBoundingClientRect();"
        " window.__target = [box.left + p[0], box.top + p[1]]; }"
    )
    x, y = page.evaluate("() => window.__target")
    page.mouse.click(x, y)
    page.wait_for_url(f"{live_server.url}/indicators/provinces/48/")
