"""The home work list shows what issue 21's apps need done, each count linking to the list behind it."""

import datetime as dt
import re

import pytest

from ngoaivu.consular.tests.helpers import make_case

pytestmark = pytest.mark.today("2026-06-03 10:00")  # a Wednesday


def _counts(html: str) -> dict[str, tuple[int, str]]:
    block = html.split('id="people-work"', 1)[1].split("</div></div>", 1)[0] + "</div>"
    return {
        label.strip(): (int(n), url.replace("&amp;", "&"))
        for url, n, label in re.findall(r'<a class="stat" href="([^"]+)">(\d+)</a>([^<]+)</div>', block)
    }


def test_the_mission_sees_its_cases_waiting_for_the_province_to_be_told(world):
    make_case(world, "X", received_on=dt.date(2026, 6, 1))  # due 02/06: overdue
    html = world.client("x_officer").get("/").content.decode()
    counts = _counts(html)
    label = "vụ việc bảo hộ công dân chưa thông báo tỉnh (đến hạn hoặc quá hạn)"
    assert counts[label][0] == 1
    listed = world.client("x_officer").get(counts[label][1]).content.decode()
    assert "1 bản ghi" in listed


def test_nothing_to_do_shows_no_section(world):
    make_case(world, "X", received_on=dt.date(2026, 6, 1))
    html = world.client("y_officer").get("/").content.decode()
    assert 'id="people-work"' not in html
