"""Demo records of the press app (issue 21); filled by its slice."""

from __future__ import annotations


def load_demo_press() -> str:
    return "press: 0"
