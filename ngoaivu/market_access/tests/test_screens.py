"""The market-access pages read as Vietnamese to an officer (core/testing/screens.py): no internal codes, no
organisation codes, no English interface words, years never grouped — on the demo dossier and its export."""

from __future__ import annotations

import pytest
from freezegun import freeze_time

from ngoaivu.core.testing.screens import check_page, check_workbook, summarise
from ngoaivu.core.testing.world import make_agreement, read_body
from ngoaivu.market_access.dev.demo import load_demo_market_access
from ngoaivu.market_access.models import Dossier
from ngoaivu.market_access.tests.factories import make_dossier

pytestmark = pytest.mark.django_db


@freeze_time("2026-03-10 10:00:00+07:00")
def test_pages_and_export_read_as_vietnamese(world):
    load_demo_market_access()
    lychee = Dossier.objects.system(reason="test").get(product_vi="Vải thiều Lục Ngạn")
    agreement = make_agreement(world, "A", country="JP")
    mine = make_dossier(world, "A", market="JP", agreements=(agreement.pk,), mission="X")
    pages = {
        "list": ("ministry", "/market-access/?page_size=25"),
        "board": ("ministry", "/market-access/board/"),
        "lychee": ("ministry", lychee.get_absolute_url()),
        "mine": ("a_editor", mine.get_absolute_url()),
        "edit": ("a_editor", f"/market-access/{mine.pk}/edit/"),
        "new": ("a_editor", "/market-access/new/"),
        "agreement fragment": ("a_editor", f"/market-access/for-agreement/{agreement.pk}/"),
    }
    found = []
    for name, (who, url) in pages.items():
        response = world.client(who).get(url)
        assert response.status_code == 200, (name, response.status_code)
        found += check_page(name, response.content.decode())
    export = world.client("ministry").get("/market-access/?format=xlsx")
    found += check_workbook("export", read_body(export))
    # the world's user names ("a_editor") in the header are the test world's, not the pages'
    found = [f for f in found if f.text not in world.users]
    assert not found, summarise(found)
