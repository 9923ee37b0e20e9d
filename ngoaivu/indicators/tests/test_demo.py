"""The indicators demo tells the seeds' story and a second run changes nothing."""

from collections import Counter

import pytest
from django.core.management import call_command
from freezegun import freeze_time

from ngoaivu.indicators.dev.demo import load_demo_indicators
from ngoaivu.indicators.models import ExchangeRate, IndicatorImport, IndicatorValue

pytestmark = pytest.mark.django_db


def _snapshot():
    rows = IndicatorValue.objects.system(reason="test").values_list("unit_key", "status", "value")
    return sorted(rows), ExchangeRate.objects.count(), IndicatorImport.objects.system(reason="test").count()


@freeze_time("2026-12-06 09:00:00")
def test_demo_tells_the_story_and_is_idempotent(reference):
    from ngoaivu.directory.dev.demo import load_demo

    load_demo()
    load_demo_indicators()
    values = IndicatorValue.objects.system(reason="test")
    units = set(values.values_list("unit_key", flat=True))
    # former units before 07/2025, current provinces for 2025; Lai Châu was never merged
    assert {"f48", "f49", "p48", "f25", "f26", "f17", "p25", "p12", "f27", "f24", "p24"} <= units
    assert not values.filter(unit_key__startswith="f", year=2025).exists()
    statuses = Counter(values.values_list("status", flat=True))
    assert statuses["validated"] > statuses["submitted"] > 0
    assert statuses["returned"] == 1
    assert statuses["draft"] > 0
    assert statuses["superseded"] == 1
    correction = values.get(corrects__isnull=False)
    assert correction.unit_key == "f24"
    assert "Lục Ngạn" in correction.correction_reason
    qn = values.get(indicator__code="fdi_registered_new", unit_key="f49", year=2023)
    assert qn.province.code == "48"
    assert qn.former_province.name == "Quảng Nam"
    assert set(ExchangeRate.objects.values_list("currency", flat=True)) == {"USD", "JPY", "KRW", "EUR"}
    assert ExchangeRate.objects.filter(period_start__year=2021).count() == 4
    assert "minh họa" in ExchangeRate.objects.first().source
    batch = IndicatorImport.objects.system(reason="test").get()
    assert batch.status == "imported"
    assert values.filter(import_batch=batch, status="submitted").count() == batch.created_count > 0
    before = _snapshot()
    load_demo_indicators()
    assert _snapshot() == before


@freeze_time("2026-12-06 09:00:00")
def test_demo_command_runs_twice(reference, capsys):
    call_command("demo")
    first = _snapshot()
    call_command("demo")
    assert _snapshot() == first
    assert "indicator_values" in capsys.readouterr().out
