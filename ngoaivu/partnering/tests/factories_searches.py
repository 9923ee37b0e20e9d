"""Partner searches for tests, made through the services by the world's users (core/testing/world.py)."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from ngoaivu.core.testing.world import USERS, World
from ngoaivu.partnering import services

_counter = itertools.count(1)


def writer(world: World, org: str) -> Any:
    names = {"A": "a_editor", "B": "b_editor", "X": "x_officer", "Y": "y_officer", "M": "ministry"}
    user = world.users[names[org]]
    assert USERS[names[org]][0] == org
    return user


def make_search(
    world: World,
    owner: str,
    *,
    countries: tuple[str, ...] = ("JP",),
    shared: bool = False,
    state: str = "open",
    inbound: bool = False,
    seeker: Any = None,
    kind: str = "locality",
    fields: tuple[str, ...] = (),
    marker: str | None = None,
    open_until: dt.date | None = None,
) -> Any:
    """A search of `owner` (A or B: outbound; X, Y or M with `inbound`: for a shared partner of `countries[0]`),
    posted unless `state` is "draft"; `marker` is its title (kept on the object as `.marker`)."""
    marker = marker or f"PSR{owner}{next(_counter):05d}Q"
    actor = writer(world, owner)
    if inbound and seeker is None:
        seeker = world.partner(owner, visibility="shared", country=countries[0], marker=f"SEEK{marker}")
    search = services.search_create(
        actor=actor,
        data=services.SearchInput(
            direction="inbound" if inbound else "outbound",
            title=marker,
            partner_kind=kind,
            wants=f"{marker}: tìm đối tác kết nghĩa",
            countries=countries,
            fields=fields,
            visibility="shared" if shared else "private",
            seeker=seeker.pk if seeker is not None else None,
            open_until=open_until,
        ),
    )
    if state != "draft":
        search = services.search_open(actor=actor, search_id=search.pk, expected_version=None)
    search.marker = marker
    return search


def propose(world: World, who: str, search: Any, *, partner: Any = None, province: str = "") -> Any:
    """A proposal by `who` (a world user name) of `partner` (default: a new shared partner of X) or a province."""
    if partner is None and not province:
        partner = world.partner("X", visibility="shared", country="JP")
    search.refresh_from_db()
    return services.proposal_create(
        actor=world.users[who],
        search_id=search.pk,
        expected_version=None,
        data=services.ProposalInput(partner=partner.pk if partner else None, province=province),
    )
