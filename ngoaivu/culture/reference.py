"""Reference data of the culture app (issue 21): kept in line with its data files by `ngoaivu setup`."""

from __future__ import annotations

from ngoaivu.audit import services as audit
from ngoaivu.core.actors import Actor


def load_culture_reference(*, actor: Actor = audit.SYSTEM) -> dict[str, int]:
    return {}
