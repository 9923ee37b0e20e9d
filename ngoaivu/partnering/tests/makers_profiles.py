"""Makers of locality profiles for the profile tests, the leak suite and the query-count tests."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

from ngoaivu.audit.services import SystemActor
from ngoaivu.core.testing.world import USERS, World
from ngoaivu.directory import services as directory_services
from ngoaivu.directory.models import Country, Partner
from ngoaivu.partnering import profiles_services as services
from ngoaivu.partnering.models import LocalityProfile

PROVINCE_OF = {"A": "48", "B": "12"}
_counter = itertools.count(1)


def editor(world: World, org: str) -> Any:
    return next(u for n, u in world.users.items() if USERS[n][0] == org and u.is_active and n != "a_viewer")


def locality(
    world: World, owner: str, *, country: str = "JP", visibility: str = "shared", name: str = ""
) -> Partner:
    """A foreign locality in the directory, entered by `owner` (A, B, X, Y or M)."""
    return directory_services.partner_create(
        actor=editor(world, owner),
        data={
            "kind": "locality",
            "name": name or f"LOC{owner}{next(_counter):05d}Q",
            "country_id": Country.objects.get(iso2=country).pk,
            "visibility": visibility,
            "sector": "Hợp tác địa phương",
        },
    )


def province_profile(world: World, key: str, *, marker: str | None = None, **data: Any) -> LocalityProfile:
    """The profile of province A (Đà Nẵng) or B (Lai Châu), written by its own officer; `marker` ends its main
    industries (a column of the list)."""
    marker = marker or f"PRO{key}{next(_counter):05d}Q"
    industries = f"{data.pop('main_industries', '')} {marker}".strip()
    profile = services.profile_save(
        actor=editor(world, key),
        code=PROVINCE_OF[key],
        data=services.ProfileInput(main_industries=industries, **data),
        expected_version=None,
    )
    profile.marker = marker  # type: ignore[attr-defined]
    return profile


def foreign_profile(
    world: World, owner: str, *, country: str = "JP", visibility: str = "shared", marker: str | None = None
) -> LocalityProfile:
    """A foreign locality of `owner`'s directory with its profile (written as the loader would: owned by the
    organisation that entered the locality)."""
    marker = marker or f"FOR{owner}{next(_counter):05d}Q"
    partner = locality(world, owner, country=country, visibility=visibility, name=marker)
    profile = services.profile_save(
        actor=SystemActor("test"),
        code=f"partner-{partner.pk}",
        data=services.ProfileInput(strengths=marker),
        expected_version=None,
    )
    profile.marker = marker  # type: ignore[attr-defined]
    return profile


def _one_more(world: World) -> Any:
    """Each call adds a profile the ministry reads: a shared foreign locality entered by mission X."""
    return foreign_profile(world, "X")


MAKERS: dict[str, Callable[[World], Any]] = {"locality_profile": _one_more}
