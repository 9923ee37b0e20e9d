"""The indicator page in Chromium: the vendored ECharts draws both charts under the site's CSP (no console
error), the tables beside them carry the same figures, and axe finds no serious violation."""

import pytest

from ngoaivu.core.testing.pages import checked_page, violations
from ngoaivu.core.testing.world import PASSWORD
from ngoaivu.core.tests.test_browser import browser  # noqa: F401  (the Chromium fixture)
from ngoaivu.indicators.tests.makers import make_value

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_the_indicator_page_draws_its_charts_under_the_csp(browser, live_server, world):  # noqa: F811
    value = make_value(world, "A", status="validated", value=4321)
    make_value(world, "B", status="validated", value=1000)
    page = checked_page(browser)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "ministry")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    code, year = value.indicator.code, value.year
    page.goto(f"{live_server.url}/indicators/{code}/?from=2006&to={year}")
    page.wait_for_selector("[data-series=chart-year] svg")
    page.wait_for_selector("[data-series=chart-province] svg")
    assert "4.321" in page.content()  # the table beside the chart
    assert page.errors == []
    assert violations(page) == []
