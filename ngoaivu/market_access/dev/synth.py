"""Synthetic market_access records for benchmarks (issue 20); filled by its slice."""

from __future__ import annotations

from collections.abc import Callable


def market_access_synthesized(*, scale: str) -> bool:
    return True


def synthesize_market_access(
    *, scale: str, seed: int, say: Callable[[str, int, int], None]
) -> dict[str, int]:
    return {}
