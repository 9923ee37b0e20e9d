"""UNESCO titles and cultural events made through the services, for the culture tests, the leak suite and the
query counts; and the policy of DOMAIN.md §2 for them, written apart from `visible_to`."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from django.utils import timezone

from ngoaivu.core.testing.world import USERS, World
from ngoaivu.culture import services
from ngoaivu.culture.models import CulturalEvent, HeritageTitle

_counter = itertools.count(1)


def editor(world: World, owner: str) -> Any:
    return next(
        u for n, u in world.users.items() if USERS[n][0] == owner and u.is_active and n.endswith("editor")
    )


def mission_code(world: World, key: str) -> str:
    from ngoaivu.directory.models import Mission

    return str(Mission.objects.get(organisation=world.orgs[key]).code)


def make_title(
    world: World,
    owner: str,
    *,
    shared: bool = False,
    provinces: tuple[str, ...] = (),
    marker: str | None = None,
    stage: str = "preparation",
    kind: str = "ich_representative",
    **extra: Any,
) -> HeritageTitle:
    """A title led by province `owner` (A or B), its next step due in 30 days (so the calendar shows it)."""
    marker = marker or f"TITLE{owner}{next(_counter):05d}Q"
    today = timezone.localdate()
    data = services.TitleInput(
        name_vi=marker,
        kind=kind,
        stage=stage,
        stage_on=extra.pop("stage_on", today - dt.timedelta(days=10)),
        provinces=provinces,
        next_step=extra.pop("next_step", "Hoàn thiện hồ sơ khoa học"),
        next_step_due_on=extra.pop("next_step_due_on", today + dt.timedelta(days=30)),
        visibility="shared" if shared else "private",
        **extra,
    )
    return services.title_create(actor=editor(world, owner), data=data)


def make_cultural_event(
    world: World,
    owner: str,
    *,
    country: str = "KR",
    mission: str = "",
    shared: bool = False,
    provinces: tuple[str, ...] = (),
    marker: str | None = None,
    **extra: Any,
) -> CulturalEvent:
    """An event of province `owner` abroad in `country`, starting in 30 days, with the world's mission `mission`
    (key X or Y) taking part."""
    marker = marker or f"CULTEV{owner}{next(_counter):05d}Q"
    start = extra.pop("starts_on", timezone.localdate() + dt.timedelta(days=30))
    data = services.EventInput(
        title_vi=marker,
        kind=extra.pop("kind", "vietnam_days"),
        organisers="UBND tỉnh",
        starts_on=start,
        ends_on=start + dt.timedelta(days=2),
        abroad=True,
        country=country,
        city="Thành phố",
        mission=mission_code(world, mission) if mission else "",
        provinces=provinces,
        visibility="shared" if shared else "private",
        **extra,
    )
    return services.event_create(actor=editor(world, owner), data=data)


def _who(who: str) -> tuple[str | None, list[str], bool] | None:
    if who in {"anonymous", "noorg"}:
        return None
    return USERS[who]


def can_view_title(who: str, owner: str, *, shared: bool, involved: tuple[str, ...] = ()) -> bool:
    """The lead province, the provinces involved and the ministry; everyone signed in with an organisation when
    shared; nobody signed out, inactive or without an organisation."""
    found = _who(who)
    if found is None or not found[2]:
        return False
    org = found[0]
    return org in {owner, "M", *involved} or shared


def can_change_title(who: str, owner: str) -> bool:
    """The lead province's officers and heads, and the ministry's Cục officers (UNESCO is its field)."""
    found = _who(who)
    if found is None:
        return False
    org, roles, active = found
    return active and roles != ["viewer"] and org in {owner, "M"}


def can_view_event(who: str, owner: str, *, country: str, mission: str = "", shared: bool) -> bool:
    found = _who(who)
    if found is None or not found[2]:
        return False
    org = found[0]
    if org in {owner, "M"}:
        return True
    if org in {"A", "B"}:
        return shared
    host = {"X": "JP", "Y": "KR"}[str(org)]
    return host == country or org == mission


def can_change_event(who: str, owner: str) -> bool:
    found = _who(who)
    if found is None:
        return False
    org, roles, active = found
    return active and org == owner and roles != ["viewer"]
