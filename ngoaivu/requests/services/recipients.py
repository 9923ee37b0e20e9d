"""A recipient's part of a sent request: its creation with deadlines, and the recipients' steps (acknowledge,
assign, clarify, answer, decline, forward, handover) and the sender's on a part (reply, rate, reopen)."""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from ngoaivu.accounts.models import Organisation, User
from ngoaivu.accounts.notifications import heads_of, notify, staff_of
from ngoaivu.core.exceptions import Forbidden, ServiceError
from ngoaivu.core.selectors import working_calendar
from ngoaivu.core.text import clean_text
from ngoaivu.requests import rules
from ngoaivu.requests.models import Answer, Recipient, ServiceRequest
from ngoaivu.requests.services.attachments import _store_file
from ngoaivu.requests.services.events import R, S, _conflict, _event, _require_text, _today, _url


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


def _part_for(
    req: ServiceRequest, actor: User, action: str, recipient_code: str | None, *, is_sender: bool
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
    actor: User,
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


def _sender_people(req: ServiceRequest) -> list[User]:
    people = [req.created_by, req.submitted_by, *heads_of(req.owner_org_id)]
    return [p for p in people if p is not None]
