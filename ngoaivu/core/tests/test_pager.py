"""The one pager of every paged list (`partials/_pager.html`)."""

from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.utils import translation


def _pager(number: int, **context: object) -> str:
    page = Paginator(range(2500), 1).page(number)
    with translation.override("vi"):
        return render_to_string("partials/_pager.html", {"page": page, "query": "q=ha+noi", **context})


def test_page_numbers_in_links_stay_numbers_past_a_thousand():
    """Vietnamese number formatting prints 1000 as "1.000": a link to "page=1.000" would open page 1."""
    html = _pager(1000)
    assert 'href="?q=ha+noi&amp;page=999"' in html
    assert 'href="?q=ha+noi&amp;page=1001"' in html
    assert "page=1.00" not in html
    assert "Trang 1.000/2.500" in html  # what the reader sees follows Vietnamese conventions


def test_a_list_refreshed_in_place_names_its_target_and_a_single_page_has_no_pager():
    html = _pager(2, target="#results")
    assert 'hx-get="?q=ha+noi&amp;page=3" hx-target="#results" hx-push-url="true"' in html
    assert "hx-get" not in _pager(2)
    assert "← Trước" not in _pager(1)
    assert "Sau →" not in _pager(2500)
    one = Paginator(range(3), 25).page(1)
    assert render_to_string("partials/_pager.html", {"page": one, "query": ""}).strip() == ""
