"""The brief pages read as Vietnamese to an officer (core/testing/screens.py): no internal codes, no organisation
codes, no English interface words — on the list, a brief, its forms, the subscriptions, the readership and the
export."""

from __future__ import annotations

import pytest
from freezegun import freeze_time

from ngoaivu.core.testing.screens import check_page, check_workbook, summarise
from ngoaivu.core.testing.world import read_body
from ngoaivu.information import services
from ngoaivu.information.tests.factories import make_brief, make_subscription

pytestmark = pytest.mark.django_db


@freeze_time("2026-03-10 10:00:00+07:00")
def test_pages_and_export_read_as_vietnamese(world):
    brief = make_brief(world, "X", to=("A",), countries=("JP",), products=("03",))
    services.brief_rate(actor=world.users["a_editor"], brief_id=brief.pk, useful=True, comment="Hữu ích")
    make_subscription(world, "A")
    pages = {
        "list": ("ministry", "/briefs/?page_size=25"),
        "brief (author)": ("x_officer", brief.get_absolute_url()),
        "brief (province)": ("a_editor", brief.get_absolute_url()),
        "edit": ("x_officer", f"/briefs/{brief.pk}/edit/"),
        "new": ("x_officer", "/briefs/new/"),
        "ask": ("a_editor", f"/briefs/{brief.pk}/ask/"),
        "subscriptions": ("a_editor", "/briefs/subscriptions/"),
        "readership": ("x_officer", "/briefs/readership/"),
    }
    found = []
    for name, (who, url) in pages.items():
        response = world.client(who).get(url)
        assert response.status_code == 200, (name, response.status_code)
        found += check_page(name, response.content.decode())
    found += check_workbook("export", read_body(world.client("ministry").get("/briefs/?format=xlsx")))
    found = [f for f in found if f.text not in world.users and not f.text.startswith("BRF")]
    assert not found, summarise(found)
