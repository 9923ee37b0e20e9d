"""List filter errors name the filter by its label and say what is wrong in Vietnamese (English in the
catalogue), never pydantic's English text or the query key."""

from __future__ import annotations

import re

import pytest

from ngoaivu.accounts.selectors import AuditFilters
from ngoaivu.core.lists import filter_error_message, filter_error_rows, parse_filters


def _query(**values):
    from django.http import QueryDict

    q = QueryDict(mutable=True)
    for k, v in values.items():
        q[k] = v
    return q


def test_each_kind_of_invalid_filter_has_a_vietnamese_message():
    parsed = parse_filters(AuditFilters, _query(date_from="31/02/2026", date_to="1800-01-01", q="x" * 300))
    assert set(parsed.errors) == {"date_from", "date_to", "q"}
    assert parsed.errors["date_from"].startswith("ngày không hợp lệ")
    assert parsed.errors["date_to"].startswith("năm phải từ 1900")
    assert parsed.errors["q"] == "quá dài (tối đa 200 ký tự)"
    for message in parsed.errors.values():
        assert not re.search(r"\b(Input|should|valid|expected|String)\b", message), message
    assert parsed.filters.q is None  # the invalid values are dropped, the rest is kept


def test_an_unknown_kind_of_error_still_reads_in_vietnamese():
    assert filter_error_message({"type": "something_new", "msg": "Something new"}) == "giá trị không hợp lệ"


def test_rows_name_the_filter_by_its_label():
    rows = filter_error_rows(
        {"date_from": "ngày không hợp lệ", "zz": "giá trị không hợp lệ"},
        [
            {"name": "date_from", "label": "Từ ngày"},
        ],
    )
    assert rows == [("Từ ngày", "ngày không hợp lệ"), ("Điều kiện lọc", "giá trị không hợp lệ")]


@pytest.mark.django_db
def test_the_list_page_shows_the_label_and_the_message(world):
    page = world.client("ministry").get("/accounts/audit/?date_from=abc").content.decode()
    assert "Từ ngày: ngày không hợp lệ" in page
    assert "date_from" not in re.sub(r"<[^>]+>", " ", page)
    assert "Input should" not in page
    assert "expected a date" not in page
