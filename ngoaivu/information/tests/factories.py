"""Briefs for tests, made through the services by the world's users (core/testing/world.py): A is Đà Nẵng (48),
B is Lai Châu (12), X the embassy in Tokyo, Y the embassy in Seoul, M the ministry (Cục)."""

from __future__ import annotations

import itertools
from typing import Any

from ngoaivu.core.testing.world import USERS, World
from ngoaivu.information import services
from ngoaivu.information.reference import load_information_reference

_counter = itertools.count(1)
PROVINCE_CODES = {"A": "48", "B": "12"}
REGIONS = {"A": "bac-trung-bo-duyen-hai-mien-trung", "B": "trung-du-mien-nui-phia-bac"}


def ensure_reference() -> None:
    from ngoaivu.information.models import Region

    if Region.objects.count() < 6:
        load_information_reference()


def author(world: World, org: str) -> Any:
    """The writing user of a world organisation (X, Y, M) or province (A, B)."""
    return next(
        u
        for n, u in world.users.items()
        if USERS[n][0] == org and u.is_active and not n.endswith("viewer") and n != "inactive"
    )


def make_brief(
    world: World,
    org: str = "X",
    *,
    to: str | tuple[str, ...] = "all",
    publish: bool = True,
    marker: str | None = None,
    countries: tuple[str, ...] = ("JP",),
    products: tuple[str, ...] = ("03",),
    fields: tuple[str, ...] = (),
    kind: str = "market",
) -> Any:
    """A brief of `org` addressed to `to`: "all", ("A",) / ("A", "B") by name, or "region:A" (A's region).
    `marker` is its title (kept on the object as `.marker`)."""
    ensure_reference()
    marker = marker or f"BRF{org}{next(_counter):05d}Q"
    audience, region, provinces = "all", "", ()
    if isinstance(to, tuple):
        audience, provinces = "provinces", tuple(PROVINCE_CODES[k] for k in to)
    elif to.startswith("region:"):
        audience, region = "region", REGIONS[to.split(":", 1)[1]]
    user = author(world, org)
    brief = services.brief_create(
        actor=user,
        data=services.BriefInput(
            title=marker,
            summary=f"{marker} tóm tắt",
            body="Thị trường Nhật Bản nhập khẩu thủy sản từ Việt Nam tăng.",
            kind=kind,
            countries=countries,
            products=products,
            fields=fields,
            audience=audience,
            region=region,
            provinces=provinces,
        ),
    )
    if publish:
        brief = services.brief_publish(actor=user, brief_id=brief.pk, expected_version=brief.version)
    brief.marker = marker
    return brief


def make_subscription(
    world: World,
    org: str = "A",
    *,
    countries: tuple[str, ...] = ("JP",),
    products: tuple[str, ...] = (),
    marker: str | None = None,
) -> Any:
    ensure_reference()
    marker = marker or f"SUB{org}{next(_counter):05d}Q"
    sub = services.subscription_create(
        actor=author(world, org),
        data=services.SubscriptionInput(name=marker, countries=countries, products=products),
    )
    sub.marker = marker
    return sub
