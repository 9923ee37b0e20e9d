"""Aid projects for the leak suite and the query-count test (`core/tests/test_query_counts.py` reads MAKERS)."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal
from typing import Any

from ngoaivu.aid import services
from ngoaivu.core.testing.world import USERS, World
from ngoaivu.directory import services as directory_services
from ngoaivu.directory.models import Country

_counter = itertools.count(1)


def _editor(world: World, owner: str) -> Any:
    return next(
        u for n, u in world.users.items() if USERS[n][0] == owner and u.is_active and n.endswith("editor")
    )


def make_ngo(world: World, owner: str, *, country: str = "KR", name: str | None = None) -> Any:
    return directory_services.partner_create(
        actor=_editor(world, owner),
        data={
            "kind": "ngo",
            "name": name or f"NGO{owner}{next(_counter):05d}Q",
            "country_id": Country.objects.get(iso2=country).pk,
            "visibility": "private",  # a shared one would show in every province's NGO filter
            "sector": "viện trợ",
        },
    )


def make_aid_project(
    world: World, owner: str, *, country: str = "KR", marker: str | None = None, project_country: str = ""
) -> Any:
    """A project of province `owner` (A or B) by an NGO of `country`, approved in 2023, with 2023–2024
    figures. The NGO is named after the marker, so the marker shows on the per-donor summary too.
    `project_country` records another country on the project than its NGO's (empty: the NGO's)."""
    marker = marker or f"AID{owner}{next(_counter):05d}Q"
    ngo = make_ngo(world, owner, country=country, name=f"{marker} NGO")
    return services.project_create(
        actor=_editor(world, owner),
        data=services.ProjectInput(
            title=marker,
            ngo_id=ngo.pk,
            country=project_country,
            commitment=Decimal("250000"),
            currency="USD",
            status="in_progress",
            approval_number="12/QĐ-UBND",
            approval_date=dt.date(2023, 3, 1),
            approving_body="UBND tỉnh",
            start_on=dt.date(2023, 4, 1),
            end_on=dt.date(2025, 12, 31),
        ),
        years=(
            services.YearInput(year=2023, planned=Decimal("100000"), actual=Decimal("90000")),
            services.YearInput(year=2024, planned=Decimal("150000"), actual=Decimal("120000")),
        ),
    )


MAKERS = {"aid_project": lambda w: make_aid_project(w, "A")}
