"""Demo records of the border app (issue 21); filled by its slice."""

from __future__ import annotations


def load_demo_border() -> str:
    return "border: 0"
