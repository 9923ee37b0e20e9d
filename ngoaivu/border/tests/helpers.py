"""Border records made through the services, for the border tests, the leak suite and the query counts."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from ngoaivu.border import services
from ngoaivu.border.models import BorderMechanism, BorderMeeting, Commitment
from ngoaivu.core.testing.world import USERS, World

_counter = itertools.count(1)
PROVINCE_CODE = {"A": "48", "B": "12"}


def editor(world: World, owner: str) -> Any:
    return next(
        u for n, u in world.users.items() if USERS[n][0] == owner and u.is_active and n.endswith("editor")
    )


def make_mechanism(
    world: World,
    owner: str,
    *,
    countries: tuple[str, ...] = ("KR",),
    members: tuple[str, ...] = (),
    marker: str | None = None,
    kind: str = "multilateral",
    **extra: Any,
) -> BorderMechanism:
    """A mechanism led by province `owner` (A or B), with the other world provinces in `members` (keys A, B)
    and the partner `countries`."""
    marker = marker or f"BORDERMECH{owner}{next(_counter):05d}Q"
    data = services.MechanismInput(
        name_vi=marker,
        kind=kind,
        level=extra.pop("level", "leaders"),
        countries=countries,
        provinces=tuple(PROVINCE_CODE[m] for m in members),
        founded_on=extra.pop("founded_on", dt.date(2015, 3, 1)),
        **extra,
    )
    return services.mechanism_create(actor=editor(world, owner), data=data)


def make_meeting(
    world: World,
    mechanism: BorderMechanism,
    owner: str,
    *,
    held: bool = True,
    starts_on: dt.date | None = None,
    marker: str | None = None,
    commitments: int = 0,
) -> BorderMeeting:
    """A meeting of `mechanism`: held 10 days ago (with `commitments` open ones), or planned in 30 days."""
    marker = marker or f"BORDERMEET{owner}{next(_counter):05d}Q"
    today = timezone.localdate()
    start = starts_on or (today - dt.timedelta(days=10) if held else today + dt.timedelta(days=30))
    actor = editor(world, owner)
    meeting = services.meeting_create(
        actor=actor,
        mechanism_id=mechanism.pk,
        data=services.MeetingInput(
            title=marker,
            kind="conference",
            starts_on=start,
            ends_on=start + dt.timedelta(days=1),
            host="vietnam",
        ),
    )
    if held:
        meeting = services.meeting_action(
            actor=actor, meeting_id=meeting.pk, action="hold", expected_version=None
        )
    for i in range(commitments):
        add_commitment(world, meeting, owner, text=f"Cam kết {i + 1} của {marker}")
    return meeting


def add_commitment(
    world: World, meeting: BorderMeeting, who: str, *, text: str = "Mở thêm cặp chợ biên giới", **extra: Any
) -> Commitment:
    data = services.CommitmentInput(
        text=text,
        due_on=extra.pop("due_on", meeting.ends_on + dt.timedelta(days=60)),
        owner_person=extra.pop("owner_person", "Sở Công Thương"),
        **extra,
    )
    return services.commitment_add(actor=editor(world, who), meeting_id=meeting.pk, data=data)


def add_file(
    world: World, mechanism: BorderMechanism, owner: str, meeting: BorderMeeting | None = None
) -> Any:
    return services.file_add(
        actor=editor(world, owner),
        mechanism_id=mechanism.pk,
        meeting_id=meeting.pk if meeting else None,
        upload=SimpleUploadedFile("bien-ban.txt", "Biên bản cuộc họp".encode(), content_type="text/plain"),
        kind="minutes" if meeting else "founding",
    )


def can_view_mechanism(
    who: str, owner: str, *, members: tuple[str, ...] = (), countries: tuple[str, ...]
) -> bool:
    """DOMAIN.md §2 for border mechanisms (issue 21), written apart from `visible_to`: the owner, the member
    provinces and the ministry; a mission when it covers one of the partner countries (X: Japan, Y: Korea);
    nobody signed out, inactive or without an organisation."""
    if who in {"anonymous", "inactive", "noorg"}:
        return False
    org = USERS[who][0]
    if org in {owner, "M"} or org in members:
        return True
    if org in {"A", "B"}:
        return False
    return {"X": "JP", "Y": "KR"}[str(org)] in countries


def can_change_mechanism(who: str, owner: str) -> bool:
    """The owner's officers and heads; not its viewers, not the ministry, not the missions, not members."""
    if who in {"anonymous", "noorg"}:
        return False
    org, roles, active = USERS[who]
    return active and org == owner and roles != ["viewer"]


def can_report_commitment(who: str, owner: str, commitment_owner: str | None) -> bool:
    """The owner's writers, and the writers of the organisation owning the commitment."""
    if can_change_mechanism(who, owner):
        return True
    if who in {"anonymous", "noorg"}:
        return False
    org, roles, active = USERS[who]
    return active and commitment_owner is not None and org == commitment_owner and roles != ["viewer"]
