"""Counting a page's SQL queries, for the query-count tests (a list must not query per row)."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

from ngoaivu.core.testing.world import text_of


def queries_and_text(client: Any, url: str) -> tuple[int, str]:
    """The queries of a second GET of `url` (the first warms per-process caches, as on a running server),
    savepoints left out, and the response's text."""
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, f"{url}: {response.status_code}"
    statements = [q["sql"] for q in ctx.captured_queries]
    count = len([s for s in statements if not s.startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))])
    return count, text_of(response)
