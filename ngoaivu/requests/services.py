"""Writes for requests ("đặt hàng"): every function scopes, validates, writes, audits and notifies after commit."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ngoaivu.accounts.models import Organisation, User
from ngoaivu.accounts.notifications import heads_of, notify, staff_of
from ngoaivu.audit import services as audit
from ngoaivu.core import files
from ngoaivu.core.exceptions import Forbidden, ServiceError, StaleObject, StateConflict
from ngoaivu.core.scoping import Action, get_for_action
from ngoaivu.core.selectors import working_calendar
from ngoaivu.core.text import clean_text, search_key
from ngoaivu.core.versioning import save_versioned
from ngoaivu.delegations import services as delegation_services
from ngoaivu.directory.models import Country, Partner
from ngoaivu.requests import rules
from ngoaivu.requests.models import (
    Answer,
    Attachment,
    Category,
    Event,
    Recipient,
    RequestNumber,
    ServiceRequest,
)

R = Recipient.Status
S = ServiceRequest.Status
DRAFT_FIELDS = ("title", "description", "desired_result", "category", "priority", "wished_date")
LIMITS = {"title": 300, "description": 20000, "desired_result": 5000}


@dataclass(frozen=True)
class DraftInput:
    title: str
    description: str
    category: str
    recipients: list[str]
    desired_result: str = ""
    priority: str = "normal"
    wished_date: dt.date | None = None
    target_countries: tuple[str, ...] = ()
    target_partner_ids: tuple[int, ...] = ()
    visit_ask_id: int | None = None  # the ask of a leader's working visit this request comes from


def _today() -> dt.date:
    return timezone.localdate()


def _event(
    request: ServiceRequest,
    actor: Any,
    action: str,
    *,
    recipient: Recipient | None = None,
    from_status: str = "",
    to_status: str = "",
    text: str = "",
) -> Event:
    is_user = getattr(actor, "is_authenticated", False)
    return Event.objects.create(
        request=request,
        recipient=recipient,
        actor=actor if is_user else None,
        actor_label=audit.actor_label(actor),
        organisation_id=getattr(actor, "organisation_id", None) if is_user else None,
        action=action,
        from_status=from_status,
        to_status=to_status,
        text=text,
    )


def _url(request: ServiceRequest) -> str:
    return f"/requests/{request.pk}/"


def _validate_draft(
    data: DraftInput, actor: Any
) -> tuple[dict[str, Any], list[Organisation], list[Country], list[Partner]]:
    errors: dict[str, list[str]] = {}
    values: dict[str, Any] = {}
    for name in ("title", "description", "desired_result"):
        text = clean_text(getattr(data, name))
        if name in ("title", "description") and not text:
            errors[name] = [_("Không được để trống.")]
        elif len(text) > LIMITS[name]:
            errors[name] = [_("Tối đa %(n)d ký tự (hiện có %(m)d).") % {"n": LIMITS[name], "m": len(text)}]
        values[name] = text
    category = Category.objects.filter(code=data.category, is_active=True).first()
    if category is None:
        errors["category"] = [_("Lĩnh vực “%(c)s” không có trong danh mục.") % {"c": data.category}]
    values["category"] = category
    if data.priority not in ServiceRequest.Priority.values:
        errors["priority"] = [_("Mức độ không hợp lệ.")]
    values["priority"] = data.priority
    if data.wished_date and data.wished_date < _today():
        errors["wished_date"] = [_("Thời hạn mong muốn không được ở quá khứ.")]
    values["wished_date"] = data.wished_date
    codes = list(dict.fromkeys(clean_text(c) for c in data.recipients if clean_text(c)))
    orgs = list(
        Organisation.objects.filter(
            code__in=codes,
            is_active=True,
            kind__in=[Organisation.Kind.MOFA, Organisation.Kind.MOFA_UNIT, Organisation.Kind.MISSION],
        )
    )
    unknown = sorted(set(codes) - {o.code for o in orgs})
    if not codes:
        errors["recipients"] = [_("Chọn ít nhất một nơi nhận: Bộ Ngoại giao hoặc cơ quan đại diện.")]
    elif unknown:
        errors["recipients"] = [_("Nơi nhận không hợp lệ: %(c)s") % {"c": ", ".join(unknown)}]
    countries = list(Country.objects.filter(iso2__in=[c.upper() for c in data.target_countries]))
    if len(countries) != len(set(c.upper() for c in data.target_countries)):
        errors["target_countries"] = [_("Có mã quốc gia không có trong danh mục.")]
    partners = list(Partner.objects.visible_to(actor, Action.VIEW).filter(pk__in=data.target_partner_ids))
    if len(partners) != len(set(data.target_partner_ids)):
        errors["target_partners"] = [_("Có đối tác không tồn tại hoặc bạn không xem được.")]
    if errors:
        raise ServiceError(_("Chưa lưu được đặt hàng."), errors)
    return values, orgs, countries, partners


def _index(req: ServiceRequest, countries: list[Country]) -> None:
    req.search_text = search_key(
        req.number or "",
        req.title,
        req.description,
        req.desired_result,
        req.category.name_vi,
        *(c.name_vi for c in countries),
    )


@files.atomic()  # a failed write deletes the files it stored
def request_create(*, actor: Any, data: DraftInput) -> ServiceRequest:
    """A draft by a province officer; the sending organisation is the actor's, never from input."""
    scope = actor.scope
    if not (scope.can_write and scope.is_province):
        raise Forbidden()
    values, orgs, countries, partners = _validate_draft(data, actor)
    req = ServiceRequest(
        owner_org_id=scope.org_id,
        created_by=actor,
        updated_by=actor,
        draft_recipients=[o.code for o in orgs],
        **values,
    )
    _index(req, countries)
    save_versioned(req, None)
    req.target_countries.set(countries)
    req.target_partners.set(partners)
    _event(req, actor, "create", to_status=S.DRAFT)
    audit.record(actor=actor, action="request.create", target=req, after=audit.snapshot(req))
    if data.visit_ask_id:
        delegation_services.visit_ask_link(
            actor=actor, ask_id=data.visit_ask_id, request_id=req.pk, request_number=req.number or ""
        )
    return req


@files.atomic()  # a failed write deletes the files it stored
def request_update_draft(
    *, actor: Any, request_id: int, expected_version: int | None, data: DraftInput
) -> ServiceRequest:
    req = get_for_action(ServiceRequest, actor, Action.CHANGE, pk=request_id)
    if req.owner_org_id != actor.scope.org_id:
        raise Forbidden()
    if req.status != S.DRAFT:
        raise StateConflict(
            _("Chỉ sửa được đặt hàng ở trạng thái “Dự thảo” (hiện tại: %(s)s).")
            % {"s": req.get_status_display()}
        )
    values, orgs, countries, partners = _validate_draft(data, actor)
    before = audit.snapshot(req)
    for k, v in values.items():
        setattr(req, k, v)
    req.draft_recipients = [o.code for o in orgs]
    req.updated_by = actor
    _index(req, countries)
    save_versioned(req, expected_version)
    req.target_countries.set(countries)
    req.target_partners.set(partners)
    audit.record(actor=actor, action="request.update", target=req, before=before, after=audit.snapshot(req))
    return req


def _next_number(year: int) -> str:
    seq, _created = RequestNumber.objects.select_for_update().get_or_create(year=year)
    seq.last += 1
    seq.save(update_fields=["last"])
    return f"ĐH-{year}-{seq.last:05d}"


def _new_part(
    req: ServiceRequest, org: Organisation, *, received: dt.date, forwarded_from: Recipient | None = None
) -> Recipient:
    cal = working_calendar()
    cat = req.category
    part = Recipient.objects.create(
        request=req,
        organisation=org,
        received_on=received,
        ack_due=cal.add_working_days(received, cat.ack_days),
        answer_due=cal.add_working_days(received, cat.answer_days),
        sla_rule=f"{cat.code}:{cat.ack_days}/{cat.answer_days}",
        forwarded_from=forwarded_from,
        request_sent_at=req.sent_at,
    )
    notify(
        users=staff_of(org),
        kind="request.received",
        title=lambda: _("Đặt hàng mới %(n)s: %(t)s") % {"n": req.number, "t": req.title},
        url=_url(req),
        dedupe_key=f"req:{req.pk}:received:{part.pk}",
    )
    return part


def _send(req: ServiceRequest, actor: Any) -> None:
    codes = list(req.draft_recipients or [])
    orgs = list(Organisation.objects.filter(code__in=codes, is_active=True))
    if not orgs:
        raise ServiceError(_("Chưa gửi được."), {"recipients": [_("Đặt hàng chưa có nơi nhận.")]})
    now = timezone.now()
    today = timezone.localdate(now)
    req.number = _next_number(today.year)
    req.status = S.SENT
    req.sent_at = now
    req.sent_on = today
    for org in orgs:
        _new_part(req, org, received=today)
    _index(req, list(req.target_countries.all()))


def _load_for_action(actor: Any, request_id: int, action: str) -> ServiceRequest:
    req = get_for_action(ServiceRequest, actor, Action.VIEW, pk=request_id)
    if not actor.scope.can_write:
        raise Forbidden()
    return ServiceRequest.objects.visible_to(actor, Action.VIEW).select_for_update().get(pk=req.pk)


def _conflict(action: str, status_label: str) -> StateConflict:
    return StateConflict(
        _("Không thể “%(a)s” khi đặt hàng/phần việc đang ở trạng thái “%(s)s”.")
        % {"a": action, "s": status_label}
    )


@files.atomic()  # a failed write deletes the files it stored
def request_action(
    *,
    actor: Any,
    request_id: int,
    action: str,
    expected_version: int | None = None,
    recipient_code: str | None = None,
    text: str = "",
    rating: int | None = None,
    assignee: str | None = None,
    to_orgs: list[str] | None = None,
    merge_into: str | None = None,
    partner_contacts: str = "",
    next_steps: str = "",
    files: list[UploadedFile] | None = None,
) -> ServiceRequest:
    """Every workflow step of the request loop. 404 outside scope, 403 for a role that may not act,
    409 (StateConflict) for a step the current state does not allow."""
    if action not in rules.ALL_ACTIONS:
        raise ServiceError(
            _("Thao tác không hợp lệ."), {"action": [_("Không có thao tác “%(a)s”.") % {"a": action}]}
        )
    req = _load_for_action(actor, request_id, action)
    scope = actor.scope
    text = clean_text(text)
    if len(text) > 20000:
        raise ServiceError(_("Nội dung quá dài."), {"text": [_("Tối đa 20000 ký tự.")]})
    before = audit.snapshot(req)
    is_sender = req.owner_org_id == scope.org_id
    if expected_version is not None and expected_version != req.version:
        raise StaleObject(req._meta.label, req.pk, req.version)

    if action in rules.REQUEST_ACTIONS:
        if req.status not in rules.REQUEST_ACTIONS[action]:
            raise _conflict(action, req.get_status_display())
        _request_level(req, actor, action, is_sender=is_sender, text=text, merge_into=merge_into)
    else:
        part = _part_for(req, actor, action, recipient_code, is_sender=is_sender)
        if part.status not in rules.RECIPIENT_ACTIONS[action]:
            raise _conflict(action, part.get_status_display())
        _part_level(
            req,
            part,
            actor,
            action,
            text=text,
            rating=rating,
            assignee=assignee,
            to_orgs=to_orgs or [],
            partner_contacts=clean_text(partner_contacts),
            next_steps=clean_text(next_steps),
            files=files or [],
        )
    req.updated_by = actor
    save_versioned(req, req.version)
    audit.record(
        actor=actor,
        action=f"request.{action}",
        target=req,
        before=before,
        after=audit.snapshot(req),
        verb="action",
    )
    return req


def _require_text(text: str, message: str) -> None:
    """Steps that must say something (an answer, a reason, a question) refuse an empty text."""
    if not text:
        raise ServiceError(message, {"text": [_("Không được để trống.")]})


def _request_level(
    req: ServiceRequest, actor: Any, action: str, *, is_sender: bool, text: str, merge_into: str | None
) -> None:
    scope = actor.scope
    old = req.status
    if action in ("submit", "withdraw", "close"):
        if not is_sender:
            raise Forbidden()
        if action == "submit":
            org = Organisation.objects.get(pk=req.owner_org_id)
            # four eyes: when the organisation wants drafts approved, a head's own draft waits for another head
            needs_approval = org.request_approval_required
            req.submitted_by = actor
            if needs_approval:
                approvers = [h for h in heads_of(org) if h.pk != actor.pk]
                if not approvers:  # it would wait for nobody: the organisation's setup, not the input (409)
                    raise StateConflict(
                        _(
                            "Không thể trình: đơn vị yêu cầu duyệt đặt hàng nhưng không có lãnh đạo nào khác "
                            "người trình để duyệt. Hãy đề nghị quản trị viên thêm một lãnh đạo cho đơn vị "
                            "hoặc tắt yêu cầu duyệt đặt hàng."
                        )
                    )
                req.status = S.PENDING_APPROVAL
                notify(
                    users=approvers,
                    kind="request.approval",
                    url=_url(req),
                    title=lambda: _("Đặt hàng chờ duyệt: %(t)s") % {"t": req.title},
                    dedupe_key=f"req:{req.pk}:approval:{req.version}",
                )
            else:
                req.approved_by = actor
                _send(req, actor)
        elif action == "withdraw":
            req.status = S.WITHDRAWN
            req.recipients.filter(status__in=Recipient.OPEN).update(
                status=R.CLOSED, updated_at=timezone.now()
            )
        else:
            req.status = S.CLOSED
            req.closed_at = timezone.now()
            req.recipients.filter(status__in=[*Recipient.OPEN, R.ANSWERED]).update(
                status=R.CLOSED, updated_at=timezone.now()
            )
    elif action in ("approve", "return"):
        if not (is_sender and scope.can_approve):
            raise Forbidden()
        if req.submitted_by_id is not None and req.submitted_by_id == actor.pk:
            raise Forbidden(
                _(
                    "Nguyên tắc bốn mắt: bạn đã trình đặt hàng này nên không được tự duyệt, kể cả khi là lãnh "
                    "đạo; một lãnh đạo khác của đơn vị sẽ duyệt."
                )
            )
        if action == "approve":
            req.approved_by = actor
            _send(req, actor)
        else:
            _require_text(text, _("Cần ghi ý kiến khi trả lại."))
            req.status = S.DRAFT
    elif action == "merge":
        if not scope.is_national:
            raise Forbidden()
        target = ServiceRequest.objects.visible_to(actor).filter(number=clean_text(merge_into or "")).first()
        if target is None or target.pk == req.pk:
            raise ServiceError(
                _("Không gộp được."),
                {"merge_into": [_("Nhập số của một đặt hàng khác, ví dụ ĐH-2026-00012.")]},
            )
        req.status = S.MERGED
        req.merged_into = target
        req.recipients.filter(status__in=Recipient.OPEN).update(status=R.CLOSED, updated_at=timezone.now())
        text = text or _("Trùng với %(n)s") % {"n": target.number}
    _event(req, actor, action, from_status=old, to_status=req.status, text=text)


def _part_for(
    req: ServiceRequest, actor: Any, action: str, recipient_code: str | None, *, is_sender: bool
) -> Recipient:
    if req.status != S.SENT:
        raise _conflict(action, req.get_status_display())
    parts = list(req.recipients.select_related("organisation").select_for_update())
    if action in rules.SENDER_PART_ACTIONS:
        if not is_sender:
            raise Forbidden()
        candidates = [p for p in parts if p.status in rules.RECIPIENT_ACTIONS[action]]
        if recipient_code:
            candidates = [p for p in parts if p.organisation.code == recipient_code]
        if len(candidates) != 1:
            if not candidates:
                status = ", ".join(sorted({p.get_status_display() for p in parts}))
                raise _conflict(action, status)
            raise ServiceError(
                _("Chọn đơn vị nhận."), {"recipient": [_("Đặt hàng có nhiều nơi nhận; ghi rõ nơi nhận.")]}
            )
        return candidates[0]
    own = [p for p in parts if p.organisation_id == actor.scope.org_id]
    if not own:
        raise Forbidden()
    return own[0]


def _part_level(
    req: ServiceRequest,
    part: Recipient,
    actor: Any,
    action: str,
    *,
    text: str,
    rating: int | None,
    assignee: str | None,
    to_orgs: list[str],
    partner_contacts: str,
    next_steps: str,
    files: list[UploadedFile],
) -> None:
    cal = working_calendar()
    today = _today()
    old = part.status
    scope = actor.scope
    if action == "acknowledge":
        part.status = R.ACKNOWLEDGED
        part.acknowledged_on = today
    elif action == "assign":
        user = User.objects.filter(
            username=clean_text(assignee or ""), organisation_id=part.organisation_id, is_active=True
        ).first()
        if user is None:
            raise ServiceError(
                _("Không phân công được."), {"assignee": [_("Chọn một cán bộ của đơn vị nhận.")]}
            )
        part.assignee = user
        part.status = R.ASSIGNED
        part.acknowledged_on = part.acknowledged_on or today
        notify(
            users=[user],
            kind="request.assigned",
            url=_url(req),
            title=lambda: _("Bạn được giao xử lý %(n)s") % {"n": req.number},
            dedupe_key=f"req:{req.pk}:assign:{part.pk}:{user.pk}:{req.version}",
        )
    elif action == "clarify":
        _require_text(text, _("Cần ghi nội dung cần làm rõ."))
        part.previous_status = R.ACKNOWLEDGED if part.status == R.NEW else part.status
        part.status = R.CLARIFICATION
        part.paused_since = today
        part.acknowledged_on = part.acknowledged_on or today
        notify(
            users=_sender_people(req),
            kind="request.clarify",
            url=_url(req),
            title=lambda: _("%(o)s đề nghị làm rõ %(n)s") % {"o": part.organisation.name_vi, "n": req.number},
            dedupe_key=f"req:{req.pk}:clarify:{part.pk}:{req.version}",
        )
    elif action == "reply_clarification":
        _require_text(text, _("Cần ghi nội dung trả lời."))
        paused = cal.working_days_between(part.paused_since or today, today)
        part.paused_working_days += paused
        part.ack_due = (
            cal.add_working_days(part.ack_due, paused) if not part.acknowledged_on else part.ack_due
        )
        part.answer_due = cal.add_working_days(part.answer_due, paused)
        part.status = part.previous_status or R.ACKNOWLEDGED
        part.paused_since = None
    elif action == "answer":
        _require_text(text, _("Câu trả lời cần có nội dung cụ thể."))
        answer = Answer.objects.create(
            recipient=part, author=actor, text=text, partner_contacts=partner_contacts, next_steps=next_steps
        )
        for f in files:
            _store_file(req, f, actor, answer=answer)
        part.status = R.ANSWERED
        part.answered_on = today
        part.acknowledged_on = part.acknowledged_on or today
        notify(
            users=_sender_people(req),
            kind="request.answered",
            url=_url(req),
            title=lambda: _("%(o)s đã trả lời %(n)s") % {"o": part.organisation.name_vi, "n": req.number},
            dedupe_key=f"req:{req.pk}:answer:{answer.pk}",
        )
    elif action == "rate":
        if rating is None or not 1 <= rating <= 5:
            raise ServiceError(_("Điểm đánh giá không hợp lệ."), {"rating": [_("Chọn điểm từ 1 đến 5.")]})
        part.rating = rating
        part.rating_comment = text
        part.status = R.RATED
        notify(
            users=heads_of(part.organisation_id) + ([part.assignee] if part.assignee else []),
            kind="request.rated",
            url=_url(req),
            title=lambda: _("%(n)s được đánh giá %(r)d/5") % {"n": req.number, "r": rating},
            dedupe_key=f"req:{req.pk}:rate:{part.pk}:{req.version}",
        )
    elif action == "reopen":
        _require_text(text, _("Cần ghi lý do mở lại."))
        part.status = R.REOPENED
        part.rating = None
        part.answer_due = cal.add_working_days(today, req.category.answer_days)
        notify(
            users=heads_of(part.organisation_id) + ([part.assignee] if part.assignee else []),
            kind="request.reopened",
            url=_url(req),
            title=lambda: _("%(n)s được mở lại") % {"n": req.number},
            dedupe_key=f"req:{req.pk}:reopen:{part.pk}:{req.version}",
        )
    elif action == "decline":
        _require_text(text, _("Cần ghi lý do từ chối."))
        part.status = R.DECLINED
        part.decline_reason = text
        notify(
            users=_sender_people(req),
            kind="request.declined",
            url=_url(req),
            title=lambda: _("%(o)s từ chối %(n)s") % {"o": part.organisation.name_vi, "n": req.number},
            dedupe_key=f"req:{req.pk}:decline:{part.pk}",
        )
    elif action in ("forward", "handover"):
        if action == "forward" and not scope.is_ministry:
            raise Forbidden()
        if action == "handover" and not scope.is_mission:
            raise Forbidden()
        codes = [clean_text(c) for c in to_orgs if clean_text(c)]
        targets = list(
            Organisation.objects.filter(
                code__in=codes, kind=Organisation.Kind.MISSION, is_active=True
            ).exclude(pk=part.organisation_id)
        )
        existing = set(req.recipients.values_list("organisation_id", flat=True))
        if not codes or len(targets) != len(set(codes)):
            raise ServiceError(
                _("Không chuyển được."), {"to": [_("Chọn cơ quan đại diện có trong danh mục.")]}
            )
        if any(t.pk in existing for t in targets):
            raise ServiceError(_("Không chuyển được."), {"to": [_("Cơ quan đại diện này đã là nơi nhận.")]})
        for t in targets:
            _new_part(req, t, received=today, forwarded_from=part)
        part.status = R.FORWARDED
        text = text or ", ".join(t.name_vi for t in targets)
    part.version += 1
    part.save()
    _event(
        req,
        actor,
        action,
        recipient=part,
        from_status=old,
        to_status=part.status,
        text=text if action != "rate" else f"{rating}/5 {text}".strip(),
    )


def _sender_people(req: ServiceRequest) -> list[Any]:
    people = [req.created_by, req.submitted_by, *heads_of(req.owner_org_id)]
    return [p for p in people if p is not None]


def _store_file(
    req: ServiceRequest, upload: UploadedFile, actor: Any, answer: Answer | None = None
) -> Attachment:
    name = files.upload_name(upload.name)
    errors = []
    if not files.extension_allowed(name):
        errors.append(
            _("Tệp “%(f)s”: chỉ nhận %(e)s.")
            % {"f": name, "e": ", ".join(settings.NGOAIVU_UPLOAD_EXTENSIONS)}
        )
    if files.too_large(upload):
        errors.append(
            _("Tệp “%(f)s” lớn hơn %(m)d MB.") % {"f": name, "m": settings.NGOAIVU_UPLOAD_MAX_BYTES // 2**20}
        )
    if files.looks_classified(name):
        errors.append(
            _("Tệp “%(f)s” có dấu hiệu tài liệu mật: hệ thống chỉ nhận tài liệu không mật.") % {"f": name}
        )
    if not errors and (problem := files.content_problem(upload, name)):
        errors.append(_("Tệp “%(f)s”: %(p)s") % {"f": name, "p": problem})
    if errors:
        raise ServiceError(_("Tệp đính kèm không hợp lệ."), {"attachments": errors})
    att = Attachment(
        request=req,
        answer=answer,
        name=name[:255],
        size=upload.size or 0,
        sha256=files.sha256_of(upload),
        uploaded_by=actor,
    )
    files.store(att.file, name, upload)
    att.save()
    audit.record(
        actor=actor,
        action="request.attachment.create",
        target=att,
        after=audit.snapshot(att),
        parent=req,
        target_org_id=req.owner_org_id,
    )
    return att


@files.atomic()  # a failed write deletes the files it stored
def attachment_add(*, actor: Any, request_id: int, files: list[UploadedFile]) -> list[Attachment]:
    req = get_for_action(ServiceRequest, actor, Action.CHANGE, pk=request_id)
    if req.owner_org_id != actor.scope.org_id or req.status != S.DRAFT:
        raise StateConflict(_("Chỉ đính kèm được vào dự thảo của đơn vị mình."))
    return [_store_file(req, f, actor) for f in files]


@files.atomic()
def draft_save(
    *,
    actor: Any,
    request_id: int | None,
    data: DraftInput,
    expected_version: int | None = None,
    attachments: list[UploadedFile] | None = None,
) -> ServiceRequest:
    """The draft form: the draft and its attachments in one transaction. A refused file saves neither the
    draft nor the files before it (they were left committed and orphaned when these were two calls)."""
    if request_id is None:
        req = request_create(actor=actor, data=data)
    else:
        req = request_update_draft(
            actor=actor, request_id=request_id, expected_version=expected_version, data=data
        )
    if attachments:
        attachment_add(actor=actor, request_id=req.pk, files=attachments)
    return req


def escalate_overdue(*, today: dt.date | None = None) -> int:
    """Notify breaches once: the assignee and the head of the responsible unit when a deadline passes,
    then the ministry's heads after `NGOAIVU_ESCALATION_DAYS` more working days."""
    from ngoaivu.audit.services import SYSTEM

    today = today or _today()
    cal = working_calendar()
    delay = settings.NGOAIVU_ESCALATION_DAYS
    mofa_heads = heads_of(Organisation.objects.filter(code="mofa").first())
    sent = 0
    parts = (
        Recipient.objects.system(reason="deadline escalation")
        .filter(status__in=[R.NEW, R.ACKNOWLEDGED, R.ASSIGNED, R.REOPENED], request__status=S.SENT)
        .select_related("request", "organisation", "assignee")
    )
    for part in parts.filter(answer_due__lt=today) | parts.filter(
        ack_due__lt=today, acknowledged_on__isnull=True
    ):
        late_ack = part.acknowledged_on is None and part.ack_due < today
        due = part.ack_due if late_ack and part.answer_due >= today else part.answer_due
        kind = "ack" if due == part.ack_due and late_ack else "answer"
        req = part.request
        with transaction.atomic():

            def title(
                kind: str = kind, number: str | None = req.number, code: str = part.organisation.code
            ) -> str:
                return _("Quá hạn %(k)s: %(n)s (%(o)s)") % {
                    "k": _("xác nhận") if kind == "ack" else _("trả lời"),
                    "n": number,
                    "o": code,
                }

            sent += notify(
                users=[*heads_of(part.organisation_id), part.assignee],
                kind="request.breach",
                title=title,
                url=_url(req),
                dedupe_key=f"req:{req.pk}:breach:{part.pk}:{kind}:{due.isoformat()}:1",
            )
            if cal.working_days_between(due, today) >= delay:
                sent += notify(
                    users=mofa_heads,
                    kind="request.escalated",
                    title=title,
                    url=_url(req),
                    dedupe_key=f"req:{req.pk}:breach:{part.pk}:{kind}:{due.isoformat()}:2",
                )
                if not Event.objects.filter(request=req, recipient=part, action=f"escalate_{kind}").exists():
                    with translation.override(settings.LANGUAGE_CODE):
                        _event(req, SYSTEM, f"escalate_{kind}", recipient=part, text=title())
    return sent


def remind_and_autoclose(*, today: dt.date | None = None) -> dict[str, int]:
    """Reminders at 75 % of the answer period (once per part), and answered parts the province has not rated
    within the category's rating period closed as unrated (DOMAIN.md §4)."""
    from ngoaivu.audit.services import SYSTEM

    today = today or _today()
    cal = working_calendar()
    reminded = closed = 0
    open_parts = (
        Recipient.objects.system(reason="75% reminders")
        .filter(
            status__in=[R.NEW, R.ACKNOWLEDGED, R.ASSIGNED, R.REOPENED],
            request__status=S.SENT,
            answer_due__gte=today,
        )
        .select_related("request__category", "organisation", "assignee")
    )
    for part in open_parts:
        period = max(1, cal.working_days_between(part.received_on, part.answer_due))
        used = cal.working_days_between(part.received_on, today) - part.paused_working_days
        if used * 4 >= period * 3:

            def reminder_title(
                number: str | None = part.request.number, due: dt.date = part.answer_due
            ) -> str:
                return _("Sắp đến hạn trả lời %(n)s (%(d)s)") % {"n": number, "d": due.strftime("%d/%m/%Y")}

            reminded += notify(
                users=[part.assignee, *heads_of(part.organisation_id)],
                kind="request.reminder",
                url=_url(part.request),
                title=reminder_title,
                dedupe_key=f"req:{part.request_id}:remind75:{part.pk}:{part.answer_due.isoformat()}",
            )
    answered = (
        Recipient.objects.system(reason="close unrated answers")
        .filter(status=R.ANSWERED, answered_on__isnull=False, request__status=S.SENT)
        .select_related("request__category")
    )
    for part in answered:
        assert part.answered_on is not None
        if cal.working_days_between(part.answered_on, today) > part.request.category.rating_days:
            with transaction.atomic():
                Recipient.objects.filter(pk=part.pk, status=R.ANSWERED).update(
                    status=R.CLOSED, updated_at=timezone.now()
                )
                _event(
                    part.request,
                    SYSTEM,
                    "autoclose_unrated",
                    recipient=part,
                    from_status=R.ANSWERED,
                    to_status=R.CLOSED,
                    text=_("Tự động đóng: quá hạn đánh giá"),
                )
                audit.record(
                    actor=SYSTEM,
                    action="request.autoclose_unrated",
                    target=part,
                    before={"status": R.ANSWERED},
                    after={"status": R.CLOSED},
                    verb="action",
                    target_org_id=part.request.owner_org_id,
                )
            closed += 1
    return {"reminded": reminded, "closed_unrated": closed}


@transaction.atomic
def category_update(*, actor: Any, code: str, changes: dict[str, Any]) -> Category:
    """Administrators change a category's SLA; deadlines already given keep the rule they were computed with."""
    if not actor.scope.is_site_admin:
        raise Forbidden()
    category = Category.objects.select_for_update().filter(code=code).first()
    if category is None:
        raise ServiceError(_("Không có lĩnh vực này."), {"code": [code]})
    allowed = {"ack_days", "answer_days", "rating_days", "is_active", "name_vi", "name_en"}
    if extra := set(changes) - allowed:
        raise ServiceError(_("Không được sửa trường: %(f)s") % {"f": ", ".join(sorted(extra))})
    errors: dict[str, list[str]] = {}
    for field in ("ack_days", "answer_days", "rating_days"):
        if field in changes and not (isinstance(changes[field], int) and 1 <= changes[field] <= 120):
            errors[field] = [_("Từ 1 đến 120 ngày làm việc.")]
    if changes.get("ack_days", category.ack_days) > changes.get("answer_days", category.answer_days):
        errors["ack_days"] = [_("Hạn xác nhận không được dài hơn hạn trả lời.")]
    if errors:
        raise ServiceError(_("Dữ liệu chưa hợp lệ."), errors)
    before = audit.snapshot(category)
    for k, v in changes.items():
        setattr(category, k, clean_text(v) if isinstance(v, str) else v)
    category.save()
    audit.record(
        actor=actor,
        action="request_category.update",
        target=category,
        before=before,
        after=audit.snapshot(category),
    )
    return category
