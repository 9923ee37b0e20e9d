"""Helpers for tests that drive the API like a client does."""

from __future__ import annotations

from typing import Any


def if_match(client: Any, url: str) -> dict[str, str]:
    """Reads `url` and returns the header that sends its ETag back, as every API update must (ARCHITECTURE §4)."""
    response = client.get(url)
    assert response.status_code == 200, response.content
    return {"If-Match": response["ETag"]}
