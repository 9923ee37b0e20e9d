"""Demo records of the aid app (issue 20); filled by its slice."""

from __future__ import annotations


def load_demo_aid() -> str:
    return "aid: 0"
