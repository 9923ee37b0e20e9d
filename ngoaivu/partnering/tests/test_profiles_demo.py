"""The demo profiles load after the directory demo, once: a second run writes nothing."""

from __future__ import annotations

import pytest

from ngoaivu.directory.dev.demo import load_demo
from ngoaivu.partnering.dev.demo_profiles import load_demo_profiles
from ngoaivu.partnering.models import LocalityProfile

pytestmark = pytest.mark.django_db


def test_demo_profiles_load_once(reference):
    load_demo()
    assert load_demo_profiles() == {"locality_profiles": 6}
    assert load_demo_profiles() == {"locality_profiles": 0}
    rows = LocalityProfile.objects.system(reason="test")
    assert set(rows.filter(province__isnull=False).values_list("province__code", flat=True)) == {
        "48", "12", "01", "22",
    }  # fmt: skip
    foreign = {
        p.partner.country.iso2 for p in rows.filter(partner__isnull=False).select_related("partner__country")
    }
    assert foreign == {"JP", "KR"}
    da_nang = rows.get(province__code="48")
    assert da_nang.owner_org.code == "tinh-48"
    assert da_nang.population is None  # no figure without a sure source
    assert {f.code for f in da_nang.fields_sought.all()} == {"tourism", "investment", "education", "science"}
