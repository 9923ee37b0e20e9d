"""Register and edit a case and its citizens (the handling mission), the province's own note, personal-data
reads. Each write: scope → validate → versioned write → audit (the search index follows by signal)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ngoaivu.agreements.models import DeadlineRule
from ngoaivu.agreements.selectors import due_date, rule_for
from ngoaivu.audit import services as audit
from ngoaivu.audit.models import AccessEvent
from ngoaivu.consular import selectors
from ngoaivu.consular.models import CaseCitizen, CitizenCase
from ngoaivu.consular.services.common import fail, is_origin_province, today, user_id
from ngoaivu.core.actors import Actor
from ngoaivu.core.exceptions import Forbidden, NotFound, ServiceError, StaleObject
from ngoaivu.core.inputs import checked_text
from ngoaivu.core.scoping import Action, get_for_action
from ngoaivu.core.text import clean_text, search_key
from ngoaivu.core.versioning import save_versioned
from ngoaivu.directory.models import Country, Mission, Province
from ngoaivu.directory.services import province_resolve

C = CitizenCase
NOTIFY_RULE = "citizen_case_notify_province"
RETENTION_RULE = "citizen_personal_data_retention"
assert NOTIFY_RULE in DeadlineRule.Key.values
assert RETENTION_RULE in DeadlineRule.Key.values


@dataclass(frozen=True)
class CaseInput:
    country: str  # ISO alpha-2
    province: str  # the province of origin as named then ("Vĩnh Phúc"), or a current code ("25")
    kind: str
    received_on: dt.date
    summary: str
    incident_on: dt.date | None = None
    outcome: str = ""


@dataclass(frozen=True)
class CitizenInput:
    full_name: str
    birth_date: dt.date | None = None
    passport_number: str = ""
    phone: str = ""
    address: str = ""
    family_name: str = ""
    family_relation: str = ""
    family_phone: str = ""


def may_register(actor: Actor) -> bool:
    """A mission's officers and heads register the cases they handle."""
    scope = actor.scope
    return bool(scope.active and scope.can_write and scope.is_mission)


_PHONE = re.compile(r"^[0-9+().\- ]{6,30}$")
_PASSPORT = re.compile(r"^[A-Za-z0-9]{6,20}$")


def _case_values(data: CaseInput, current: CitizenCase | None) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    if data.kind not in C.Kind.values:
        errors["kind"] = [_("Loại vụ việc: chọn một loại trong danh mục.")]
    country = Country.objects.filter(iso2=clean_text(data.country).strip().upper()).first()
    if country is None or country.iso2 == "VN":
        errors["country"] = [_("Quốc gia: mã quốc gia (ISO alpha-2) không có trong danh mục.")]
    if data.received_on > today():
        errors["received_on"] = [_("Ngày tiếp nhận không được ở tương lai.")]
    if data.received_on.year < 1990:
        errors["received_on"] = [_("Ngày tiếp nhận phải từ năm 1990.")]
    if data.incident_on is not None and data.incident_on > data.received_on:
        errors["incident_on"] = [_("Ngày xảy ra phải trước hoặc bằng ngày tiếp nhận.")]
    values: dict[str, Any] = {
        "kind": data.kind,
        "country": country,
        "received_on": data.received_on,
        "incident_on": data.incident_on,
        "summary": checked_text(errors, "summary", data.summary, 5000, required=True),
        "outcome": checked_text(errors, "outcome", data.outcome, 5000),
    }
    name = clean_text(data.province).strip()
    if re.fullmatch(r"\d{2}", name):
        province = Province.objects.filter(code=name).first()
        if province is None:
            errors["province"] = [_("Tỉnh quê quán: không có tỉnh mã “%(c)s”.") % {"c": name}]
        else:
            values.update(province=province, former_province=None, province_as_named=province.name)
    elif not name:
        errors["province"] = [_("Tỉnh quê quán: không được để trống.")]
    else:
        locality = province_resolve(name, as_of=data.received_on)
        if locality is None:
            errors["province"] = [_("Tỉnh quê quán: không tìm thấy “%(p)s”.") % {"p": name[:100]}]
        else:
            values.update(
                province=locality.province, former_province=locality.former, province_as_named=locality.name
            )
    fail(errors, _("Chưa lưu được vụ việc."))
    return values


def _citizen_values(data: CitizenInput, prefix: str = "") -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    values: dict[str, Any] = {
        "full_name": checked_text(
            errors, f"{prefix}full_name", data.full_name, 200, required=True, one_line=True
        ),
        "birth_date": data.birth_date.isoformat() if data.birth_date else "",
        "passport_number": clean_text(data.passport_number).strip().upper(),
        "phone": clean_text(data.phone).strip(),
        "address": checked_text(errors, f"{prefix}address", data.address, 500, one_line=True),
        "family_name": checked_text(errors, f"{prefix}family_name", data.family_name, 200, one_line=True),
        "family_relation": checked_text(
            errors, f"{prefix}family_relation", data.family_relation, 100, one_line=True
        ),
        "family_phone": clean_text(data.family_phone).strip(),
    }
    if data.birth_date is not None and not dt.date(1900, 1, 1) <= data.birth_date <= today():
        errors[f"{prefix}birth_date"] = [_("Ngày sinh không hợp lệ.")]
    if values["passport_number"] and not _PASSPORT.match(values["passport_number"]):
        errors[f"{prefix}passport_number"] = [_("Số hộ chiếu: 6–20 chữ cái hoặc chữ số.")]
    for key in ("phone", "family_phone"):
        if values[key] and not _PHONE.match(values[key]):
            errors[f"{prefix}{key}"] = [_("Số điện thoại không hợp lệ (6–30 chữ số, dấu +, -, ngoặc).")]
    fail(errors, _("Chưa lưu được thông tin công dân."))
    return values


def notify_due(province: Province, received_on: dt.date) -> tuple[dt.date, str]:
    """The day by which the province must be told: `citizen_case_notify_province` (1 working day) from the day
    the mission received the case, across weekends and Tết; with the rule's text, kept with the date."""
    rule = rule_for(NOTIFY_RULE, province.code)
    return due_date(rule, received_on), rule.describe()[:300]


def _search_text(case: CitizenCase) -> str:
    """Reference number and summary only: never the citizen's personal data."""
    return search_key(case.reference, case.summary)


def _check(case: CitizenCase) -> None:
    try:
        case.full_clean(exclude=["owner_org", "created_by", "updated_by", "search_text", "reference"])
    except ValidationError as exc:
        raise ServiceError(_("Chưa lưu được vụ việc."), exc.message_dict) from exc


def _citizens_summary(case: CitizenCase) -> dict[str, Any]:
    return {"citizens": case.citizens.count(), "citizens_personal_data": audit.REDACTED}


@transaction.atomic
def case_create(*, actor: Actor, data: CaseInput, citizens: Sequence[CitizenInput] = ()) -> CitizenCase:
    if not may_register(actor):
        raise Forbidden()
    org_id = actor.scope.org_id
    mission = Mission.objects.filter(organisation_id=org_id).first() if org_id is not None else None
    if mission is None:
        raise Forbidden()
    values = _case_values(data, None)
    people = [_citizen_values(c, f"citizens.{i}.") for i, c in enumerate(citizens)]
    if len(people) > 50:
        raise ServiceError(_("Tối đa 50 công dân trong một vụ việc."), {"citizens": [_("Tối đa 50.")]})
    due, rule_text = notify_due(values["province"], values["received_on"])
    case = CitizenCase(
        owner_org_id=mission.organisation_id,
        mission=mission,
        reference=f"tmp-{uuid.uuid4().hex}",
        created_by_id=user_id(actor),
        updated_by_id=user_id(actor),
        notify_due_on=due,
        notify_rule=rule_text,
        **values,
    )
    _check(case)
    save_versioned(case, None)
    case.reference = f"BHCD-{case.received_on.year}-{case.pk:06d}"
    case.search_text = _search_text(case)
    CitizenCase.objects.system(reason="reference number of a new case").filter(pk=case.pk).update(
        reference=case.reference, search_text=case.search_text
    )
    CaseCitizen.objects.bulk_create([CaseCitizen(case=case, **p) for p in people])
    get_for_action(CitizenCase, actor, Action.CHANGE, pk=case.pk)  # still the actor's to change
    audit.record(
        actor=actor,
        action="citizen_case.create",
        target=case,
        after={**audit.snapshot(case), **_citizens_summary(case)},
    )
    return case


@transaction.atomic
def case_update(*, actor: Actor, case_id: int, expected_version: int | None, data: CaseInput) -> CitizenCase:
    found = get_for_action(CitizenCase, actor, Action.CHANGE, pk=case_id)
    case = CitizenCase.objects.visible_to(actor, Action.CHANGE).select_for_update().get(pk=found.pk)
    if expected_version is not None and expected_version != case.version:
        raise StaleObject(case._meta.label, case.pk, case.version)
    before = audit.snapshot(case)
    old_province_id = case.province_id
    values = _case_values(data, case)
    for k, v in values.items():
        setattr(case, k, v)
    if case.notified_on is None:  # a due date already met is history; an open one follows the new dates
        case.notify_due_on, case.notify_rule = notify_due(case.province, case.received_on)
    # The province of origin corrected after the notification: the citizen's real province has not been told.
    # It is notified now (in-app + e-mail, after commit) and the case's notification date becomes today, so a
    # correction after the due day shows as a late notification (the 1-working-day rule was not met for it).
    renotify = case.notified_on is not None and case.province_id != old_province_id
    if renotify:
        case.notified_on = max(today(), case.received_on)
    case.updated_by_id = user_id(actor)
    case.search_text = _search_text(case)
    _check(case)
    save_versioned(case, expected_version)
    audit.record(
        actor=actor, action="citizen_case.update", target=case, before=before, after=audit.snapshot(case)
    )
    if renotify:
        from ngoaivu.consular.services.workflow import _log, _notify_province

        _log(
            case,
            actor,
            _("Thông báo cho tỉnh %(p)s (tỉnh quê quán đã sửa)") % {"p": case.province.name},
            today(),
        )
        _notify_province(case, again=True)
    return case


def input_of(case: CitizenCase) -> CaseInput:
    return CaseInput(
        country=case.country.iso2,
        province=case.province_as_named if case.former_province_id else case.province.code,
        kind=case.kind,
        received_on=case.received_on,
        summary=case.summary,
        incident_on=case.incident_on,
        outcome=case.outcome,
    )


def with_changes(base: CaseInput, changes: Mapping[str, Any]) -> CaseInput:
    names = {f.name for f in dataclasses.fields(CaseInput)}
    return dataclasses.replace(base, **{k: v for k, v in changes.items() if k in names})


@transaction.atomic
def citizen_add(*, actor: Actor, case_id: int, data: CitizenInput) -> CaseCitizen:
    case = get_for_action(CitizenCase, actor, Action.CHANGE, pk=case_id)
    if case.personal_data_purged_on is not None:
        raise ServiceError(_("Dữ liệu cá nhân của vụ việc đã được ẩn danh hóa."), {})
    citizen = CaseCitizen.objects.create(case=case, **_citizen_values(data))
    audit.record(
        actor=actor,
        action="citizen_case.citizen_add",
        target=citizen,
        parent=case,
        after={"citizen": citizen.pk, "personal_data": audit.REDACTED},
        target_org_id=case.owner_org_id,
    )
    return citizen


@transaction.atomic
def citizen_update(
    *, actor: Actor, case_id: int, citizen_id: int, expected_version: int | None, data: CitizenInput
) -> CaseCitizen:
    case = get_for_action(CitizenCase, actor, Action.CHANGE, pk=case_id)
    citizen = (
        CaseCitizen.objects.select_for_update().filter(case_id=case.pk, pk=citizen_id).first()
        if 0 < citizen_id < 2**63
        else None
    )
    if citizen is None:
        raise NotFound()
    if citizen.anonymised_on is not None:
        raise ServiceError(_("Dữ liệu cá nhân của công dân này đã được ẩn danh hóa."), {})
    if expected_version is not None and expected_version != citizen.version:
        raise StaleObject(citizen._meta.label, citizen.pk, citizen.version)
    for k, v in _citizen_values(data).items():
        setattr(citizen, k, v)
    save_versioned(citizen, expected_version)
    audit.record(
        actor=actor,
        action="citizen_case.citizen_update",
        target=citizen,
        parent=case,
        before={"personal_data": audit.REDACTED},
        after={"personal_data": audit.REDACTED, "changed": True},
        target_org_id=case.owner_org_id,
    )
    return citizen


@transaction.atomic
def province_note_update(
    *, actor: Actor, case_id: int, expected_version: int | None, note: str
) -> CitizenCase:
    """The province of origin's own side: its note (contacts with the family, support given at home)."""
    found = get_for_action(CitizenCase, actor, Action.APPROVE, pk=case_id)
    if not (is_origin_province(actor, found) and actor.scope.can_write):
        raise Forbidden()
    case = CitizenCase.objects.visible_to(actor, Action.APPROVE).select_for_update().get(pk=found.pk)
    if expected_version is not None and expected_version != case.version:
        raise StaleObject(case._meta.label, case.pk, case.version)
    errors: dict[str, list[str]] = {}
    text = checked_text(errors, "province_note", note, 5000)
    fail(errors, _("Chưa lưu được ghi chú."))
    before = audit.snapshot(case)
    case.province_note = text
    case.updated_by_id = user_id(actor)
    save_versioned(case, expected_version)
    audit.record(
        actor=actor,
        action="citizen_case.province_note",
        target=case,
        before=before,
        after=audit.snapshot(case),
    )
    return case


def personal_data_read(*, user: Actor, case: CitizenCase, path: str, purpose: str) -> None:
    """Every unmasked read of a case's citizens is logged (who, which case, why, from where)."""
    if not selectors.may_see_personal_data(user, case):
        raise Forbidden()
    audit.access(
        kind=AccessEvent.Kind.PERSONAL_DATA, user=user, path=path, detail=f"citizen case {case.pk}: {purpose}"
    )
