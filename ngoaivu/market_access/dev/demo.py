"""Demo records of the market_access app (issue 20); filled by its slice."""

from __future__ import annotations


def load_demo_market_access() -> str:
    return "market_access: 0"
