"""Demo records of the consular app (issue 21); filled by its slice."""

from __future__ import annotations


def load_demo_consular() -> str:
    return "consular: 0"
