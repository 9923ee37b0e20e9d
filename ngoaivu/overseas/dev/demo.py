"""Demo records of the overseas app (issue 21); filled by its slice."""

from __future__ import annotations


def load_demo_overseas() -> str:
    return "overseas: 0"
