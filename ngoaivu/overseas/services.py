"""Writes of the overseas-Vietnamese records: associations, notable people, programmes and investments. Each:
scope → validate → versioned write → audit (personal fields redacted); the search index follows by signal."""

from __future__ import annotations

import dataclasses
import datetime as dt
import decimal
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ngoaivu.audit import services as audit
from ngoaivu.audit.models import AccessEvent
from ngoaivu.core.actors import Actor
from ngoaivu.core.exceptions import Forbidden, ServiceError, StaleObject
from ngoaivu.core.inputs import checked_text, max_length
from ngoaivu.core.scoping import Action, get_for_action
from ngoaivu.core.text import clean_text, search_key
from ngoaivu.core.versioning import save_versioned
from ngoaivu.directory.models import Country, Mission, Province
from ngoaivu.directory.services import province_resolve
from ngoaivu.overseas import selectors
from ngoaivu.overseas.models import (
    OverseasAssociation,
    OverseasInvestment,
    OverseasPerson,
    OverseasProgramme,
    Visibility,
)

A, P, G, INV = OverseasAssociation, OverseasPerson, OverseasProgramme, OverseasInvestment
MAX_COUNT = 100_000_000
MAX_CAPITAL = decimal.Decimal("1e15")
PERSONAL: dict[type[models.Model], frozenset[str]] = {
    OverseasAssociation: frozenset({"leader_name", "contact_email", "contact_phone"}),
    OverseasPerson: frozenset({"email", "phone"}),
}
PHONE = re.compile(r"^\+?[0-9 ().-]{6,30}$")


def _today() -> dt.date:
    return timezone.localdate()


Errors = dict[str, list[str]]


def _fail(errors: Errors, message: str) -> None:
    if errors:
        raise ServiceError(message, errors)


def _text(errors: Errors, model: type[models.Model], name: str, value: str, *, required: bool = False) -> str:
    return checked_text(errors, name, value, max_length(model, name), required=required, one_line=True)


def _long(errors: Errors, name: str, value: str, limit: int) -> str:
    return checked_text(errors, name, value, limit)


def _choice(errors: Errors, name: str, value: str, choices: Any, message: str) -> str:
    if value not in choices.values:
        errors[name] = [message]
    return value


def _visibility(errors: Errors, value: str) -> str:
    return _choice(errors, "visibility", value, Visibility, _("Phạm vi chia sẻ không hợp lệ."))


def _country(errors: Errors, code: str, *, name: str = "country") -> Country | None:
    code = clean_text(code).strip().upper()
    found = (
        Country.objects.filter(iso2=code).exclude(iso2="VN").first()
        if re.fullmatch(r"[A-Z]{2}", code)
        else None
    )
    if found is None:
        errors[name] = [_("Chọn quốc gia (mã ISO hai chữ cái, không phải Việt Nam).")]
    return found


def _count(errors: Errors, name: str, value: int | None) -> int | None:
    if value is not None and not (isinstance(value, int) and 0 <= value <= MAX_COUNT):
        errors[name] = [_("Phải là số nguyên từ 0 đến 100.000.000.")]
    return value


def _contacts(
    errors: Errors, email_name: str, email: str, phone_name: str, phone: str, consent: bool
) -> tuple[str, str]:
    email = clean_text(email).strip()
    phone = clean_text(phone).strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors[email_name] = [_("Địa chỉ thư điện tử không hợp lệ.")]
        if len(email) > 254:
            errors[email_name] = [_("Tối đa %(n)d ký tự.") % {"n": 254}]
    if phone and not PHONE.fullmatch(phone):
        errors[phone_name] = [_("Số điện thoại chỉ gồm chữ số, dấu cách, dấu +, -, (, ) (6–30 ký tự).")]
    if (email or phone) and not consent:
        errors["consent"] = [
            _("Cần có sự đồng ý của người được lưu trước khi lưu thư điện tử hoặc điện thoại.")
        ]
    return email, phone


def _check(obj: models.Model, message: str) -> None:
    try:
        obj.full_clean(exclude=["owner_org", "created_by", "updated_by", "search_text"])
    except ValidationError as exc:
        raise ServiceError(message, exc.message_dict) from exc


def _user_id(actor: Actor) -> int | None:
    return actor.pk if actor.is_authenticated else None


def _snap(obj: models.Model, links: Mapping[str, Any] | None = None) -> dict[str, Any]:
    data = audit.snapshot(obj, redact=PERSONAL.get(type(obj), frozenset()))
    return {**data, **(links or {})}


def _create(actor: Actor, obj: Any, action: str, links: Mapping[str, Any] | None = None) -> None:
    org_id = actor.scope.org_id
    if org_id is None:
        raise Forbidden()
    obj.owner_org_id = org_id
    obj.created_by_id = obj.updated_by_id = _user_id(actor)
    save_versioned(obj, None)


def _locked(model: Any, actor: Actor, pk: int, expected_version: int | None) -> Any:
    found = get_for_action(model, actor, Action.CHANGE, pk=pk)
    obj = model.objects.visible_to(actor, Action.CHANGE).select_for_update().get(pk=found.pk)
    if expected_version is not None and expected_version != obj.version:
        raise StaleObject(obj._meta.label, obj.pk, obj.version)
    return obj


def with_changes(base: Any, changes: Mapping[str, Any]) -> Any:
    names = {f.name for f in dataclasses.fields(base)}
    return dataclasses.replace(base, **{k: v for k, v in changes.items() if k in names})


def may_create(actor: Actor, what: str) -> bool:
    """Who may add a record: any writer of an organisation (investments: a province's)."""
    scope = actor.scope
    if not (scope.can_write and scope.org_id is not None):
        return False
    if what == "investment":
        return scope.is_province or scope.is_site_admin
    return scope.is_province or scope.is_mission or scope.is_ministry or scope.is_site_admin


def _creator(actor: Actor, what: str) -> None:
    if not may_create(actor, what):
        raise Forbidden()


def is_owner(actor: Actor, record: models.Model) -> bool:
    """The organisation that keeps the record (and site administrators): the only ones who decide whether it is
    shared. A co-editor (the ministry, a mission of the host country) edits the content, not the sharing."""
    scope = actor.scope
    return bool(scope.active and (scope.is_site_admin or scope.org_id == record.owner_org_id))  # type: ignore[attr-defined]


CONTACT_FIELDS: dict[type[models.Model], tuple[str, ...]] = {
    # what an editor who may not see the personal data can neither read nor change (kept as stored)
    OverseasAssociation: ("leader_name", "contact_email", "contact_phone", "consent", "purpose"),
    OverseasPerson: ("email", "phone", "consent", "purpose"),
}


def _guarded(actor: Actor, record: OverseasAssociation | OverseasPerson, data: Any) -> Any:
    """An update as the actor may make it: the contact details (personal data) stay as stored for an editor who
    may not see them, and only the owner changes the visibility (refused, with the field named, otherwise)."""
    if not selectors.may_see_personal_data(actor, record):
        data = dataclasses.replace(data, **{f: getattr(record, f) for f in CONTACT_FIELDS[type(record)]})
    if data.visibility != record.visibility and not is_owner(actor, record):
        raise ServiceError(
            _("Chỉ đơn vị quản lý hồ sơ được đổi phạm vi chia sẻ."),
            {"visibility": [_("Chỉ đơn vị quản lý hồ sơ được đổi phạm vi chia sẻ.")]},
        )
    return data


# --- associations ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AssociationInput:
    name_vi: str
    kind: str
    country: str  # ISO alpha-2
    name_original: str = ""
    city: str = ""
    mission: str = ""  # mission code; empty: none
    founded_year: int | None = None
    members: int | None = None
    fields: str = ""
    status: str = "active"
    leader_name: str = ""
    leader_role: str = ""
    contact_email: str = ""
    contact_phone: str = ""
    consent: bool = False
    purpose: str = ""
    note: str = ""
    visibility: str = "shared"


def _association_values(data: AssociationInput) -> dict[str, Any]:
    errors: Errors = {}
    values: dict[str, Any] = {
        "name_vi": _text(errors, A, "name_vi", data.name_vi, required=True),
        "name_original": _text(errors, A, "name_original", data.name_original),
        "kind": _choice(errors, "kind", data.kind, A.Kind, _("Chọn loại hội.")),
        "country": _country(errors, data.country),
        "city": _text(errors, A, "city", data.city),
        "founded_year": data.founded_year,
        "members": _count(errors, "members", data.members),
        "fields": _text(errors, A, "fields", data.fields),
        "status": _choice(errors, "status", data.status, A.Status, _("Chọn tình trạng.")),
        "leader_name": _text(errors, A, "leader_name", data.leader_name),
        "leader_role": _text(errors, A, "leader_role", data.leader_role),
        "consent": bool(data.consent),
        "purpose": _text(errors, A, "purpose", data.purpose),
        "note": _long(errors, "note", data.note, 5000),
        "visibility": _visibility(errors, data.visibility),
        "mission": None,
    }
    if data.founded_year is not None and not 1800 <= data.founded_year <= 2100:
        errors["founded_year"] = [_("Năm thành lập phải từ 1800 đến 2100.")]
    code = clean_text(data.mission).strip()
    if code:
        values["mission"] = Mission.objects.filter(code=code).first()
        if values["mission"] is None:
            errors["mission"] = [_("Cơ quan đại diện không có trong danh mục: %(c)s") % {"c": code[:60]}]
    values["contact_email"], values["contact_phone"] = _contacts(
        errors, "contact_email", data.contact_email, "contact_phone", data.contact_phone, data.consent
    )
    _fail(errors, _("Chưa lưu được hội đoàn."))
    return values


def _association_search(a: OverseasAssociation) -> str:
    country = a.country
    return search_key(a.name_vi, a.name_original, a.city, a.fields, country.name_vi, country.name_en)


@transaction.atomic
def association_create(*, actor: Actor, data: AssociationInput) -> OverseasAssociation:
    _creator(actor, "association")
    association = OverseasAssociation(**_association_values(data))
    association.search_text = _association_search(association)
    _check(association, _("Chưa lưu được hội đoàn."))
    _create(actor, association, "overseas_association.create")
    get_for_action(OverseasAssociation, actor, Action.CHANGE, pk=association.pk)
    audit.record(
        actor=actor, action="overseas_association.create", target=association, after=_snap(association)
    )
    return association


@transaction.atomic
def association_update(
    *, actor: Actor, association_id: int, expected_version: int | None, data: AssociationInput
) -> OverseasAssociation:
    association: OverseasAssociation = _locked(OverseasAssociation, actor, association_id, expected_version)
    data = _guarded(actor, association, data)
    before = _snap(association)
    for k, v in _association_values(data).items():
        setattr(association, k, v)
    association.updated_by_id = _user_id(actor)
    association.search_text = _association_search(association)
    _check(association, _("Chưa lưu được hội đoàn."))
    save_versioned(association, expected_version)
    audit.record(
        actor=actor,
        action="overseas_association.update",
        target=association,
        before=before,
        after=_snap(association),
    )
    return association


def association_input_of(a: OverseasAssociation) -> AssociationInput:
    return AssociationInput(
        name_vi=a.name_vi,
        kind=a.kind,
        country=a.country.iso2,
        name_original=a.name_original,
        city=a.city,
        mission=a.mission.code if a.mission_id and a.mission else "",
        founded_year=a.founded_year,
        members=a.members,
        fields=a.fields,
        status=a.status,
        leader_name=a.leader_name,
        leader_role=a.leader_role,
        contact_email=a.contact_email,
        contact_phone=a.contact_phone,
        consent=a.consent,
        purpose=a.purpose,
        note=a.note,
        visibility=a.visibility,
    )


# --- notable people -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PersonInput:
    full_name: str
    country: str
    field: str
    organisation: str = ""
    position: str = ""
    association_ids: tuple[int, ...] | None = ()  # None: not sent, left as they are
    email: str = ""
    phone: str = ""
    consent: bool = False
    purpose: str = ""
    note: str = ""
    visibility: str = "shared"


def _associations(
    errors: Errors, actor: Actor, ids: tuple[int, ...] | None
) -> list[OverseasAssociation] | None:
    """Associations to link, among those the actor may see (an id out of scope reads as unknown)."""
    if ids is None:
        return None
    wanted = set(ids)
    if len(wanted) > 100:
        errors["associations"] = [_("Tối đa 100 hội đoàn.")]
        return []
    found = list(OverseasAssociation.objects.visible_to(actor, Action.VIEW).filter(pk__in=wanted))
    unknown = wanted - {a.pk for a in found}
    if unknown:
        errors["associations"] = [
            _("Không tìm thấy hội đoàn số: %(i)s") % {"i": ", ".join(str(i) for i in sorted(unknown))}
        ]
    return found


def _person_values(
    actor: Actor, data: PersonInput
) -> tuple[dict[str, Any], list[OverseasAssociation] | None]:
    errors: Errors = {}
    values: dict[str, Any] = {
        "full_name": _text(errors, P, "full_name", data.full_name, required=True),
        "country": _country(errors, data.country),
        "field": _choice(errors, "field", data.field, P.Field, _("Chọn lĩnh vực.")),
        "organisation": _text(errors, P, "organisation", data.organisation),
        "position": _text(errors, P, "position", data.position),
        "consent": bool(data.consent),
        "purpose": _text(errors, P, "purpose", data.purpose),
        "note": _long(errors, "note", data.note, 5000),
        "visibility": _visibility(errors, data.visibility),
    }
    values["email"], values["phone"] = _contacts(
        errors, "email", data.email, "phone", data.phone, data.consent
    )
    links = _associations(errors, actor, data.association_ids)
    _fail(errors, _("Chưa lưu được thông tin kiều bào."))
    return values, links


def _person_search(p: OverseasPerson) -> str:
    return search_key(p.full_name, p.organisation, p.position, p.country.name_vi, p.country.name_en)


def _kept_links(person: OverseasPerson, actor: Actor, chosen: list[OverseasAssociation]) -> list[int]:
    """The links the actor chose, plus those to associations the actor cannot see (never unlinked unseen)."""
    linked = set(person.associations.values_list("pk", flat=True))
    seen = set(
        OverseasAssociation.objects.visible_to(actor, Action.VIEW)
        .filter(pk__in=linked)
        .values_list("pk", flat=True)
    )
    return sorted({a.pk for a in chosen} | (linked - seen))


@transaction.atomic
def person_create(*, actor: Actor, data: PersonInput) -> OverseasPerson:
    _creator(actor, "person")
    values, links = _person_values(actor, data)
    person = OverseasPerson(**values)
    person.search_text = _person_search(person)
    _check(person, _("Chưa lưu được thông tin kiều bào."))
    _create(actor, person, "overseas_person.create")
    person.associations.set(links or [])
    get_for_action(OverseasPerson, actor, Action.CHANGE, pk=person.pk)
    audit.record(
        actor=actor,
        action="overseas_person.create",
        target=person,
        after=_snap(person, {"associations": sorted(a.pk for a in links or [])}),
    )
    return person


@transaction.atomic
def person_update(
    *, actor: Actor, person_id: int, expected_version: int | None, data: PersonInput
) -> OverseasPerson:
    person: OverseasPerson = _locked(OverseasPerson, actor, person_id, expected_version)
    data = _guarded(actor, person, data)
    before = _snap(person, {"associations": sorted(person.associations.values_list("pk", flat=True))})
    values, links = _person_values(actor, data)
    for k, v in values.items():
        setattr(person, k, v)
    person.updated_by_id = _user_id(actor)
    person.search_text = _person_search(person)
    _check(person, _("Chưa lưu được thông tin kiều bào."))
    save_versioned(person, expected_version)
    if links is not None:
        person.associations.set(_kept_links(person, actor, links))
    after = _snap(person, {"associations": sorted(person.associations.values_list("pk", flat=True))})
    audit.record(actor=actor, action="overseas_person.update", target=person, before=before, after=after)
    return person


def person_input_of(p: OverseasPerson) -> PersonInput:
    return PersonInput(
        full_name=p.full_name,
        country=p.country.iso2,
        field=p.field,
        organisation=p.organisation,
        position=p.position,
        association_ids=None,
        email=p.email,
        phone=p.phone,
        consent=p.consent,
        purpose=p.purpose,
        note=p.note,
        visibility=p.visibility,
    )


def personal_data_read(*, user: Actor, record: OverseasAssociation | OverseasPerson, path: str) -> None:
    """An unmasked read of a leader's or a person's contact details is logged (who, which record, from where);
    refused to anyone who may not see them (`selectors.may_see_personal_data`)."""
    if not selectors.may_see_personal_data(user, record):
        raise Forbidden()
    audit.access(
        kind=AccessEvent.Kind.PERSONAL_DATA,
        user=user,
        path=path,
        detail=f"{record._meta.label_lower} {record.pk}: liên hệ",
    )


# --- programmes -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProgrammeInput:
    title: str
    kind: str
    starts_on: dt.date
    ends_on: dt.date
    organiser_name: str = ""  # empty: the actor's organisation's name
    place: str = ""
    provinces: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    association_ids: tuple[int, ...] | None = ()
    participants: int | None = None
    outcomes: str = ""
    status: str = "planned"
    visibility: str = "shared"


def _codes(values: tuple[str, ...]) -> set[str]:
    return {clean_text(v).strip() for v in values if clean_text(v).strip()}


def _programme_values(actor: Actor, data: ProgrammeInput) -> tuple[dict[str, Any], dict[str, Any]]:
    errors: Errors = {}
    organiser = clean_text(data.organiser_name).strip()
    if not organiser:
        from ngoaivu.accounts.models import Organisation

        organiser = str(
            Organisation.objects.filter(pk=actor.scope.org_id or 0).values_list("name_vi", flat=True).first()
            or ""
        )
    values: dict[str, Any] = {
        "title": _text(errors, G, "title", data.title, required=True),
        "kind": _choice(errors, "kind", data.kind, G.Kind, _("Chọn loại chương trình.")),
        "starts_on": data.starts_on,
        "ends_on": data.ends_on,
        "place": _text(errors, G, "place", data.place),
        "organiser_name": _text(errors, G, "organiser_name", organiser, required=True),
        "participants": _count(errors, "participants", data.participants),
        "outcomes": _long(errors, "outcomes", data.outcomes, 20000),
        "status": _choice(errors, "status", data.status, G.Status, _("Chọn tình trạng.")),
        "visibility": _visibility(errors, data.visibility),
    }
    if data.ends_on < data.starts_on:
        errors["ends_on"] = [_("Ngày kết thúc phải từ ngày bắt đầu trở đi.")]
    elif (data.ends_on - data.starts_on).days > 366:
        errors["ends_on"] = [_("Một chương trình kéo dài tối đa 366 ngày.")]
    if data.status == G.Status.HELD and data.starts_on > _today():
        errors["status"] = [
            _("Chương trình chưa diễn ra (bắt đầu ngày %(d)s).") % {"d": f"{data.starts_on:%d/%m/%Y}"}
        ]
    links: dict[str, Any] = {}
    wanted = _codes(data.provinces)
    links["provinces"] = list(Province.objects.filter(code__in=wanted))
    unknown = wanted - {p.code for p in links["provinces"]}
    if unknown:
        errors["provinces"] = [
            _("Mã tỉnh không có trong danh mục: %(c)s") % {"c": ", ".join(sorted(unknown))}
        ]
    wanted = {c.upper() for c in _codes(data.countries)}
    links["countries"] = list(Country.objects.filter(iso2__in=wanted))
    unknown = wanted - {c.iso2 for c in links["countries"]}
    if unknown:
        errors["countries"] = [
            _("Mã quốc gia không có trong danh mục: %(c)s") % {"c": ", ".join(sorted(unknown))}
        ]
    links["associations"] = _associations(errors, actor, data.association_ids)
    _fail(errors, _("Chưa lưu được chương trình."))
    return values, links


def _programme_search(g: OverseasProgramme, links: dict[str, Any]) -> str:
    return search_key(
        g.title,
        g.place,
        g.organiser_name,
        " ".join(p.name for p in links["provinces"]),
        " ".join(f"{c.name_vi} {c.name_en}" for c in links["countries"]),
    )


def _programme_links(g: OverseasProgramme) -> dict[str, Any]:
    return {
        "provinces": sorted(g.provinces.values_list("code", flat=True)),
        "countries": sorted(g.countries.values_list("iso2", flat=True)),
        "associations": sorted(g.associations.values_list("pk", flat=True)),
    }


def _write_programme_links(g: OverseasProgramme, actor: Actor, links: dict[str, Any]) -> None:
    g.provinces.set(links["provinces"])
    g.countries.set(links["countries"])
    if links["associations"] is not None:
        linked = set(g.associations.values_list("pk", flat=True))
        seen = set(
            OverseasAssociation.objects.visible_to(actor, Action.VIEW)
            .filter(pk__in=linked)
            .values_list("pk", flat=True)
        )
        g.associations.set(sorted({a.pk for a in links["associations"]} | (linked - seen)))


@transaction.atomic
def programme_create(*, actor: Actor, data: ProgrammeInput) -> OverseasProgramme:
    _creator(actor, "programme")
    values, links = _programme_values(actor, data)
    programme = OverseasProgramme(**values)
    programme.search_text = _programme_search(programme, links)
    _check(programme, _("Chưa lưu được chương trình."))
    _create(actor, programme, "overseas_programme.create")
    _write_programme_links(programme, actor, links)
    get_for_action(OverseasProgramme, actor, Action.CHANGE, pk=programme.pk)
    audit.record(
        actor=actor,
        action="overseas_programme.create",
        target=programme,
        after=_snap(programme, _programme_links(programme)),
    )
    return programme


@transaction.atomic
def programme_update(
    *, actor: Actor, programme_id: int, expected_version: int | None, data: ProgrammeInput
) -> OverseasProgramme:
    programme: OverseasProgramme = _locked(OverseasProgramme, actor, programme_id, expected_version)
    before = _snap(programme, _programme_links(programme))
    values, links = _programme_values(actor, data)
    for k, v in values.items():
        setattr(programme, k, v)
    programme.updated_by_id = _user_id(actor)
    programme.search_text = _programme_search(programme, links)
    _check(programme, _("Chưa lưu được chương trình."))
    save_versioned(programme, expected_version)
    _write_programme_links(programme, actor, links)
    audit.record(
        actor=actor,
        action="overseas_programme.update",
        target=programme,
        before=before,
        after=_snap(programme, _programme_links(programme)),
    )
    return programme


def programme_input_of(g: OverseasProgramme) -> ProgrammeInput:
    return ProgrammeInput(
        title=g.title,
        kind=g.kind,
        starts_on=g.starts_on,
        ends_on=g.ends_on,
        organiser_name=g.organiser_name,
        place=g.place,
        provinces=tuple(g.provinces.values_list("code", flat=True)),
        countries=tuple(g.countries.values_list("iso2", flat=True)),
        association_ids=None,
        participants=g.participants,
        outcomes=g.outcomes,
        status=g.status,
        visibility=g.visibility,
    )


# --- investments ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class InvestmentInput:
    title: str
    sector: str
    year: int
    province_as_named: str = ""  # as named then ("Quảng Nam" in 2023); empty: the actor's province
    association_id: int | None = None
    person_id: int | None = None
    investor_name: str = ""
    capital: decimal.Decimal | None = None
    currency: str = ""
    status: str = "proposed"
    source: str = ""
    note: str = ""
    visibility: str = "shared"


def _investment_values(
    actor: Actor, data: InvestmentInput, current: OverseasInvestment | None
) -> dict[str, Any]:
    errors: Errors = {}
    values: dict[str, Any] = {
        "title": _text(errors, INV, "title", data.title, required=True),
        "sector": _text(errors, INV, "sector", data.sector, required=True),
        "year": data.year,
        "investor_name": _text(errors, INV, "investor_name", data.investor_name),
        "status": _choice(errors, "status", data.status, INV.Status, _("Chọn tình trạng.")),
        "source": _text(errors, INV, "source", data.source),
        "note": _long(errors, "note", data.note, 5000),
        "visibility": _visibility(errors, data.visibility),
        "association": None,
        "person": None,
    }
    if not 1975 <= data.year <= _today().year + 5:
        errors["year"] = [_("Năm phải từ 1975 đến %(y)d.") % {"y": _today().year + 5}]
    currency = clean_text(data.currency).strip().upper()
    capital = data.capital
    if capital is not None:
        if not capital.is_finite() or capital < 0 or capital >= MAX_CAPITAL:
            errors["capital"] = [_("Số vốn không hợp lệ.")]
        elif capital != capital.quantize(decimal.Decimal("0.01")):
            errors["capital"] = [_("Tối đa 2 chữ số thập phân.")]
    if (capital is not None or currency) and not re.fullmatch(r"[A-Z]{3}", currency):
        errors["currency"] = [_("Ghi đơn vị tiền theo mã ISO 4217 (ví dụ USD, JPY, VND).")]
    values["capital"] = capital
    values["currency"] = currency if capital is not None else ""
    kept = (
        current.association if current is not None and current.association_id == data.association_id else None
    )
    if kept is not None:  # an existing link stays, even to an association the actor no longer sees
        values["association"] = kept
    elif data.association_id is not None:
        values["association"] = (
            OverseasAssociation.objects.visible_to(actor, Action.VIEW).filter(pk=data.association_id).first()
        )
        if values["association"] is None:
            errors["association"] = [_("Không tìm thấy hội đoàn số %(i)s.") % {"i": data.association_id}]
    kept_person = current.person if current is not None and current.person_id == data.person_id else None
    if kept_person is not None:
        values["person"] = kept_person
    elif data.person_id is not None:
        values["person"] = (
            OverseasPerson.objects.visible_to(actor, Action.VIEW).filter(pk=data.person_id).first()
        )
        if values["person"] is None:
            errors["person"] = [_("Không tìm thấy kiều bào số %(i)s.") % {"i": data.person_id}]
    if (
        values["association"] is None
        and values["person"] is None
        and not values["investor_name"]
        and "investor_name" not in errors
    ):
        errors["investor_name"] = [_("Chọn hội đoàn, kiều bào hoặc ghi tên nhà đầu tư.")]
    values.update(_locality(errors, actor, data, current))
    _fail(errors, _("Chưa lưu được dự án đầu tư."))
    return values


def _locality(
    errors: Errors, actor: Actor, data: InvestmentInput, current: OverseasInvestment | None
) -> dict[str, Any]:
    own = actor.scope.province_code
    name = clean_text(data.province_as_named).strip()
    if not name:
        if current is not None:
            return {
                "province": current.province,
                "former_province": current.former_province,
                "province_as_named": current.province_as_named,
            }
        province = Province.objects.filter(code=own).first()
        if province is None:
            raise Forbidden()
        return {"province": province, "former_province": None, "province_as_named": province.name}
    as_of = dt.date(data.year, 12, 31) if 1975 <= data.year <= 2100 else None
    locality = province_resolve(name, as_of=as_of)
    if locality is None:
        errors["province_as_named"] = [_("Không tìm thấy tỉnh, thành phố “%(p)s”.") % {"p": name[:100]}]
        return {}
    if locality.province.code != own and not actor.scope.is_site_admin:
        errors["province_as_named"] = [
            _("“%(p)s” nay thuộc %(c)s, không phải tỉnh của bạn.")
            % {"p": name[:100], "c": locality.province.name}
        ]
        return {}
    return {
        "province": locality.province,
        "former_province": locality.former,
        "province_as_named": locality.name,
    }


def _investment_search(i: OverseasInvestment) -> str:
    return search_key(
        i.title,
        i.sector,
        i.investor_name,
        i.province.name,
        i.province_as_named,
    )  # never the linked association's or person's name: they may be out of the reader's scope


@transaction.atomic
def investment_create(*, actor: Actor, data: InvestmentInput) -> OverseasInvestment:
    _creator(actor, "investment")
    investment = OverseasInvestment(**_investment_values(actor, data, None))
    investment.search_text = _investment_search(investment)
    _check(investment, _("Chưa lưu được dự án đầu tư."))
    _create(actor, investment, "overseas_investment.create")
    get_for_action(OverseasInvestment, actor, Action.CHANGE, pk=investment.pk)
    audit.record(actor=actor, action="overseas_investment.create", target=investment, after=_snap(investment))
    return investment


@transaction.atomic
def investment_update(
    *, actor: Actor, investment_id: int, expected_version: int | None, data: InvestmentInput
) -> OverseasInvestment:
    investment: OverseasInvestment = _locked(OverseasInvestment, actor, investment_id, expected_version)
    before = _snap(investment)
    for k, v in _investment_values(actor, data, investment).items():
        setattr(investment, k, v)
    investment.updated_by_id = _user_id(actor)
    investment.search_text = _investment_search(investment)
    _check(investment, _("Chưa lưu được dự án đầu tư."))
    save_versioned(investment, expected_version)
    audit.record(
        actor=actor,
        action="overseas_investment.update",
        target=investment,
        before=before,
        after=_snap(investment),
    )
    return investment


def investment_input_of(i: OverseasInvestment) -> InvestmentInput:
    return InvestmentInput(
        title=i.title,
        sector=i.sector,
        year=i.year,
        province_as_named="",
        association_id=i.association_id,
        person_id=i.person_id,
        investor_name=i.investor_name,
        capital=i.capital,
        currency=i.currency,
        status=i.status,
        source=i.source,
        note=i.note,
        visibility=i.visibility,
    )
