"""The request's own steps (submit, approval with four eyes, return, withdraw, close, merge) and
`request_action`, the one entry point of every workflow step, which hands recipients' steps to `recipients`."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.translation import gettext as _

from ngoaivu.accounts.models import Organisation, User
from ngoaivu.accounts.notifications import heads_of, notify
from ngoaivu.audit import services as audit
from ngoaivu.core import files
from ngoaivu.core.exceptions import Forbidden, ServiceError, StaleObject, StateConflict
from ngoaivu.core.scoping import Action, get_for_action
from ngoaivu.core.text import clean_text
from ngoaivu.core.versioning import save_versioned
from ngoaivu.requests import rules
from ngoaivu.requests.models import Answer, Recipient, RequestNumber, ServiceRequest, max_length
from ngoaivu.requests.progress import was_answered
from ngoaivu.requests.services.drafts import _index
from ngoaivu.requests.services.events import R, S, _conflict, _event, _require_text, _url
from ngoaivu.requests.services.recipients import _new_part, _part_for, _part_level


def _next_number(year: int) -> str:
    seq, _created = RequestNumber.objects.select_for_update().get_or_create(year=year)
    seq.last += 1
    seq.save(update_fields=["last"])
    return f"ĐH-{year}-{seq.last:05d}"


def _send(req: ServiceRequest, actor: User) -> None:
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


def _load_for_action(actor: User, request_id: int, action: str) -> ServiceRequest:
    req = get_for_action(ServiceRequest, actor, Action.VIEW, pk=request_id)
    if not actor.scope.can_write:
        raise Forbidden()
    return ServiceRequest.objects.visible_to(actor, Action.VIEW).select_for_update().get(pk=req.pk)


@dataclass(frozen=True)
class ActionInput:
    """What a workflow step says, from the action form's `cleaned_data` or the API payload's `model_dump()`
    (`core.inputs.input_from`): the same names in both, each used by the steps that need it."""

    text: str = ""
    recipient: str | None = None  # the part a sender's step is about, when the request has several
    rating: int | None = None
    assignee: str | None = None
    to: list[str] = field(default_factory=list)
    merge_into: str | None = None
    partner_contacts: str = ""
    next_steps: str = ""
    attachments: list[UploadedFile] = field(default_factory=list)


def request_step(
    *, actor: User, request_id: int, action: str, expected_version: int | None, data: ActionInput
) -> ServiceRequest:
    """`request_action` with what the page's form or the API's payload said."""
    return request_action(
        actor=actor,
        request_id=request_id,
        action=action,
        expected_version=expected_version,
        recipient_code=data.recipient,
        text=data.text,
        rating=data.rating,
        assignee=data.assignee,
        to_orgs=data.to,
        merge_into=data.merge_into,
        partner_contacts=data.partner_contacts,
        next_steps=data.next_steps,
        files=data.attachments,
    )


@files.atomic()  # a failed write deletes the files it stored
def request_action(
    *,
    actor: User,
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
    if len(text) > max_length(Answer, "text"):  # the longest text a step keeps: an answer
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


def _request_level(
    req: ServiceRequest, actor: User, action: str, *, is_sender: bool, text: str, merge_into: str | None
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
            if was_answered(req.recipients.all()):
                raise StateConflict(
                    _(
                        "Không rút được đặt hàng %(n)s: đã có nơi nhận trả lời. Nếu không cần thêm câu trả lời, "
                        "hãy đóng đặt hàng."
                    )
                    % {"n": req.number}
                )
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
