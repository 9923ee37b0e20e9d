"""Synthetic events records for benchmarks (issue 20); filled by its slice."""

from __future__ import annotations

from collections.abc import Callable


def events_synthesized(*, scale: str) -> bool:
    return True


def synthesize_events(*, scale: str, seed: int, say: Callable[[str, int, int], None]) -> dict[str, int]:
    return {}
