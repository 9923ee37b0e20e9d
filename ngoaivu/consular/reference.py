"""Reference data of the consular app (issue 21): kept in line with its data files by `ngoaivu setup`."""

from __future__ import annotations

from ngoaivu.audit import services as audit
from ngoaivu.core.actors import Actor


def load_consular_reference(*, actor: Actor = audit.SYSTEM) -> dict[str, int]:
    return {}
