"""Demo records of the events app (issue 20); filled by its slice."""

from __future__ import annotations


def load_demo_events() -> str:
    return "events: 0"
