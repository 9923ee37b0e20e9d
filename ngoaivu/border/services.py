"""Writes of border cooperation: mechanisms, their meetings (planned → held → minutes recorded; cancelled),
the commitments made there (open → done | dropped with a reason) and the reminder job. Each: scope → validate
→ versioned write → audit (the search index follows by signal)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ngoaivu.accounts.notifications import notify, rendered_later, staff_of
from ngoaivu.audit import services as audit
from ngoaivu.border.models import BorderFile, BorderMechanism, BorderMeeting, Commitment, ForeignMember
from ngoaivu.core import files
from ngoaivu.core.actors import Actor
from ngoaivu.core.exceptions import Forbidden, NotFound, ServiceError, StaleObject, StateConflict
from ngoaivu.core.inputs import checked_text, max_length
from ngoaivu.core.scoping import Action, get_for_action
from ngoaivu.core.text import clean_text, search_key
from ngoaivu.core.versioning import save_versioned
from ngoaivu.directory.models import Country, Province
from ngoaivu.directory.services import province_resolve

M = BorderMechanism
MEETING = BorderMeeting
BOUNDARY_UNIT = "mofa-bien-gioi"
"""The ministry's National Boundary Commission: besides provinces, the one organisation that leads mechanisms."""
MAX_MEMBERS = 40
MAX_FOREIGN = 40
_text = checked_text


def _today() -> dt.date:
    return timezone.localdate()


def _fail(errors: dict[str, list[str]], message: str) -> None:
    if errors:
        raise ServiceError(message, errors)


def _org_code(actor: Actor) -> str:
    from ngoaivu.accounts.models import Organisation

    org_id = actor.scope.org_id
    if org_id is None:
        return ""
    return str(Organisation.objects.filter(pk=org_id).values_list("code", flat=True).first() or "")


def may_lead(actor: Actor) -> bool:
    """Province officers and heads, and those of the National Boundary Commission, register mechanisms."""
    scope = actor.scope
    if scope.is_site_admin:
        return True
    if not scope.can_write or scope.org_id is None:
        return False
    return scope.is_province or _org_code(actor) == BOUNDARY_UNIT


def _owner_org(actor: Actor, code: str) -> Any:
    """The owner of a new mechanism: the actor's own organisation; a site administrator (who may do all) names
    it instead — a province or the boundary commission — when registering a mechanism for them."""
    from ngoaivu.accounts.models import Organisation

    code = clean_text(code).strip()
    if not code:
        org = Organisation.objects.filter(pk=actor.scope.org_id or 0).first()
        if org is None:
            raise Forbidden()
        return org
    if not actor.scope.is_site_admin:
        if code == _org_code(actor):
            return Organisation.objects.get(pk=actor.scope.org_id or 0)
        raise ServiceError(
            _("Chưa lưu được cơ chế hợp tác."),
            {"owner": [_("Chỉ quản trị hệ thống ghi cơ chế thay đơn vị khác.")]},
        )
    org = Organisation.objects.filter(code=code, is_active=True).first()
    if org is None or not (org.kind == "province" or org.code == BOUNDARY_UNIT):
        raise ServiceError(
            _("Chưa lưu được cơ chế hợp tác."),
            {"owner": [_("Đơn vị chủ trì phải là một tỉnh hoặc Ủy ban Biên giới quốc gia.")]},
        )
    return org


# --- mechanisms -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ForeignMemberInput:
    name: str
    country: str  # ISO alpha-2
    partner_id: int | None = None


@dataclass(frozen=True)
class MechanismInput:
    name_vi: str
    kind: str
    level: str
    countries: tuple[str, ...]  # ISO alpha-2 of the partner countries
    provinces: tuple[str, ...] = ()  # member provinces, current codes
    members_as_named: tuple[str, ...] = ()  # member provinces as named when founded ("Hà Giang", "Lào Cai" …)
    name_en: str = ""
    foreign_members: tuple[ForeignMemberInput, ...] = ()
    founded_on: dt.date | None = None
    founding_doc_number: str = ""
    founding_doc_date: dt.date | None = None
    founding_doc_title: str = ""
    cycle: str = "yearly"
    status: str = "active"
    description: str = ""
    # None: not sent (a partial update leaves the links as they are); a tuple: the links the user chose
    agreement_ids: tuple[int, ...] | None = ()
    owner: str = ""  # on creation, for a site administrator only: the owner organisation's code


Links = dict[str, Any]


def _codes(values: tuple[str, ...]) -> list[str]:
    out: list[str] = []
    for v in values:
        c = clean_text(v).strip()
        if c and c not in out:
            out.append(c)
    return out


def _members(
    errors: dict[str, list[str]],
    actor: Actor,
    data: MechanismInput,
    current: BorderMechanism | None,
    lead_province: str = "",
) -> Links:
    """The member provinces: current codes and names as then (each resolved at the founding date, so
    "Hà Giang" of 2010 is Tuyên Quang today); the lead province is always a member."""
    found: Links = {"provinces": [], "former": [], "as_named": []}
    wanted = _codes(data.provinces)
    provinces = {p.code: p for p in Province.objects.filter(code__in=wanted)}
    unknown = [c for c in wanted if c not in provinces]
    if unknown:
        errors["provinces"] = [_("Mã tỉnh không có trong danh mục: %(c)s") % {"c": ", ".join(unknown[:10])}]
    chosen = dict(provinces)
    names = _codes(data.members_as_named)
    if len(names) + len(wanted) > MAX_MEMBERS:
        errors["members_as_named"] = [_("Tối đa %(n)d tỉnh thành viên.") % {"n": MAX_MEMBERS}]
        return found
    bad: list[str] = []
    for name in names:
        locality = province_resolve(name, as_of=data.founded_on)
        if locality is None:
            bad.append(name[:100])
            continue
        chosen.setdefault(locality.province.code, locality.province)
        if locality.former is not None and locality.former not in found["former"]:
            found["former"].append(locality.former)
        found["as_named"].append(locality.name)
    if bad:
        errors["members_as_named"] = [
            _("Không tìm thấy tỉnh, thành phố: %(p)s") % {"p": ", ".join(f"“{b}”" for b in bad)}
        ]
    owner_code = current.owner_org.province_code if current is not None else lead_province
    if owner_code and owner_code not in chosen:
        lead = Province.objects.filter(code=owner_code).first()
        if lead is not None:
            chosen[lead.code] = lead
    if not chosen and not errors.get("provinces") and not errors.get("members_as_named"):
        errors["provinces"] = [_("Chọn ít nhất một tỉnh thành viên.")]
    found["provinces"] = list(chosen.values())
    if not found["as_named"]:
        found["as_named"] = [p.name for p in found["provinces"]]
    else:
        named_currents = {f.successor_id for f in found["former"]}
        as_named_currents = set()
        for p in found["provinces"]:
            if p.pk not in named_currents and p.name not in found["as_named"]:
                as_named_currents.add(p.name)
        found["as_named"].extend(sorted(as_named_currents))
    return found


def _countries(errors: dict[str, list[str]], values: tuple[str, ...], field: str) -> list[Country]:
    codes = [c.upper() for c in _codes(values)]
    bad = [c for c in codes if not re.fullmatch(r"[A-Z]{2}", c)]
    found = list(Country.objects.filter(iso2__in=[c for c in codes if c not in bad]))
    unknown = (set(codes) - {c.iso2 for c in found}) | set(bad)
    if unknown:
        errors[field] = [_("Mã quốc gia không có trong danh mục: %(c)s") % {"c": ", ".join(sorted(unknown))}]
    if any(c.iso2 == "VN" for c in found):
        errors.setdefault(field, []).append(_("Quốc gia đối tác phải là nước ngoài."))
    return found


def _foreign(
    errors: dict[str, list[str]], actor: Actor, data: MechanismInput, countries: list[Country]
) -> list[ForeignMember]:
    """Foreign members: a directory partner the actor may see (an id out of scope reads as unknown), or a name
    and a country; each member's country must be one of the mechanism's partner countries."""
    from ngoaivu.directory.models import Partner

    if len(data.foreign_members) > MAX_FOREIGN:
        errors["foreign_members"] = [_("Tối đa %(n)d thành viên nước ngoài.") % {"n": MAX_FOREIGN}]
        return []
    by_iso = {c.iso2: c for c in countries}
    ids = {m.partner_id for m in data.foreign_members if m.partner_id}
    partners = {p.pk: p for p in Partner.objects.visible_to(actor, Action.VIEW).filter(pk__in=ids)}
    out: list[ForeignMember] = []
    problems: list[str] = []
    for i, m in enumerate(data.foreign_members, start=1):
        partner = partners.get(m.partner_id) if m.partner_id else None
        if m.partner_id and partner is None:
            problems.append(_("Dòng %(i)d: không tìm thấy đối tác số %(p)s.") % {"i": i, "p": m.partner_id})
            continue
        name = clean_text(m.name).strip() or (partner.name_vi or partner.name if partner else "")
        iso = (clean_text(m.country).strip().upper() or (partner.country.iso2 if partner else ""))[:2]
        if not name:
            problems.append(_("Dòng %(i)d: ghi tên địa phương, tổ chức nước ngoài.") % {"i": i})
            continue
        if len(name) > 300:
            problems.append(_("Dòng %(i)d: tên tối đa 300 ký tự.") % {"i": i})
            continue
        country = by_iso.get(iso)
        if country is None:
            problems.append(
                _("Dòng %(i)d: quốc gia “%(c)s” không nằm trong các quốc gia đối tác của cơ chế.")
                % {"i": i, "c": iso or "—"}
            )
            continue
        out.append(ForeignMember(partner=partner, name=name, country=country))
    if problems:
        errors["foreign_members"] = problems
    return out


def _agreements(
    errors: dict[str, list[str]], actor: Actor, ids: tuple[int, ...] | None, current: BorderMechanism | None
) -> list[Any] | None:
    """Border-related agreements (national-level ones such as the Bắc Luân free-passage agreement) among those
    the actor may see in the register; links the actor cannot see stay as they are (as in events)."""
    from ngoaivu.agreements.models import Agreement

    if ids is None:
        return None
    wanted = set(ids)
    if len(wanted) > 200:
        errors["agreements"] = [_("Tối đa 200 thỏa thuận.")]
        return []
    linked = set(current.agreements.values_list("pk", flat=True)) if current is not None else set()
    visible = Agreement.objects.visible_to(actor, Action.VIEW)
    found = list(visible.filter(pk__in=wanted))
    unseen = linked - set(visible.filter(pk__in=linked).values_list("pk", flat=True))
    kept = list(
        Agreement.objects.system(reason="border links kept").filter(pk__in=(wanted & linked) | unseen)
    )
    found = list({a.pk: a for a in [*found, *kept]}.values())
    unknown = wanted - {a.pk for a in found}
    if unknown:
        errors["agreements"] = [
            _("Không tìm thấy thỏa thuận số: %(i)s") % {"i": ", ".join(str(i) for i in sorted(unknown))}
        ]
    return found


def _mechanism_values(
    actor: Actor, data: MechanismInput, current: BorderMechanism | None, lead_province: str = ""
) -> tuple[dict[str, Any], Links]:
    errors: dict[str, list[str]] = {}
    if data.kind not in M.Kind.values:
        errors["kind"] = [_("Chọn loại cơ chế.")]
    if data.level not in M.Level.values:
        errors["level"] = [_("Chọn cấp của cơ chế.")]
    if data.cycle not in M.Cycle.values:
        errors["cycle"] = [_("Chọn định kỳ họp.")]
    if data.status not in M.Status.values:
        errors["status"] = [_("Chọn tình trạng.")]
    today = _today()
    if data.founded_on is not None and data.founded_on > today:
        errors["founded_on"] = [_("Ngày thành lập không được ở tương lai.")]
    if data.founding_doc_date is not None and data.founding_doc_date > today:
        errors["founding_doc_date"] = [_("Ngày văn bản không được ở tương lai.")]
    values: dict[str, Any] = {
        "name_vi": _text(
            errors, "name_vi", data.name_vi, max_length(M, "name_vi"), required=True, one_line=True
        ),
        "name_en": _text(errors, "name_en", data.name_en, max_length(M, "name_en"), one_line=True),
        "kind": data.kind,
        "level": data.level,
        "founded_on": data.founded_on,
        "founding_doc_number": _text(
            errors, "founding_doc_number", data.founding_doc_number, 100, one_line=True
        ),
        "founding_doc_date": data.founding_doc_date,
        "founding_doc_title": _text(
            errors, "founding_doc_title", data.founding_doc_title, 500, one_line=True
        ),
        "cycle": data.cycle,
        "status": data.status,
        "description": _text(errors, "description", data.description, 20000),
    }
    links = _members(errors, actor, data, current, lead_province)
    links["countries"] = _countries(errors, data.countries, "countries")
    if not links["countries"] and "countries" not in errors:
        errors["countries"] = [_("Chọn ít nhất một quốc gia đối tác.")]
    if data.kind == M.Kind.BILATERAL and not errors.get("provinces") and not errors.get("members_as_named"):
        if len(links["provinces"]) != 1:
            errors["provinces"] = [_("Cơ chế song phương có đúng một tỉnh thành viên phía Việt Nam.")]
        if len(links["countries"]) > 1:
            errors["countries"] = [_("Cơ chế song phương có đúng một quốc gia đối tác.")]
    links["foreign"] = _foreign(errors, actor, data, links["countries"])
    links["agreements"] = _agreements(errors, actor, data.agreement_ids, current)
    _fail(errors, _("Chưa lưu được cơ chế hợp tác."))
    return values, links


def _mechanism_search(m: BorderMechanism, links: Links) -> str:
    return search_key(
        m.name_vi,
        m.name_en,
        m.members_as_named,
        m.founding_doc_number,
        " ".join(p.name for p in links["provinces"]),
        " ".join(f"{c.name_vi} {c.name_en}" for c in links["countries"]),
        " ".join(f.name for f in links["foreign"]),
    )


def _check(obj: Any, message: str) -> None:
    try:
        obj.full_clean(exclude=["owner_org", "created_by", "updated_by", "search_text", "mechanism"])
    except ValidationError as exc:
        raise ServiceError(message, exc.message_dict) from exc


def _mechanism_snapshot(m: BorderMechanism) -> dict[str, Any]:
    return {
        **audit.snapshot(m),
        "provinces": sorted(m.provinces.values_list("code", flat=True)),
        "countries": sorted(m.countries.values_list("iso2", flat=True)),
        "foreign_members": [f"{n} ({c})" for n, c in m.foreign_members.values_list("name", "country__iso2")],
        "agreements": sorted(m.agreements.values_list("pk", flat=True)),
    }


def _write_links(m: BorderMechanism, links: Links) -> None:
    m.provinces.set(links["provinces"])
    m.former_provinces.set(links["former"])
    m.countries.set(links["countries"])
    if links["agreements"] is not None:
        m.agreements.set(links["agreements"])
    ForeignMember.objects.filter(mechanism=m).delete()
    for f in links["foreign"]:
        f.mechanism = m
    ForeignMember.objects.bulk_create(links["foreign"])


@transaction.atomic
def mechanism_create(*, actor: Actor, data: MechanismInput) -> BorderMechanism:
    if not may_lead(actor):
        raise Forbidden()
    owner = _owner_org(actor, data.owner)
    values, links = _mechanism_values(
        actor, data, None, owner.province_code if owner.kind == "province" else ""
    )
    user_id = actor.pk if actor.is_authenticated else None
    m = BorderMechanism(owner_org_id=owner.pk, created_by_id=user_id, updated_by_id=user_id, **values)
    m.members_as_named = ", ".join(links["as_named"])[:1000]
    m.search_text = _mechanism_search(m, links)
    _check(m, _("Chưa lưu được cơ chế hợp tác."))
    save_versioned(m, None)
    _write_links(m, links)
    get_for_action(BorderMechanism, actor, Action.CHANGE, pk=m.pk)  # still the actor's to change
    audit.record(actor=actor, action="border_mechanism.create", target=m, after=_mechanism_snapshot(m))
    return m


@transaction.atomic
def mechanism_update(
    *, actor: Actor, mechanism_id: int, expected_version: int | None, data: MechanismInput
) -> BorderMechanism:
    found = get_for_action(BorderMechanism, actor, Action.CHANGE, pk=mechanism_id)
    m = (
        BorderMechanism.objects.visible_to(actor, Action.CHANGE)
        .select_for_update()
        .select_related("owner_org")
        .get(pk=found.pk)
    )
    if expected_version is not None and expected_version != m.version:
        raise StaleObject(m._meta.label, m.pk, m.version)
    before = _mechanism_snapshot(m)
    values, links = _mechanism_values(actor, data, m)
    for k, v in values.items():
        setattr(m, k, v)
    m.members_as_named = ", ".join(links["as_named"])[:1000]
    m.updated_by_id = actor.pk if actor.is_authenticated else None
    m.search_text = _mechanism_search(m, links)
    _check(m, _("Chưa lưu được cơ chế hợp tác."))
    save_versioned(m, expected_version)
    _write_links(m, links)
    audit.record(
        actor=actor, action="border_mechanism.update", target=m, before=before, after=_mechanism_snapshot(m)
    )
    return m


def mechanism_input_of(m: BorderMechanism) -> MechanismInput:
    """The mechanism as a service input, for a partial update (the API's PATCH): members by current code
    with their names as then, agreements left as they are unless sent."""
    return MechanismInput(
        name_vi=m.name_vi,
        name_en=m.name_en,
        kind=m.kind,
        level=m.level,
        countries=tuple(m.countries.values_list("iso2", flat=True)),
        provinces=tuple(m.provinces.values_list("code", flat=True)),
        members_as_named=tuple(n.strip() for n in m.members_as_named.split(",") if n.strip())
        if m.former_provinces.exists()
        else (),
        foreign_members=tuple(
            ForeignMemberInput(name=f.name, country=f.country.iso2, partner_id=f.partner_id)
            for f in m.foreign_members.select_related("country")
        ),
        founded_on=m.founded_on,
        founding_doc_number=m.founding_doc_number,
        founding_doc_date=m.founding_doc_date,
        founding_doc_title=m.founding_doc_title,
        cycle=m.cycle,
        status=m.status,
        description=m.description,
        agreement_ids=None,
    )


def with_changes(base: Any, changes: Mapping[str, Any]) -> Any:
    names = {f.name for f in dataclasses.fields(base)}
    return dataclasses.replace(base, **{k: v for k, v in changes.items() if k in names})


# --- meetings -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MeetingInput:
    title: str
    kind: str
    starts_on: dt.date
    ends_on: dt.date
    host: str
    place: str = ""
    delegations: str = ""
    summary: str = ""


def _meeting_values(data: MeetingInput) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    if data.kind not in MEETING.Kind.values:
        errors["kind"] = [_("Chọn loại cuộc họp.")]
    if data.host not in MEETING.Host.values:
        errors["host"] = [_("Chọn bên đăng cai.")]
    if data.ends_on < data.starts_on:
        errors["ends_on"] = [_("Ngày kết thúc phải từ ngày bắt đầu trở đi.")]
    elif (data.ends_on - data.starts_on).days > 31:
        errors["ends_on"] = [_("Một cuộc họp kéo dài tối đa 31 ngày.")]
    values = {
        "title": _text(errors, "title", data.title, 500, required=True, one_line=True),
        "kind": data.kind,
        "starts_on": data.starts_on,
        "ends_on": data.ends_on,
        "host": data.host,
        "place": _text(errors, "place", data.place, 300, one_line=True),
        "delegations": _text(errors, "delegations", data.delegations, 5000),
        "summary": _text(errors, "summary", data.summary, 20000),
    }
    _fail(errors, _("Chưa lưu được cuộc họp."))
    return values


def _meeting_search(meeting: BorderMeeting, mechanism: BorderMechanism) -> str:
    return search_key(
        meeting.title,
        meeting.place,
        meeting.delegations,
        meeting.minutes_number,
        mechanism.name_vi,
        mechanism.members_as_named,
    )


@transaction.atomic
def meeting_create(*, actor: Actor, mechanism_id: int, data: MeetingInput) -> BorderMeeting:
    mechanism = get_for_action(BorderMechanism, actor, Action.CHANGE, pk=mechanism_id)
    if mechanism.status == M.Status.ENDED:
        raise StateConflict(_("Cơ chế đã chấm dứt: không thêm cuộc họp mới."))
    user_id = actor.pk if actor.is_authenticated else None
    meeting = BorderMeeting(
        mechanism=mechanism,
        owner_org_id=mechanism.owner_org_id,
        created_by_id=user_id,
        updated_by_id=user_id,
        **_meeting_values(data),
    )
    meeting.search_text = _meeting_search(meeting, mechanism)
    _check(meeting, _("Chưa lưu được cuộc họp."))
    save_versioned(meeting, None)
    audit.record(
        actor=actor,
        action="border_meeting.create",
        target=meeting,
        parent=mechanism,
        after=audit.snapshot(meeting),
    )
    return meeting


def _locked_meeting(actor: Actor, meeting_id: int, expected_version: int | None) -> BorderMeeting:
    found = get_for_action(BorderMeeting, actor, Action.CHANGE, pk=meeting_id)
    meeting = (
        BorderMeeting.objects.visible_to(actor, Action.CHANGE)
        .select_for_update()
        .select_related("mechanism")
        .get(pk=found.pk)
    )
    if expected_version is not None and expected_version != meeting.version:
        raise StaleObject(meeting._meta.label, meeting.pk, meeting.version)
    return meeting


@transaction.atomic
def meeting_update(
    *, actor: Actor, meeting_id: int, expected_version: int | None, data: MeetingInput
) -> BorderMeeting:
    meeting = _locked_meeting(actor, meeting_id, expected_version)
    before = audit.snapshot(meeting)
    values = _meeting_values(data)
    if meeting.status != MEETING.Status.PLANNED and values["starts_on"] > _today():
        raise ServiceError(
            _("Chưa lưu được cuộc họp."),
            {"starts_on": [_("Cuộc họp đã diễn ra: ngày bắt đầu không được ở tương lai.")]},
        )
    for k, v in values.items():
        setattr(meeting, k, v)
    meeting.updated_by_id = actor.pk if actor.is_authenticated else None
    meeting.search_text = _meeting_search(meeting, meeting.mechanism)
    _check(meeting, _("Chưa lưu được cuộc họp."))
    save_versioned(meeting, expected_version)
    audit.record(
        actor=actor,
        action="border_meeting.update",
        target=meeting,
        parent=meeting.mechanism,
        before=before,
        after=audit.snapshot(meeting),
    )
    return meeting


def meeting_input_of(meeting: BorderMeeting) -> MeetingInput:
    return MeetingInput(
        title=meeting.title,
        kind=meeting.kind,
        starts_on=meeting.starts_on,
        ends_on=meeting.ends_on,
        host=meeting.host,
        place=meeting.place,
        delegations=meeting.delegations,
        summary=meeting.summary,
    )


MEETING_ACTIONS = ("hold", "minutes", "cancel")
_FROM = {
    "hold": {MEETING.Status.PLANNED},
    "minutes": {MEETING.Status.HELD, MEETING.Status.MINUTES},
    "cancel": {MEETING.Status.PLANNED},
}


@transaction.atomic
def meeting_action(
    *,
    actor: Actor,
    meeting_id: int,
    action: str,
    expected_version: int | None,
    minutes_number: str = "",
    minutes_signed_on: dt.date | None = None,
    summary: str = "",
    reason: str = "",
) -> BorderMeeting:
    """hold: the meeting took place (not before its first day); minutes: its minutes are recorded (number and
    signing date, once held; recorded again it corrects them); cancel: a planned meeting is called off, with
    a reason."""
    if action not in MEETING_ACTIONS:
        raise ServiceError(_("Thao tác không hợp lệ."), {"action": [_("Thao tác không hợp lệ.")]})
    meeting = _locked_meeting(actor, meeting_id, expected_version)
    if meeting.status not in _FROM[action]:
        raise StateConflict(
            _("Không thể thực hiện khi cuộc họp ở tình trạng “%(s)s”.") % {"s": meeting.get_status_display()}
        )
    before = audit.snapshot(meeting)
    errors: dict[str, list[str]] = {}
    today = _today()
    if action == "hold":
        if meeting.starts_on > today:
            raise StateConflict(
                _("Cuộc họp chưa đến ngày (bắt đầu %(d)s).") % {"d": f"{meeting.starts_on:%d/%m/%Y}"}
            )
        meeting.status = MEETING.Status.HELD
        text = _text(errors, "summary", summary, 20000)
        if text:
            meeting.summary = text
    elif action == "minutes":
        number = _text(errors, "minutes_number", minutes_number, 100, one_line=True)
        if minutes_signed_on is None:
            errors["minutes_signed_on"] = [_("Ghi ngày ký biên bản.")]
        elif minutes_signed_on > today:
            errors["minutes_signed_on"] = [_("Ngày ký biên bản không được ở tương lai.")]
        elif minutes_signed_on < meeting.starts_on:
            errors["minutes_signed_on"] = [_("Ngày ký biên bản không được trước ngày họp.")]
        meeting.minutes_number = number
        meeting.minutes_signed_on = minutes_signed_on
        meeting.status = MEETING.Status.MINUTES
        text = _text(errors, "summary", summary, 20000)
        if text:
            meeting.summary = text
    else:
        meeting.cancel_reason = _text(errors, "reason", reason, 500, required=True, one_line=True)
        meeting.status = MEETING.Status.CANCELLED
    _fail(errors, _("Chưa thực hiện được."))
    meeting.updated_by_id = actor.pk if actor.is_authenticated else None
    meeting.search_text = _meeting_search(meeting, meeting.mechanism)
    save_versioned(meeting, expected_version)
    audit.record(
        actor=actor,
        action={  # literal codes, so the audit-words scan finds each one (audit/tests/test_words.py)
            "hold": "border_meeting.hold",
            "minutes": "border_meeting.minutes",
            "cancel": "border_meeting.cancel",
        }[action],
        target=meeting,
        parent=meeting.mechanism,
        before=before,
        after=audit.snapshot(meeting),
    )
    return meeting


# --- commitments ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CommitmentInput:
    text: str
    due_on: dt.date | None = None  # None: the `border_commitment_reminder` rule's default from the meeting
    owner_org: str = ""  # an organisation code; empty: none named (a member province: its own)
    owner_person: str = ""
    progress: str = ""


def is_owner_writer(actor: Actor, mechanism: BorderMechanism) -> bool:
    scope = actor.scope
    return bool(scope.can_write and (scope.is_site_admin or mechanism.owner_org_id == scope.org_id))


def is_member_writer(actor: Actor, mechanism_id: int) -> bool:
    """A writer of a member province (not the owner): adds commitments its own organisation owns and reports
    progress on them."""
    scope = actor.scope
    if not (scope.can_write and scope.is_province and scope.province_code):
        return False
    return BorderMechanism.provinces.through.objects.filter(
        bordermechanism_id=mechanism_id, province__code=scope.province_code
    ).exists()


def default_due(meeting: BorderMeeting, today: dt.date | None = None) -> tuple[dt.date, str]:
    """The default due date when the meeting agreed none: the `border_commitment_reminder` rule's period counted
    from the meeting's last day, or from today when the commitment is written down after the meeting ended
    (a commitment is never born overdue); calendar days, a day off moves it to the next working day (so a due
    date in Tết moves past it). The explanation kept beside the date words it as a default period, naming the
    rule it comes from."""
    from ngoaivu.agreements.models import DeadlineRule
    from ngoaivu.agreements.selectors import due_date, rule_for

    today = today or _today()
    rule = rule_for(DeadlineRule.Key.BORDER_COMMITMENT_REMINDER, meeting.owner_org.province_code or "")
    period = f"{rule.days} {rule.get_unit_display()}"
    if meeting.ends_on >= today:
        start = meeting.ends_on
        text = _("Hạn mặc định: %(p)s sau cuộc họp (quy tắc “%(r)s”)")
    else:
        start = today
        text = _("Hạn mặc định: %(p)s sau ngày ghi cam kết (quy tắc “%(r)s”)")
    return due_date(rule, start), str(text % {"p": period, "r": rule.get_key_display()})


MINISTRY_KINDS = ("mofa", "mofa_unit")
PROVINCE_KIND = "province"


def commitment_owner_orgs(mechanism: BorderMechanism) -> Any:
    """The organisations a commitment of `mechanism` may be given to: those whose scope sees the mechanism
    (and so its meetings) — the owner, the member provinces' organisations, the ministry (the Cục and its
    units), and the missions covering one of its partner countries. Anyone else could never see, report on or
    complete "its" commitment."""
    from ngoaivu.accounts.models import Organisation
    from ngoaivu.directory.models import Accreditation

    provinces = BorderMechanism.provinces.through.objects.filter(bordermechanism_id=mechanism.pk).values(
        "province__code"
    )
    countries = BorderMechanism.countries.through.objects.filter(bordermechanism_id=mechanism.pk).values(
        "country_id"
    )
    missions = Accreditation.objects.filter(country_id__in=countries).values("mission__organisation_id")
    return Organisation.objects.filter(is_active=True).filter(
        Q(pk=mechanism.owner_org_id)
        | Q(kind__in=MINISTRY_KINDS)
        | Q(kind=PROVINCE_KIND, province_code__in=provinces)
        | Q(pk__in=missions)
    )


def _commitment_search(c: Commitment, meeting: BorderMeeting) -> str:
    return search_key(
        c.text,
        c.owner_person,
        c.owner_org.name_vi if c.owner_org else "",
        meeting.title,
        meeting.mechanism.name_vi,
    )


@transaction.atomic
def commitment_add(*, actor: Actor, meeting_id: int, data: CommitmentInput) -> Commitment:
    from ngoaivu.accounts.models import Organisation

    meeting = get_for_action(BorderMeeting, actor, Action.VIEW, pk=meeting_id)
    meeting = (
        BorderMeeting.objects.visible_to(actor).select_related("mechanism", "owner_org").get(pk=meeting.pk)
    )
    owner = is_owner_writer(actor, meeting.mechanism)
    member = not owner and is_member_writer(actor, meeting.mechanism_id)
    if not owner and not member:
        raise Forbidden()
    if meeting.status not in (MEETING.Status.HELD, MEETING.Status.MINUTES):
        raise StateConflict(_("Chỉ ghi cam kết của cuộc họp đã diễn ra."))
    errors: dict[str, list[str]] = {}
    text = _text(errors, "text", data.text, 1000, required=True)
    person = _text(errors, "owner_person", data.owner_person, 200, one_line=True)
    progress = _text(errors, "progress", data.progress, 5000)
    org = None
    code = clean_text(data.owner_org).strip()
    if member:
        org = Organisation.objects.filter(pk=actor.scope.org_id or 0).first()
        if code and org is not None and code != org.code:
            errors["owner_org"] = [_("Tỉnh thành viên chỉ ghi cam kết do đơn vị mình chủ trì.")]
    elif code:
        org = commitment_owner_orgs(meeting.mechanism).filter(code=code).first()
        if org is None and Organisation.objects.filter(code=code, is_active=True).exists():
            errors["owner_org"] = [
                _(
                    "Đơn vị “%(c)s” không xem được cơ chế này: chỉ giao cho đơn vị chủ trì, tỉnh thành viên, "
                    "Bộ Ngoại giao hoặc cơ quan đại diện tại nước đối tác."
                )
                % {"c": code[:60]}
            ]
        elif org is None:
            errors["owner_org"] = [_("Không có đơn vị mã “%(c)s”.") % {"c": code[:60]}]
    if org is None and not person and "owner_org" not in errors and "text" not in errors:
        errors["owner_person"] = [_("Ghi người phụ trách hoặc chọn đơn vị chủ trì.")]
    if data.due_on is None:
        due, rule_text = default_due(meeting, _today())
    else:
        due, rule_text = data.due_on, _("Hạn do cuộc họp thống nhất")
        if due < meeting.starts_on:
            errors["due_on"] = [_("Hạn không được trước ngày họp.")]
        elif (due - meeting.starts_on).days > 3660:
            errors["due_on"] = [_("Hạn tối đa 10 năm sau cuộc họp.")]
    _fail(errors, _("Chưa lưu được cam kết."))
    c = Commitment(
        meeting=meeting,
        text=text,
        owner_org=org,
        owner_person=person,
        due_on=due,
        due_rule=rule_text[:300],
        progress=progress,
        added_by_org_id=actor.scope.org_id,
    )
    c.search_text = _commitment_search(c, meeting)
    save_versioned(c, None)
    audit.record(
        actor=actor,
        action="border_commitment.create",
        target=c,
        parent=meeting,
        after=audit.snapshot(c),
        target_org_id=meeting.owner_org_id,
    )
    return c


COMMITMENT_ACTIONS = ("progress", "complete", "drop", "reopen")


def commitment_get(
    *, actor: Actor, meeting_id: int, commitment_id: int, action: Action = Action.VIEW
) -> Commitment:
    """A commitment through its meeting's scope: 404 when the meeting is out of scope or it is not its own;
    403 to change it unless the actor writes for the mechanism's owner or for the commitment's owner org."""
    meeting = get_for_action(BorderMeeting, actor, Action.VIEW, pk=meeting_id)
    if not 0 < commitment_id < 2**63:
        raise NotFound()
    c = (
        Commitment.objects.filter(meeting_id=meeting.pk, pk=commitment_id)
        .select_related("owner_org", "meeting__mechanism")
        .first()
    )
    if c is None:
        raise NotFound()
    if action != Action.VIEW and not may_report(actor, c):
        raise Forbidden()
    return c


def may_report(actor: Actor, c: Commitment) -> bool:
    scope = actor.scope
    if is_owner_writer(actor, c.meeting.mechanism):
        return True
    return bool(scope.can_write and c.owner_org_id is not None and c.owner_org_id == scope.org_id)


@transaction.atomic
def commitment_update(
    *,
    actor: Actor,
    meeting_id: int,
    commitment_id: int,
    action: str,
    expected_version: int | None,
    note: str = "",
    done_on: dt.date | None = None,
    reason: str = "",
) -> Commitment:
    """progress: a progress note (the latest replaces the previous, the audit log keeps them all); complete:
    done on `done_on` (today by default, never in the future); drop: not to be done, with a reason; reopen:
    back to open (the owner only)."""
    if action not in COMMITMENT_ACTIONS:
        raise ServiceError(_("Thao tác không hợp lệ."), {"action": [_("Thao tác không hợp lệ.")]})
    found = commitment_get(
        actor=actor, meeting_id=meeting_id, commitment_id=commitment_id, action=Action.CHANGE
    )
    c = (
        Commitment.objects.select_for_update(of=("self",))
        .select_related("meeting__mechanism", "owner_org")
        .get(pk=found.pk)
    )
    if expected_version is not None and expected_version != c.version:
        raise StaleObject(c._meta.label, c.pk, c.version)
    if action == "reopen" and not is_owner_writer(actor, c.meeting.mechanism):
        raise Forbidden()
    if action in ("progress", "complete", "drop") and c.status != Commitment.Status.OPEN:
        raise StateConflict(_("Cam kết đã đóng (%(s)s).") % {"s": c.get_status_display()})
    if action == "reopen" and c.status == Commitment.Status.OPEN:
        raise StateConflict(_("Cam kết đang thực hiện."))
    before = audit.snapshot(c)
    errors: dict[str, list[str]] = {}
    text = _text(errors, "note", note, 5000)
    today = _today()
    if action == "progress":
        if not text and "note" not in errors:
            errors["note"] = [_("Ghi tiến độ.")]
        c.progress = text
    elif action == "complete":
        day = done_on or today
        if day > today:
            errors["done_on"] = [_("Ngày hoàn thành không được ở tương lai.")]
        elif day < c.meeting.starts_on:
            errors["done_on"] = [_("Ngày hoàn thành không được trước ngày họp.")]
        c.status, c.done_on = Commitment.Status.DONE, day
        if text:
            c.progress = text
    elif action == "drop":
        c.drop_reason = _text(errors, "reason", reason, 1000, required=True)
        c.status = Commitment.Status.DROPPED
    else:
        c.status, c.done_on, c.drop_reason = Commitment.Status.OPEN, None, ""
    _fail(errors, _("Chưa lưu được cam kết."))
    save_versioned(c, expected_version)
    audit.record(
        actor=actor,
        action={  # literal codes, so the audit-words scan finds each one (audit/tests/test_words.py)
            "progress": "border_commitment.progress",
            "complete": "border_commitment.complete",
            "drop": "border_commitment.drop",
            "reopen": "border_commitment.reopen",
        }[action],
        target=c,
        parent=c.meeting,
        before=before,
        after=audit.snapshot(c),
        target_org_id=c.meeting.owner_org_id,
    )
    return c


# --- the reminder job -----------------------------------------------------------------------------------------


def remind_commitments(today: dt.date | None = None) -> dict[str, int]:
    """Idempotent job: the open commitments of meetings held are reminded to the mechanism owner's staff and to
    the commitment's owner organisation's staff (when they may see the meeting) at each of the rule's reminder
    days before the due date (`border_commitment_reminder`: 14 and 3 by default) and once when overdue; one
    notification per person, commitment, due date and step (dedupe key)."""
    from ngoaivu.agreements.models import DeadlineRule
    from ngoaivu.agreements.selectors import rule_for

    today = today or _today()
    counts = {"soon": 0, "late": 0}
    rules: dict[str, list[int]] = {}

    def steps(province_code: str) -> list[int]:
        if province_code not in rules:
            rule = rule_for(DeadlineRule.Key.BORDER_COMMITMENT_REMINDER, province_code)
            rules[province_code] = rule.reminder_list() or [rule.days]
        return rules[province_code]

    horizon = max(steps(""), default=14)
    meetings = BorderMeeting.objects.system(reason="commitment reminders").filter(
        deleted_at__isnull=True, mechanism__deleted_at__isnull=True
    )
    commitments = (
        Commitment.objects.filter(
            meeting__in=meetings,
            status=Commitment.Status.OPEN,
            due_on__lte=today + dt.timedelta(days=max(horizon, 60)),
        )
        .select_related("meeting__owner_org", "meeting__mechanism")
        .order_by("due_on", "pk")
    )
    seen: dict[tuple[int, int], bool] = {}

    def may_see(user: Any, meeting_id: int) -> bool:
        key = (user.pk, meeting_id)
        if key not in seen:
            seen[key] = BorderMeeting.objects.visible_to(user, Action.VIEW).filter(pk=meeting_id).exists()
        return seen[key]

    for c in commitments.iterator(chunk_size=500):
        left = (c.due_on - today).days
        if left < 0:
            step = "late"
        else:
            due_steps = [d for d in steps(c.meeting.owner_org.province_code or "") if left <= d]
            if not due_steps:
                continue
            step = str(min(due_steps))
        staff = {u.pk: u for u in [*staff_of(c.meeting.owner_org_id), *staff_of(c.owner_org_id)]}
        counts["late" if step == "late" else "soon"] += notify(
            users=[u for u in staff.values() if may_see(u, c.meeting_id)],
            kind="border_commitment",
            title=rendered_later(
                gettext_noop("Quá hạn cam kết hợp tác biên giới: %(t)s (hạn %(d)s)")
                if step == "late"
                else gettext_noop("Sắp đến hạn cam kết hợp tác biên giới: %(t)s (hạn %(d)s)"),
                t=c.text[:200],
                d=c.due_on.strftime("%d/%m/%Y"),
            ),
            url=f"{c.meeting.get_absolute_url()}#commitments",
            dedupe_key=f"border-commitment-{c.pk}-{c.due_on.isoformat()}-{step}",
        )
    return counts


# --- documents ------------------------------------------------------------------------------------------------


@files.atomic()  # a failed write deletes the file it stored
def file_add(
    *, actor: Actor, mechanism_id: int, upload: UploadedFile, kind: str, meeting_id: int | None = None
) -> BorderFile:
    """The founding document of a mechanism, or the minutes (or another document) of one of its meetings: by
    the mechanism's owner, checked like every upload (extension, size, content, never classified)."""
    from ngoaivu.agreements.services.agreement_files import check_upload

    mechanism = get_for_action(BorderMechanism, actor, Action.CHANGE, pk=mechanism_id)
    meeting = None
    if meeting_id is not None:
        meeting = get_for_action(BorderMeeting, actor, Action.CHANGE, pk=meeting_id)
        if meeting.mechanism_id != mechanism.pk:
            raise NotFound()
    allowed = (
        {BorderFile.Kind.MINUTES, BorderFile.Kind.OTHER}
        if meeting is not None
        else {BorderFile.Kind.FOUNDING, BorderFile.Kind.OTHER}
    )
    if kind not in allowed:
        raise ServiceError(_("Loại tài liệu không hợp lệ."), {"kind": [_("Loại tài liệu không hợp lệ.")]})
    name = check_upload(upload)
    doc = BorderFile(
        mechanism=mechanism,
        meeting=meeting,
        kind=kind,
        name=name,
        size=upload.size or 0,
        sha256=files.sha256_of(upload),
        uploaded_by_id=actor.pk if actor.is_authenticated else None,
    )
    files.store(doc.file, name, upload)
    doc.save()
    audit.record(
        actor=actor,
        action="border_file.create",
        target=doc,
        parent=meeting or mechanism,
        after={"kind": kind, "name": name, "size": doc.size},
        target_org_id=mechanism.owner_org_id,
    )
    return doc
