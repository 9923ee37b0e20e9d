"""How the series counts periods of different kinds (review #1, #2): a value is left out only when a longer
period reported for the same place covers it, so a month is never counted twice and never dropped."""

from decimal import Decimal

import pytest

from ngoaivu.indicators import selectors, services
from ngoaivu.indicators.models import Indicator

pytestmark = [pytest.mark.django_db, pytest.mark.today("2026-06-01 10:00:00+07:00")]


def validated(world, who, **kw):
    data = {"indicator": "fdi_registered_new", "period": "2023", "value": Decimal(1)}
    data.update(kw)
    value = services.value_create(actor=world.users[who], data=services.ValueInput(**data), submit=True)
    return services.value_validate(
        actor=world.users["ministry"], value_id=value.pk, expected_version=value.version
    )


def series(world, code="fdi_registered_new", **kw):
    params = {"group_by": "year", "year_from": 2025, "year_to": 2025}
    params.update(kw)
    return selectors.series(
        user=world.users["ministry"], indicator=Indicator.objects.get(code=code), **params
    )


def test_2025_first_half_of_a_former_unit_is_not_counted_again_in_the_merged_provinces_year(world):
    """Review #1: Quảng Nam 01/2025 lies inside the merged Đà Nẵng's year 2025, counted once."""
    validated(world, "a_editor", former_province="49", period="01/2025", value=Decimal(100))
    validated(world, "a_editor", period="2025", value=Decimal(1000))
    assert series(world).points[0].value == Decimal(1000)
    assert series(world, units="as_reported").points[0].value == Decimal(1000)
    by_province = series(world, group_by="province")
    assert sum((p.value or 0) for p in by_province.points) == Decimal(1000)


def test_months_of_former_units_and_the_merged_provinces_second_half_all_count(world):
    """Months of 2025 before the merger and the merged province's H2/2025 do not overlap: all count."""
    validated(world, "a_editor", former_province="49", period="01/2025", value=Decimal(100))
    validated(world, "a_editor", former_province="48", period="02/2025", value=Decimal(10))
    validated(world, "a_editor", period="H2/2025", value=Decimal(1000))
    assert series(world).points[0].value == Decimal(1110)


def test_half_year_and_months_of_the_same_unit_and_year_are_both_counted(world):
    """Review #2: January–March monthly plus the second half as a half-year: 300 + 500."""
    for month in ("01/2024", "02/2024", "03/2024"):
        validated(world, "b_editor", period=month, value=Decimal(100))
    validated(world, "b_editor", period="H2/2024", value=Decimal(500))
    assert series(world, year_from=2024, year_to=2024).points[0].value == Decimal(800)


def test_a_half_year_wins_over_the_months_it_covers_and_keeps_the_others(world):
    for month in ("01/2024", "02/2024", "07/2024"):
        validated(world, "b_editor", period=month, value=Decimal(100))
    validated(world, "b_editor", period="H1/2024", value=Decimal(500))
    point = series(world, year_from=2024, year_to=2024).points[0]
    assert point.value == Decimal(600)  # H1 (500) + July (100); January and February are inside H1
