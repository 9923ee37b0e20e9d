"""The partner-search pages read as Vietnamese to an officer (core/testing/screens.py): no internal codes, no
organisation codes, no English interface words — on the demo search, the funnel, the forms and the exports."""

from __future__ import annotations

import pytest
from freezegun import freeze_time

from ngoaivu.core.testing.screens import check_page, check_workbook, summarise
from ngoaivu.core.testing.world import read_body
from ngoaivu.partnering.tests.factories_searches import make_search, propose

pytestmark = pytest.mark.django_db


@freeze_time("2026-03-10 10:00:00+07:00")
def test_pages_and_exports_read_as_vietnamese(world):
    search = make_search(world, "A", countries=("JP",), fields=("tourism",), shared=True)
    propose(world, "x_officer", search)
    world.partner("X", visibility="shared", country="JP")
    inbound = make_search(world, "X", countries=("JP",), inbound=True)
    pages = {
        "list": ("ministry", "/partnering/searches/?page_size=25"),
        "funnel": ("ministry", "/partnering/searches/funnel/"),
        "weights": ("ministry", "/partnering/searches/weights/"),
        "search (owner)": ("a_editor", search.get_absolute_url()),
        "search (mission)": ("x_officer", search.get_absolute_url()),
        "inbound": ("x_officer", inbound.get_absolute_url()),
        "edit": ("a_editor", f"/partnering/searches/{search.pk}/edit/"),
        "new (province)": ("a_editor", "/partnering/searches/new/"),
        "new (mission)": ("x_officer", "/partnering/searches/new/"),
    }
    found = []
    for name, (who, url) in pages.items():
        response = world.client(who).get(url)
        assert response.status_code == 200, (name, response.status_code)
        found += check_page(name, response.content.decode())
    for name, url in [
        ("export", "/partnering/searches/?format=xlsx"),
        ("funnel export", "/partnering/searches/funnel/?format=xlsx"),
    ]:
        found += check_workbook(name, read_body(world.client("ministry").get(url)))
    found = [f for f in found if f.text not in world.users]
    assert not found, summarise(found)
