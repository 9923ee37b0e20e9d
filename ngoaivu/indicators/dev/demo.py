"""Demo records of the indicators app (issue 20); filled by its slice."""

from __future__ import annotations


def load_demo_indicators() -> str:
    return "indicators: 0"
