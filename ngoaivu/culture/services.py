"""Writes of the culture app: UNESCO titles (create, edit, stage advance, documents), cultural events, and the
next-step reminder job. Each: scope → validate → versioned write → audit (the search index follows by signal)."""

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
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ngoaivu.accounts.notifications import notify, rendered_later, staff_of
from ngoaivu.agreements.models import DeadlineRule
from ngoaivu.agreements.selectors import due_date, rule_for
from ngoaivu.agreements.services.agreement_files import check_upload
from ngoaivu.audit import services as audit
from ngoaivu.core import files
from ngoaivu.core.actors import Actor
from ngoaivu.core.exceptions import Forbidden, ServiceError, StaleObject
from ngoaivu.core.inputs import checked_text, max_length
from ngoaivu.core.scoping import Action, get_for_action
from ngoaivu.core.text import clean_text, search_key
from ngoaivu.core.versioning import save_versioned
from ngoaivu.culture.models import (
    CulturalEvent,
    HeritageTitle,
    Stage,
    StageChange,
    TitleDocument,
    TitleKind,
    TitleProvince,
    Visibility,
)
from ngoaivu.directory.models import Country, Mission, Province
from ngoaivu.directory.services import province_resolve

MAX_COUNT = 100_000_000
RULE_KEY = DeadlineRule.Key.UNESCO_STEP_REMINDER
FORWARDED = "submitted_ministry"
"""The stage a province records when it hands the dossier to the ministry; the ministry then submits it to
UNESCO (`SUBMITTED`) — never the person who handed it over (four eyes)."""
SUBMITTED = "submitted_unesco"
CLOSED_STAGES = ("rejected",)
"""Stages after which no next step is reminded."""
NEXT_STAGES: dict[str, tuple[str, ...]] = {
    "inventory": ("preparation", "submitted_ministry"),
    # back to the inventory only from a dossier in preparation (the province shelves it): said here, on purpose
    "preparation": ("submitted_ministry", "submitted_unesco", "inventory"),
    "submitted_ministry": ("submitted_unesco", "preparation"),  # the ministry returns it for completion
    "submitted_unesco": ("evaluation", "inscribed", "referred", "deferred", "rejected"),
    "evaluation": ("inscribed", "referred", "deferred", "rejected"),
    "referred": ("preparation", "submitted_unesco"),  # completed and sent again
    "deferred": ("preparation", "submitted_unesco"),  # reworked, a new nomination cycle
    "rejected": ("preparation",),  # a new nomination, exceptional (DOMAIN §4)
    "inscribed": ("periodic_report", "re_recognised", "danger"),
    "re_recognised": ("periodic_report", "danger"),
    "periodic_report": ("re_recognised", "danger"),
    "danger": ("periodic_report", "re_recognised"),
}
"""The stages a dossier may move to from each stage (DOMAIN §4: idea → national approval → preparation →
submitted → evaluation → decision (inscribed, referred, deferred, rejected) → periodic review). Never the
current stage; periodic report, danger list and re-recognition only for a title once inscribed; back to the
inventory only from preparation. A stage missing from the table (a new row of stages.csv) may go anywhere."""


def next_stage_codes(current: str, *, ministry: bool) -> list[str]:
    """The stages the dossier may move to from `current`, for the ministry or a province (ministry-only stages
    left out for a province)."""
    stages = Stage.objects.exclude(code=current).order_by("sort_order", "pk")
    if current in NEXT_STAGES:
        stages = stages.filter(code__in=NEXT_STAGES[current])
    if not ministry:
        stages = stages.filter(ministry_only=False)
    return list(stages.values_list("code", flat=True))


def _today() -> dt.date:
    return timezone.localdate()


def _user_id(actor: Actor) -> int | None:
    return actor.pk if actor.is_authenticated else None


def _fail(errors: dict[str, list[str]], message: str) -> None:
    if errors:
        raise ServiceError(message, errors)


_text = checked_text


def may_create_title(actor: Actor) -> bool:
    """A province's officers and heads open their province's dossiers (the lead province owns them); the Cục
    then edits every title and records UNESCO's side of the stages, and site administrators may record a title
    for any province (an older title, or one of a province with no account yet)."""
    scope = actor.scope
    return bool(scope.can_write and (scope.is_province or scope.is_site_admin))


def may_organise(actor: Actor) -> bool:
    """A province's officers and heads record their province's cultural events."""
    scope = actor.scope
    return bool(scope.can_write and scope.is_province)


def is_ministry_actor(actor: Actor) -> bool:
    scope = actor.scope
    return bool(scope.is_site_admin or scope.is_national)


# --- titles ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TitleInput:
    name_vi: str
    kind: str
    stage_on: dt.date
    name_en: str = ""
    province_as_named: str = ""  # the lead province as named then; empty: the user's own province
    provinces: tuple[str, ...] = ()  # other provinces involved, as named then ("Gia Lai", "Kon Tum")
    stage: str = "inventory"  # on create only: the stage the record starts in (later: `title_advance`)
    decision_number: str = ""  # on create only, for a title recorded as already recognised
    decision_on: dt.date | None = None
    decision_year: int | None = None
    ministry_role: str = ""
    delegation: str = ""  # a mission code (the permanent delegation to UNESCO)
    delegation_role: str = ""
    next_step: str = ""
    next_step_due_on: dt.date | None = None
    summary: str = ""
    visibility: str = "shared"


@dataclass(frozen=True)
class StageInput:
    stage: str
    on: dt.date
    note: str = ""
    decision_number: str = ""
    decision_on: dt.date | None = None
    decision_year: int | None = None
    next_step: str = ""
    next_step_due_on: dt.date | None = None


def _limit(model: Any, name: str) -> int:
    return max_length(model, name)


def _locality(
    errors: dict[str, list[str]], field: str, name: str, as_of: dt.date
) -> tuple[Province, Any, str] | None:
    locality = province_resolve(name, as_of=as_of)
    if locality is None:
        errors.setdefault(field, []).append(_("Không tìm thấy tỉnh, thành phố “%(p)s”.") % {"p": name[:100]})
        return None
    return locality.province, locality.former, locality.name


def _lead(
    errors: dict[str, list[str]], actor: Actor, data: TitleInput, current: HeritageTitle | None
) -> dict[str, Any]:
    """The lead province as named then and today. A province records only titles it leads; the Cục names the
    lead province (required)."""
    name = clean_text(data.province_as_named).strip()
    own = actor.scope.province_code
    if not name:
        if current is not None:
            return {
                "province": current.province,
                "former_province": current.former_province,
                "province_as_named": current.province_as_named,
            }
        province = Province.objects.filter(code=own).first() if own else None
        if province is None:
            errors["province_as_named"] = [_("Tỉnh chủ trì: ghi tên tỉnh, thành phố chủ trì hồ sơ.")]
            return {}
        return {"province": province, "former_province": None, "province_as_named": province.name}
    found = _locality(errors, "province_as_named", name, data.stage_on)
    if found is None:
        return {}
    province, former, named = found
    if not is_ministry_actor(actor) and province.code != own:
        errors["province_as_named"] = [
            _("“%(p)s” nay thuộc %(c)s, không phải tỉnh của bạn.") % {"p": name[:100], "c": province.name}
        ]
        return {}
    return {"province": province, "former_province": former, "province_as_named": named}


def _involved(errors: dict[str, list[str]], names: tuple[str, ...], as_of: dt.date) -> list[tuple[Any, ...]]:
    wanted = [clean_text(n).strip() for n in names if clean_text(n).strip()]
    if len(wanted) > 40:
        errors["provinces"] = [_("Tối đa 40 tỉnh.")]
        return []
    found: dict[int, tuple[Any, ...]] = {}
    for name in wanted:
        hit = _locality(errors, "provinces", name, as_of)
        if hit is not None:
            found.setdefault(hit[0].pk, hit)
    return list(found.values())


def _stage(errors: dict[str, list[str]], field: str, code: str) -> Stage | None:
    stage = Stage.objects.filter(code=code).first() if code else None
    if stage is None:
        errors[field] = [_("Giai đoạn: chọn một giai đoạn trong danh mục.")]
    return stage


def _decision(
    errors: dict[str, list[str]], stage: Stage | None, number: str, on: dt.date | None, year: int | None
) -> dict[str, Any]:
    number = _text(errors, "decision_number", number, 100, one_line=True)
    if year is None and on is not None:
        year = on.year
    if year is not None and not 1970 <= year <= 2100:
        errors["decision_year"] = [_("Năm công nhận: phải từ 1970 đến 2100.")]
    if on is not None and on > _today():
        errors["decision_on"] = [_("Ngày quyết định: không được ở tương lai.")]
    if stage is not None and stage.is_recognition and year is None:
        errors["decision_year"] = [_("Năm công nhận: bắt buộc khi ghi nhận danh hiệu được công nhận.")]
    if stage is not None and not stage.is_recognition and (number or on or year):
        errors["decision_number"] = [
            _("Số quyết định: chỉ ghi khi danh hiệu được ghi danh, công nhận hoặc tái công nhận.")
        ]
    return {"decision_number": number, "decision_on": on, "decision_year": year}


def next_step_default(province_code: str, start: dt.date) -> tuple[dt.date, str]:
    """The next step's due date when none is given: the `unesco_step_reminder` rule from `start` (a period
    ending on a day off ends on the next working day — Tết!), with the rule's text kept beside it."""
    rule = rule_for(RULE_KEY, province_code)
    return due_date(rule, start), rule.describe()


def _next_step(
    errors: dict[str, list[str]], province: Province | None, step: str, due: dt.date | None, start: dt.date
) -> dict[str, Any]:
    step = _text(errors, "next_step", step, 300, one_line=True)
    rule_text = ""
    if due is not None and not step:
        errors["next_step"] = [_("Bước tiếp theo: ghi việc phải làm trước hạn đã chọn.")]
    if step and due is None and province is not None:
        due, rule_text = next_step_default(province.code, start)
    if due is not None and not dt.date(2000, 1, 1) <= due <= dt.date(2100, 12, 31):
        errors["next_step_due_on"] = [_("Hạn bước tiếp theo: năm phải từ 2000 đến 2100.")]
    return {"next_step": step, "next_step_due_on": due, "next_step_rule": rule_text}


def _delegation(errors: dict[str, list[str]], code: str) -> Mission | None:
    code = clean_text(code).strip()
    if not code:
        return None
    mission = Mission.objects.filter(code=code).first()
    if mission is None:
        errors["delegation"] = [
            _("Phái đoàn thường trực: không có cơ quan đại diện mã “%(c)s”.") % {"c": code[:60]}
        ]
    return mission


def _title_values(
    actor: Actor, data: TitleInput, current: HeritageTitle | None
) -> tuple[dict[str, Any], list[tuple[Any, ...]], Stage | None]:
    errors: dict[str, list[str]] = {}
    kind = TitleKind.objects.filter(code=data.kind).first()
    if kind is None:
        errors["kind"] = [_("Loại danh hiệu: chọn một loại trong danh mục.")]
    if data.visibility not in Visibility.values:
        errors["visibility"] = [_("Phạm vi chia sẻ: không hợp lệ.")]
    if not dt.date(1970, 1, 1) <= data.stage_on <= _today():
        errors["stage_on"] = [_("Ngày của giai đoạn: từ năm 1970 đến hôm nay.")]
    values: dict[str, Any] = {
        "name_vi": _text(errors, "name_vi", data.name_vi, _limit(HeritageTitle, "name_vi"), required=True),
        "name_en": _text(errors, "name_en", data.name_en, _limit(HeritageTitle, "name_en")),
        "kind": kind,
        "ministry_role": _text(errors, "ministry_role", data.ministry_role, 5000),
        "delegation": _delegation(errors, data.delegation),
        "delegation_role": _text(errors, "delegation_role", data.delegation_role, 5000),
        "summary": _text(errors, "summary", data.summary, 20000),
        "visibility": data.visibility,
    }
    values.update(_lead(errors, actor, data, current))
    stage: Stage | None = None
    if current is None:
        stage = _stage(errors, "stage", data.stage)
        if stage is not None and stage.ministry_only and not is_ministry_actor(actor):
            errors["stage"] = [_("Giai đoạn: “%(s)s” do Bộ Ngoại giao ghi nhận.") % {"s": stage.name_vi}]
        values["stage"] = stage
        values["stage_on"] = data.stage_on
        values.update(_decision(errors, stage, data.decision_number, data.decision_on, data.decision_year))
    start = current.stage_on if current is not None else data.stage_on
    keep_rule = (
        current is not None
        and current.next_step_due_on == data.next_step_due_on
        and current.next_step == clean_text(data.next_step)
    )
    values.update(_next_step(errors, values.get("province"), data.next_step, data.next_step_due_on, start))
    if keep_rule and current is not None:
        values["next_step_rule"] = current.next_step_rule
    involved = _involved(errors, data.provinces, data.stage_on if current is None else current.stage_on)
    _fail(errors, _("Chưa lưu được danh hiệu, hồ sơ UNESCO."))
    return values, involved, stage


def _owner_org_id(actor: Actor, province: Province) -> int:
    """The lead province's organisation; the ministry's own when the province has none in the system."""
    from ngoaivu.accounts.models import Organisation

    if actor.scope.is_province and actor.scope.org_id is not None:
        return actor.scope.org_id
    org = Organisation.objects.filter(kind=Organisation.Kind.PROVINCE, province_code=province.code).first()
    if org is not None:
        return org.pk
    if actor.scope.org_id is None:
        raise Forbidden()
    return actor.scope.org_id


def _title_search(title: HeritageTitle, involved: list[tuple[Any, ...]]) -> str:
    return search_key(
        title.name_vi,
        title.name_en,
        title.kind.name_vi,
        title.province.name,
        title.province_as_named,
        title.decision_number,
        " ".join(f"{p.name} {named}" for p, _f, named in involved),
    )


def _check(obj: Any, message: str) -> None:
    try:
        obj.full_clean(exclude=["owner_org", "created_by", "updated_by", "search_text"])
    except ValidationError as exc:
        raise ServiceError(message, exc.message_dict) from exc


def _write_involved(title: HeritageTitle, involved: list[tuple[Any, ...]]) -> None:
    TitleProvince.objects.filter(title=title).delete()
    TitleProvince.objects.bulk_create(
        [
            TitleProvince(title=title, province=p, former_province=f, province_as_named=named)
            for p, f, named in involved
            if p.pk != title.province_id
        ]
    )


def _title_snapshot(title: HeritageTitle, involved: list[tuple[Any, ...]] | None = None) -> dict[str, Any]:
    names = (
        sorted(named for p, _f, named in involved if p.pk != title.province_id)
        if involved is not None
        else sorted(title.involved.values_list("province_as_named", flat=True))
    )
    return {**audit.snapshot(title), "provinces": names}


def _actor_name(actor: Actor) -> str:
    return str(
        getattr(actor, "full_name", "") or getattr(actor, "username", "") or getattr(actor, "label", "")
    )


@transaction.atomic
def title_create(*, actor: Actor, data: TitleInput) -> HeritageTitle:
    if not may_create_title(actor):
        raise Forbidden()
    values, involved, stage = _title_values(actor, data, None)
    user_id = _user_id(actor)
    title = HeritageTitle(
        owner_org_id=_owner_org_id(actor, values["province"]),
        created_by_id=user_id,
        updated_by_id=user_id,
        **values,
    )
    title.search_text = _title_search(title, involved)
    _check(title, _("Chưa lưu được danh hiệu, hồ sơ UNESCO."))
    save_versioned(title, None)
    _write_involved(title, involved)
    assert stage is not None
    StageChange.objects.create(
        title=title,
        stage=stage,
        on=title.stage_on,
        note=_("Tạo hồ sơ"),
        decision_number=title.decision_number,
        decision_on=title.decision_on,
        decision_year=title.decision_year,
        by_id=user_id,
        by_name=_actor_name(actor),
    )
    get_for_action(HeritageTitle, actor, Action.CHANGE, pk=title.pk)  # still the actor's to change
    audit.record(
        actor=actor, action="heritage_title.create", target=title, after=_title_snapshot(title, involved)
    )
    return title


def _locked_title(actor: Actor, title_id: int, expected_version: int | None) -> HeritageTitle:
    found = get_for_action(HeritageTitle, actor, Action.CHANGE, pk=title_id)
    title = HeritageTitle.objects.visible_to(actor, Action.CHANGE).select_for_update().get(pk=found.pk)
    if expected_version is not None and expected_version != title.version:
        raise StaleObject(title._meta.label, title.pk, title.version)
    return title


@transaction.atomic
def title_update(
    *, actor: Actor, title_id: int, expected_version: int | None, data: TitleInput
) -> HeritageTitle:
    """Edit the title's fields (not its stage nor its decision: those change by `title_advance`, which keeps the
    history)."""
    title = _locked_title(actor, title_id, expected_version)
    before = _title_snapshot(title)
    values, involved, _stage_unused = _title_values(actor, data, title)
    for k, v in values.items():
        setattr(title, k, v)
    moved = values["province"].pk != before["province"]
    if moved and not is_ministry_actor(actor):
        raise Forbidden()
    if moved:  # the owner follows the lead province (the ministry's own when the province has none)
        title.owner_org_id = _owner_org_id(actor, values["province"])
    title.updated_by_id = _user_id(actor)
    title.search_text = _title_search(title, involved)
    _check(title, _("Chưa lưu được danh hiệu, hồ sơ UNESCO."))
    save_versioned(title, expected_version)
    _write_involved(title, involved)
    if moved:
        get_for_action(HeritageTitle, actor, Action.CHANGE, pk=title.pk)  # still the actor's to change
    audit.record(
        actor=actor,
        action="heritage_title.update",
        target=title,
        before=before,
        after=_title_snapshot(title, involved),
    )
    return title


@transaction.atomic
def title_advance(
    *, actor: Actor, title_id: int, expected_version: int | None, data: StageInput
) -> HeritageTitle:
    """Move the dossier to another stage on a date, with a note (a row of its history). The stages UNESCO's
    side decides (submitted to UNESCO, evaluation, recognitions, referred/deferred/rejected, danger list) are
    recorded by the ministry only; a recognition needs its decision year; the ministry officer who submits to
    UNESCO is never the person who handed the dossier to the ministry (four eyes)."""
    title = _locked_title(actor, title_id, expected_version)
    errors: dict[str, list[str]] = {}
    stage = _stage(errors, "stage", data.stage)
    if stage is not None and stage.ministry_only and not is_ministry_actor(actor):
        raise Forbidden(_("Giai đoạn “%(s)s” do Bộ Ngoại giao ghi nhận.") % {"s": stage.name_vi})
    if stage is not None and stage.pk == title.stage_id:
        errors["stage"] = [_("Giai đoạn: hồ sơ đang ở giai đoạn này.")]
    elif stage is not None and stage.code not in NEXT_STAGES.get(title.stage.code, (stage.code,)):
        errors["stage"] = [
            _("Giai đoạn: không chuyển được từ “%(a)s” sang “%(b)s”.")
            % {"a": title.stage.name_vi, "b": stage.name_vi}
        ]
    if data.on > _today():
        errors["on"] = [_("Ngày: không được ở tương lai.")]
    elif data.on < title.stage_on:
        errors["on"] = [
            _("Ngày: không được trước ngày của giai đoạn hiện tại (%(d)s).")
            % {"d": f"{title.stage_on:%d/%m/%Y}"}
        ]
    note = _text(errors, "note", data.note, 5000)
    decision = _decision(errors, stage, data.decision_number, data.decision_on, data.decision_year)
    step = _next_step(errors, title.province, data.next_step, data.next_step_due_on, data.on)
    if stage is not None and stage.code == SUBMITTED and actor.is_authenticated:
        handed = StageChange.objects.filter(title=title, stage__code=FORWARDED).order_by("-on", "-pk").first()
        if handed is not None and handed.by_id == actor.pk:
            errors["stage"] = [
                _(
                    "Giai đoạn: người trình hồ sơ lên Bộ không tự ghi nhận việc nộp UNESCO (nguyên tắc hai người)."
                )
            ]
    _fail(errors, _("Chưa chuyển được giai đoạn."))
    assert stage is not None
    before = audit.snapshot(title)
    title.stage = stage
    title.stage_on = data.on
    if stage.is_recognition:
        title.decision_number = decision["decision_number"]
        title.decision_on = decision["decision_on"]
        title.decision_year = decision["decision_year"]
    title.next_step = step["next_step"]
    title.next_step_due_on = step["next_step_due_on"]
    title.next_step_rule = step["next_step_rule"]
    title.updated_by_id = _user_id(actor)
    title.search_text = _title_search(
        title, [(p.province, p.former_province, p.province_as_named) for p in title.involved.all()]
    )
    _check(title, _("Chưa chuyển được giai đoạn."))
    save_versioned(title, expected_version)
    StageChange.objects.create(
        title=title,
        stage=stage,
        on=data.on,
        note=note,
        by_id=_user_id(actor),
        by_name=_actor_name(actor),
        **(decision if stage.is_recognition else {}),
    )
    audit.record(
        actor=actor,
        action="heritage_title.advance",
        target=title,
        before=before,
        after={**audit.snapshot(title), "note": note},
    )
    return title


@dataclass(frozen=True)
class DocumentInput:
    label: str
    number: str = ""
    issued_on: dt.date | None = None


@files.atomic()  # a failed write deletes the file it stored
def document_add(*, actor: Actor, title_id: int, data: DocumentInput, upload: UploadedFile) -> TitleDocument:
    """A document of the dossier (a new row: nothing the editor read is overwritten)."""
    title = get_for_action(HeritageTitle, actor, Action.CHANGE, pk=title_id)
    errors: dict[str, list[str]] = {}
    label = _text(errors, "label", data.label, 300, required=True, one_line=True)
    number = _text(errors, "number", data.number, 100, one_line=True)
    if data.issued_on is not None and data.issued_on > _today():
        errors["issued_on"] = [_("Ngày ban hành: không được ở tương lai.")]
    _fail(errors, _("Chưa lưu được tài liệu."))
    name = check_upload(upload)
    document = TitleDocument(
        title=title,
        label=label,
        number=number,
        issued_on=data.issued_on,
        name=name,
        size=upload.size or 0,
        sha256=files.sha256_of(upload),
        uploaded_by_id=_user_id(actor),
    )
    files.store(document.file, name, upload)
    document.save()
    audit.record(
        actor=actor,
        action="heritage_title.document_add",
        target=document,
        parent=title,
        after={"label": label, "number": number, "file": name},
        target_org_id=title.owner_org_id,
    )
    return document


def title_input_of(title: HeritageTitle) -> TitleInput:
    """The title as a service input (the API's PATCH changes only the fields it sends)."""
    return TitleInput(
        name_vi=title.name_vi,
        name_en=title.name_en,
        kind=title.kind.code,
        stage_on=title.stage_on,
        province_as_named="",
        provinces=tuple(title.involved.values_list("province_as_named", flat=True)),
        stage=title.stage.code,
        ministry_role=title.ministry_role,
        delegation=title.delegation.code if title.delegation_id and title.delegation else "",
        delegation_role=title.delegation_role,
        next_step=title.next_step,
        next_step_due_on=title.next_step_due_on,
        summary=title.summary,
        visibility=title.visibility,
    )


def with_changes(base: Any, changes: Mapping[str, Any]) -> Any:
    names = {f.name for f in dataclasses.fields(base)}
    return dataclasses.replace(base, **{k: v for k, v in changes.items() if k in names})


# --- cultural events ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EventInput:
    title_vi: str
    kind: str
    organisers: str
    starts_on: dt.date
    ends_on: dt.date
    title_en: str = ""
    abroad: bool = True
    country: str = ""  # ISO alpha-2
    city: str = ""
    mission: str = ""  # a mission code
    province_as_named: str = ""
    provinces: tuple[str, ...] = ()  # other provinces taking part (current codes)
    status: str = "planned"
    outcome_summary: str = ""
    visitors_count: int | None = None
    agreement_ids: tuple[int, ...] | None = ()  # None: not sent, the links stay as they are
    visibility: str = "shared"


def _event_locality(
    errors: dict[str, list[str]], actor: Actor, data: EventInput, current: CulturalEvent | None
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
        province = Province.objects.filter(code=own).first() if own else None
        if province is None:
            raise Forbidden()
        return {"province": province, "former_province": None, "province_as_named": province.name}
    found = _locality(errors, "province_as_named", name, data.starts_on)
    if found is None:
        return {}
    province, former, named = found
    if province.code != own:
        errors["province_as_named"] = [
            _("“%(p)s” nay thuộc %(c)s, không phải tỉnh của bạn.") % {"p": name[:100], "c": province.name}
        ]
        return {}
    return {"province": province, "former_province": former, "province_as_named": named}


def _agreements(
    errors: dict[str, list[str]], actor: Actor, ids: tuple[int, ...] | None, current: CulturalEvent | None
) -> list[Any] | None:
    """Agreements signed at the event, among those the actor may see; those already linked that the actor
    cannot see stay linked (never shown, so never meant to be unlinked)."""
    from ngoaivu.agreements.models import Agreement

    if ids is None:
        return None
    wanted = set(ids)
    if len(wanted) > 200:
        errors["agreements"] = [_("Thỏa thuận: tối đa 200.")]
        return []
    linked = set(current.agreements.values_list("pk", flat=True)) if current is not None else set()
    visible = Agreement.objects.visible_to(actor, Action.VIEW)
    found = list(visible.filter(pk__in=wanted))
    unseen = linked - set(visible.filter(pk__in=linked).values_list("pk", flat=True))
    kept = list(
        Agreement.objects.system(reason="cultural event links kept").filter(pk__in=(wanted & linked) | unseen)
    )
    found = list({a.pk: a for a in [*found, *kept]}.values())
    unknown = wanted - {a.pk for a in found}
    if unknown:
        errors["agreements"] = [
            _("Thỏa thuận: không tìm thấy số %(i)s.") % {"i": ", ".join(str(i) for i in sorted(unknown))}
        ]
    return found


def _event_values(
    actor: Actor, data: EventInput, current: CulturalEvent | None
) -> tuple[dict[str, Any], list[Province], list[Any] | None]:
    E = CulturalEvent
    errors: dict[str, list[str]] = {}
    if data.kind not in E.Kind.values:
        errors["kind"] = [_("Loại sự kiện: chọn một loại.")]
    if data.status not in E.Status.values:
        errors["status"] = [_("Tình trạng: chọn một tình trạng.")]
    elif data.status == E.Status.HELD and data.starts_on > _today():
        errors["status"] = [
            _("Tình trạng: sự kiện chưa diễn ra (bắt đầu ngày %(d)s).") % {"d": f"{data.starts_on:%d/%m/%Y}"}
        ]
    if data.visibility not in Visibility.values:
        errors["visibility"] = [_("Phạm vi chia sẻ: không hợp lệ.")]
    if data.ends_on < data.starts_on:
        errors["ends_on"] = [_("Ngày kết thúc: phải từ ngày bắt đầu trở đi.")]
    elif (data.ends_on - data.starts_on).days > 366:
        errors["ends_on"] = [_("Ngày kết thúc: một sự kiện kéo dài tối đa 366 ngày.")]
    if data.visitors_count is not None and not 0 <= data.visitors_count <= MAX_COUNT:
        errors["visitors_count"] = [_("Số lượt khách: không hợp lệ.")]
    country = None
    iso = clean_text(data.country).strip().upper()
    if iso:
        country = Country.objects.filter(iso2=iso).first() if re.fullmatch(r"[A-Z]{2}", iso) else None
        if country is None:
            errors["country"] = [_("Quốc gia: mã không có trong danh mục (%(c)s).") % {"c": iso[:10]}]
    if data.abroad and country is None and "country" not in errors:
        errors["country"] = [_("Quốc gia: bắt buộc với sự kiện ở nước ngoài.")]
    if data.abroad and country is not None and country.iso2 == "VN":
        errors["country"] = [_("Quốc gia: sự kiện ở nước ngoài không tổ chức tại Việt Nam.")]
    mission = None
    code = clean_text(data.mission).strip()
    if code:
        mission = Mission.objects.filter(code=code).first()
        if mission is None:
            errors["mission"] = [_("Cơ quan đại diện: không có mã “%(c)s”.") % {"c": code[:60]}]
    wanted = {clean_text(c).strip() for c in data.provinces if clean_text(c).strip()}
    provinces = list(Province.objects.filter(code__in=wanted))
    unknown = wanted - {p.code for p in provinces}
    if unknown:
        errors["provinces"] = [
            _("Các tỉnh cùng tham gia: mã không có trong danh mục: %(c)s")
            % {"c": ", ".join(sorted(unknown))[:200]}
        ]
    values: dict[str, Any] = {
        "title_vi": _text(errors, "title_vi", data.title_vi, _limit(E, "title_vi"), required=True),
        "title_en": _text(errors, "title_en", data.title_en, _limit(E, "title_en")),
        "kind": data.kind,
        "abroad": bool(data.abroad),
        "country": country,
        "city": _text(errors, "city", data.city, _limit(E, "city"), one_line=True),
        "mission": mission,
        "organisers": _text(errors, "organisers", data.organisers, _limit(E, "organisers"), required=True),
        "starts_on": data.starts_on,
        "ends_on": data.ends_on,
        "status": data.status,
        "outcome_summary": _text(errors, "outcome_summary", data.outcome_summary, 20000),
        "visitors_count": data.visitors_count,
        "visibility": data.visibility,
    }
    values.update(_event_locality(errors, actor, data, current))
    agreements = _agreements(errors, actor, data.agreement_ids, current)
    _fail(errors, _("Chưa lưu được sự kiện."))
    return values, provinces, agreements


def _event_search(event: CulturalEvent) -> str:
    return search_key(
        event.title_vi,
        event.title_en,
        event.organisers,
        event.city,
        event.province.name,
        event.province_as_named,
        event.country.name_vi if event.country else "",
        event.country.name_en if event.country else "",
    )


def _event_snapshot(
    event: CulturalEvent, provinces: list[Province], agreements: list[Any] | None
) -> dict[str, Any]:
    return {
        **audit.snapshot(event),
        "provinces": sorted(p.code for p in provinces if p.pk != event.province_id),
        "agreements": sorted(a.pk for a in (event.agreements.all() if agreements is None else agreements)),
    }


def _write_event_links(event: CulturalEvent, provinces: list[Province], agreements: list[Any] | None) -> None:
    event.provinces.set([p for p in provinces if p.pk != event.province_id])
    if agreements is not None:
        event.agreements.set(agreements)


@transaction.atomic
def event_create(*, actor: Actor, data: EventInput) -> CulturalEvent:
    if not may_organise(actor):
        raise Forbidden()
    values, provinces, agreements = _event_values(actor, data, None)
    org_id = actor.scope.org_id
    if org_id is None:
        raise Forbidden()
    user_id = _user_id(actor)
    event = CulturalEvent(owner_org_id=org_id, created_by_id=user_id, updated_by_id=user_id, **values)
    event.search_text = _event_search(event)
    _check(event, _("Chưa lưu được sự kiện."))
    save_versioned(event, None)
    _write_event_links(event, provinces, agreements)
    get_for_action(CulturalEvent, actor, Action.CHANGE, pk=event.pk)
    audit.record(
        actor=actor,
        action="cultural_event.create",
        target=event,
        after=_event_snapshot(event, provinces, agreements),
    )
    return event


@transaction.atomic
def event_update(
    *, actor: Actor, event_id: int, expected_version: int | None, data: EventInput
) -> CulturalEvent:
    found = get_for_action(CulturalEvent, actor, Action.CHANGE, pk=event_id)
    event = CulturalEvent.objects.visible_to(actor, Action.CHANGE).select_for_update().get(pk=found.pk)
    if expected_version is not None and expected_version != event.version:
        raise StaleObject(event._meta.label, event.pk, event.version)
    before = {
        **audit.snapshot(event),
        "provinces": sorted(event.provinces.values_list("code", flat=True)),
        "agreements": sorted(event.agreements.values_list("pk", flat=True)),
    }
    values, provinces, agreements = _event_values(actor, data, event)
    for k, v in values.items():
        setattr(event, k, v)
    event.updated_by_id = _user_id(actor)
    event.search_text = _event_search(event)
    _check(event, _("Chưa lưu được sự kiện."))
    save_versioned(event, expected_version)
    _write_event_links(event, provinces, agreements)
    audit.record(
        actor=actor,
        action="cultural_event.update",
        target=event,
        before=before,
        after=_event_snapshot(event, provinces, agreements),
    )
    return event


def event_input_of(event: CulturalEvent) -> EventInput:
    return EventInput(
        title_vi=event.title_vi,
        title_en=event.title_en,
        kind=event.kind,
        organisers=event.organisers,
        starts_on=event.starts_on,
        ends_on=event.ends_on,
        abroad=event.abroad,
        country=event.country.iso2 if event.country_id and event.country else "",
        city=event.city,
        mission=event.mission.code if event.mission_id and event.mission else "",
        province_as_named="",
        provinces=tuple(event.provinces.values_list("code", flat=True)),
        status=event.status,
        outcome_summary=event.outcome_summary,
        visitors_count=event.visitors_count,
        agreement_ids=None,
        visibility=event.visibility,
    )


# --- the reminder job -----------------------------------------------------------------------------------------


def remind_unesco_steps(today: dt.date | None = None) -> dict[str, int]:
    """Idempotent job: the owner's staff (the lead province, or the ministry) are told of a title's next step
    as its due date comes near — at each of the `unesco_step_reminder` rule's reminder days (30 and 7 by
    default) — and once when it is overdue; one notification per title, due date and threshold (dedupe key)."""
    today = today or _today()
    counts = {"soon": 0, "late": 0}
    rule = rule_for(RULE_KEY)
    offsets = rule.reminder_list() or [rule.days]
    horizon = today + dt.timedelta(days=max(offsets))
    titles = (
        HeritageTitle.objects.system(reason="UNESCO next-step reminders")
        .filter(deleted_at__isnull=True, next_step_due_on__isnull=False, next_step_due_on__lte=horizon)
        .exclude(stage__code__in=CLOSED_STAGES)
        .order_by("next_step_due_on", "pk")
    )
    for t in titles.iterator(chunk_size=500):
        due = t.next_step_due_on
        assert due is not None
        left = (due - today).days
        if left < 0:
            threshold = "late"
        else:
            passed = [d for d in offsets if left <= d]
            if not passed:
                continue
            threshold = f"d{min(passed)}"
        late = threshold == "late"
        counts["late" if late else "soon"] += notify(
            users=staff_of(t.owner_org_id),
            kind="unesco_step",
            title=rendered_later(
                gettext_noop("Quá hạn bước tiếp theo của hồ sơ UNESCO: %(t)s — %(s)s (hạn %(d)s)")
                if late
                else gettext_noop("Sắp đến hạn bước tiếp theo của hồ sơ UNESCO: %(t)s — %(s)s (hạn %(d)s)"),
                t=t.name_vi,
                s=t.next_step,
                d=due.strftime("%d/%m/%Y"),
            ),
            url=t.get_absolute_url(),
            dedupe_key=f"unesco-step-{t.pk}-{due.isoformat()}-{threshold}",
        )
    return counts
