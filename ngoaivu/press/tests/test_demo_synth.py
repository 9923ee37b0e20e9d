"""The demo tells the NHK–Đà Nẵng story and is idempotent; the synthetic data is made in bulk at the asked
scale, reporters encrypted."""

from __future__ import annotations

import time

import pytest
from django.db import connection
from freezegun import freeze_time

from ngoaivu.press.models import PressVisit, Reporter

pytestmark = pytest.mark.django_db


def _all():
    return PressVisit.objects.system(reason="test")


@freeze_time("2026-06-15 09:00:00+07:00")
def test_the_demo_is_a_licensed_nhk_visit_to_da_nang_with_two_reporters_and_runs_twice(reference):
    from ngoaivu.accounts.models import User
    from ngoaivu.directory.dev.demo import load_demo
    from ngoaivu.press.dev.demo import OUTLET, load_demo_press

    load_demo()
    assert load_demo_press() == "press: 1"
    assert load_demo_press() == "press: 0"
    visit = _all().get(outlet=OUTLET)
    assert (visit.province.code, visit.country.iso2, visit.starts_on.year) == ("48", "JP", 2026)
    assert visit.status == PressVisit.Status.DONE
    assert visit.is_licensed
    assert visit.answered_by == User.objects.get(username="danang.lead")
    assert visit.created_by == User.objects.get(username="danang")
    assert Reporter.objects.filter(visit=visit).count() == 2
    assert visit.articles.count() == 1


def test_synth_small_makes_visits_and_encrypted_reporters_in_bulk(reference):
    from ngoaivu.press.dev.synth import SCALES, press_synthesized, synthesize_press

    assert not press_synthesized(scale="small")
    started = time.monotonic()
    made = synthesize_press(scale="small", seed=1)
    elapsed = time.monotonic() - started
    assert made["press_visits"] == SCALES["small"]
    assert made["press_reporters"] >= SCALES["small"]
    assert press_synthesized(scale="small")
    assert elapsed < 60
    with connection.cursor() as cursor:
        cursor.execute("SELECT passport_number FROM press_reporter LIMIT 5")
        assert all(row[0].startswith("enc1:") for row in cursor.fetchall())
    merged = _all().filter(former_province__isnull=False)
    assert all(v.starts_on.isoformat() < "2025-07-01" for v in merged[:50])
