"""The report figures on the demo data (the only module of this part that loads it, once): every section of the
national review is filled, and each figure equals the list the API names for it, read as the same user — so
the report cannot drift from the records. Time is frozen for the whole module (the demo is built relative to
"today")."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from freezegun import freeze_time

from ngoaivu.accounts.models import Organisation, User
from ngoaivu.core.exceptions import Forbidden, NotFound
from ngoaivu.core.testing.demo import demo_data
from ngoaivu.reports.content import Figure, ReportContent
from ngoaivu.reports.figures import build

TODAY = "2026-11-20 10:00:00+07:00"
START, END = dt.date(2021, 12, 13), dt.date(2026, 11, 20)


@pytest.fixture(scope="module")
def demo(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    """The demo data built once for the module, at a frozen date, and rolled back afterwards."""
    with demo_data(django_db_blocker, TODAY):
        yield


@pytest.fixture(scope="module")
def review(demo: None, django_db_blocker: Any) -> ReportContent:
    with freeze_time(TODAY, tick=False), django_db_blocker.unblock():
        return build("national_review", actor=_user("mofa"), period_from=START, period_to=END)


def _user(name: str) -> User:
    return User.objects.get(username=name)


def _client(name: str) -> Client:
    client = Client()
    client.force_login(_user(name))
    return client


def _api_value(client: Client, f: Figure) -> Decimal:
    """What the API list named by the figure says: its count, the sum of a series' points, or the field of the
    responsiveness report."""
    response = client.get(f.api_list + ("&" if "?" in f.api_list else "?") + "page_size=1")
    assert response.status_code == 200, (f.key, f.api_list, response.content[:300])
    body = response.json()
    if "count" in body:
        return Decimal(body["count"])
    if "points" in body:
        total = sum((Decimal(str(p["value"])) for p in body["points"] if p["value"] is not None), Decimal(0))
        return total.quantize(Decimal(1)) if f.unit == "USD" else total  # a report gives whole dollars
    units = body["units"]
    if f.key == "request_parts":
        return Decimal(sum(u["received"] for u in units))
    if f.key == "request_parts_answered":
        return Decimal(sum(p["answered"] for p in body["provinces"]))
    # on time over the parts answered or past due; an open part not yet due (open − overdue) is not counted
    on_time = sum(round(Decimal(str(u["answer_on_time_pct"] or 0)) * u["received"] / 100) for u in units)
    decided = sum(u["received"] - u["open"] + u["overdue"] for u in units)
    return (Decimal(100 * on_time) / decided).quantize(Decimal("0.1"))


def _same_as_the_lists(content: ReportContent, who: str) -> None:
    """Each figure of a province's or a mission's report that names a list equals that list, as its reader."""
    client = _client(who)
    named = [f for s in content.sections for f in s.figures if f.value is not None and "?" in f.api_list]
    for f in named:
        if "/responsiveness" not in f.api_list:
            assert _api_value(client, f) == Decimal(f.value or 0), (f.key, f.api_list)
    assert len(named) >= 5


def test_every_section_of_the_review_is_filled(review: ReportContent) -> None:
    assert [s.key for s in review.sections] == [
        "agreements",
        "economy",
        "aid",
        "culture",
        "press",
        "training",
        "delegations",
        "visits",
        "requests",
    ]
    for section in review.sections:
        filled = [f for f in section.figures if f.value]
        assert filled, (section.key, [(f.key, f.value, f.missing) for f in section.figures])
        assert section.narrative, section.key
        assert section.tables, section.key
        for f in section.figures:
            assert (f.value is None) == bool(f.missing), f.key
            assert f.value is None or f.api_list.startswith("/api/v1/"), f.key
            if f.unit == "USD" and f.value is not None:  # whole dollars in a signed report
                assert Decimal(f.value) == Decimal(f.value).to_integral_value(), f.key
    # a national sum says how many provinces it adds up, per year ("năm 2025: 1/34 tỉnh, thành phố có số liệu")
    economy = next(s for s in review.sections if s.key == "economy")
    fdi = next(f for f in economy.figures if f.key == "fdi_registered_new")
    assert "tỉnh, thành phố có số liệu" in fdi.source
    covered = next(t for t in economy.tables if t.title.startswith("Số tỉnh, thành phố có số liệu"))
    assert all(str(cell).endswith("/34") for row in covered.rows for cell in row[1:]), covered.rows
    requests = next(s for s in review.sections if s.key == "requests")
    assert "%" not in requests.narrative or " %" in requests.narrative


def test_each_figure_equals_the_list_the_api_names(review: ReportContent, db: Any) -> None:
    client = _client("mofa")
    with freeze_time(TODAY, tick=False):
        checked = 0
        for section in review.sections:
            for f in section.figures:
                if f.value is None or not f.api_list:
                    continue
                assert _api_value(client, f) == Decimal(f.value), (f.key, f.api_list)
                checked += 1
                if f.list_url:
                    page = client.get(f.list_url)
                    assert page.status_code == 200, (f.key, f.list_url)
    assert checked >= 15
    # the UNESCO years filter wants one recognition decided within both ends (Hạ Long – Cát Bà 2023; the two
    # biosphere reserves 2021)
    for years, expected in (
        ("2021&decided_to=2021", 2),
        ("2022&decided_to=2022", 0),
        ("2022&decided_to=2026", 1),
    ):
        listed = client.get(f"/api/v1/unesco?recognised=true&decided_from={years}").json()["count"]
        assert listed == expected, years


def test_scope_of_the_builders(demo: None, db: Any) -> None:
    danang = Organisation.objects.get(code="tinh-48")
    laichau = Organisation.objects.get(code="tinh-12")
    tokyo = Organisation.objects.get(code="cqdd-jp-tokyo")
    seoul = Organisation.objects.get(code="cqdd-kr-seoul")
    period: dict[str, Any] = {"period_from": dt.date(2025, 12, 15), "period_to": dt.date(2026, 12, 14)}
    with freeze_time(TODAY, tick=False):
        with pytest.raises(Forbidden):
            build("national_review", actor=_user("danang"), **period)
        with pytest.raises(Forbidden):
            build("national_review", actor=_user("tokyo"), **period)
        with pytest.raises(NotFound):
            build("province_periodic", actor=_user("danang"), organisation=laichau, **period)
        with pytest.raises(NotFound):
            build("mission_support", actor=_user("tokyo"), organisation=seoul, **period)
        with pytest.raises(Forbidden):
            build("province_periodic", actor=_user("tokyo"), organisation=danang, **period)
        own = build("province_periodic", actor=_user("danang"), organisation=danang, **period)
        assert own.proposals == ""
        assert {s.key for s in own.sections} >= {"economy", "consular", "border", "press", "training"}
        assert any(f.value for s in own.sections for f in s.figures)
        annexes = {s.key: s.tables for s in own.sections if s.tables}
        assert set(annexes) == {"economy", "agreements", "delegations"}
        assert annexes["delegations"][0].rows  # the Sakai delegation
        _same_as_the_lists(own, "danang")
        mission = build("mission_support", actor=_user("tokyo"), organisation=tokyo, **period)
        _same_as_the_lists(mission, "tokyo")
        briefs = next(f for s in mission.sections for f in s.figures if f.key == "briefs_sent")
        assert isinstance(
            briefs.value, int
        )  # counted from the briefs; equal to its list (_same_as_the_lists)
        assert briefs.missing == ""
        # the ministry builds any
        build("province_periodic", actor=_user("mofa"), organisation=laichau, **period)
        build("mission_support", actor=_user("mofa"), organisation=seoul, **period)
