"""Writes for agreements: register, legal steps, roadmap, files and the reminder job. Each function scopes,
validates, writes with optimistic locking, audits, and notifies after commit."""

from __future__ import annotations

import dataclasses
import datetime as dt
import decimal
import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ngoaivu.accounts.models import Organisation, User
from ngoaivu.accounts.notifications import heads_of, notify, rendered_later, staff_of
from ngoaivu.agreements import selectors
from ngoaivu.agreements.models import (
    Agreement,
    AgreementEvent,
    AgreementFile,
    AgreementKind,
    CooperationField,
    DeadlineRule,
    LegalStep,
    Milestone,
)
from ngoaivu.audit import services as audit
from ngoaivu.core import files
from ngoaivu.core.exceptions import Forbidden, NotFound, ServiceError, StaleObject, StateConflict
from ngoaivu.core.scoping import Action, get_for_action
from ngoaivu.core.text import clean_line, clean_text, search_key, vi_sort_key
from ngoaivu.core.versioning import save_versioned
from ngoaivu.directory.models import Country, Partner, Province
from ngoaivu.directory.services import province_resolve

A = Agreement.State
LIMITS = {
    "title_vi": 500,
    "title_foreign": 500,
    "foreign_language": 50,
    "vn_party": 300,
    "description": 20000,
    "signed_place": 200,
    "renewal_terms": 5000,
    "signatories_vn": 300,
    "signatories_foreign": 300,
}
INITIAL_STATES = (A.PROPOSED, A.SIGNED, A.REPORTED, A.IN_IMPLEMENTATION, A.EXPIRED, A.TERMINATED)


@dataclass(frozen=True)
class AgreementInput:
    """What a user (form, API or import row) says about an agreement. `province` is the name as written at
    signing, with or without diacritics; empty means the actor's own province."""

    kind: str
    title_vi: str
    country: str
    province: str = ""
    title_foreign: str = ""
    foreign_language: str = ""
    vn_party: str = ""
    partner_ids: tuple[int, ...] = ()
    fields: tuple[str, ...] = ()
    description: str = ""
    signed_on: dt.date | None = None
    signed_place: str = ""
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None
    renewal_terms: str = ""
    signatories_vn: str = ""
    signatories_foreign: str = ""
    budget: decimal.Decimal | None = None
    visibility: str = Agreement.Visibility.SHARED
    state: str = A.PROPOSED


@dataclass
class Validated:
    values: dict[str, Any]
    partners: list[Partner] = field(default_factory=list)
    fields: list[CooperationField] = field(default_factory=list)


def _dormant_reason(agreement: Agreement, today: dt.date) -> str:
    return selectors.dormancy(agreement, today).reason


def _today() -> dt.date:
    return timezone.localdate()


def _url(agreement: Agreement) -> str:
    return f"/agreements/{agreement.pk}/"


def _event(
    agreement: Agreement,
    actor: Any,
    action: str,
    *,
    text: str = "",
    from_state: str = "",
    on: dt.date | None = None,
) -> AgreementEvent:
    return AgreementEvent.objects.create(
        agreement=agreement,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        actor_label=audit.actor_label(actor),
        action=action,
        from_state=from_state,
        to_state=agreement.state if from_state else "",
        happened_on=on or _today(),
        text=text,
    )


def validate_input(
    data: AgreementInput,
    actor: Any,
    *,
    kinds: dict[str, AgreementKind] | None = None,
    countries: dict[str, Country] | None = None,
    fields_by_code: dict[str, CooperationField] | None = None,
    resolve_province: Callable[[str, dt.date | None], Any] | None = None,
) -> tuple[Validated, dict[str, list[str]]]:
    """Check every field and return the values to write and per-field messages (in Vietnamese). The import
    passes preloaded lookups so that 10,000 rows do not make 30,000 queries."""
    errors: dict[str, list[str]] = {}
    values: dict[str, Any] = {}
    for name, limit in LIMITS.items():
        text = clean_text(getattr(data, name))
        if len(text) > limit:
            errors[name] = [_("Tối đa %(n)d ký tự (hiện có %(m)d).") % {"n": limit, "m": len(text)}]
        values[name] = text
    if not values["title_vi"]:
        errors["title_vi"] = [_("Không được để trống.")]
    kind = (
        (kinds or {}).get(data.kind)
        if kinds is not None
        else AgreementKind.objects.filter(code=data.kind).first()
    )
    if kind is None:
        errors["kind"] = [_("Loại thỏa thuận “%(k)s” không có trong danh mục.") % {"k": data.kind}]
    values["kind"] = kind
    code = clean_text(data.country).upper()
    country = (
        (countries or {}).get(code) if countries is not None else Country.objects.filter(iso2=code).first()
    )
    if country is None:
        errors["country"] = [_("Quốc gia “%(c)s” không có trong danh mục.") % {"c": data.country}]
    values["country"] = country
    province_name = clean_text(data.province)
    own = actor.scope.province_code if actor.scope.is_province else ""
    resolve = resolve_province or (lambda name, when: province_resolve(name, as_of=when))
    locality = resolve(province_name, data.signed_on) if province_name else None
    if province_name and locality is None:
        errors["province"] = [_("Không tìm thấy tỉnh, thành phố “%(p)s”.") % {"p": province_name}]
    elif locality is None and own:
        current = Province.objects.filter(code=own).first()
        values.update(
            province=current, former_province=None, province_as_named=current.name if current else ""
        )
    elif locality is None:
        errors["province"] = [_("Ghi tên tỉnh, thành phố của bên Việt Nam.")]
    else:
        if own and locality.province.code != own:
            errors["province"] = [
                _("“%(p)s” nay thuộc %(c)s, không phải tỉnh của bạn.")
                % {"p": province_name, "c": locality.province.name}
            ]
        values.update(
            province=locality.province, former_province=locality.former, province_as_named=locality.name
        )
    if data.state not in INITIAL_STATES:
        errors["state"] = [_("Trạng thái ban đầu không hợp lệ: %(s)s.") % {"s": data.state}]
    values["state"] = data.state
    signed_states = (A.SIGNED, A.REPORTED, A.IN_IMPLEMENTATION, A.EXPIRED, A.TERMINATED)
    if data.state in signed_states and data.signed_on is None:
        errors["signed_on"] = [_("Thỏa thuận đã ký phải có ngày ký.")]
    if data.signed_on and data.signed_on > _today():
        errors["signed_on"] = [_("Ngày ký không được ở tương lai.")]
    if data.state == A.PROPOSED and data.signed_on:
        values["state"] = A.IN_IMPLEMENTATION
    if data.valid_from and data.valid_until and data.valid_until < data.valid_from:
        errors["valid_until"] = [_("Ngày hết hiệu lực phải sau ngày có hiệu lực.")]
    for name in ("signed_on", "valid_from", "valid_until"):
        value = getattr(data, name)
        if value is not None and not dt.date(1945, 1, 1) <= value <= dt.date(2200, 12, 31):
            errors[name] = [_("Ngày ngoài khoảng cho phép (1945–2200).")]
        values[name] = value
    if data.budget is not None and (data.budget < 0 or data.budget >= 10**18):
        errors["budget"] = [_("Kinh phí không hợp lệ.")]
    values["budget"] = data.budget
    if data.visibility not in Agreement.Visibility.values:
        errors["visibility"] = [_("Phạm vi chia sẻ không hợp lệ.")]
    values["visibility"] = data.visibility
    if fields_by_code is None:
        fields_by_code = {f.code: f for f in CooperationField.objects.filter(code__in=data.fields)}
    unknown = [c for c in data.fields if c not in fields_by_code]
    if unknown:
        errors["fields"] = [_("Lĩnh vực không có trong danh mục: %(f)s") % {"f": ", ".join(unknown)}]
    partners: list[Partner] = []
    if data.partner_ids:
        partners = list(Partner.objects.visible_to(actor, Action.VIEW).filter(pk__in=data.partner_ids))
        if len(partners) != len(set(data.partner_ids)):
            errors["partners"] = [_("Có đối tác không tồn tại hoặc bạn không xem được.")]
    return Validated(
        values, partners, [fields_by_code[c] for c in data.fields if c in fields_by_code]
    ), errors


def index_agreement(agreement: Agreement, partners: list[Partner]) -> None:
    agreement.search_text = search_key(
        agreement.title_vi,
        agreement.title_foreign,
        agreement.vn_party,
        agreement.province_as_named,
        agreement.province.name,
        agreement.country.name_vi,
        agreement.country.name_en,
        agreement.signatories_vn,
        agreement.signatories_foreign,
        *(p.name for p in partners),
        *(p.name_vi for p in partners),
        *(p.abbreviation for p in partners),
    )
    agreement.sort_key = vi_sort_key(agreement.title_vi)


def owner_for(actor: Any, province: Province) -> int:
    """The owning organisation is the actor's own province; a site administrator registers for the
    province the agreement belongs to."""
    scope = actor.scope
    if scope.is_province:
        return int(scope.org_id)
    org = Organisation.objects.filter(code=f"tinh-{province.code}", kind=Organisation.Kind.PROVINCE).first()
    if org is None:
        raise ServiceError(_("Chưa có đơn vị cho tỉnh %(p)s.") % {"p": province.name})
    return org.pk


def may_register(actor: Any) -> bool:
    """Province officers and heads register (and import) their province's agreements; site admins any."""
    scope = actor.scope
    return bool(scope.can_write and (scope.is_province or scope.is_site_admin))


def _check_can_create(actor: Any) -> None:
    if not may_register(actor):
        raise Forbidden()


def _after_create(agreement: Agreement, actor: Any) -> None:
    """Registering an agreement that is already signed starts its post-signing report clock when that is
    still open, so the ministry sees it."""
    if agreement.state == A.SIGNED and agreement.kind.needs_pm_report and agreement.signed_on:
        _open_step(
            agreement,
            LegalStep.Kind.POST_SIGNING_REPORT,
            _("Thủ tướng Chính phủ (gửi Bộ Ngoại giao)"),
            start=agreement.signed_on,
            rule_key=DeadlineRule.Key.POST_SIGNING_REPORT,
        )


@transaction.atomic
def agreement_create(*, actor: Any, data: AgreementInput) -> Agreement:
    _check_can_create(actor)
    checked, errors = validate_input(data, actor)
    if errors:
        raise ServiceError(_("Chưa lưu được thỏa thuận."), errors)
    values = checked.values
    agreement = Agreement(
        owner_org_id=owner_for(actor, values["province"]), created_by=actor, updated_by=actor, **values
    )
    agreement.last_activity_on = agreement.signed_on or _today()
    index_agreement(agreement, checked.partners)
    save_versioned(agreement, None)
    agreement.partners.set(checked.partners)
    agreement.fields.set(checked.fields)
    _event(agreement, actor, "create", from_state="-")
    _after_create(agreement, actor)
    audit.record(actor=actor, action="agreement.create", target=agreement, after=audit.snapshot(agreement))
    return agreement


@transaction.atomic
def agreement_update(
    *, actor: Any, agreement_id: int, expected_version: int | None, data: AgreementInput
) -> Agreement:
    """Edits the register fields; the state only moves through `agreement_action`."""
    agreement = get_for_action(Agreement, actor, Action.CHANGE, pk=agreement_id)
    # the state in the input is ignored here (it only matters when registering), whatever the current state
    checked, errors = validate_input(dataclasses.replace(data, state=A.PROPOSED), actor)
    if errors:
        raise ServiceError(_("Chưa lưu được thỏa thuận."), errors)
    before = audit.snapshot(agreement)
    values = {k: v for k, v in checked.values.items() if k != "state"}
    if agreement.is_signed and values.get("signed_on") is None:
        raise ServiceError(
            _("Chưa lưu được thỏa thuận."), {"signed_on": [_("Thỏa thuận đã ký phải có ngày ký.")]}
        )
    for k, v in values.items():
        setattr(agreement, k, v)
    agreement.updated_by = actor
    agreement.last_activity_on = max(agreement.last_activity_on or _today(), _today())
    index_agreement(agreement, checked.partners)
    save_versioned(agreement, expected_version)
    agreement.partners.set(checked.partners)
    agreement.fields.set(checked.fields)
    audit.record(
        actor=actor,
        action="agreement.update",
        target=agreement,
        before=before,
        after=audit.snapshot(agreement),
    )
    return agreement


# --- Legal steps and states -------------------------------------------------------------------------------

# action: (states it is allowed from, who: "owner" = the province; "consulted" = the consulted body only — the
# owner records a paper answer with `opinion_record_from_paper`, never in the body's name)
TRANSITIONS: dict[str, tuple[tuple[str, ...], str]] = {
    "consult": ((A.PROPOSED,), "owner"),
    "record_opinion": ((A.IN_CONSULTATION,), "consulted"),
    "approve": ((A.PROPOSED, A.IN_CONSULTATION), "owner"),
    "submit_to_pm": ((A.OBJECTED,), "owner"),
    "pm_decision": ((A.SUBMITTED_TO_PM,), "owner"),
    "sign": ((A.APPROVED,), "owner"),
    "report": ((A.SIGNED,), "owner"),
    "start": ((A.SIGNED, A.REPORTED), "owner"),
    "suspend": ((A.SIGNED, A.REPORTED, A.IN_IMPLEMENTATION), "owner"),
    "resume": ((A.SUSPENDED,), "owner"),
    "terminate": (
        (A.PROPOSED, A.IN_CONSULTATION, A.OBJECTED, A.APPROVED, *Agreement.SIGNED_STATES, A.SUSPENDED),
        "owner",
    ),
    "decide_expiry": ((*Agreement.SIGNED_STATES, A.SUSPENDED), "owner"),
}
ALL_ACTIONS = frozenset(TRANSITIONS)


@dataclass(frozen=True)
class ActionInput:
    text: str = ""
    on: dt.date | None = None
    bodies: tuple[str, ...] = ()
    step_id: int | None = None
    outcome: str = ""
    document_number: str = ""
    signed_place: str = ""
    signatories_vn: str = ""
    signatories_foreign: str = ""
    decision: str = ""
    valid_until: dt.date | None = None


def available_actions(*, user: Any, agreement: Agreement) -> list[str]:
    scope = user.scope
    owner = scope.can_write and (scope.is_site_admin or agreement.owner_org_id == scope.org_id)
    consulted = scope.can_write and any(
        s.body_org_id == scope.org_id and s.is_open for s in agreement.legal_steps.all()
    )
    found = []
    for action, (states, who) in TRANSITIONS.items():
        if agreement.state not in states:
            continue
        if (who == "owner" and owner) or (who == "consulted" and consulted):
            found.append(action)
    return found


def _opinion_refusal(actor: Any, agreement: Agreement) -> str:
    """Why the owner may not answer a consultation in the consulted body's name (empty for anyone else)."""
    scope = actor.scope
    if scope.can_write and (scope.is_site_admin or agreement.owner_org_id == scope.org_id):
        return _(
            "Ý kiến của cơ quan được lấy ý kiến do chính cơ quan đó trả lời trên hệ thống. Nếu đã nhận văn bản "
            "trả lời, hãy dùng “Ghi nhận ý kiến từ văn bản” với số văn bản và bản scan."
        )
    return ""


def _conflict(action: str, agreement: Agreement) -> StateConflict:
    return StateConflict(
        _("Không thể thực hiện “%(a)s” khi thỏa thuận đang ở trạng thái “%(s)s”.")
        % {"a": action, "s": agreement.get_state_display()}
    )


def _open_step(
    agreement: Agreement,
    kind: str,
    body: str,
    *,
    start: dt.date,
    rule_key: str,
    body_org: Organisation | None = None,
) -> LegalStep:
    rule = selectors.rule_for(rule_key, agreement.province.code)
    return LegalStep.objects.create(
        agreement=agreement,
        kind=kind,
        body=body,
        body_org=body_org,
        started_on=start,
        due_on=selectors.due_date(rule, start),
        rule=rule.describe()[:300],
    )


def _require(value: Any, name: str, message: str) -> None:
    if not value:
        raise ServiceError(message, {name: [message]})


@transaction.atomic
def agreement_action(
    *,
    actor: Any,
    agreement_id: int,
    action: str,
    expected_version: int | None = None,
    data: ActionInput | None = None,
) -> Agreement:
    """Move an agreement along its legal path (DOMAIN.md §4). A step the state does not allow is a
    StateConflict (409) naming the state; a step the user may not take is Forbidden (403)."""
    data = data or ActionInput()
    if action not in TRANSITIONS:
        raise ServiceError(_("Thao tác không hợp lệ: %(a)s") % {"a": action})
    found = get_for_action(Agreement, actor, Action.VIEW, pk=agreement_id)
    agreement = Agreement.objects.visible_to(actor, Action.VIEW).select_for_update().get(pk=found.pk)
    if expected_version is not None and expected_version != agreement.version:
        raise StaleObject(agreement._meta.label, agreement.pk, agreement.version)
    if action not in available_actions(user=actor, agreement=agreement):
        states, _who = TRANSITIONS[action]
        if agreement.state not in states:
            raise _conflict(action, agreement)
        raise Forbidden(_opinion_refusal(actor, agreement) if action == "record_opinion" else "")
    before = audit.snapshot(agreement)
    from_state = agreement.state
    on = data.on or _today()
    if on > _today():
        raise ServiceError(_("Ngày không được ở tương lai."), {"on": [_("Ngày không được ở tương lai.")]})
    text = clean_text(data.text)
    handler = HANDLERS[action]
    handler(agreement, actor, data, on, text)
    agreement.updated_by = actor
    agreement.last_activity_on = max(agreement.last_activity_on or on, on)
    save_versioned(agreement, None)
    _event(agreement, actor, action, text=text, from_state=from_state, on=on)
    audit.record(
        actor=actor,
        action=f"agreement.{action}",
        target=agreement,
        before=before,
        after=audit.snapshot(agreement),
    )
    return agreement


def _consult(agreement: Agreement, actor: Any, data: ActionInput, on: dt.date, text: str) -> None:
    """Written opinions from the ministry and the bodies named; each answers within the rule from a complete
    dossier (Law 70/2020 Art. 19(2))."""
    if not agreement.kind.needs_consultation:
        raise StateConflict(
            _("Loại “%(k)s” không phải lấy ý kiến; dùng “Chấp thuận ký”.") % {"k": agreement.kind.name}
        )
    mofa = Organisation.objects.filter(kind=Organisation.Kind.MOFA, is_active=True).first()
    bodies = [clean_text(b) for b in data.bodies if clean_text(b)]
    if any(len(b) > 300 for b in bodies):
        raise ServiceError(_("Tên cơ quan quá dài."), {"bodies": [_("Tối đa 300 ký tự mỗi cơ quan.")]})
    agreement.dossier_complete_on = on
    agreement.state = A.IN_CONSULTATION
    steps = [(mofa.name_vi if mofa else _("Bộ Ngoại giao"), mofa)]
    steps += [
        (b, Organisation.objects.filter(Q(code=b) | Q(name_vi=b), is_active=True).first()) for b in bodies
    ]
    for body, org in dict((b, o) for b, o in steps).items():
        step = _open_step(
            agreement,
            LegalStep.Kind.CONSULTATION,
            org.name_vi if org else body,
            start=on,
            rule_key=DeadlineRule.Key.CONSULTATION_REPLY,
            body_org=org,
        )
        if org is not None:
            notify(
                users=staff_of(org.pk),
                kind="agreement.consultation",
                title=rendered_later(
                    gettext_noop("Đề nghị cho ý kiến về thỏa thuận: %(t)s (hạn %(d)s)"),
                    t=agreement.title_vi,
                    d=step.due_on.strftime("%d/%m/%Y"),
                ),
                url=_url(agreement),
                dedupe_key=f"agr:{agreement.pk}:consult:{step.pk}",
            )


def _record_opinion(agreement: Agreement, actor: Any, data: ActionInput, on: dt.date, text: str) -> None:
    step = agreement.legal_steps.filter(pk=data.step_id or 0, done_on__isnull=True).first()
    if step is None or step.kind != LegalStep.Kind.CONSULTATION:
        raise ServiceError(_("Chọn một cơ quan đang chờ ý kiến."), {"step_id": [_("Không có bước này.")]})
    if step.body_org_id is None or step.body_org_id != actor.scope.org_id:
        raise Forbidden(_opinion_refusal(actor, agreement))
    if data.outcome not in (LegalStep.Outcome.AGREE, LegalStep.Outcome.OBJECT):
        raise ServiceError(_("Chọn “Đồng ý” hoặc “Có ý kiến khác”."), {"outcome": [_("Bắt buộc.")]})
    if data.outcome == LegalStep.Outcome.OBJECT:
        _require(text, "text", _("Ghi rõ nội dung ý kiến khác."))
    step.outcome = data.outcome
    step.done_on = on
    step.note = text
    step.document_number = clean_text(data.document_number)[:60]
    step.save()
    if data.outcome == LegalStep.Outcome.OBJECT:
        agreement.state = A.OBJECTED
    notify(
        users=staff_of(agreement.owner_org_id),
        kind="agreement.opinion",
        title=rendered_later(
            gettext_noop("%(b)s đã cho ý kiến (%(o)s) về: %(t)s"),
            b=step.body,
            o=step.get_outcome_display,
            t=agreement.title_vi,
        ),
        url=_url(agreement),
        dedupe_key=f"agr:{agreement.pk}:opinion:{step.pk}",
    )


@dataclass(frozen=True)
class PaperOpinionInput:
    step_id: int | None
    outcome: str
    document_number: str
    document_date: dt.date | None
    text: str = ""


@files.atomic()  # a failed write deletes the scan it stored
def opinion_record_from_paper(
    *,
    actor: Any,
    agreement_id: int,
    data: PaperOpinionInput,
    upload: UploadedFile | None,
    expected_version: int | None = None,
) -> Agreement:
    """The owner records a consulted body's answer that came on paper: marked "ghi nhận từ văn bản", with the
    letter's number, date and scan, and who recorded it. The body (the ministry, when it is the one) is told,
    and sees the answer flagged on the agreement."""
    found = get_for_action(Agreement, actor, Action.CHANGE, pk=agreement_id)
    if not (actor.scope.is_site_admin or found.owner_org_id == actor.scope.org_id):
        raise Forbidden()
    agreement = Agreement.objects.visible_to(actor, Action.CHANGE).select_for_update().get(pk=found.pk)
    if expected_version is not None and expected_version != agreement.version:
        raise StaleObject(agreement._meta.label, agreement.pk, agreement.version)
    if agreement.state != A.IN_CONSULTATION:
        raise _conflict("record_paper_opinion", agreement)
    errors: dict[str, list[str]] = {}
    step = agreement.legal_steps.filter(
        pk=data.step_id or 0, kind=LegalStep.Kind.CONSULTATION, done_on__isnull=True
    ).first()
    if step is None:
        errors["step_id"] = [_("Chọn một cơ quan đang chờ ý kiến.")]
    if data.outcome not in (LegalStep.Outcome.AGREE, LegalStep.Outcome.OBJECT):
        errors["outcome"] = [_("Chọn “Đồng ý” hoặc “Có ý kiến khác”.")]
    number = clean_line(data.document_number or "")
    if not number:
        errors["document_number"] = [_("Ghi số, ký hiệu văn bản trả lời.")]
    elif len(number) > 60:
        errors["document_number"] = [_("Tối đa %(n)d ký tự.") % {"n": 60}]
    if data.document_date is None:
        errors["document_date"] = [_("Ghi ngày của văn bản trả lời.")]
    elif data.document_date > _today():
        errors["document_date"] = [_("Ngày không được ở tương lai.")]
    text = clean_text(data.text)
    if len(text) > 10000:
        errors["text"] = [_("Tối đa %(n)d ký tự.") % {"n": 10000}]
    if data.outcome == LegalStep.Outcome.OBJECT and not text:
        errors["text"] = [_("Ghi rõ nội dung ý kiến khác.")]
    if upload is None:
        errors["file"] = [_("Đính kèm bản scan văn bản trả lời.")]
    else:
        try:
            _check_upload(upload)
        except ServiceError as exc:
            errors["file"] = exc.errors.get("file", [exc.message])
    if errors:
        raise ServiceError(_("Chưa ghi nhận được ý kiến từ văn bản."), errors)
    assert step is not None
    assert upload is not None
    assert data.document_date is not None
    before = audit.snapshot(agreement)
    from_state = agreement.state
    stored = file_add(
        actor=actor,
        agreement_id=agreement.pk,
        upload=upload,
        kind=AgreementFile.Kind.OPINION,
        label=_("Ý kiến của %(b)s, văn bản số %(n)s") % {"b": step.body, "n": number},
    )
    step.outcome = data.outcome
    step.done_on = data.document_date
    step.note = text
    step.document_number = number
    step.from_paper = True
    step.recorded_by = actor
    step.document = stored
    step.save()
    if data.outcome == LegalStep.Outcome.OBJECT:
        agreement.state = A.OBJECTED
    agreement.updated_by = actor
    agreement.last_activity_on = max(agreement.last_activity_on or _today(), _today())
    save_versioned(agreement, None)
    summary = _("ghi nhận từ văn bản số %(n)s ngày %(d)s của %(b)s: %(o)s") % {
        "n": number,
        "d": data.document_date.strftime("%d/%m/%Y"),
        "b": step.body,
        "o": step.get_outcome_display(),
    }
    _event(
        agreement,
        actor,
        "record_paper_opinion",
        text=f"{summary}. {text}" if text else summary,
        from_state=from_state,
        on=data.document_date,
    )
    audit.record(
        actor=actor,
        action="agreement.record_paper_opinion",
        target=agreement,
        before=before,
        after={
            **audit.snapshot(agreement),
            "step": step.body,
            "outcome": step.outcome,
            "document_number": number,
            "document_date": data.document_date.isoformat(),
            "file_sha256": stored.sha256,
        },
    )
    if step.body_org_id is not None:
        notify(
            users=staff_of(step.body_org_id),
            kind="agreement.paper_opinion",
            title=rendered_later(
                gettext_noop("%(p)s đã ghi nhận ý kiến của đơn vị từ văn bản số %(n)s về: %(t)s"),
                p=agreement.province.name,
                n=number,
                t=agreement.title_vi,
            ),
            url=_url(agreement),
            dedupe_key=f"agr:{agreement.pk}:paper-opinion:{step.pk}",
        )
    return agreement


def _approve(agreement: Agreement, actor: Any, data: ActionInput, on: dt.date, text: str) -> None:
    if agreement.state == A.PROPOSED and agreement.kind.needs_consultation:
        raise StateConflict(
            _("Thỏa thuận loại “%(k)s” phải lấy ý kiến trước khi chấp thuận ký.") % {"k": agreement.kind.name}
        )
    steps = list(agreement.legal_steps.filter(kind=LegalStep.Kind.CONSULTATION))
    waiting = [s.body for s in steps if s.is_open]
    if waiting:
        raise StateConflict(_("Còn chờ ý kiến của: %(b)s.") % {"b": ", ".join(waiting)})
    agreement.state = A.APPROVED


def _submit_to_pm(agreement: Agreement, actor: Any, data: ActionInput, on: dt.date, text: str) -> None:
    agreement.state = A.SUBMITTED_TO_PM
    _open_step(
        agreement,
        LegalStep.Kind.PM_OPINION,
        _("Thủ tướng Chính phủ"),
        start=on,
        rule_key=DeadlineRule.Key.PM_OPINION,
    )


def _pm_decision(agreement: Agreement, actor: Any, data: ActionInput, on: dt.date, text: str) -> None:
    if data.outcome not in (LegalStep.Outcome.APPROVED, LegalStep.Outcome.REFUSED):
        raise ServiceError(_("Chọn “Chấp thuận” hoặc “Không chấp thuận”."), {"outcome": [_("Bắt buộc.")]})
    step = agreement.legal_steps.filter(kind=LegalStep.Kind.PM_OPINION, done_on__isnull=True).first()
    if step is not None:
        step.outcome, step.done_on, step.note = data.outcome, on, text
        step.document_number = clean_text(data.document_number)[:60]
        step.save()
    agreement.state = A.APPROVED if data.outcome == LegalStep.Outcome.APPROVED else A.REFUSED


def _sign(agreement: Agreement, actor: Any, data: ActionInput, on: dt.date, text: str) -> None:
    """The post-signing report to the Prime Minister (copy to the ministry) is due 15 days after signing."""
    agreement.state = A.SIGNED
    agreement.signed_on = on
    agreement.signed_place = clean_text(data.signed_place)[:200] or agreement.signed_place
    agreement.signatories_vn = clean_text(data.signatories_vn)[:300] or agreement.signatories_vn
    agreement.signatories_foreign = (
        clean_text(data.signatories_foreign)[:300] or agreement.signatories_foreign
    )
    agreement.valid_from = agreement.valid_from or on
    if agreement.kind.needs_pm_report:
        _open_step(
            agreement,
            LegalStep.Kind.POST_SIGNING_REPORT,
            _("Thủ tướng Chính phủ (gửi Bộ Ngoại giao)"),
            start=on,
            rule_key=DeadlineRule.Key.POST_SIGNING_REPORT,
        )
    else:
        agreement.state = A.IN_IMPLEMENTATION


def _report(agreement: Agreement, actor: Any, data: ActionInput, on: dt.date, text: str) -> None:
    _require(clean_text(data.document_number), "document_number", _("Ghi số văn bản báo cáo."))
    agreement.state = A.REPORTED
    agreement.report_number = clean_text(data.document_number)[:60]
    agreement.reported_on = on
    agreement.legal_steps.filter(kind=LegalStep.Kind.POST_SIGNING_REPORT, done_on__isnull=True).update(
        done_on=on, outcome=LegalStep.Outcome.DONE, document_number=agreement.report_number, note=text
    )


def _start(agreement: Agreement, actor: Any, data: ActionInput, on: dt.date, text: str) -> None:
    if agreement.state == A.SIGNED and agreement.kind.needs_pm_report:
        raise StateConflict(_("Cần báo cáo Thủ tướng sau khi ký trước khi chuyển sang triển khai."))
    agreement.state = A.IN_IMPLEMENTATION


def _suspend(agreement: Agreement, actor: Any, data: ActionInput, on: dt.date, text: str) -> None:
    _require(text, "text", _("Ghi lý do tạm đình chỉ."))
    agreement.state = A.SUSPENDED
    agreement.end_reason = text


def _resume(agreement: Agreement, actor: Any, data: ActionInput, on: dt.date, text: str) -> None:
    agreement.state = A.IN_IMPLEMENTATION


def _terminate(agreement: Agreement, actor: Any, data: ActionInput, on: dt.date, text: str) -> None:
    _require(text, "text", _("Ghi lý do chấm dứt."))
    agreement.state = A.TERMINATED
    agreement.end_reason = text


def _decide_expiry(agreement: Agreement, actor: Any, data: ActionInput, on: dt.date, text: str) -> None:
    """Extend (a new end date), renew (a new agreement linked to this one is drafted) or let lapse."""
    decision = data.decision
    if decision not in Agreement.ExpiryDecision.values:
        raise ServiceError(_("Chọn gia hạn, ký mới hoặc để hết hiệu lực."), {"decision": [_("Bắt buộc.")]})
    _require(text, "text", _("Ghi lý do của quyết định."))
    agreement.expiry_decision = decision
    agreement.expiry_decision_reason = text
    agreement.expiry_decision_on = on
    if decision == Agreement.ExpiryDecision.EXTEND:
        if data.valid_until is None or (agreement.valid_until and data.valid_until <= agreement.valid_until):
            raise ServiceError(
                _("Ngày hết hiệu lực mới phải sau ngày hiện tại của thỏa thuận."),
                {"valid_until": [_("Ngày hết hiệu lực mới phải sau ngày hiện tại của thỏa thuận.")]},
            )
        agreement.valid_until = data.valid_until
    elif decision == Agreement.ExpiryDecision.RENEW:
        agreement.state = A.RENEWED
        successor = Agreement(
            owner_org_id=agreement.owner_org_id,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
            kind=agreement.kind,
            title_vi=agreement.title_vi,
            title_foreign=agreement.title_foreign,
            foreign_language=agreement.foreign_language,
            province=agreement.province,
            former_province=None,
            province_as_named=agreement.province.name,
            vn_party=agreement.vn_party,
            country=agreement.country,
            description=agreement.description,
            renewal_terms=agreement.renewal_terms,
            visibility=agreement.visibility,
            renews=agreement,
            last_activity_on=on,
        )
        partners = list(agreement.partners.all())
        index_agreement(successor, partners)
        save_versioned(successor, None)
        successor.partners.set(partners)
        successor.fields.set(agreement.fields.all())
        _event(successor, actor, "renewal_of", text=str(agreement), from_state="-", on=on)
        audit.record(
            actor=actor, action="agreement.create", target=successor, after=audit.snapshot(successor)
        )
    elif agreement.valid_until is None or agreement.valid_until < on:
        agreement.state = A.EXPIRED


HANDLERS = {
    "consult": _consult,
    "record_opinion": _record_opinion,
    "approve": _approve,
    "submit_to_pm": _submit_to_pm,
    "pm_decision": _pm_decision,
    "sign": _sign,
    "report": _report,
    "start": _start,
    "suspend": _suspend,
    "resume": _resume,
    "terminate": _terminate,
    "decide_expiry": _decide_expiry,
}


# --- Roadmap, activities, files ----------------------------------------------------------------------------

MILESTONE_FIELDS = ("title", "owner", "due_on", "status", "progress", "evidence")


def _milestone_values(data: dict[str, Any]) -> tuple[dict[str, Any], dict[str, list[str]]]:
    errors: dict[str, list[str]] = {}
    if extra := set(data) - set(MILESTONE_FIELDS):
        errors.update({f: [_("Trường không được phép.")] for f in sorted(extra)})
    values = {k: clean_text(v) if isinstance(v, str) else v for k, v in data.items() if k in MILESTONE_FIELDS}
    for name, limit in (("title", 300), ("owner", 200), ("evidence", 10000)):
        if name in values and len(values[name] or "") > limit:
            errors[name] = [_("Tối đa %(n)d ký tự.") % {"n": limit}]
    for name in ("title", "owner"):
        if name in values and not values[name]:
            errors[name] = [_("Không được để trống.")]
    if "due_on" in values and not isinstance(values["due_on"], dt.date):
        errors["due_on"] = [_("Chọn hạn hoàn thành.")]
    if "status" in values and values["status"] not in Milestone.Status.values:
        errors["status"] = [_("Tình trạng không hợp lệ.")]
    progress = values.get("progress")
    if progress is not None and (not isinstance(progress, int) or not 0 <= progress <= 100):
        errors["progress"] = [_("Tiến độ từ 0 đến 100 %.")]
    return values, errors


def _roadmap_agreement(actor: Any, agreement_id: int) -> Agreement:
    agreement = get_for_action(Agreement, actor, Action.CHANGE, pk=agreement_id)
    if agreement.state not in (*Agreement.SIGNED_STATES, A.SUSPENDED):
        raise StateConflict(
            _("Lộ trình chỉ lập cho thỏa thuận đã ký (hiện tại: “%(s)s”).")
            % {"s": agreement.get_state_display()}
        )
    return agreement


def _touch(agreement: Agreement, on: dt.date) -> None:
    """Progress on the roadmap or a recorded activity clears the dormant flag."""
    if agreement.last_activity_on is None or agreement.last_activity_on < on:
        Agreement.objects.system(reason="activity date of an agreement already in scope").filter(
            pk=agreement.pk
        ).update(last_activity_on=on, updated_at=timezone.now())
        agreement.last_activity_on = on


@transaction.atomic
def milestone_create(*, actor: Any, agreement_id: int, data: dict[str, Any]) -> Milestone:
    agreement = _roadmap_agreement(actor, agreement_id)
    values, errors = _milestone_values(
        {"status": Milestone.Status.PLANNED, "progress": 0, "evidence": "", **data}
    )
    for required in ("title", "owner", "due_on"):
        if required not in values:
            errors[required] = [_("Không được để trống.")]
    if errors:
        raise ServiceError(_("Chưa lưu được mốc lộ trình."), errors)
    milestone = Milestone(agreement=agreement, **values)
    if milestone.status == Milestone.Status.DONE:
        milestone.progress, milestone.done_on = 100, _today()
    milestone.full_clean()
    milestone.save()
    if not agreement.has_roadmap:
        Agreement.objects.system(reason="roadmap flag of an agreement already in scope").filter(
            pk=agreement.pk
        ).update(has_roadmap=True, updated_at=timezone.now())
        agreement.has_roadmap = True
    _touch(agreement, _today())
    _event(agreement, actor, "milestone_create", text=milestone.title)
    audit.record(
        actor=actor,
        action="milestone.create",
        target=milestone,
        parent=agreement,
        after=audit.snapshot(milestone),
        target_org_id=agreement.owner_org_id,
    )
    return milestone


@transaction.atomic
def milestone_update(
    *, actor: Any, agreement_id: int, milestone_id: int, expected_version: int | None, data: dict[str, Any]
) -> Milestone:
    agreement = _roadmap_agreement(actor, agreement_id)
    milestone = agreement.milestones.filter(pk=milestone_id).first()
    if milestone is None:
        raise NotFound()
    values, errors = _milestone_values(data)
    if errors:
        raise ServiceError(_("Chưa lưu được mốc lộ trình."), errors)
    before = audit.snapshot(milestone)
    for k, v in values.items():
        setattr(milestone, k, v)
    if milestone.status == Milestone.Status.DONE:
        milestone.progress = 100
        milestone.done_on = milestone.done_on or _today()
    elif milestone.progress == 100 and "status" not in values:
        milestone.status, milestone.done_on = Milestone.Status.DONE, _today()
    else:
        milestone.done_on = None
    milestone.full_clean()
    save_versioned(milestone, expected_version)
    progressed = before.get("progress") != milestone.progress or before.get("status") != milestone.status
    if progressed or before.get("evidence") != milestone.evidence:
        _touch(agreement, _today())
    _event(agreement, actor, "milestone_update", text=f"{milestone.title}: {milestone.progress}%")
    audit.record(
        actor=actor,
        action="milestone.update",
        target=milestone,
        parent=agreement,
        before=before,
        after=audit.snapshot(milestone),
        target_org_id=agreement.owner_org_id,
    )
    return milestone


@transaction.atomic
def activity_record(*, actor: Any, agreement_id: int, happened_on: dt.date, text: str) -> AgreementEvent:
    """A meeting, exchange or other implementation activity: it counts as activity for the dormant flag."""
    agreement = get_for_action(Agreement, actor, Action.CHANGE, pk=agreement_id)
    text = clean_text(text)
    errors: dict[str, list[str]] = {}
    if not text:
        errors["text"] = [_("Ghi nội dung hoạt động.")]
    elif len(text) > 5000:
        errors["text"] = [_("Tối đa %(n)d ký tự.") % {"n": 5000}]
    if happened_on > _today():
        errors["happened_on"] = [_("Ngày không được ở tương lai.")]
    if errors:
        raise ServiceError(_("Chưa ghi được hoạt động."), errors)
    event = _event(agreement, actor, "activity", text=text, on=happened_on)
    _touch(agreement, happened_on)
    audit.record(
        actor=actor,
        action="agreement.activity",
        target=event,
        parent=agreement,
        after={"happened_on": happened_on.isoformat(), "text": text},
        target_org_id=agreement.owner_org_id,
    )
    return event


def _check_upload(upload: UploadedFile) -> str:
    name = files.upload_name(upload.name)[:200]
    if not files.extension_allowed(name):
        raise ServiceError(
            _("Loại tệp không được phép: %(n)s") % {"n": name},
            {"file": [_("Chỉ nhận: %(e)s") % {"e": ", ".join(settings.NGOAIVU_UPLOAD_EXTENSIONS)}]},
        )
    if files.too_large(upload):
        limit = settings.NGOAIVU_UPLOAD_MAX_BYTES // (1024 * 1024)
        raise ServiceError(
            _("Tệp %(n)s vượt quá %(m)d MB.") % {"n": name, "m": limit}, {"file": [_("Tệp quá lớn.")]}
        )
    if files.looks_classified(name):
        raise ServiceError(
            _("Không tải lên tài liệu mật (Mật, Tối mật, Tuyệt mật)."),
            {"file": [_("Hệ thống chỉ dùng cho tài liệu không mật.")]},
        )
    if problem := files.content_problem(upload, name):
        raise ServiceError(_("Tệp %(n)s bị từ chối: %(p)s") % {"n": name, "p": problem}, {"file": [problem]})
    return name


@files.atomic()  # a failed write deletes the file it stored
def file_add(
    *,
    actor: Any,
    agreement_id: int,
    upload: UploadedFile,
    kind: str,
    label: str,
    milestone_id: int | None = None,
) -> AgreementFile:
    """A new upload under an existing (kind, label) becomes its next version; earlier versions are kept."""
    agreement = get_for_action(Agreement, actor, Action.CHANGE, pk=agreement_id)
    if kind not in AgreementFile.Kind.values:
        raise ServiceError(_("Loại tài liệu không hợp lệ."), {"kind": [_("Loại tài liệu không hợp lệ.")]})
    name = _check_upload(upload)
    label = clean_text(label)[:200] or name
    milestone = None
    if milestone_id is not None:
        milestone = agreement.milestones.filter(pk=milestone_id).first()
        if milestone is None:
            raise ServiceError(
                _("Không có mốc lộ trình này."), {"milestone": [_("Không có mốc lộ trình này.")]}
            )
    previous = (
        AgreementFile.objects.select_for_update()
        .filter(agreement=agreement, kind=kind, label=label)
        .order_by("-version")
        .first()
    )
    stored = AgreementFile(
        agreement=agreement,
        milestone=milestone,
        kind=kind,
        label=label,
        version=(previous.version + 1) if previous else 1,
        name=name,
        size=upload.size or 0,
        sha256=files.sha256_of(upload),
        uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    files.store(stored.file, name, upload)
    stored.save()
    _touch(agreement, _today())
    _event(agreement, actor, "file_add", text=f"{label} v{stored.version}")
    audit.record(
        actor=actor,
        action="agreement_file.create",
        target=stored,
        parent=agreement,
        after=audit.snapshot(stored),
        target_org_id=agreement.owner_org_id,
    )
    return stored


@transaction.atomic
def rule_update(
    *, actor: Any, key: str, province_code: str, days: int | None, reminder_days: str = ""
) -> DeadlineRule:
    """Site administrators edit the rules; a province row overrides the national one for that province.
    Existing due dates keep the rule text they were computed with."""
    if not actor.scope.is_site_admin:
        raise Forbidden()
    errors: dict[str, list[str]] = {}
    if key not in DeadlineRule.Key.values:
        errors["key"] = [_("Quy tắc không hợp lệ.")]
    if province_code and not Province.objects.filter(code=province_code).exists():
        errors["province_code"] = [_("Mã tỉnh không hợp lệ.")]
    if days is None or not 0 <= days <= 3650:
        errors["days"] = [_("Số ngày/tháng từ 0 đến 3650.")]
    reminder_days = clean_text(reminder_days)
    if reminder_days and not all(p.strip().isdigit() for p in reminder_days.split(",")):
        errors["reminder_days"] = [_("Ghi các số ngày cách nhau bởi dấu phẩy, ví dụ 90,60,30,7.")]
    if errors:
        raise ServiceError(_("Chưa lưu được quy tắc."), errors)
    national = DeadlineRule.objects.get(key=key, province_code="")
    rule = DeadlineRule.objects.filter(key=key, province_code=province_code).first()
    before = audit.snapshot(rule)
    if rule is None:
        rule = DeadlineRule(key=key, province_code=province_code, unit=national.unit, source=national.source)
    rule.days = int(days or 0)
    rule.reminder_days = reminder_days if key == DeadlineRule.Key.EXPIRY_REMINDERS else rule.reminder_days
    rule.full_clean()
    rule.save()
    audit.record(
        actor=actor, action="deadline_rule.update", target=rule, before=before, after=audit.snapshot(rule)
    )
    return rule


# --- Reminders (a periodic job) ----------------------------------------------------------------------------


def _owners(agreement: Agreement) -> list[User]:
    users = heads_of(agreement.owner_org_id)
    if agreement.created_by_id:
        users += list(User.objects.filter(pk=agreement.created_by_id, is_active=True))
    return users


def remind_agreements(today: dt.date | None = None) -> dict[str, int]:
    """Idempotent (every notification has a dedupe key): legal steps near or past their deadline, overdue and
    upcoming milestones, dormant agreements (once a month), expiry at 90/60/30/7 days; agreements past their end
    date with no extension are marked expired."""
    today = today or timezone.localdate()
    counts = dict.fromkeys(("legal_steps", "milestones", "dormant", "expiry", "expired"), 0)
    live = Agreement.objects.system(reason="agreement reminders").filter(deleted_at__isnull=True)
    for step in selectors.legal_steps_due(before=today + dt.timedelta(days=2)):
        agreement = step.agreement
        late = step.due_on < today
        users = staff_of(agreement.owner_org_id) + staff_of(step.body_org_id)
        if late and step.kind == LegalStep.Kind.POST_SIGNING_REPORT:
            users += staff_of(
                Organisation.objects.filter(kind=Organisation.Kind.MOFA).values_list("pk", flat=True).first()
            )
        counts["legal_steps"] += notify(
            users=users,
            kind="agreement.legal_step",
            title=rendered_later(
                gettext_noop("Quá hạn: %(k)s — %(t)s (hạn %(d)s)")
                if late
                else gettext_noop("Sắp đến hạn: %(k)s — %(t)s (hạn %(d)s)"),
                k=step.get_kind_display,
                t=agreement.title_vi,
                d=step.due_on.strftime("%d/%m/%Y"),
            ),
            url=_url(agreement),
            dedupe_key=f"agr:{agreement.pk}:step:{step.pk}:{'late' if late else 'soon'}",
        )
    ahead = selectors.rule_for(DeadlineRule.Key.MILESTONE_REMINDER).days
    milestones = Milestone.objects.filter(
        agreement__in=live.filter(state__in=(*Agreement.SIGNED_STATES,)).values("pk"),
        status__in=Milestone.OPEN,
        due_on__lte=today + dt.timedelta(days=ahead),
    ).select_related("agreement")
    for m in milestones:
        late = m.due_on < today
        counts["milestones"] += notify(
            users=_owners(m.agreement),
            kind="agreement.milestone",
            title=rendered_later(
                gettext_noop("Mốc lộ trình quá hạn: %(m)s — %(t)s")
                if late
                else gettext_noop("Mốc lộ trình sắp đến hạn: %(m)s — %(t)s"),
                m=m.title,
                t=m.agreement.title_vi,
            ),
            url=_url(m.agreement),
            dedupe_key=f"agr:{m.agreement_id}:ms:{m.pk}:{m.due_on.isoformat()}:{'late' if late else 'soon'}",
        )
    for agreement in selectors.with_dormancy(live.filter(selectors.dormant_q(today)), today):
        counts["dormant"] += notify(
            users=_owners(agreement),
            kind="agreement.dormant",
            title=rendered_later(
                gettext_noop("Thỏa thuận “ngủ đông”: %(t)s — %(r)s"),
                t=agreement.title_vi,
                r=functools.partial(_dormant_reason, agreement, today),
            ),
            url=_url(agreement),
            dedupe_key=f"agr:{agreement.pk}:dormant:{today:%Y-%m}",
        )
    reminders = selectors.rule_for(DeadlineRule.Key.EXPIRY_REMINDERS).reminder_list()
    if reminders:
        horizon = today + dt.timedelta(days=max(reminders))
        expiring = live.filter(
            state__in=(*Agreement.SIGNED_STATES, A.SUSPENDED),
            valid_until__gte=today,
            valid_until__lte=horizon,
        ).exclude(expiry_decision=Agreement.ExpiryDecision.LAPSE)
        for agreement in expiring:
            left = (agreement.valid_until - today).days
            threshold = min(d for d in reminders if d >= left)
            counts["expiry"] += notify(
                users=_owners(agreement),
                kind="agreement.expiry",
                title=rendered_later(
                    gettext_noop("Thỏa thuận hết hiệu lực sau %(n)d ngày: %(t)s"),
                    n=left,
                    t=agreement.title_vi,
                ),
                url=_url(agreement),
                dedupe_key=f"agr:{agreement.pk}:expiry:{agreement.valid_until.isoformat()}:{threshold}",
            )
    ended = live.filter(state__in=(*Agreement.SIGNED_STATES, A.SUSPENDED), valid_until__lt=today)
    for pk in list(ended.values_list("pk", flat=True)):
        with transaction.atomic():
            agreement = ended.select_for_update().filter(pk=pk).first()
            if agreement is None:
                continue
            before = audit.snapshot(agreement)
            from_state = agreement.state
            agreement.state = A.EXPIRED
            save_versioned(agreement, None)
            _event(agreement, audit.SYSTEM, "expire", from_state=from_state, on=today)
            audit.record(
                actor=audit.SYSTEM,
                action="agreement.expire",
                target=agreement,
                before=before,
                after=audit.snapshot(agreement),
            )
            counts["expired"] += 1
    return counts
