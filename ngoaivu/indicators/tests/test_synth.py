"""Synthetic indicator figures: the small scale, reported for the units of the time, nothing counted twice."""

import datetime as dt
from collections import Counter

import pytest

from ngoaivu.indicators.dev.synth import indicators_synthesized, synthesize_indicators
from ngoaivu.indicators.models import ExchangeRate, IndicatorValue

pytestmark = pytest.mark.django_db


def test_small_synth_writes_validated_values_for_the_units_of_the_time(reference):
    said = []
    assert not indicators_synthesized(scale="small")
    made = synthesize_indicators(scale="small", seed=1, say=lambda label, done, total: said.append(label))
    assert made["indicator_values"] > 5_000
    assert indicators_synthesized(scale="small")
    assert "indicator values" in said
    values = IndicatorValue.objects.system(reason="test")
    assert values.count() == made["indicator_values"]
    assert set(values.values_list("status", flat=True)) == {"validated"}
    # before 01/07/2025: former units (Quảng Nam "f49"); after: the current province ("p48"), never a former one
    assert values.filter(unit_key="f49", period_end__lt=dt.date(2025, 7, 1)).exists()
    assert not values.filter(unit_key__startswith="f", period_end__gte=dt.date(2025, 7, 1)).exists()
    assert values.filter(unit_key="p48", period_start__gte=dt.date(2025, 7, 1)).exists()
    # an unmerged province keeps its current key in both eras and stores no former unit
    assert values.filter(unit_key="p12", former_province__isnull=True, year=2024).exists()
    # merged units carry their former province and roll up into the current one
    qn = values.filter(unit_key="f49").select_related("former_province", "province").first()
    assert (qn.former_province.name, qn.province.code) == ("Quảng Nam", "48")
    kinds = Counter(values.filter(indicator__code="fdi_registered_new").values_list("period_kind", flat=True))
    assert set(kinds) == {"month"}
    assert (
        values.filter(indicator__code="exports_by_market", period_kind="year").exclude(market_key="").exists()
    )
    assert values.filter(indicator__code="remittances", currency="USD").exists()
    assert {"USD", "JPY", "KRW", "EUR"} <= set(ExchangeRate.objects.values_list("currency", flat=True))
    assert ExchangeRate.objects.filter(
        currency="USD", period_kind="month", period_start=dt.date(2025, 3, 1)
    ).exists()
    # one live value per indicator, unit, market and period (the database would refuse a second anyway)
    keys = values.values_list("indicator_id", "unit_key", "market_key", "period_kind", "period_start")
    assert len(set(keys)) == len(keys)
    again = synthesize_indicators(scale="small", seed=1)
    assert again == {"indicator_values": 0, "indicator_rates": 0}
