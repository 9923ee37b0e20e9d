"""Events made through the service, for the events tests, the leak suite and the query counts."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from django.utils import timezone

from ngoaivu.core.testing.world import USERS, World
from ngoaivu.events import services
from ngoaivu.events.models import PromotionEvent

_counter = itertools.count(1)
MISSION_OF = {"X": "cqdd-jp-tokyo", "Y": "cqdd-kr-seoul"}
"""The world's missions by key; their `directory.Mission` codes are their organisations' codes."""


def editor(world: World, owner: str) -> Any:
    return next(
        u for n, u in world.users.items() if USERS[n][0] == owner and u.is_active and n.endswith("editor")
    )


def mission_code(world: World, key: str) -> str:
    from ngoaivu.directory.models import Mission

    return str(Mission.objects.get(organisation=world.orgs[key]).code)


def make_event(
    world: World,
    owner: str,
    *,
    countries: tuple[str, ...] = ("KR",),
    missions: tuple[str, ...] = (),
    shared: bool = False,
    marker: str | None = None,
    starts_on: dt.date | None = None,
    **extra: Any,
) -> PromotionEvent:
    """An event of province `owner` (A or B) starting in 30 days (in this month's or next month's calendar),
    with `countries` and the world's `missions` (keys X, Y) taking part."""
    marker = marker or f"EVENT{owner}{next(_counter):05d}Q"
    start = starts_on or timezone.localdate() + dt.timedelta(days=30)
    data = services.EventInput(
        title_vi=marker,
        kind=extra.pop("kind", "investment"),
        organisers="UBND tỉnh",
        starts_on=start,
        ends_on=start + dt.timedelta(days=1),
        format="in_person",
        place="Trung tâm hội nghị",
        countries=countries,
        missions=tuple(mission_code(world, m) for m in missions),
        visibility="shared" if shared else "private",
        **extra,
    )
    return services.event_create(actor=editor(world, owner), data=data)


def can_view_event(
    who: str, owner: str, *, countries: tuple[str, ...] = (), missions: tuple[str, ...] = (), shared: bool
) -> bool:
    """DOMAIN.md §2 for promotion events (the conferences' policy), written apart from `visible_to`: the
    organising province and the ministry; other provinces when shared; a mission when it takes part or covers
    one of the countries (X: Japan, Y: Korea); nobody signed out, inactive or without an organisation."""
    if who in {"anonymous", "inactive", "noorg"}:
        return False
    org = USERS[who][0]
    if org in {owner, "M"}:
        return True
    if org in {"A", "B"}:
        return shared
    host = {"X": "JP", "Y": "KR"}[str(org)]
    return host in countries or org in missions


def can_change_event(who: str, owner: str) -> bool:
    """The organising province's officers and heads; not its viewers, not the ministry, not the missions."""
    if who in {"anonymous", "noorg"}:
        return False
    org, roles, active = USERS[who]
    return active and org == owner and roles != ["viewer"]
