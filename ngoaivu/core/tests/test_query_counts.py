"""Every list of the site (page, API, export, search) runs the same number of SQL queries for 2 rows as for
14 (search: 26 and 38): a list that queried per row would grow with its page. The lists come from the route matrix, so a new
list joins this test by being declared in its app's tests/endpoints.py."""

from __future__ import annotations

import importlib
import importlib.util
import itertools
from collections.abc import Callable
from typing import Any

import pytest
from django.test import TestCase

from ngoaivu.core.testing.endpoints import APPS_WITH_ENDPOINTS, Endpoint, all_endpoints
from ngoaivu.core.testing.queries import queries_and_text
from ngoaivu.core.testing.world import (
    World,
    make_agreement,
    make_conference,
    make_delegation,
    make_request,
    make_visit,
)

_numbers = itertools.count(1)


def _document(world: World) -> Any:
    from ngoaivu.ingest import services

    n = next(_numbers)
    return services.document_create(
        actor=world.users["a_editor"],
        data=services.DocumentInput(
            text=f"Bản tin số {n}: tỉnh Đà Nẵng làm việc với JETRO về dự án {n},5 triệu USD.",
            visibility="shared",
        ),
    )


def _indexed_partner(world: World) -> Any:
    """The index follows a write once it commits: run the on-commit reindex as the real site would."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return world.partner("A", visibility="shared", marker=f"searchmark{next(_numbers):05d}")


MAKERS: dict[str, Callable[[World], Any]] = {
    "partner": lambda w: w.partner("A", visibility="shared", marker=f"searchmark{next(_numbers):05d}"),
    "audit": lambda w: w.partner("A", visibility="shared"),
    "search": _indexed_partner,
    "request": lambda w: make_request(w, "A", ["M"]),
    "agreement": lambda w: make_agreement(w, "A", shared=True),
    "delegation": lambda w: make_delegation(w, "A", shared=True, approved=True),
    "conference": lambda w: make_conference(w, "A", shared=True),
    "visit": lambda w: make_visit(w, "A"),
    "document": _document,
}
ROUTE_MAKERS: dict[str, Callable[[World], Any]] = {
    "agreements/legal/": lambda w: make_agreement(w, "A", consult=True),  # pending consultations
}
# apps that keep their makers beside their endpoints (`<app>/tests/makers.py`: MAKERS, optional ROUTE_MAKERS);
# a maker returns a record whose title/name (or `marker`) is on the list page the ministry's officer sees — or,
# for records the Cục may not read (citizen cases), the reader the module names in READERS (model → a client)
READERS: dict[str, Callable[[World], Any]] = {}
for _app in APPS_WITH_ENDPOINTS:
    if importlib.util.find_spec(f"{_app}.tests") and importlib.util.find_spec(f"{_app}.tests.makers"):
        _module = importlib.import_module(f"{_app}.tests.makers")
        MAKERS.update(_module.MAKERS)
        ROUTE_MAKERS.update(getattr(_module, "ROUTE_MAKERS", {}))
        READERS.update(getattr(_module, "READERS", {}))
# Search checks once whether a kind holds more hits than one page (a constant extra query), so its lists are
# compared from past a page of hits.
FIRST = {"search": 26}
LISTS = [e for e in all_endpoints() if e.kind == "list" and e.method == "get"]


def _label(record: Any) -> str:
    return next(
        str(getattr(record, a))
        for a in ("marker", "title", "title_vi", "name", "ministry_leaders")
        if hasattr(record, a)
    )


def test_every_list_has_a_maker():
    assert {e.model for e in LISTS} <= set(MAKERS)


@pytest.mark.parametrize("ep", LISTS, ids=str)
def test_a_list_runs_as_many_queries_for_12_more_rows(world, ep: Endpoint):
    make = ROUTE_MAKERS.get(ep.route, MAKERS[ep.model])
    client = READERS[ep.model](world) if ep.model in READERS else world.client("ministry")
    url = ep.url(None)
    if ep.model != "search" and "page_size" not in url:
        url += ("&" if "?" in url else "?") + "page_size=50"
    first = FIRST.get(ep.model, 2)
    for _ in range(first):
        make(world)
    few, _text = queries_and_text(client, url)
    more = [make(world) for _ in range(12)]
    many, text = queries_and_text(client, url)
    if ep.model not in {"audit", "document"}:
        assert _label(more[-1]) in text, f"{ep}: the newest row is not on the page"
    if ep.model == "audit":
        # the log in words looks names up once per kind of related record on the page: 12 more rows of one kind
        # can push another kind off the page (one lookup fewer), never add a query per row
        assert many <= few, f"{ep}: {few} queries for {first} rows, {many} for {first + 12}"
    else:
        assert many == few, f"{ep}: {few} queries for {first} rows, {many} for {first + 12}"
