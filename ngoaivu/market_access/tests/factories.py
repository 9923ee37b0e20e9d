"""Dossiers for tests, made through the services by the world's users (core/testing/world.py)."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from ngoaivu.core.testing.world import USERS, World
from ngoaivu.market_access import services

_counter = itertools.count(1)
MISSIONS = {"X": "cqdd-jp-tokyo", "Y": "cqdd-kr-seoul"}


def editor(world: World, owner: str) -> Any:
    return next(
        u for n, u in world.users.items() if USERS[n][0] == owner and u.is_active and n.endswith("editor")
    )


def make_dossier(
    world: World,
    owner: str,
    *,
    market: str = "KR",
    shared: bool = False,
    mission: str | None = None,
    agreements: tuple[int, ...] = (),
    marker: str | None = None,
    stage: str = "negotiation",
    opened_on: dt.date = dt.date(2024, 1, 10),
    next_step_due: dt.date | None = None,
) -> Any:
    """A dossier of province `owner` (A or B) for `market`, supported by mission `mission` (X or Y) if given;
    `marker` is its product, shown on every list (kept on the object as `.marker`)."""
    marker = marker or f"DOS{owner}{next(_counter):05d}Q"
    dossier = services.dossier_create(
        actor=editor(world, owner),
        data=services.DossierInput(
            product_vi=marker,
            market=market,
            stage=stage,
            opened_on=opened_on,
            mission=MISSIONS[mission] if mission else "",
            visibility="shared" if shared else "private",
            agreements=agreements,
            next_step="Gửi hồ sơ bổ sung" if next_step_due else "",
            next_step_due=next_step_due,
        ),
    )
    dossier.marker = marker
    return dossier
