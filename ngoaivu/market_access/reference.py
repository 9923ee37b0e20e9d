"""Market-access stages as data (`data/stages.csv`). To be filled by the market-access slice."""

from __future__ import annotations

from ngoaivu.audit import services as audit
from ngoaivu.core.actors import Actor


def load_market_access_reference(*, actor: Actor = audit.SYSTEM) -> dict[str, int]:
    return {}
