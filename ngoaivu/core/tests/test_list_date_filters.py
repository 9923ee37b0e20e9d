"""A list's date filter keeps its value in the form: a date input takes yyyy-mm-dd whatever the page's language
(a dd/mm/yyyy value is dropped by the browser, and pressing "Lọc" would silently lose the dates of a dashboard link)."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path",
    [
        "/requests/?box=all&date_from=2026-05-01&date_to=2026-05-31",
        "/delegations/?date_from=2026-05-01&date_to=2026-05-31",
    ],
)
def test_date_filters_are_written_back_as_iso_dates(world, path):
    html = world.client("a_editor").get(path).content.decode()
    assert 'name="date_from" value="2026-05-01"' in html
    assert 'name="date_to" value="2026-05-31"' in html
