"""`GET /api/v1/reports/national-review` and the builders' scope, on the two-province, two-mission world (no demo
data): the ministry's only; bad dates answer 422 naming the field; a figure without a source is `missing`,
never 0; each figure equals the API list it names, read as the same user; a province counts only its own."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from freezegun import freeze_time

from ngoaivu.core.exceptions import Forbidden, NotFound, ServiceError
from ngoaivu.core.testing.world import ALL_USERS, World, make_agreement, make_delegation
from ngoaivu.reports.content import ReportContent
from ngoaivu.reports.figures import build

URL = "/api/v1/reports/national-review"
TODAY = "2026-06-20 10:00:00+07:00"
PERIOD: dict[str, Any] = {"period_from": dt.date(2021, 12, 13), "period_to": dt.date(2026, 6, 20)}


def _figures(content: ReportContent | dict[str, Any]) -> dict[str, Any]:
    sections = content["sections"] if isinstance(content, dict) else content.sections
    return {
        (f["key"] if isinstance(f, dict) else f.key): f
        for s in sections
        for f in (s["figures"] if isinstance(s, dict) else s.figures)
    }


@freeze_time(TODAY)
@pytest.mark.parametrize("who", ALL_USERS)
def test_the_national_review_is_the_ministrys(world: World, who: str) -> None:
    status = world.client(who).get(f"{URL}?from=2025-12-15&to=2026-06-14").status_code
    if who in {"anonymous", "inactive", "noorg"}:
        assert status == 401
    elif who == "ministry":
        assert status == 200
    else:
        assert status == 403


@freeze_time(TODAY)
def test_bad_dates_name_the_field(world: World) -> None:
    client = world.client("ministry")
    for query, field in (
        ("from=2021-13-01", "from"),
        ("to=hôm-nay", "to"),
        ("from=2026-01-01&to=2025-01-01", "to"),
        ("from=2006-01-01&to=2026-12-31", "from"),  # 21 years: the builder's 15 at most (one rule)
        ("from=2026-01-01&to=2040-12-31", "to"),  # ends more than a year after today
    ):
        response = client.get(f"{URL}?{query}")
        assert response.status_code == 422, query
        assert [e["field"] for e in response.json()["errors"]] == [field], query
    response = client.get(f"{URL}?from=1900-01-01&to=2026-01-01")
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["from"]


@freeze_time(TODAY)
def test_figures_are_counted_as_the_reader_and_equal_their_lists(world: World) -> None:
    for owner, shared in (("A", False), ("A", True), ("B", False)):
        make_agreement(world, owner, signed=True, shared=shared)
    make_agreement(world, "A")  # proposed, not signed: counts nowhere
    client = world.client("ministry")
    body = client.get(f"{URL}?from={PERIOD['period_from']}&to={PERIOD['period_to']}").json()
    found = _figures(body)
    assert Decimal(found["agreements_local_new"]["value"]) == 3
    assert found["mous_new"]["value"] == 0
    # no indicator value and no aid project anywhere: no FDI figure, said so, never a 0
    for key in ("fdi_registered_new", "remittances", "ngo_aid_committed"):
        assert found[key]["value"] is None, key
        assert found[key]["missing"], key
    economy = next(s for s in body["sections"] if s["key"] == "economy")
    assert economy["tables"] == []  # no column of zeros for figures that have no source
    checked = 0
    for f in found.values():
        if f["value"] is None or "?" not in f["api_list"] or "/indicators/" in f["api_list"]:
            continue
        if "/responsiveness" in f["api_list"]:
            continue
        listed = client.get(f["api_list"] + "&page_size=1").json()["count"]
        assert listed == Decimal(f["value"]), f["key"]
        checked += 1
    assert checked >= 8
    # a signed agreement outside the dates is not counted: the list's date filter does it
    earlier = client.get("/api/v1/agreements?kinds=provincial&signed_from=2024-05-07&page_size=1").json()
    assert earlier["count"] == 0
    # a province's report counts its own records only; as the province reads them
    a = build("province_periodic", actor=world.users["a_editor"], organisation=world.orgs["A"], **PERIOD)
    b = build("province_periodic", actor=world.users["b_editor"], organisation=world.orgs["B"], **PERIOD)
    assert _figures(a)["agreements_local_new"].value == 2
    assert _figures(b)["agreements_local_new"].value == 1
    assert _figures(a)["agreements_local_new"].api_list.startswith("/api/v1/agreements?kinds=provincial")


@freeze_time(TODAY)
def test_with_the_count_cache_on_a_new_record_counts_at_once_and_each_reader_keeps_their_own(
    world: World, settings: Any
) -> None:
    """The review's counts and their per-province tables are kept by the count cache (keyed by each list's own
    SQL, so by the reader's scope, and moved by any write to the table)."""
    from django.core.cache import cache

    settings.NGOAIVU_COUNT_CACHE_SECONDS = 300
    cache.clear()
    make_agreement(world, "A", signed=True)

    def review(who: str) -> dict[str, Any]:
        if who == "ministry":
            return _figures(build("national_review", actor=world.users[who], **PERIOD))
        return _figures(
            build("province_periodic", actor=world.users[who], organisation=world.orgs["A"], **PERIOD)
        )

    assert review("ministry")["agreements_local_new"].value == 1
    assert review("a_editor")["agreements_local_new"].value == 1
    make_agreement(world, "B", signed=True)
    assert review("ministry")["agreements_local_new"].value == 2  # at once, not after the cache's 300 s
    assert review("a_editor")["agreements_local_new"].value == 1  # B's private agreement is not A's


@freeze_time(TODAY)
def test_the_delegations_a_report_counts_are_the_approved_ones(world: World) -> None:
    make_delegation(world, "A", approved=True)
    make_delegation(world, "A")  # planned, not approved
    client = world.client("ministry")
    base = "/api/v1/delegations?date_from=2026-06-20&date_to=2026-12-31"
    counts = {
        flag: client.get(f"{base}&approved={flag}").json()["count"]
        if flag
        else client.get(base).json()["count"]
        for flag in ("true", "false", "")
    }
    assert counts == {"true": 1, "false": 1, "": 2}
    review = build(
        "national_review",
        actor=world.users["ministry"],
        period_from=dt.date(2026, 6, 20),
        period_to=dt.date(2026, 12, 31),
    )
    assert _figures(review)["delegations_outbound"].value == 1


@freeze_time(TODAY)
def test_who_builds_what(world: World) -> None:
    orgs, users = world.orgs, world.users
    cases: list[tuple[str, str, str | None, type[Exception]]] = [
        ("national_review", "a_editor", None, Forbidden),
        ("national_review", "x_officer", None, Forbidden),
        ("province_periodic", "a_editor", "B", NotFound),  # another province's report
        ("province_periodic", "a_editor", "X", NotFound),  # a mission is no province
        ("province_periodic", "x_officer", "A", Forbidden),
        ("mission_support", "x_officer", "Y", NotFound),
        ("mission_support", "a_editor", "X", Forbidden),
        ("province_periodic", "ministry", None, ServiceError),
        ("annual_everything", "ministry", None, ServiceError),
    ]
    for kind, who, org, error in cases:
        with pytest.raises(error):
            build(kind, actor=users[who], organisation=orgs[org] if org else None, **PERIOD)
    mission = build("mission_support", actor=users["x_officer"], organisation=orgs["X"], **PERIOD)
    briefs = _figures(mission)["briefs_sent"]  # counted from the briefs (information app): none in this world
    assert briefs.value == 0
    assert briefs.missing == ""
    for org in ("A", "B"):
        build("province_periodic", actor=users["ministry"], organisation=orgs[org], **PERIOD)
    build("mission_support", actor=users["ministry"], organisation=orgs["Y"], **PERIOD)


@freeze_time(TODAY)
def test_the_ministry_counts_a_provinces_citizen_cases_without_names(world: World) -> None:
    """The ministry cannot read cases, yet builds any province's report: the count comes from the consular
    app's counts without names, never the 0 of a list it cannot see (review #3)."""
    from ngoaivu.consular.tests.helpers import make_case

    make_case(world, "X", "48")  # a citizen of province A, received 19/06/2026
    period = {"period_from": dt.date(2026, 1, 1), "period_to": dt.date(2026, 6, 20)}
    for who in ("a_editor", "ministry"):
        content = build("province_periodic", actor=world.users[who], organisation=world.orgs["A"], **period)
        assert _figures(content)["citizen_cases"].value == 1, who
    content = build(
        "province_periodic", actor=world.users["ministry"], organisation=world.orgs["B"], **period
    )
    assert _figures(content)["citizen_cases"].value == 0


@freeze_time(TODAY)
def test_a_city_report_reads_as_officials_write_it(world: World) -> None:
    """Walk minors 5, 6: a centrally-run city (Đà Nẵng, 48) is "thành phố"/"Thành ủy", never "tỉnh"; no
    "đạt chưa có số liệu" and no "0 hồ sơ" sentence — a zero clause is left out, a missing figure says "chưa có"."""
    import re

    from ngoaivu.directory.models import Province

    content = build(
        "province_periodic", actor=world.users["a_editor"], organisation=world.orgs["A"], **PERIOD
    )
    text = " ".join(s.narrative for s in content.sections)
    assert "đạt chưa có" not in text
    assert not re.search(r"(?<![\d.,])0 [a-zà-ỹ]", text), text
    assert "chưa có số liệu" in text  # the economy's indicators have no value in this world
    if Province.objects.get(code="48").kind == Province.Kind.CITY:
        assert not re.search(r"\b[Tt]ỉnh\b", text.replace("tỉnh, thành phố", "")), text
        assert "Thường trực Thành ủy, Thường trực HĐND thành phố" in content.recipients
