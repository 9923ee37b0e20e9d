"""Press visits made through the services, for the press tests, the leak suite and the query counts."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from django.utils import timezone

from ngoaivu.accounts.models import User
from ngoaivu.core.testing.world import PASSWORD, USERS, World
from ngoaivu.press import personal, services
from ngoaivu.press.models import PressVisit

_counter = itertools.count(1)


def editor(world: World, owner: str) -> Any:
    return next(
        u for n, u in world.users.items() if USERS[n][0] == owner and u.is_active and n.endswith("editor")
    )


def second_head(world: World, owner: str = "A") -> User:
    """Another head of the province: whoever registered a visit does not answer it (four eyes)."""
    from ngoaivu.accounts.services import user_create
    from ngoaivu.audit.services import SystemActor

    name = f"{owner.lower()}_head2"
    found = User.objects.filter(username=name).first()
    if found is not None:
        return found
    return user_create(
        actor=SystemActor("press-tests"),
        username=name,
        password=PASSWORD,
        organisation=world.orgs[owner],
        roles=["officer", "head"],
        check_password=False,
        is_superuser=False,
    )


def make_visit(
    world: World,
    owner: str,
    *,
    country: str = "KR",
    shared: bool = False,
    provinces: tuple[str, ...] = (),
    marker: str | None = None,
    starts_on: dt.date | None = None,
    reporters: int = 0,
    **extra: Any,
) -> PressVisit:
    """A visit hosted by province `owner` (A or B) from an agency of `country`, starting in 30 days (in the
    shared calendar's window), with `reporters` reporters."""
    marker = marker or f"PRESS{owner}{next(_counter):05d}Q"
    start = starts_on or timezone.localdate() + dt.timedelta(days=30)
    data = services.VisitInput(
        outlet=marker,
        country=country,
        topic="Du lịch và hội nhập",
        received_on=extra.pop("received_on", min(start - dt.timedelta(days=20), timezone.localdate())),
        entry_on=extra.pop("entry_on", start - dt.timedelta(days=1)),
        starts_on=start,
        ends_on=start + dt.timedelta(days=2),
        provinces=provinces,
        visibility="shared" if shared else "private",
        **extra,
    )
    visit = services.visit_create(actor=editor(world, owner), data=data)
    if reporters:
        personal.reporters_add(
            actor=editor(world, owner),
            visit_id=visit.pk,
            rows=[
                personal.ReporterInput(
                    full_name=f"Reporter {i}",
                    nationality=country,
                    passport_number=f"PP{i:07d}",
                    birth_date=dt.date(1980, 1, i % 28 + 1),
                )
                for i in range(reporters)
            ],
        )
    return visit


def can_view_visit(
    who: str, owner: str, *, country: str, shared: bool, provinces: tuple[str, ...] = ()
) -> bool:
    """DOMAIN.md §2 for press visits, written apart from `visible_to`: the host province and the ministry; other
    provinces when shared or on the route (A: 48, B: 12); a mission when the agency's country is one it covers
    (X: Japan, Y: Korea); nobody signed out, inactive or without an organisation."""
    if who in {"anonymous", "inactive", "noorg"}:
        return False
    org = USERS[who][0]
    if org in {owner, "M"}:
        return True
    if org in {"A", "B"}:
        return shared or {"A": "48", "B": "12"}[str(org)] in provinces
    return {"X": "JP", "Y": "KR"}[str(org)] == country


def can_change_visit(who: str, owner: str) -> bool:
    """The host province's officers and heads; not its viewers, not the ministry, not the missions."""
    if who in {"anonymous", "noorg"}:
        return False
    org, roles, active = USERS[who]
    return active and org == owner and roles != ["viewer"]
