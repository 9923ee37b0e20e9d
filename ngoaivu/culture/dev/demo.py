"""Demo records of the culture app (issue 21); filled by its slice."""

from __future__ import annotations


def load_demo_culture() -> str:
    return "culture: 0"
