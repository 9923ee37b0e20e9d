"""The indicators import under hostile workbooks: every XLSX case of the corpus in `core/testing/hostile.py`
(zip bombs, lying dimensions, nested archives, passwords, broken containers…) is refused with a Vietnamese
message within its budget, in each of the three shapes, by the reader, the preview and a real run, and
nothing is written (no value, no rate; the refused run is recorded without keeping the file)."""

from __future__ import annotations

import time
import unicodedata
from pathlib import Path

import pytest
from django.utils import translation

from ngoaivu.core.testing import hostile
from ngoaivu.indicators import importer
from ngoaivu.indicators.models import ExchangeRate, IndicatorImport, IndicatorValue

HEADERS = [c.header for c in importer.LONG_COLUMNS]
BOUND_SECONDS = 5.0  # not hanging, not a performance figure
READERS = {"long": importer.read_long, "wide": importer.read_wide, "rates": importer.read_rates}


@pytest.fixture(autouse=True)
def _budget_and_media(settings, tmp_path):
    settings.NGOAIVU_PARSE_SECONDS = 2.5
    settings.MEDIA_ROOT = tmp_path / "media"
    with translation.override("vi"):
        yield


def vietnamese(message: str) -> bool:
    return "đ" in message.lower() or any(
        unicodedata.combining(c) for c in unicodedata.normalize("NFD", message)
    )


@pytest.mark.parametrize("shape", sorted(READERS))
@pytest.mark.parametrize("case", hostile.XLSX_CASES, ids=str)
def test_the_readers_refuse_each_hostile_workbook_within_the_budget(case, shape):
    started = time.monotonic()
    rows, problems = READERS[shape](case.data, case.filename)
    assert time.monotonic() - started < BOUND_SECONDS
    assert rows == []
    assert problems
    message = "; ".join(str(p) for p in problems)
    assert vietnamese(message), message
    if problems[0].row == 0 and "Không tìm thấy bảng" not in message:
        assert case.refused in message or "không có dòng" in message, message


def test_the_headline_dimension_lie_is_refused_at_once():
    data = hostile.dimension_lie(header=HEADERS)
    started = time.monotonic()
    rows, problems = importer.read_long(data, "khung.xlsx")
    assert time.monotonic() - started < 1.0
    assert rows == []
    assert "quá 100.000 dòng" in str(problems[0])
    assert "khung.xlsx" in str(problems[0])


@pytest.mark.django_db
def test_every_hostile_workbook_through_preview_and_import_writes_nothing(world, settings):
    values = IndicatorValue.objects.system(reason="test").count()
    rates = ExchangeRate.objects.count()
    for case in hostile.XLSX_CASES:
        for who, shape in (("a_editor", "long"), ("a_editor", "wide"), ("ministry", "rates")):
            actor = world.users[who]
            started = time.monotonic()
            batch, result = importer.preview_batch(
                actor=actor, content=case.data, filename=case.filename, shape=shape
            )
            run = importer.run_import(actor=actor, content=case.data, filename=case.filename, shape=shape)
            assert time.monotonic() - started < BOUND_SECONDS * 2, case
            assert not result.ok, case
            assert not run.ok, case
            assert batch.status == IndicatorImport.Status.FAILED
            assert not batch.file, case  # the refusal is recorded; the hostile file is not kept
            assert vietnamese(batch.errors[0]["message"])
    assert IndicatorValue.objects.system(reason="test").count() == values
    assert ExchangeRate.objects.count() == rates
    root = Path(settings.MEDIA_ROOT)
    assert not root.exists() or not [p for p in root.rglob("*") if p.is_file()]


def test_a_file_over_the_size_limit_is_refused_before_reading(monkeypatch):
    monkeypatch.setattr("ngoaivu.indicators.importer.reading.MAX_BYTES", 10)
    _rows, problems = importer.read_long(b"PK" + b"\0" * 20, "to.xlsx")
    assert "Tệp lớn hơn" in str(problems[0])
