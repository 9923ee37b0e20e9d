"""A recipient's part of a sent request: its creation with deadlines, and the recipients' steps (acknowledge,
assign, clarify, answer, decline, forward, handover) and the sender's on a part (reply, rate, reopen)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.core.files.uploadedfile import UploadedFile
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

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
        _tell(
            req,
            [user],
            "assigned",
            lambda: _("Bạn được giao xử lý %(n)s") % {"n": req.number},
            f"assign:{part.pk}:{user.pk}:{req.version}",
        )
    elif action == "clarify":
        _require_text(text, _("Cần ghi nội dung cần làm rõ."))
        part.previous_status = R.ACKNOWLEDGED if part.status == R.NEW else part.status
        part.status = R.CLARIFICATION
        part.paused_since = today
        part.acknowledged_on = part.acknowledged_on or today
        _tell_sender(
            req,
            part,
            "clarify",
            gettext_lazy("%(o)s đề nghị làm rõ %(n)s"),
            f"clarify:{part.pk}:{req.version}",
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
        req.first_answer_on = req.first_answer_on or today  # saved with the request by `request_action`
        part.acknowledged_on = part.acknowledged_on or today
        _tell_sender(req, part, "answered", gettext_lazy("%(o)s đã trả lời %(n)s"), f"answer:{answer.pk}")
    elif action == "rate":
        if rating is None or not 1 <= rating <= 5:
            raise ServiceError(_("Điểm đánh giá không hợp lệ."), {"rating": [_("Chọn điểm từ 1 đến 5.")]})
        part.rating = rating
        part.rating_comment = text
        part.status = R.RATED
        _tell(
            req,
            _unit_people(part),
            "rated",
            lambda: _("%(n)s được đánh giá %(r)d/5") % {"n": req.number, "r": rating},
            f"rate:{part.pk}:{req.version}",
        )
    elif action == "reopen":
        _require_text(text, _("Cần ghi lý do mở lại."))
        part.status = R.REOPENED
        part.rating = None
        part.answer_due = cal.add_working_days(today, req.category.answer_days)
        _tell(
            req,
            _unit_people(part),
            "reopened",
            lambda: _("%(n)s được mở lại") % {"n": req.number},
            f"reopen:{part.pk}:{req.version}",
        )
    elif action == "decline":
        _require_text(text, _("Cần ghi lý do từ chối."))
        part.status = R.DECLINED
        part.decline_reason = text
        _tell_sender(req, part, "declined", gettext_lazy("%(o)s từ chối %(n)s"), f"decline:{part.pk}")
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


def _tell(req: ServiceRequest, users: list[User], kind: str, title: Callable[[], str], key: str) -> None:
    """Notify `users` of a step on `req` (once per `key`), linking to the request's page."""
    notify(users=users, kind=f"request.{kind}", url=_url(req), title=title, dedupe_key=f"req:{req.pk}:{key}")


def _tell_sender(req: ServiceRequest, part: Recipient, kind: str, message: Promise, key: str) -> None:
    """Notify the sending province of a recipient's step: `message` names the unit (%(o)s) and the number (%(n)s)."""
    _tell(
        req,
        _sender_people(req),
        kind,
        lambda: str(message) % {"o": part.organisation.name_vi, "n": req.number},
        key,
    )


def _unit_people(part: Recipient) -> list[User]:
    """The receiving unit's heads and the part's assignee: who hears of the sender's rating or reopening."""
    return heads_of(part.organisation_id) + ([part.assignee] if part.assignee else [])


def _sender_people(req: ServiceRequest) -> list[User]:
    people = [req.created_by, req.submitted_by, *heads_of(req.owner_org_id)]
    return [p for p in people if p is not None]
