"""Demo records of the training app (issue 21); filled by its slice."""

from __future__ import annotations


def load_demo_training() -> str:
    return "training: 0"
