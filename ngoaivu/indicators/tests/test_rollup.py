"""The roll-up invariant and the USD conversion of the series (selectors.series)."""

from decimal import Decimal

import pytest

from ngoaivu.directory.models import Province
from ngoaivu.indicators import selectors, services
from ngoaivu.indicators.models import Indicator
from ngoaivu.indicators.sources import ComputedFigure

pytestmark = [pytest.mark.django_db, pytest.mark.today("2026-06-01 10:00:00+07:00")]


def validated(world, who, *, status="validated", **kw):
    data = {"indicator": "remittances", "period": "2023", "value": Decimal(1)}
    data.update(kw)
    value = services.value_create(actor=world.users[who], data=services.ValueInput(**data), submit=True)
    if status == "validated":
        value = services.value_validate(
            actor=world.users["ministry"], value_id=value.pk, expected_version=value.version
        )
    return value


def series(world, code="remittances", who="ministry", **kw):
    params = {"group_by": "year", "year_from": 2023, "year_to": 2023}
    params.update(kw)
    return selectors.series(user=world.users[who], indicator=Indicator.objects.get(code=code), **params)


def by_key(s):
    return {p.key: p for p in s.points}


@pytest.fixture
def figures(world):
    validated(world, "a_editor", former_province="49", value=Decimal(100))  # Quảng Nam 2023, as reported
    validated(world, "a_editor", former_province="48", value=Decimal(50))  # the former Đà Nẵng
    validated(world, "b_editor", value=Decimal(30))  # Lai Châu (not merged): its own key
    validated(world, "a_editor", former_province="49", period="2022", value=Decimal(7))
    validated(world, "a_editor", period="2025", value=Decimal(200))  # after the merger: Đà Nẵng now
    validated(world, "b_editor", period="2022", value=Decimal(999), status="submitted")  # not validated yet


def test_a_national_total_is_the_same_counted_by_former_or_current_units(world, figures):
    national = series(world, year_from=2022, year_to=2025)
    assert [(p.key, p.value) for p in national.points] == [
        ("2022", Decimal(7)),
        ("2023", Decimal(180)),
        ("2025", Decimal(200)),
    ]
    for year, total in ((2022, 7), (2023, 180), (2025, 200)):
        for units in ("current", "as_reported"):
            per_unit = series(world, group_by="province", units=units, year_from=year, year_to=year)
            assert sum(p.value for p in per_unit.points) == Decimal(total), (year, units)


def test_quang_nam_2023_stays_as_reported_and_rolls_into_da_nang(world, figures):
    reported = by_key(series(world, group_by="province", units="as_reported"))
    assert set(reported) == {"f49", "f48", "p12"}
    assert reported["f49"].value == Decimal(100)
    assert reported["f49"].label == "Quảng Nam (nay thuộc Đà Nẵng)"
    assert reported["f49"].former_province == "49"
    assert "former_province=49" in reported["f49"].link
    current = by_key(series(world, group_by="province", units="current"))
    assert set(current) == {"p48", "p12"}
    assert current["p48"].value == Decimal(150)
    assert current["p48"].label == "Đà Nẵng"
    assert (current["p48"].rank, current["p12"].rank) == (1, 2)
    one = series(world, province=Province.objects.get(code="48"), year_from=2022, year_to=2025)
    assert [(p.key, p.value) for p in one.points] == [
        ("2022", Decimal(7)),
        ("2023", Decimal(150)),
        ("2025", Decimal(200)),
    ]


def test_every_reader_gets_the_same_validated_figures(world, figures):
    for who in ("a_editor", "b_editor", "x_officer", "ministry"):
        assert by_key(series(world, who=who))["2023"].value == Decimal(180), who


def test_a_yearly_figure_wins_over_the_months_of_the_same_unit(world):
    validated(world, "b_editor", indicator="international_arrivals", period="2023", value=Decimal(1000))
    validated(world, "b_editor", indicator="international_arrivals", period="03/2023", value=Decimal(90))
    validated(world, "b_editor", indicator="international_arrivals", period="2024-03", value=Decimal(40))
    validated(world, "b_editor", indicator="international_arrivals", period="2024-04", value=Decimal(60))
    points = by_key(series(world, code="international_arrivals", year_from=2023, year_to=2024))
    assert points["2023"].value == Decimal(1000)
    assert points["2024"].value == Decimal(100)
    assert points["2024"].values_count == 2


def test_computed_figures_join_and_kept_years_are_never_counted_twice(world, monkeypatch):
    danang, laichau = Province.objects.get(code="48"), Province.objects.get(code="12")
    validated(
        world, "a_editor", indicator="ngo_aid_disbursed", period="2025", value=Decimal(10), currency="USD"
    )
    validated(
        world, "b_editor", indicator="ngo_aid_disbursed", period="2024", value=Decimal(4), currency="USD"
    )
    monkeypatch.setattr(
        "ngoaivu.indicators.selectors.import_string",
        lambda path: lambda **kw: [ComputedFigure(danang.pk, None, 2025, Decimal(25), "USD")],
    )
    points = by_key(series(world, code="ngo_aid_disbursed", year_from=2024, year_to=2025))
    assert points["2025"].value == Decimal(25)  # Đà Nẵng keeps its projects here: its entered 10 is not added
    assert points["2025"].computed_count == 1
    assert points["2024"].value == Decimal(4)
    per_province = by_key(
        series(world, code="ngo_aid_disbursed", group_by="province", year_from=2025, year_to=2025)
    )
    assert per_province["p48"].value == Decimal(25)
    assert laichau.code not in {p.province for p in per_province.values()}


def test_mous_and_agreements_are_counted_from_the_register(world):
    from ngoaivu.core.testing.world import make_agreement

    make_agreement(world, "A", signed=True)
    make_agreement(world, "B", signed=True)
    s = series(world, code="agreements_signed_provincial", group_by="province", year_from=2000, year_to=2026)
    assert sum(p.value for p in s.points) >= 2
    assert all(p.computed_count for p in s.points)


def test_delegations_and_requests_are_counted_from_their_records(world):
    from ngoaivu.core.testing.world import make_delegation, make_request
    from ngoaivu.delegations import indicator_sources as delegations
    from ngoaivu.requests import indicator_sources as requests

    delegation = make_delegation(world, "A", approved=True)
    make_delegation(world, "B")  # only planned: not counted
    make_request(world, "A", ["M"])
    year = delegation.departs_on.year
    figures = delegations.outbound(year_from=year, year_to=year) + delegations.inbound(
        year_from=year, year_to=year
    )
    assert [(f.province_id, f.value) for f in figures] == [(delegation.province_id, Decimal(1))]
    assert requests.answered_on_time(year_from=2000, year_to=2100) == []  # nothing answered yet


# --- conversion -------------------------------------------------------------------------------------------------


def rate(world, currency, period, vnd):
    return services.rate_create(
        actor=world.users["ministry"],
        data=services.RateInput(currency=currency, period=period, vnd_per_unit=Decimal(vnd), source="NHNN"),
    )


def test_money_converts_to_usd_through_the_rate_of_the_period_and_says_which(world):
    validated(
        world,
        "b_editor",
        indicator="ngo_aid_disbursed",
        period="2024",
        value=Decimal(1_000_000),
        currency="JPY",
    )
    validated(
        world,
        "a_editor",
        indicator="ngo_aid_disbursed",
        former_province="49",
        period="2024",
        value=Decimal(2_500_000_000),
        currency="VND",
    )
    point = by_key(series(world, code="ngo_aid_disbursed", year_from=2024, year_to=2024))["2024"]
    assert point.value is None  # no rate yet: no total, and it says what is missing
    assert point.missing_rates == ["JPY 2024", "USD 2024"]
    usd = rate(world, "USD", "2024", 25_000)
    jpy = rate(world, "JPY", "2024", 170)
    rate(world, "JPY", "2023", 1)  # another period's rate is never used
    point = by_key(series(world, code="ngo_aid_disbursed", year_from=2024, year_to=2024))["2024"]
    # 1,000,000 JPY × 170 / 25,000 = 6,800 USD; 2.5 billion VND / 25,000 = 100,000 USD
    assert point.value == Decimal(106_800)
    assert point.unit == "USD"
    assert {(r.id, r.currency, r.period) for r in point.rates} == {
        (usd.pk, "USD", "2024"),
        (jpy.pk, "JPY", "2024"),
    }
    assert point.missing_rates == []


def test_a_monthly_rate_is_preferred_and_a_yearly_one_covers_the_months_without(world):
    validated(
        world, "b_editor", indicator="ngo_aid_committed", period="2024", value=Decimal(1000), currency="EUR"
    )
    rate(world, "USD", "2024", 25_000)
    rate(world, "EUR", "2024-12", 1)  # a month's rate does not cover the year
    point = by_key(series(world, code="ngo_aid_committed", year_from=2024, year_to=2024))["2024"]
    assert point.missing_rates == ["EUR 2024"]
    rate(world, "EUR", "2024", 27_500)
    point = by_key(series(world, code="ngo_aid_committed", year_from=2024, year_to=2024))["2024"]
    assert point.value == Decimal(1100)


def test_usd_figures_need_no_rate(world, figures):
    point = by_key(series(world))["2023"]
    assert point.rates == []
    assert point.missing_rates == []


def test_the_series_api(world, figures):
    client = world.client("x_officer")
    url = "/api/v1/indicators/remittances/series?group_by=province&from=2023&to=2023&units=as_reported"
    body = client.get(url).json()
    assert {p["key"]: p["value"] for p in body["points"]} == {
        "f49": "100.0000",
        "f48": "50.0000",
        "p12": "30.0000",
    }
    assert client.get("/api/v1/indicators/nope/series?from=2020&to=2021").status_code == 404
    assert client.get("/api/v1/indicators/remittances/series?from=2021&to=2020").status_code == 422
    assert client.get("/api/v1/indicators/remittances/series?from=1990&to=2060").status_code == 422


def test_with_the_count_cache_on_a_series_follows_new_values_and_a_deleted_rate_at_once(world, settings):
    """The entered figures are kept by the count cache (keyed by the reader's scope and moved by any change to a
    value, a rate or the indicator); a rate is deleted for good, which the number of rates in the key catches
    (a deleted rate that is neither the newest nor the highest id moves no table stamp)."""
    from django.core.cache import cache

    settings.NGOAIVU_COUNT_CACHE_SECONDS = 300
    cache.clear()
    validated(
        world, "b_editor", indicator="ngo_aid_disbursed", period="2024", value=Decimal(1000), currency="JPY"
    )
    rate(world, "USD", "2024", 25_000)
    jpy = rate(world, "JPY", "2024", 250)
    rate(world, "EUR", "2024", 27_500)  # a later rate, kept: the stamp's newest row and highest id
    point = by_key(series(world, code="ngo_aid_disbursed", year_from=2024, year_to=2024))["2024"]
    assert point.value == Decimal(10)
    validated(
        world,
        "a_editor",
        indicator="ngo_aid_disbursed",
        former_province="49",
        period="2024",
        value=Decimal(1000),
        currency="USD",
    )
    point = by_key(series(world, code="ngo_aid_disbursed", year_from=2024, year_to=2024))["2024"]
    assert point.value == Decimal(1010)  # the new value at once
    jpy.refresh_from_db()
    services.rate_delete(actor=world.users["ministry"], rate_id=jpy.pk, expected_version=jpy.version)
    point = by_key(series(world, code="ngo_aid_disbursed", year_from=2024, year_to=2024))["2024"]
    assert point.value is None
    assert point.missing_rates == ["JPY 2024"]
