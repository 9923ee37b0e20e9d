"""Cases made through the service, and the consular unit's user (not in the shared world's USERS), for the
consular tests, the leak suite and the query counts."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from django.utils import timezone

from ngoaivu.accounts.models import Organisation, Role, User
from ngoaivu.accounts.services import user_create
from ngoaivu.audit.services import SystemActor
from ngoaivu.consular import services
from ngoaivu.consular.models import CitizenCase
from ngoaivu.core.testing.world import PASSWORD, USERS, World

_counter = itertools.count(1)
CONSULAR = "consular"
"""The consular unit's officer (`mofa-lanh-su`): reads every case, acts on them, never sees names in clear."""
MISSION_USER = {"X": "x_officer", "Y": "y_officer"}


def consular_user(world: World) -> User:
    user = User.objects.filter(username=CONSULAR).first()
    if user is None:
        user = user_create(
            actor=SystemActor("test-world"),
            username=CONSULAR,
            password=PASSWORD,
            organisation=Organisation.objects.get(code="mofa-lanh-su"),
            roles=[Role.OFFICER, Role.HEAD],
            check_password=False,
            is_superuser=False,
        )
    world.users.setdefault(CONSULAR, user)
    return user


def client(world: World, who: str) -> Any:
    if who == CONSULAR:
        consular_user(world)
        if CONSULAR not in world._clients:
            from django.test import Client

            c = Client()
            c.force_login(world.users[CONSULAR])
            world._clients[CONSULAR] = c
        return world._clients[CONSULAR]
    return world.client(who)


def make_case(
    world: World,
    mission: str = "X",
    province: str = "48",
    *,
    received_on: dt.date | None = None,
    marker: str | None = None,
    citizen: str = "Nguyễn Văn An",
    kind: str = "labour",
    country: str | None = None,
) -> CitizenCase:
    """A case handled by mission `mission` (X Tokyo, Y Seoul) for a citizen of `province` (48 = world's A,
    12 = B), received yesterday unless told; the summary carries a marker for the leak checks."""
    marker = marker or f"CASE{mission}{next(_counter):05d}Q"
    case = services.case_create(
        actor=world.users[MISSION_USER[mission]],
        data=services.CaseInput(
            country=country or {"X": "JP", "Y": "KR"}[mission],
            province=province,
            kind=kind,
            received_on=received_on or timezone.localdate() - dt.timedelta(days=1),
            summary=f"{marker} tranh chấp hợp đồng lao động",
        ),
        citizens=[
            services.CitizenInput(
                full_name=citizen,
                birth_date=dt.date(1995, 4, 12),
                passport_number="C1234567",
                phone="+84 912 345 678",
                address="Phường Hải Châu, Đà Nẵng",
                family_name="Trần Thị Bình",
                family_relation="Mẹ",
                family_phone="0905 111 222",
            )
        ],
    )
    case.marker = marker  # type: ignore[attr-defined]
    return case


def can_view_case(who: str, mission: str, province_key: str) -> bool:
    """DOMAIN.md §2 for citizen cases, written apart from `visible_to`: the handling mission, the province of
    origin and the consular unit; not the Cục, not other provinces or missions; nobody signed out or inactive."""
    if who == CONSULAR:
        return True
    if who in {"anonymous", "inactive", "noorg"}:
        return False
    org = USERS[who][0]
    return org in {mission, province_key}


def can_change_case(who: str, mission: str) -> bool:
    """Editing the case record: the handling mission's officers only."""
    if who in {"anonymous", "inactive", "noorg", CONSULAR}:
        return False
    org, roles, active = USERS[who]
    return active and org == mission and roles != [Role.VIEWER]


def can_act_on_case(who: str, mission: str, province_key: str) -> bool:
    """Workflow and log: the parties with a writing role (mission, province of origin, consular unit)."""
    if who == CONSULAR:
        return True
    if not can_view_case(who, mission, province_key):
        return False
    return USERS[who][1] != [Role.VIEWER]
