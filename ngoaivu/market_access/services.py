"""Writes of market-access dossiers: the dossier, its steps (stage, dates, next step), step documents and the
missions' notes. Each one scope → validate → versioned write → audit; the search index follows the commit."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ngoaivu.agreements.models import Agreement
from ngoaivu.agreements.services.agreement_files import check_upload
from ngoaivu.audit import services as audit
from ngoaivu.core import files
from ngoaivu.core.actors import Actor
from ngoaivu.core.exceptions import Forbidden, NotFound, ServiceError, StaleObject
from ngoaivu.core.inputs import checked_text, max_length
from ngoaivu.core.scoping import Action, get_for_action
from ngoaivu.core.text import clean_line, search_key
from ngoaivu.core.versioning import save_versioned
from ngoaivu.directory.models import Country, FormerProvince, FreeTradeAgreement, Mission, Province
from ngoaivu.market_access.models import Dossier, DossierNote, DossierStep, Stage, StepDocument

S = Dossier.Status
OPENED_STAGES = ("approval", "first_shipment", "renewal")
"""Reaching one of these stages opens the market: an open dossier becomes `market_open`."""


def _today() -> dt.date:
    return timezone.localdate()


limit = max_length


def _line(errors: dict[str, list[str]], name: str, value: str, size: int, *, required: bool = False) -> str:
    return checked_text(errors, name, value, size, required=required, one_line=True)


_text = checked_text


def _fail(errors: dict[str, list[str]], message: str) -> None:
    if errors:
        raise ServiceError(message, errors)


def _is_system(actor: Actor) -> bool:
    return isinstance(actor, audit.SystemActor)


def _fetch(actor: Actor, action: Action, pk: int) -> Dossier:
    """The dossier `actor` may act on: through its scope for a person (404/403), unscoped for a command or
    the demo loader (a system actor has no scope; the caller is trusted code, never a request)."""
    if not _is_system(actor):
        return get_for_action(Dossier, actor, action, pk=pk)
    found = Dossier.objects.system(reason=f"{audit.actor_label(actor)}: {action}").filter(
        pk=pk, deleted_at__isnull=True
    )
    dossier = found.first()
    if dossier is None:
        raise NotFound()
    return dossier


def _agreements(actor: Actor) -> models.QuerySet[Agreement]:
    if _is_system(actor):
        return Agreement.objects.system(reason=f"{audit.actor_label(actor)}: dossier links")
    return Agreement.objects.visible_to(actor, Action.VIEW)


def may_create(actor: Actor) -> bool:
    """A province's officers and heads open their province's dossiers."""
    scope = actor.scope
    return bool(scope.can_write and scope.is_province and scope.org_id is not None)


def may_note(actor: Actor, dossier: Dossier) -> bool:
    """Who may add a note to a step of a dossier they can read: whoever may edit it, and the officers of a
    mission that reads it (the supporting mission, or one covering the market — DOMAIN.md §2)."""
    scope = actor.scope
    if not scope.can_write:
        return False
    if scope.is_mission:
        return Dossier.objects.visible_to(actor, Action.VIEW).filter(pk=dossier.pk).exists()
    return Dossier.objects.visible_to(actor, Action.CHANGE).filter(pk=dossier.pk).exists()


@dataclass(frozen=True)
class DossierInput:
    product_vi: str
    market: str  # ISO alpha-2
    stage: str  # stage code
    opened_on: dt.date
    provinces: tuple[str, ...] = ()  # current province codes; none: the owner's province
    product_en: str = ""
    hs_code: str = ""
    former_province: str = ""  # code before 01/07/2025
    province_as_named: str = ""
    mission: str = ""  # mission code
    vn_authority: str = ""
    foreign_authority: str = ""
    status: str = "open"
    next_step: str = ""
    next_step_due: dt.date | None = None
    visibility: str = "shared"
    # None: not sent (a partial update leaves the links as they are); a tuple: the links the user chose
    agreements: tuple[int, ...] | None = None
    fta: str = ""  # short name of the FTA the dossier relies on (directory.FreeTradeAgreement); "": none


def dossier_input_of(dossier: Dossier) -> DossierInput:
    """The dossier's current values as an input, for a partial update (API PATCH) to replace some of them."""
    return DossierInput(
        product_vi=dossier.product_vi,
        product_en=dossier.product_en,
        hs_code=dossier.hs_code,
        market=dossier.market.iso2,
        stage=dossier.stage.code,
        opened_on=dossier.opened_on,
        provinces=tuple(p.code for p in dossier.provinces.all()),
        former_province=dossier.former_province.code if dossier.former_province else "",
        province_as_named=dossier.province_as_named,
        mission=dossier.mission.code if dossier.mission else "",
        vn_authority=dossier.vn_authority,
        foreign_authority=dossier.foreign_authority,
        status=dossier.status,
        next_step=dossier.next_step,
        next_step_due=dossier.next_step_due,
        visibility=dossier.visibility,
        agreements=None,  # kept as they are unless the caller sends them
        fta=dossier.fta.short_name if dossier.fta else "",
    )


@dataclass
class _Resolved:
    values: dict[str, Any]
    provinces: list[Province]
    agreements: list[Agreement] | None  # None: leave the links as they are


def _resolve(
    actor: Actor, data: DossierInput, *, default_province: str, linked: frozenset[int] = frozenset()
) -> _Resolved:
    """`linked`: the agreements already on the dossier; sending them back is never refused, even those the
    actor cannot see (another unit linked them)."""
    errors: dict[str, list[str]] = {}
    values: dict[str, Any] = {
        "product_vi": _line(
            errors, "product_vi", data.product_vi, limit(Dossier, "product_vi"), required=True
        ),
        "product_en": _line(errors, "product_en", data.product_en, limit(Dossier, "product_en")),
        "province_as_named": _line(
            errors, "province_as_named", data.province_as_named, limit(Dossier, "province_as_named")
        ),
        "vn_authority": _line(errors, "vn_authority", data.vn_authority, limit(Dossier, "vn_authority")),
        "foreign_authority": _line(
            errors, "foreign_authority", data.foreign_authority, limit(Dossier, "foreign_authority")
        ),
        "next_step": _line(errors, "next_step", data.next_step, limit(Dossier, "next_step")),
        "next_step_due": data.next_step_due,
        "opened_on": data.opened_on,
    }
    hs_code = clean_line(data.hs_code or "").replace(".", "").replace(" ", "")
    if hs_code and not re.fullmatch(r"\d{4,10}", hs_code):
        errors["hs_code"] = [_("Mã HS gồm 4 đến 10 chữ số (vd. 081090).")]
    values["hs_code"] = hs_code
    market = Country.objects.filter(iso2=clean_line(data.market or "").upper()[:2]).first()
    if market is None or market.iso2 == "VN":
        errors["market"] = [_("Chọn thị trường (quốc gia nhập khẩu).")]
    values["market"] = market
    stage = Stage.objects.filter(code=clean_line(data.stage or "")[:40]).first()
    if stage is None:
        errors["stage"] = [_("Chọn giai đoạn hiện tại.")]
    values["stage"] = stage
    if data.status not in S.values:
        errors["status"] = [_("Tình trạng không hợp lệ.")]
    values["status"] = data.status
    if data.visibility not in Dossier.Visibility.values:
        errors["visibility"] = [_("Phạm vi chia sẻ không hợp lệ.")]
    values["visibility"] = data.visibility
    today = _today()
    if data.opened_on > today:
        errors["opened_on"] = [_("Ngày bắt đầu không được sau hôm nay.")]
    if data.next_step_due and data.next_step_due < data.opened_on:
        errors["next_step_due"] = [_("Hạn việc tiếp theo phải từ ngày bắt đầu trở đi.")]
    if data.next_step_due and not values["next_step"]:
        errors["next_step"] = [_("Ghi việc tiếp theo khi có hạn.")]
    mission = None
    if clean_line(data.mission or ""):
        mission = Mission.objects.filter(code=clean_line(data.mission)[:60]).first()
        if mission is None:
            errors["mission"] = [_("Cơ quan đại diện không có trong danh mục.")]
    values["mission"] = mission
    fta = None
    if clean_line(data.fta or ""):
        fta = FreeTradeAgreement.objects.filter(short_name__iexact=clean_line(data.fta)[:40]).first()
        if fta is None:
            errors["fta"] = [_("Hiệp định thương mại tự do không có trong danh mục.")]
        elif market is not None and not fta.members.filter(pk=market.pk).exists():
            errors["fta"] = [
                _("Thị trường %(m)s không phải thành viên của hiệp định %(f)s.")
                % {"m": market.name_vi, "f": fta.short_name}
            ]
    values["fta"] = fta
    former = None
    if clean_line(data.former_province or ""):
        former = FormerProvince.objects.filter(code=clean_line(data.former_province)[:2]).first()
        if former is None:
            errors["former_province"] = [_("Tỉnh cũ không có trong danh mục (mã trước 01/07/2025).")]
    values["former_province"] = former
    if former is not None and not values["province_as_named"]:
        values["province_as_named"] = former.name
    codes = list(dict.fromkeys(clean_line(c)[:2] for c in data.provinces if clean_line(c))) or [
        default_province
    ]
    provinces = list(Province.objects.filter(code__in=codes))
    if len(provinces) != len(codes):
        errors["provinces"] = [_("Có mã tỉnh không có trong danh mục (34 tỉnh, thành phố hiện hành).")]
    if former is not None and provinces and former.successor_id not in {p.pk for p in provinces}:
        errors["former_province"] = [
            _("Tỉnh cũ %(f)s nay thuộc %(p)s: chọn cả tỉnh này trong danh sách tỉnh hiện hành.")
            % {"f": former.name, "p": former.successor.name}
        ]
    agreements: list[Agreement] | None = None
    if data.agreements is not None:
        wanted = set(data.agreements)
        agreements = list(_agreements(actor).filter(pk__in=wanted)) if wanted else []
        if wanted - linked - {a.pk for a in agreements}:
            errors["agreements"] = [_("Có thỏa thuận không tồn tại hoặc bạn không xem được.")]
    _fail(errors, _("Chưa lưu được hồ sơ mở cửa thị trường."))
    return _Resolved(values, provinces, agreements)


def _index(dossier: Dossier, provinces: list[Province]) -> None:
    dossier.search_text = search_key(
        dossier.product_vi,
        dossier.product_en,
        dossier.hs_code,
        dossier.market.name_vi,
        dossier.market.name_en,
        dossier.province_as_named,
        dossier.vn_authority,
        dossier.foreign_authority,
        *(p.name for p in provinces),
    )


def _keep_unseen_agreements(actor: Actor, dossier: Dossier, chosen: list[Agreement]) -> list[int]:
    """The agreements to link: those chosen, plus those already linked that the actor cannot see (an editor
    never unlinks what they were not shown)."""
    seen = _agreements(actor).values("pk")
    unseen = dossier.agreements.exclude(pk__in=seen).values_list("pk", flat=True)
    return [a.pk for a in chosen] + list(unseen)


@transaction.atomic
def dossier_create(*, actor: Actor, data: DossierInput, owner_org_id: int | None = None) -> Dossier:
    """A dossier of the actor's province. Only a system actor (the demo loader, a command) names the owner,
    which must be a province's organisation; a person's dossier is always their own province's."""
    from ngoaivu.accounts.models import Organisation

    if _is_system(actor):
        owner = Organisation.objects.filter(pk=owner_org_id or 0, kind=Organisation.Kind.PROVINCE).first()
        if owner is None:
            raise Forbidden()
        owner_id, owner_province = owner.pk, owner.province_code
    else:
        if owner_org_id is not None or not may_create(actor) or actor.scope.org_id is None:
            raise Forbidden()
        owner_id, owner_province = actor.scope.org_id, actor.scope.province_code
    resolved = _resolve(actor, data, default_province=owner_province)
    stage = resolved.values["stage"]
    if stage.code in OPENED_STAGES and resolved.values["status"] == S.OPEN:
        resolved.values["status"] = S.MARKET_OPEN  # registered after the market opened
    dossier = Dossier(
        owner_org_id=owner_id,
        created_by=actor if actor.is_authenticated else None,  # type: ignore[misc]
        updated_by=actor if actor.is_authenticated else None,
        **resolved.values,
    )
    _index(dossier, resolved.provinces)
    dossier.full_clean(exclude=["owner_org", "created_by", "updated_by"])
    save_versioned(dossier, None)
    dossier.provinces.set(resolved.provinces)
    dossier.agreements.set(resolved.agreements or [])
    DossierStep.objects.create(
        dossier=dossier,
        stage=dossier.stage,
        started_on=dossier.opened_on,
        next_step=dossier.next_step,
        next_step_due=dossier.next_step_due,
        created_by=dossier.created_by,
    )
    audit.record(actor=actor, action="dossier.create", target=dossier, after=_snapshot(dossier))
    return dossier


def _snapshot(dossier: Dossier) -> dict[str, Any]:
    return {
        **audit.snapshot(dossier),
        "provinces": sorted(p.code for p in dossier.provinces.all()),
        "agreements": sorted(a.pk for a in dossier.agreements.all()),
    }


@transaction.atomic
def dossier_update(
    *, actor: Actor, dossier_id: int, expected_version: int | None, data: DossierInput
) -> Dossier:
    dossier = _fetch(actor, Action.CHANGE, dossier_id)
    owner_province = dossier.owner_org.province_code
    linked = frozenset(dossier.agreements.values_list("pk", flat=True))
    resolved = _resolve(actor, data, default_province=owner_province, linked=linked)
    before = _snapshot(dossier)
    for key, value in resolved.values.items():
        setattr(dossier, key, value)
    dossier.updated_by = actor if actor.is_authenticated else None  # type: ignore[assignment]
    _index(dossier, resolved.provinces)
    dossier.full_clean(exclude=["owner_org", "created_by", "updated_by"])
    save_versioned(dossier, expected_version)
    dossier.provinces.set(resolved.provinces)
    if resolved.agreements is not None:  # sent: the chosen ones plus those the actor was not shown
        dossier.agreements.set(_keep_unseen_agreements(actor, dossier, resolved.agreements))
    audit.record(
        actor=actor, action="dossier.update", target=dossier, before=before, after=_snapshot(dossier)
    )
    return dossier


@transaction.atomic
def dossier_delete(*, actor: Actor, dossier_id: int, expected_version: int | None) -> None:
    """Soft delete, by the owning province only."""
    dossier = _fetch(actor, Action.DELETE, dossier_id)
    before = audit.snapshot(dossier)
    dossier.deleted_at = timezone.now()
    save_versioned(dossier, expected_version)
    audit.record(actor=actor, action="dossier.delete", target=dossier, before=before)


@dataclass(frozen=True)
class StepInput:
    stage: str
    started_on: dt.date
    note: str = ""
    next_step: str = ""
    next_step_due: dt.date | None = None
    completed_on: dt.date | None = None


def _locked(actor: Actor, dossier_id: int, action: Action, expected_version: int | None) -> Dossier:
    found = _fetch(actor, action, dossier_id)
    locked = Dossier.objects.system(reason="row lock of a dossier already fetched in scope")
    dossier = locked.select_for_update().get(pk=found.pk)
    if expected_version is not None and expected_version != dossier.version:
        raise StaleObject(dossier._meta.label, dossier.pk, dossier.version)
    return dossier


@transaction.atomic
def step_add(*, actor: Actor, dossier_id: int, expected_version: int | None, data: StepInput) -> DossierStep:
    """A new step. The dossier's current stage is that of its latest step (by start date, then stage order),
    so a step recorded late with an earlier date does not move the dossier back: it only becomes current,
    with its next step, when it is the latest. The steps still open that started on or before it are completed
    on the day it starts (each with an audit row); a late step still open is completed on the day the next
    one started. Reaching approval, first shipment or renewal opens the market."""
    dossier = _locked(actor, dossier_id, Action.CHANGE, expected_version)
    errors: dict[str, list[str]] = {}
    stage = Stage.objects.filter(code=clean_line(data.stage or "")[:40]).first()
    if stage is None:
        errors["stage"] = [_("Chọn giai đoạn.")]
    note = _text(errors, "note", data.note, 5000)
    next_step = _line(errors, "next_step", data.next_step, limit(DossierStep, "next_step"))
    if data.started_on < dossier.opened_on:
        errors["started_on"] = [
            _("Ngày bắt đầu phải từ ngày mở hồ sơ (%(d)s) trở đi.")
            % {"d": dossier.opened_on.strftime("%d/%m/%Y")}
        ]
    if data.started_on > _today():
        errors["started_on"] = [_("Ngày bắt đầu không được sau hôm nay.")]
    if data.completed_on and data.completed_on < data.started_on:
        errors["completed_on"] = [_("Ngày hoàn thành phải từ ngày bắt đầu trở đi.")]
    if data.next_step_due and data.next_step_due < data.started_on:
        errors["next_step_due"] = [_("Hạn việc tiếp theo phải từ ngày bắt đầu trở đi.")]
    if data.next_step_due and not next_step:
        errors["next_step"] = [_("Ghi việc tiếp theo khi có hạn.")]
    _fail(errors, _("Chưa thêm được bước."))
    assert stage is not None
    before = audit.snapshot(dossier)
    later = dossier.steps.filter(started_on__gt=data.started_on).order_by("started_on", "pk").first()
    completed_on = data.completed_on
    if later is not None and completed_on is None:
        completed_on = later.started_on  # recorded late: it ended when the next one started
    closed = list(
        dossier.steps.select_for_update().filter(completed_on__isnull=True, started_on__lte=data.started_on)
    )
    for old in closed:
        old_before = audit.snapshot(old)
        old.completed_on = data.started_on
        old.save(update_fields=["completed_on"])
        audit.record(
            actor=actor,
            action="dossier_step.complete",
            target=old,
            parent=dossier,
            before=old_before,
            after=audit.snapshot(old),
            target_org_id=dossier.owner_org_id,
        )
    step = DossierStep(
        dossier=dossier,
        stage=stage,
        started_on=data.started_on,
        completed_on=completed_on,
        note=note,
        next_step=next_step,
        next_step_due=data.next_step_due,
        created_by=actor if actor.is_authenticated else None,  # type: ignore[misc]
    )
    step.full_clean(exclude=["dossier", "created_by"])
    step.save()
    current = (
        dossier.steps.select_related("stage").order_by("-started_on", "-stage__sort_order", "-pk").first()
    )
    if current is not None and current.pk == step.pk:
        dossier.stage = stage
        dossier.next_step = next_step
        dossier.next_step_due = data.next_step_due
    if stage.code in OPENED_STAGES and dossier.status == S.OPEN:
        dossier.status = S.MARKET_OPEN
    dossier.updated_by = actor if actor.is_authenticated else None  # type: ignore[assignment]
    save_versioned(dossier, None)
    audit.record(
        actor=actor,
        action="dossier_step.create",
        target=step,
        parent=dossier,
        after=audit.snapshot(step),
        target_org_id=dossier.owner_org_id,
    )
    audit.record(
        actor=actor, action="dossier.update", target=dossier, before=before, after=audit.snapshot(dossier)
    )
    return step


@transaction.atomic
def step_complete(
    *,
    actor: Actor,
    dossier_id: int,
    step_id: int,
    expected_version: int | None,
    completed_on: dt.date,
    note: str = "",
) -> DossierStep:
    dossier = _locked(actor, dossier_id, Action.CHANGE, expected_version)
    step = dossier.steps.filter(pk=step_id).first()
    if step is None:
        raise ServiceError(
            _("Không có bước này trong hồ sơ."), {"step": [_("Không có bước này trong hồ sơ.")]}
        )
    errors: dict[str, list[str]] = {}
    if step.completed_on is not None:
        errors["completed_on"] = [
            _("Bước này đã hoàn thành ngày %(d)s.") % {"d": step.completed_on.strftime("%d/%m/%Y")}
        ]
    elif completed_on < step.started_on:
        errors["completed_on"] = [_("Ngày hoàn thành phải từ ngày bắt đầu trở đi.")]
    elif completed_on > _today():
        errors["completed_on"] = [_("Ngày hoàn thành không được sau hôm nay.")]
    text = _text(errors, "note", note, 5000)
    _fail(errors, _("Chưa ghi được ngày hoàn thành."))
    before = audit.snapshot(step)
    step.completed_on = completed_on
    if text:
        step.note = f"{step.note}\n{text}".strip()[:5000]
    step.save(update_fields=["completed_on", "note"])
    dossier.updated_by = actor if actor.is_authenticated else None  # type: ignore[assignment]
    save_versioned(dossier, None)
    audit.record(
        actor=actor,
        action="dossier_step.complete",
        target=step,
        parent=dossier,
        before=before,
        after=audit.snapshot(step),
        target_org_id=dossier.owner_org_id,
    )
    return step


@transaction.atomic
def note_add(*, actor: Actor, dossier_id: int, text: str, step_id: int | None = None) -> DossierNote:
    dossier = get_for_action(Dossier, actor, Action.VIEW, pk=dossier_id)
    if not may_note(actor, dossier):
        raise Forbidden()
    errors: dict[str, list[str]] = {}
    body = _text(errors, "text", text, 5000, required=True)
    step = None
    if step_id is not None:
        step = dossier.steps.filter(pk=step_id).first()
        if step is None:
            errors["step"] = [_("Không có bước này trong hồ sơ.")]
    _fail(errors, _("Chưa lưu được ghi chú."))
    org_id = actor.scope.org_id
    if org_id is None:
        raise Forbidden()
    note = DossierNote.objects.create(
        dossier=dossier, step=step, author_org_id=org_id, author_label=audit.actor_label(actor), text=body
    )
    audit.record(
        actor=actor,
        action="dossier_note.create",
        target=note,
        parent=dossier,
        after=audit.snapshot(note),
        target_org_id=dossier.owner_org_id,
    )
    return note


@files.atomic()  # a failed write deletes the file it stored
def document_add(
    *, actor: Actor, dossier_id: int, step_id: int, upload: UploadedFile, label: str = ""
) -> StepDocument:
    dossier = _fetch(actor, Action.CHANGE, dossier_id)
    step = dossier.steps.filter(pk=step_id).first()
    if step is None:
        raise ServiceError(
            _("Không có bước này trong hồ sơ."), {"step": [_("Không có bước này trong hồ sơ.")]}
        )
    name = check_upload(upload)
    document = StepDocument(
        step=step,
        name=name,
        label=clean_line(label or "")[:200] or name,
        size=upload.size or 0,
        sha256=files.sha256_of(upload),
        uploaded_by=actor if actor.is_authenticated else None,  # type: ignore[misc]
    )
    files.store(document.file, name, upload)
    document.save()
    audit.record(
        actor=actor,
        action="dossier_document.create",
        target=document,
        parent=dossier,
        after=audit.snapshot(document),
        target_org_id=dossier.owner_org_id,
    )
    return document
