"""Synthetic overseas records for benchmarks (issue 21); filled by its slice."""

from __future__ import annotations

from collections.abc import Callable


def overseas_synthesized(*, scale: str) -> bool:
    return True


def synthesize_overseas(*, scale: str, seed: int, say: Callable[[str, int, int], None]) -> dict[str, int]:
    return {}
