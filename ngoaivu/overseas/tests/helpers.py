"""Overseas records made through the services, for the tests, the leak suite and the query counts; and the
policy of DOMAIN.md §2 for them, written apart from `visible_to`."""

from __future__ import annotations

import datetime as dt
import decimal
import itertools
from typing import Any

from django.utils import timezone

from ngoaivu.core.testing.world import USERS, World
from ngoaivu.overseas import services

_counter = itertools.count(1)
HOST = {"X": "JP", "Y": "KR"}


def author(world: World, owner: str) -> Any:
    """An active writer of organisation `owner` (A, B, X, Y or M)."""
    return next(
        u
        for n, u in world.users.items()
        if USERS[n][0] == owner and u.is_active and USERS[n][1] != ["viewer"]
    )


def mark(prefix: str, owner: str) -> str:
    return f"{prefix}{owner}{next(_counter):05d}Q"


def make_association(
    world: World, owner: str, *, country: str = "JP", shared: bool = False, **extra: Any
) -> Any:
    marker = extra.pop("marker", None) or mark("ASSOC", owner)
    return services.association_create(
        actor=author(world, owner),
        data=services.AssociationInput(
            name_vi=marker,
            kind=extra.pop("kind", "association"),
            country=country,
            visibility="shared" if shared else "private",
            **extra,
        ),
    )


def make_person(world: World, owner: str, *, country: str = "JP", shared: bool = False, **extra: Any) -> Any:
    marker = extra.pop("marker", None) or mark("PERSON", owner)
    return services.person_create(
        actor=author(world, owner),
        data=services.PersonInput(
            full_name=marker,
            country=country,
            field=extra.pop("field", "business"),
            visibility="shared" if shared else "private",
            **extra,
        ),
    )


def make_programme(
    world: World, owner: str, *, countries: tuple[str, ...] = ("KR",), shared: bool = False, **extra: Any
) -> Any:
    """A programme starting in 30 days (in this month's or next month's calendar)."""
    marker = extra.pop("marker", None) or mark("PROG", owner)
    start = extra.pop("starts_on", None) or timezone.localdate() + dt.timedelta(days=30)
    return services.programme_create(
        actor=author(world, owner),
        data=services.ProgrammeInput(
            title=marker,
            kind=extra.pop("kind", "xuan_que_huong"),
            starts_on=start,
            ends_on=start + dt.timedelta(days=1),
            countries=countries,
            visibility="shared" if shared else "private",
            **extra,
        ),
    )


def make_investment(world: World, owner: str, *, shared: bool = False, **extra: Any) -> Any:
    marker = extra.pop("marker", None) or mark("INVEST", owner)
    return services.investment_create(
        actor=author(world, owner),
        data=services.InvestmentInput(
            title=marker,
            sector="Du lịch",
            year=extra.pop("year", 2025),
            investor_name=extra.pop("investor_name", "Nhà đầu tư kiều bào"),
            capital=decimal.Decimal("1000000"),
            currency="USD",
            visibility="shared" if shared else "private",
            **extra,
        ),
    )


def _org(who: str) -> str | None:
    if who in {"anonymous", "inactive", "noorg"}:
        return None
    return USERS[who][0]


def _writer(who: str) -> bool:
    return who not in {"anonymous", "noorg", "inactive"} and USERS[who][1] != ["viewer"]


def can_view(
    who: str, owner: str, *, shared: bool, kind: str = "association", countries: tuple[str, ...] = ()
) -> bool:
    """Associations, people, investments: the owner, the ministry, everyone signed in for shared ones;
    programmes also: a mission covering one of the programme's countries."""
    org = _org(who)
    if org is None:
        return False
    if org in {owner, "M"} or shared:
        return True
    return kind == "programme" and org in HOST and HOST[org] in countries


def can_change(who: str, owner: str, *, shared: bool, kind: str = "association", country: str = "") -> bool:
    """Associations and people: the owner's writers, the ministry's, a mission's for shared ones of a country it
    covers. Programmes and investments: the owner's writers only."""
    org = _org(who)
    if org is None or not _writer(who):
        return False
    if org == owner:
        return True
    if kind in {"association", "person"}:
        return org == "M" or (org in HOST and shared and HOST[org] == country)
    return False
