"""Delegations: the plan and its members (create, edit while prepared or postponed), unmasked reads of members'
personal data, and the missions' briefing notes."""

from __future__ import annotations

import datetime as dt
import decimal
import re
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ngoaivu.accounts.models import User
from ngoaivu.accounts.notifications import notify, rendered_later, staff_of
from ngoaivu.audit import services as audit
from ngoaivu.audit.models import AccessEvent
from ngoaivu.core.actors import Actor
from ngoaivu.core.exceptions import Forbidden, StateConflict
from ngoaivu.core.scoping import Action, get_for_action
from ngoaivu.core.text import clean_text, search_key
from ngoaivu.core.versioning import save_versioned
from ngoaivu.delegations import selectors
from ngoaivu.delegations.models import (
    BriefingNote,
    Delegation,
    Member,
)
from ngoaivu.delegations.services._common import (
    D,
    _countries,
    _event,
    _fail,
    _org_id,
    _province_of,
    _text,
    _today,
    limit,
    may_plan,
)
from ngoaivu.directory.models import Country, Partner

MAX_MEMBERS = 200
PASSPORT_RE = re.compile(r"^[A-Z0-9]{6,12}$")


PERSONAL = frozenset(Member.PERSONAL_FIELDS)


@dataclass(frozen=True)
class MemberInput:
    full_name: str
    position: str = ""
    unit: str = ""
    is_head: bool = False
    birth_date: dt.date | None = None
    passport_type: str = ""
    passport_number: str = ""
    passport_expiry: dt.date | None = None


@dataclass(frozen=True)
class DelegationInput:
    direction: str
    title: str
    purpose: str
    head_name: str
    departs_on: dt.date
    returns_on: dt.date
    countries: tuple[str, ...]
    head_position: str = ""
    cities: str = ""
    partner_ids: tuple[int, ...] = ()
    programme: str = ""
    invitation: str = ""
    funding: str = ""
    budget_estimate: decimal.Decimal | None = None
    guests_rank: str = ""
    receiving_leader: str = ""
    party_managed: bool = False
    visibility: str = "shared"
    members: tuple[MemberInput, ...] = ()


@dataclass
class _Checked:
    values: dict[str, Any]
    countries: list[Country] = field(default_factory=list)
    partners: list[Partner] = field(default_factory=list)
    members: list[dict[str, Any]] = field(default_factory=list)


def _validate_members(errors: dict[str, list[str]], members: tuple[MemberInput, ...]) -> list[dict[str, Any]]:
    if len(members) > MAX_MEMBERS:
        errors.setdefault("members", []).append(_("Tối đa %(n)d thành viên.") % {"n": MAX_MEMBERS})
        return []
    rows = []
    for i, m in enumerate(members, start=1):
        where = f"members[{i}]"
        row_errors: dict[str, list[str]] = {}
        name = _text(row_errors, "full_name", m.full_name, limit(Member, "full_name"), required=True)
        number = clean_text(m.passport_number or "").upper().replace(" ", "")
        if number and not PASSPORT_RE.match(number):
            row_errors.setdefault("passport_number", []).append(
                _("Số hộ chiếu gồm 6–12 chữ cái in hoa và chữ số.")
            )
        if m.birth_date and m.birth_date >= _today():
            row_errors.setdefault("birth_date", []).append(_("Ngày sinh phải trước hôm nay."))
        if m.passport_type and m.passport_type not in Member.PassportType.values:
            row_errors.setdefault("passport_type", []).append(_("Loại hộ chiếu không hợp lệ."))
        for key, msgs in row_errors.items():
            errors.setdefault(f"{where}.{key}", []).extend(msgs)
        rows.append(
            {
                "full_name": name,
                "position": _text(errors, f"{where}.position", m.position, limit(Member, "position")),
                "unit": _text(errors, f"{where}.unit", m.unit, limit(Member, "unit")),
                "is_head": bool(m.is_head),
                "birth_date": m.birth_date.isoformat() if m.birth_date else "",
                "passport_type": m.passport_type,
                "passport_number": number,
                "passport_expiry": m.passport_expiry.isoformat() if m.passport_expiry else "",
            }
        )
    return rows


def validate_delegation(data: DelegationInput, actor: Actor) -> _Checked:
    errors: dict[str, list[str]] = {}
    if data.direction not in Delegation.Direction.values:
        errors["direction"] = [_("Chọn đoàn ra hoặc đoàn vào.")]
    if data.visibility not in ("shared", "private"):
        errors["visibility"] = [_("Phạm vi chia sẻ không hợp lệ.")]
    values = {
        "direction": data.direction,
        "title": _text(errors, "title", data.title, limit(Delegation, "title"), required=True),
        "purpose": _text(errors, "purpose", data.purpose, limit(Delegation, "purpose"), required=True),
        "head_name": _text(
            errors, "head_name", data.head_name, limit(Delegation, "head_name"), required=True
        ),
        "head_position": _text(
            errors, "head_position", data.head_position, limit(Delegation, "head_position")
        ),
        "cities": _text(errors, "cities", data.cities, limit(Delegation, "cities")),
        "programme": _text(errors, "programme", data.programme, limit(Delegation, "programme")),
        "invitation": _text(errors, "invitation", data.invitation, limit(Delegation, "invitation")),
        "funding": _text(errors, "funding", data.funding, limit(Delegation, "funding")),
        "guests_rank": _text(errors, "guests_rank", data.guests_rank, limit(Delegation, "guests_rank")),
        "receiving_leader": _text(
            errors, "receiving_leader", data.receiving_leader, limit(Delegation, "receiving_leader")
        ),
        "budget_estimate": data.budget_estimate,
        "party_managed": bool(data.party_managed),
        "visibility": data.visibility,
        "departs_on": data.departs_on,
        "returns_on": data.returns_on,
    }
    if data.departs_on and data.returns_on and data.returns_on < data.departs_on:
        errors.setdefault("returns_on", []).append(_("Ngày về phải từ ngày đi trở đi."))
    if (
        data.departs_on
        and data.returns_on
        and (data.returns_on - data.departs_on).days > selectors.MAX_TRIP_DAYS
    ):
        errors.setdefault("returns_on", []).append(_("Một chuyến đi không dài quá một năm."))
    if data.budget_estimate is not None and data.budget_estimate < 0:
        errors.setdefault("budget_estimate", []).append(_("Kinh phí không được âm."))
    countries = _countries(errors, data.countries, required=True)
    if any(c.iso2 == "VN" for c in countries):
        errors.setdefault("countries", []).append(
            _("Chọn nước đến (đoàn ra) hoặc nước của khách (đoàn vào).")
        )
    partners = list(Partner.objects.visible_to(actor, Action.VIEW).filter(pk__in=set(data.partner_ids)))
    if len(partners) != len(set(data.partner_ids)):
        errors.setdefault("partners", []).append(_("Có đối tác không tồn tại hoặc bạn không được xem."))
    members = _validate_members(errors, data.members)
    _fail(errors, _("Chưa lưu được đoàn."))
    return _Checked(values, countries, partners, members)


def _index(delegation: Delegation, checked: _Checked) -> None:
    delegation.search_text = search_key(
        delegation.title,
        delegation.purpose[:2000],
        delegation.head_name,
        delegation.cities,
        delegation.province.name,
        *(c.name_vi for c in checked.countries),
        *(c.name_en for c in checked.countries),
        *(p.name for p in checked.partners),
        *(p.name_vi for p in checked.partners),
        *(m["full_name"] for m in checked.members),
    )
    delegation.summary_search_text = search_key(
        delegation.title,
        delegation.head_name,
        delegation.province.name,
        *(c.name_vi for c in checked.countries),
        *(c.name_en for c in checked.countries),
    )


def _write_members(delegation: Delegation, rows: list[dict[str, Any]]) -> None:
    needed = selectors.passport_needed_until(delegation.province.code, delegation.returns_on).isoformat()
    delegation.members.all().delete()
    Member.objects.bulk_create(
        [
            Member(
                delegation=delegation,
                passport_flag=bool(row["passport_expiry"]) and row["passport_expiry"] < needed,
                **row,
            )
            for row in rows
        ]
    )


def _members_summary(delegation: Delegation) -> dict[str, Any]:
    members = list(delegation.members.all())
    return {
        "members": [m.full_name for m in members],
        "members_personal_data": audit.REDACTED
        if any(m.passport_number or m.birth_date for m in members)
        else "",
    }


@transaction.atomic
def delegation_create(*, actor: User, data: DelegationInput) -> Delegation:
    if not may_plan(actor):
        raise Forbidden()
    checked = validate_delegation(data, actor)
    delegation = Delegation(
        owner_org_id=_org_id(actor),
        province=_province_of(actor),
        created_by=actor,
        updated_by=actor,
        **checked.values,
    )
    _index(delegation, checked)
    save_versioned(delegation, None)
    delegation.countries.set(checked.countries)
    delegation.partners.set(checked.partners)
    _write_members(delegation, checked.members)
    _event(delegation, actor, "create", from_state="-")
    audit.record(
        actor=actor,
        action="delegation.create",
        target=delegation,
        after={**audit.snapshot(delegation), **_members_summary(delegation)},
    )
    return delegation


EDITABLE_STATES = (D.PLANNED, D.POSTPONED)


@transaction.atomic
def delegation_update(
    *, actor: User, delegation_id: int, expected_version: int | None, data: DelegationInput
) -> Delegation:
    """The plan is edited while it is prepared or postponed; once submitted it changes only by being
    returned for changes, so approvers decide on what they read."""
    delegation = get_for_action(Delegation, actor, Action.CHANGE, pk=delegation_id)
    if delegation.state not in EDITABLE_STATES:
        raise StateConflict(
            _("Không sửa được đoàn đang ở trạng thái “%(s)s”.") % {"s": delegation.get_state_display()}
        )
    checked = validate_delegation(data, actor)
    before = {**audit.snapshot(delegation), **_members_summary(delegation)}
    for k, v in checked.values.items():
        setattr(delegation, k, v)
    delegation.updated_by = actor
    _index(delegation, checked)
    save_versioned(delegation, expected_version)
    delegation.countries.set(checked.countries)
    delegation.partners.set(checked.partners)
    _write_members(delegation, checked.members)
    _event(delegation, actor, "update")
    audit.record(
        actor=actor,
        action="delegation.update",
        target=delegation,
        before=before,
        after={**audit.snapshot(delegation), **_members_summary(delegation)},
    )
    return delegation


def personal_data_read(*, user: User, delegation: Delegation, path: str, purpose: str) -> None:
    """Every unmasked read of members' personal data is logged (who, which delegation, why, from where)."""
    if not selectors.may_see_personal_data(user, delegation):
        raise Forbidden()
    audit.access(
        kind=AccessEvent.Kind.PERSONAL_DATA,
        user=user,
        path=path,
        detail=f"delegation {delegation.pk}: {purpose}",
    )


@transaction.atomic
def briefing_add(*, actor: User, delegation_id: int, kind: str, text: str) -> BriefingNote:
    """A mission covering one of the delegation's countries adds what the delegation should know."""
    delegation = get_for_action(Delegation, actor, Action.VIEW, pk=delegation_id)
    scope = actor.scope
    if not (scope.is_mission and scope.can_write):
        raise Forbidden()
    errors: dict[str, list[str]] = {}
    if kind not in BriefingNote.Kind.values:
        errors["kind"] = [_("Chọn loại ghi chú.")]
    body = _text(errors, "text", text, limit(BriefingNote, "text"), required=True)
    _fail(errors, _("Chưa lưu được ghi chú."))
    note = BriefingNote.objects.create(
        delegation=delegation, organisation_id=_org_id(actor), author=actor, kind=kind, text=body
    )
    _event(delegation, actor, "briefing", text=body[:300])
    audit.record(
        actor=actor,
        action="delegation.briefing_add",
        target=note,
        parent=delegation,
        after=audit.snapshot(note),
    )
    notify(
        users=staff_of(delegation.owner_org_id),
        kind="delegation_briefing",
        title=rendered_later(
            gettext_noop("Cơ quan đại diện gửi ghi chú cho đoàn: %(t)s"), t=delegation.title
        ),
        url=delegation.get_absolute_url(),
        dedupe_key=f"delegation-briefing-{note.pk}",
    )
    return note
