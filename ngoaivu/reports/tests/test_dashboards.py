"""The dashboards (`/reports/`, `GET /api/v1/dashboards`): each role gets its own, counting only its scope; every
figure's link opens a list showing exactly that count; each chart has its table and its Excel file; no inline
script. One small world (provinces A and B, missions X and Y, the ministry) built once for the module."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from decimal import Decimal
from html import unescape
from typing import Any

import pytest
from django.db import transaction
from django.test import Client, override_settings
from freezegun import freeze_time

from ngoaivu.accounts.models import Role, User
from ngoaivu.accounts.services import user_create
from ngoaivu.audit.services import SystemActor
from ngoaivu.core.exceptions import NotFound
from ngoaivu.core.testing.clock import FROZEN_TODAY, REAL_TIME_MODULES
from ngoaivu.core.testing.screens import check_page, check_workbook
from ngoaivu.core.testing.world import (
    World,
    build_world,
    make_agreement,
    make_delegation,
    make_request,
    read_body,
)
from ngoaivu.indicators import services as indicator_services
from ngoaivu.reports.selectors import dashboards as selectors

pytestmark = [pytest.mark.today(FROZEN_TODAY), pytest.mark.django_db]
COUNT = re.compile(r'<p class="count">\s*([\d.]+) bản ghi')


@pytest.fixture(scope="module")
def data(django_db_setup: Any, django_db_blocker: Any) -> Iterator[dict[str, Any]]:
    """The world and its records, made once inside a transaction rolled back after the module."""
    with django_db_blocker.unblock(), freeze_time(FROZEN_TODAY, tick=True, ignore=REAL_TIME_MODULES):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            world = build_world()
            head = user_create(
                actor=SystemActor("test"),
                username="m_head",
                password="world-password-2026",
                organisation=world.orgs["M"],
                roles=[Role.OFFICER, Role.HEAD],
                check_password=False,
                is_superuser=False,
            )
            for owner, year, amount in (
                ("A", 2024, 900_000_000),
                ("B", 2024, 1_200_000_000),
                ("A", 2025, 846e6),
            ):
                _fdi(world, owner, year, Decimal(amount))
            made = {
                "a_requests": [make_request(world, "A", ["M"]), make_request(world, "A", ["X"])],
                "a_draft": make_request(world, "A", ["M"], send=False),
                "b_requests": [make_request(world, "B", ["X"]), make_request(world, "B", ["Y"])],
                "a_agreements": [
                    make_agreement(world, "A", signed=True, country="KR"),
                    make_agreement(world, "A", signed=True, country="JP", shared=True),
                ],
                "b_agreements": [
                    make_agreement(world, "B", signed=True, country="KR"),
                    make_agreement(world, "B", signed=True, country="KR"),
                    make_agreement(world, "B", signed=True, country="JP", shared=True),
                ],
                "a_proposed": make_agreement(world, "A", signed=False, country="KR"),
                "a_delegations": [make_delegation(world, "A", country="JP", days_ahead=3, approved=True)],
                "a_draft_delegation": make_delegation(world, "A", country="KR", days_ahead=4),
                "b_delegations": [
                    make_delegation(world, "B", country="KR", days_ahead=3, approved=True),
                    make_delegation(world, "B", country="JP", days_ahead=3, approved=True),
                ],
            }
        except BaseException:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            raise
    yield {"world": world, "head": head, **made}
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        atomic.__exit__(None, None, None)


def _fdi(world: World, owner: str, year: int, amount: Decimal) -> None:
    """A validated new-FDI figure of province `owner` for `year` (USD)."""
    editor = world.users["a_editor" if owner == "A" else "b_editor"]
    value = indicator_services.value_create(
        actor=editor,
        data=indicator_services.ValueInput(
            indicator="fdi_registered_new",
            period=str(year),
            value=amount,
            # before 01/07/2025 a figure is reported for the unit as it was (A: Đà Nẵng, B: Lai Châu, unmerged)
            former_province=editor.scope.province_code if year < 2025 else "",
            source="thử",
        ),
    )
    value = indicator_services.value_submit(actor=editor, value_id=value.pk, expected_version=value.version)
    indicator_services.value_validate(
        actor=world.users["ministry"], value_id=value.pk, expected_version=value.version
    )


def _user(data: dict[str, Any], who: str) -> User:
    world: World = data["world"]
    return data["head"] if who == "m_head" else world.users[who]


def _client(data: dict[str, Any], who: str) -> Client:
    client = Client()
    client.force_login(_user(data, who))
    return client


def _chart(board: selectors.Dashboard, key: str) -> selectors.Chart:
    chart = board.chart(key)
    assert chart is not None, key
    return chart


def _series(chart: selectors.Chart, name: str) -> list[Any]:
    return [c.value for c in next(s for s in chart.series if s.name == name).cells]


def test_each_role_has_its_dashboard_and_only_its_scope(data: dict[str, Any]) -> None:
    assert selectors.default_view(_user(data, "m_head")) == "national"
    assert selectors.default_view(_user(data, "ministry")) == "ministry"
    assert selectors.default_view(_user(data, "a_viewer")) == "province"
    assert selectors.default_view(_user(data, "x_officer")) == "mission"

    # a province: its own records only (B's private agreements and delegations are never counted)
    a = selectors.dashboard(user=_user(data, "a_viewer"), view="province")
    assert a.province == data["world"].orgs["A"].province_code
    agreements = _chart(a, "agreements_year")
    assert sum(_series(agreements, "Tổng số")) == len(data["a_agreements"])
    countries = _chart(a, "countries")
    # two signed agreements, one approved trip: A's proposed agreement and draft trip (Korea) are not counted,
    # as the reports do not count them; the links say so (approved=true, signed_from)
    assert sum(c.value or 0 for s in countries.series for c in s.cells) == 2 + 1
    assert all("approved=true" in c.link for c in countries.series[1].cells)
    assert all("signed_from=2017-01-01" in c.link for c in countries.series[0].cells)
    trips = _chart(a, "delegations_month")
    assert sum(c.value or 0 for s in trips.series for c in s.cells) == 1
    assert all("approved=true" in c.link for s in trips.series for c in s.cells)
    state = dict(
        zip(
            _chart(a, "requests_state").categories,
            _series(_chart(a, "requests_state"), "Số đặt hàng"),
            strict=True,
        )
    )
    assert state["Dự thảo"] == 1
    assert state["Mới nhận"] == 2
    # the ministry sees both provinces (never A's draft); a province's dashboard of the ministry equals A's own
    national = selectors.dashboard(user=_user(data, "m_head"), view="national")
    assert sum(_series(_chart(national, "agreements_year"), "Tổng số")) == 5
    assert "Dự thảo" not in _chart(national, "requests_state").categories
    seen_by_ministry = selectors.dashboard(
        user=_user(data, "ministry"), view="province", province_code=a.province
    )
    assert _series(_chart(seen_by_ministry, "agreements_year"), "Tổng số") == _series(agreements, "Tổng số")
    # a mission: the requests routed to it, the delegations and agreements of its host country (Japan)
    x = selectors.dashboard(user=_user(data, "x_officer"), view="mission")
    x_state = dict(
        zip(
            _chart(x, "requests_state").categories,
            _series(_chart(x, "requests_state"), "Số đặt hàng"),
            strict=True,
        )
    )
    assert x_state["Mới nhận"] == 2  # A → X and B → X, not B → Y
    assert {c for c in _chart(x, "countries").categories} == {"Nhật Bản"}
    y = selectors.dashboard(user=_user(data, "y_officer"), view="mission")
    assert (
        dict(
            zip(
                _chart(y, "requests_state").categories,
                _series(_chart(y, "requests_state"), "Số đặt hàng"),
                strict=True,
            )
        )["Mới nhận"]
        == 1
    )
    # the ministry's worst breaches: the requests waiting longest after their deadline, by how many days
    with freeze_time("2026-09-01 10:00:00+07:00", ignore=REAL_TIME_MODULES):
        later = selectors.dashboard(user=_user(data, "ministry"), view="ministry")
    sent = {r.number for r in [*data["a_requests"], *data["b_requests"]]}
    assert {b.number for b in later.breaches} == sent
    assert all(b.days > 0 for b in later.breaches)
    assert later.breaches_link == "/requests/?box=overdue&sort=due"
    assert not x.breaches  # a mission's dashboard has its overdue count, not the national table
    # what a role may not open is not found
    for who, view, province in (
        ("a_viewer", "national", ""),
        ("a_viewer", "mission", ""),
        ("x_officer", "province", ""),
        ("ministry", "mission", ""),
        ("a_viewer", "province", "01"),
    ):
        with pytest.raises(NotFound):
            selectors.dashboard(user=_user(data, who), view=view, province_code=province)
    assert _client(data, "a_viewer").get("/reports/?view=national").status_code == 404
    assert _client(data, "a_viewer").get("/reports/?province=01&view=province").status_code == 404


def _list_count(client: Client, link: str) -> int:
    response = client.get(link)
    assert response.status_code == 200, link
    found = COUNT.search(response.content.decode())
    assert found, link
    return int(found.group(1).replace(".", ""))


@pytest.mark.parametrize("who", ["a_viewer", "ministry", "x_officer"])
def test_every_figure_links_to_a_list_with_that_count(data: dict[str, Any], who: str) -> None:
    user = _user(data, who)
    board = selectors.dashboard(user=user, view=selectors.default_view(user))
    client = _client(data, who)
    checked = 0
    for card in board.cards:
        assert _list_count(client, card.link) == card.value, (card.label, card.link)
        checked += 1
    for chart in board.charts:
        if chart.key.startswith("indicator_"):
            continue  # the indicators' own series and links (indicators/tests)
        zero_seen = False
        for s in chart.series:
            if s.unit == "%":
                continue  # a rate: its link is the month's list, whose count is the bar beside it
            for cell in s.cells:
                if not cell.value and zero_seen:
                    continue
                zero_seen = zero_seen or not cell.value
                assert _list_count(client, cell.link) == cell.value, (chart.key, s.name, cell.link)
                checked += 1
    assert checked >= 8


def test_page_has_tables_excel_and_no_inline_script(data: dict[str, Any]) -> None:
    import openpyxl

    client = _client(data, "a_viewer")
    response = client.get("/reports/")
    assert response.status_code == 200
    html = response.content.decode()
    board = selectors.dashboard(user=_user(data, "a_viewer"), view="province")
    for chart in board.charts:
        assert f'id="h-{chart.key}"' in html
        if not chart.missing:
            assert f"Bảng số liệu: {chart.title}" in unescape(html)
            assert f"chart={chart.key}&amp;format=xlsx" in html
    main = html[html.index("<main") :]  # the shell shows the test user's login name ("a_viewer")
    assert check_page("/reports/", main) == []  # Vietnamese only, no codes, no dotted decimals
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert "src=" in tag or 'type="application/json"' in tag, tag  # json_script data, never code
    assert "js/dashboard.js" in html
    assert "vendor/echarts-5.6.0/echarts.min.js" in html

    response = client.get("/reports/?chart=agreements_year&format=xlsx")
    assert response.status_code == 200
    assert re.search(
        r'filename="bang-dieu-khien-province-agreements-year-\d\d-2026-06-01\.xlsx"',
        response["Content-Disposition"],
    )
    body = read_body(response)
    assert check_workbook("/reports/?chart=agreements_year&format=xlsx", body) == []
    sheet = openpyxl.load_workbook(io.BytesIO(body)).active
    assert sheet is not None
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    chart = _chart(board, "agreements_year")
    assert rows[0][0] == f"{chart.title} — {board.place}"  # the title row: the chart and its scope
    assert str(rows[1][0]).startswith("Số liệu tính lúc ")
    assert list(rows[3]) == chart.header
    assert rows[4:] == chart.workbook_rows()
    assert client.get("/reports/?chart=nothing&format=xlsx").status_code == 404


def test_api_gives_the_same_figures(data: dict[str, Any]) -> None:
    user = _user(data, "x_officer")
    body = _client(data, "x_officer").get("/api/v1/dashboards").json()
    board = selectors.dashboard(user=user, view="mission")
    assert body["view"] == "mission"
    assert [c["key"] for c in body["charts"]] == [c.key for c in board.charts]
    state = next(c for c in body["charts"] if c["key"] == "requests_state")
    assert [x["value"] for x in state["series"][0]["cells"]] == _series(
        _chart(board, "requests_state"), "Số đặt hàng"
    )
    assert _client(data, "x_officer").get("/api/v1/dashboards?view=national").status_code == 404
    # the ministry: a province given is that province's dashboard, as on the page; an unknown one a named 422
    ministry = _client(data, "ministry")
    code = data["world"].orgs["A"].province_code
    assert ministry.get(f"/api/v1/dashboards?province={code}").json()["province"] == code
    unknown = ministry.get("/api/v1/dashboards?view=province&province=99")
    assert unknown.status_code == 422
    assert "province" in str(unknown.json())
    assert _client(data, "a_viewer").get("/api/v1/dashboards?province=01").status_code == 404


def test_figures_are_cached_per_scope_and_follow_changes(
    data: dict[str, Any], django_assert_max_num_queries: Any
) -> None:
    with override_settings(
        NGOAIVU_COUNT_CACHE_SECONDS=60,
        CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "dash"}},
    ):
        a = _user(data, "a_viewer")
        first = selectors.dashboard(user=a, view="province")
        with django_assert_max_num_queries(12):  # the stamps and the key's SQL, not the figures
            again = selectors.dashboard(user=a, view="province")
        assert again.computed_at == first.computed_at
        b = selectors.dashboard(user=_user(data, "b_editor"), view="province")
        assert b.province != first.province
        make_agreement(data["world"], "A", signed=True, country="KR")
        changed = selectors.dashboard(user=a, view="province")
        total = sum(_series(_chart(changed, "agreements_year"), "Tổng số"))
        assert total == sum(_series(_chart(first, "agreements_year"), "Tổng số")) + 1


def test_national_indicator_says_how_many_provinces_each_year_has(data: dict[str, Any]) -> None:
    """2025 has one province's figure, 2024 two: the national chart says so per year and marks 2025, so the
    partial sum does not read as a fall; whole dollars without ",00", the axis named in "tỷ USD"."""
    board = selectors.dashboard(user=_user(data, "m_head"), view="national")
    chart = _chart(board, "indicator_fdi_registered_new")
    assert chart.categories == ["2024", "2025"]
    assert [c.shown for c in chart.series[0].cells] == ["2.100.000.000", "846.000.000"]
    assert chart.coverage == ["2/34 tỉnh có số liệu", "1/34 tỉnh có số liệu"]
    assert chart.incomplete == [False, True]
    assert "2025 (1/34)" in chart.note
    assert (chart.chart_data()["axis_name"], chart.chart_data()["axis_divisor"]) == ("tỷ USD", 10**9)
    assert chart.header[-1] == "Số tỉnh có số liệu"
    html = unescape(_client(data, "m_head").get("/reports/").content.decode())
    assert "1/34 tỉnh có số liệu" in html
    # a province's own chart: one province, no coverage column
    a = selectors.dashboard(user=_user(data, "a_viewer"), view="province")
    assert not _chart(a, "indicator_fdi_registered_new").coverage
    # a mission reads the directions from its host country
    x = selectors.dashboard(user=_user(data, "x_officer"), view="mission")
    names = [s.name for s in _chart(x, "delegations_month").series]
    assert names == ["Đoàn Việt Nam sang nước sở tại", "Đoàn nước sở tại sang Việt Nam"]
