"""The profile pages and the FTA pages read as Vietnamese to an officer (core/testing/screens.py): no internal
codes, no English interface words, no `None` — on the demo profiles, a written profile, the FTA list, an FTA and
a country page, and the exports."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ngoaivu.core.testing.screens import check_page, check_workbook, summarise
from ngoaivu.core.testing.world import make_agreement, read_body
from ngoaivu.directory.dev.demo import load_demo
from ngoaivu.directory.models import FreeTradeAgreement
from ngoaivu.partnering.dev.demo_profiles import load_demo_profiles
from ngoaivu.partnering.models import LocalityProfile
from ngoaivu.partnering.tests.makers_profiles import province_profile

pytestmark = pytest.mark.django_db


def test_pages_and_exports_read_as_vietnamese(world):
    load_demo()
    load_demo_profiles()
    province_profile(
        world,
        "B",
        population=500_000,
        area_km2=Decimal("9068.73"),
        figures_year=2025,
        figures_source="Nguồn thử",
    )
    make_agreement(world, "A", country="JP", signed=True, shared=True)
    sakai = LocalityProfile.objects.system(reason="test").filter(partner__isnull=False).first()
    assert sakai is not None
    evfta = FreeTradeAgreement.objects.get(short_name="EVFTA")
    pages = {
        "profiles": ("ministry", "/partnering/profiles/?page_size=25"),
        "profiles foreign": ("b_editor", "/partnering/profiles/?kind=foreign"),
        "da nang": ("b_editor", "/partnering/profiles/48/"),
        "lai chau": ("b_editor", "/partnering/profiles/12/"),
        "lai chau edit": ("b_editor", "/partnering/profiles/12/edit/"),
        "empty province": ("ministry", "/partnering/profiles/96/"),
        "foreign": ("x_officer", f"/partnering/profiles/partner-{sakai.partner_id}/"),
        "ftas": ("a_viewer", "/directory/ftas/"),
        "evfta": ("a_viewer", f"/directory/ftas/{evfta.pk}/"),
        "acfta": ("a_viewer", f"/directory/ftas/{FreeTradeAgreement.objects.get(short_name='ACFTA').pk}/"),
        "korea": ("a_viewer", "/directory/countries/KR/"),
    }
    found = []
    for name, (who, url) in pages.items():
        response = world.client(who).get(url)
        assert response.status_code == 200, (name, response.status_code)
        found += check_page(name, response.content.decode())
    found += check_workbook(
        "profiles export", read_body(world.client("ministry").get("/partnering/profiles/?format=xlsx"))
    )
    found += check_workbook(
        "ftas export", read_body(world.client("ministry").get("/directory/ftas/?format=xlsx"))
    )
    lai_chau = world.client("b_editor").get("/partnering/profiles/12/").content.decode()
    assert "500.000" in lai_chau
    assert "9.068,73" in lai_chau
    found = [f for f in found if f.text not in world.users]
    assert not found, summarise(found)
