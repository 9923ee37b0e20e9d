"""The legal path of an agreement (DOMAIN.md §4; Law 70/2020): which action each state allows and to whom,
`agreement_action` that takes one, and one handler per action (consultation, opinions, approval, the Prime
Minister's decision, signing, the post-signing report, suspension, termination, the decision at expiry)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, pgettext_lazy

from ngoaivu.accounts.models import Organisation, User
from ngoaivu.accounts.notifications import notify, rendered_later, staff_of
from ngoaivu.agreements.models import Agreement, DeadlineRule, LegalStep
from ngoaivu.agreements.services.common import local_today, open_step, record_event, require
from ngoaivu.agreements.services.registration import index_agreement
from ngoaivu.audit import services as audit
from ngoaivu.core.actors import Actor
from ngoaivu.core.exceptions import Forbidden, ServiceError, StaleObject, StateConflict
from ngoaivu.core.scoping import Action, get_for_action
from ngoaivu.core.text import clean_text
from ngoaivu.core.versioning import save_versioned

A = Agreement.State


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

# The actions as buttons say them: a verb (context "action"), so a state of the same Vietnamese words
# ("Tạm đình chỉ" the state, "Tạm đình chỉ" the button) can read "Suspended" and "Suspend" in English.
ACTION_LABELS = {
    "consult": pgettext_lazy("action", "Gửi lấy ý kiến (hồ sơ đầy đủ)"),
    "record_opinion": pgettext_lazy("action", "Ghi nhận ý kiến"),
    "approve": pgettext_lazy("action", "Chấp thuận ký"),
    "submit_to_pm": pgettext_lazy("action", "Trình Thủ tướng"),
    "pm_decision": pgettext_lazy("action", "Ghi nhận ý kiến Thủ tướng"),
    "sign": pgettext_lazy("action", "Ghi nhận đã ký"),
    "report": pgettext_lazy("action", "Ghi nhận đã báo cáo Thủ tướng"),
    "start": pgettext_lazy("action", "Bắt đầu triển khai"),
    "suspend": pgettext_lazy("action", "Tạm đình chỉ"),
    "resume": pgettext_lazy("action", "Tiếp tục triển khai"),
    "terminate": pgettext_lazy("action", "Chấm dứt"),
    "decide_expiry": pgettext_lazy("action", "Quyết định khi hết hạn"),
    "record_paper_opinion": pgettext_lazy("action", "Ghi nhận ý kiến từ văn bản"),
}

# Steps of the legal procedure of Law 70/2020 that apply only to the kinds whose row says so (DOMAIN.md §4):
# a business MOU or a department's agreement is neither sent for opinions nor reported to the Prime Minister.
NEEDS_CONSULTATION = frozenset({"consult", "record_opinion", "submit_to_pm", "pm_decision"})
NEEDS_PM_REPORT = frozenset({"report"})


def kind_refusal(action: str, agreement: Agreement) -> str:
    """Why `action` does not fit this agreement's kind (empty when it does), in Vietnamese: the page does not
    offer such an action and the service refuses it with this sentence."""
    kind = agreement.kind
    if action in NEEDS_CONSULTATION and not kind.needs_consultation:
        if action == "consult":
            return _("Loại “%(k)s” không phải lấy ý kiến; dùng “Chấp thuận ký”.") % {"k": kind.name}
        return _(
            "Loại “%(k)s” không qua thủ tục lấy ý kiến và trình Thủ tướng theo Luật Thỏa thuận quốc tế."
        ) % {"k": kind.name}
    if action in NEEDS_PM_REPORT and not kind.needs_pm_report:
        return _("Loại “%(k)s” không phải báo cáo Thủ tướng sau khi ký.") % {"k": kind.name}
    if action == "approve" and agreement.state == A.PROPOSED and kind.needs_consultation:
        return _("Thỏa thuận loại “%(k)s” phải lấy ý kiến trước khi chấp thuận ký.") % {"k": kind.name}
    if action == "start" and agreement.state == A.SIGNED and kind.needs_pm_report:
        return _("Cần báo cáo Thủ tướng sau khi ký trước khi chuyển sang triển khai.")
    return ""


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


def available_actions(*, user: User, agreement: Agreement) -> list[str]:
    scope = user.scope
    owner = scope.can_write and (scope.is_site_admin or agreement.owner_org_id == scope.org_id)
    consulted = scope.can_write and any(
        s.body_org_id == scope.org_id and s.is_open for s in agreement.legal_steps.all()
    )
    found = []
    for action, (states, who) in TRANSITIONS.items():
        if agreement.state not in states:
            continue
        if kind_refusal(action, agreement):
            continue
        if (who == "owner" and owner) or (who == "consulted" and consulted):
            found.append(action)
    return found


def _opinion_refusal(actor: Actor, agreement: Agreement) -> str:
    """Why the owner may not answer a consultation in the consulted body's name (empty for anyone else)."""
    scope = actor.scope
    if scope.can_write and (scope.is_site_admin or agreement.owner_org_id == scope.org_id):
        return _(
            "Ý kiến của cơ quan được lấy ý kiến do chính cơ quan đó trả lời trên hệ thống. Nếu đã nhận văn bản "
            "trả lời, hãy dùng “Ghi nhận ý kiến từ văn bản” với số văn bản và bản scan."
        )
    return ""


def state_conflict(action: str, agreement: Agreement) -> StateConflict:
    return StateConflict(
        _("Không thể thực hiện “%(a)s” khi thỏa thuận đang ở trạng thái “%(s)s”.")
        % {"a": ACTION_LABELS.get(action, action), "s": agreement.get_state_display()}
    )


@transaction.atomic
def agreement_action(
    *,
    actor: User,
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
            raise state_conflict(action, agreement)
        if refusal := kind_refusal(action, agreement):
            raise StateConflict(refusal)
        raise Forbidden(_opinion_refusal(actor, agreement) if action == "record_opinion" else "")
    before = audit.snapshot(agreement)
    from_state = agreement.state
    on = data.on or local_today()
    if on > local_today():
        raise ServiceError(_("Ngày không được ở tương lai."), {"on": [_("Ngày không được ở tương lai.")]})
    text = clean_text(data.text)
    handler = HANDLERS[action]
    handler(agreement, actor, data, on, text)
    agreement.updated_by = actor
    agreement.last_activity_on = max(agreement.last_activity_on or on, on)
    save_versioned(agreement, None)
    record_event(agreement, actor, action, text=text, from_state=from_state, on=on)
    audit.record(
        actor=actor,
        action=f"agreement.{action}",
        target=agreement,
        before=before,
        after=audit.snapshot(agreement),
    )
    return agreement


def _consult(agreement: Agreement, actor: User, data: ActionInput, on: dt.date, text: str) -> None:
    """Written opinions from the ministry and the bodies named; each answers within the rule from a complete
    dossier (Law 70/2020 Art. 19(2))."""
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
        step = open_step(
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
                url=agreement.get_absolute_url(),
                dedupe_key=f"agr:{agreement.pk}:consult:{step.pk}",
            )


def _record_opinion(agreement: Agreement, actor: User, data: ActionInput, on: dt.date, text: str) -> None:
    step = agreement.legal_steps.filter(pk=data.step_id or 0, done_on__isnull=True).first()
    if step is None or step.kind != LegalStep.Kind.CONSULTATION:
        raise ServiceError(_("Chọn một cơ quan đang chờ ý kiến."), {"step_id": [_("Không có bước này.")]})
    if step.body_org_id is None or step.body_org_id != actor.scope.org_id:
        raise Forbidden(_opinion_refusal(actor, agreement))
    if data.outcome not in (LegalStep.Outcome.AGREE, LegalStep.Outcome.OBJECT):
        raise ServiceError(_("Chọn “Đồng ý” hoặc “Có ý kiến khác”."), {"outcome": [_("Bắt buộc.")]})
    if data.outcome == LegalStep.Outcome.OBJECT:
        require(text, "text", _("Ghi rõ nội dung ý kiến khác."))
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
        url=agreement.get_absolute_url(),
        dedupe_key=f"agr:{agreement.pk}:opinion:{step.pk}",
    )


def _approve(agreement: Agreement, actor: User, data: ActionInput, on: dt.date, text: str) -> None:
    steps = list(agreement.legal_steps.filter(kind=LegalStep.Kind.CONSULTATION))
    waiting = [s.body for s in steps if s.is_open]
    if waiting:
        raise StateConflict(_("Còn chờ ý kiến của: %(b)s.") % {"b": ", ".join(waiting)})
    agreement.state = A.APPROVED


def _submit_to_pm(agreement: Agreement, actor: User, data: ActionInput, on: dt.date, text: str) -> None:
    agreement.state = A.SUBMITTED_TO_PM
    open_step(
        agreement,
        LegalStep.Kind.PM_OPINION,
        _("Thủ tướng Chính phủ"),
        start=on,
        rule_key=DeadlineRule.Key.PM_OPINION,
    )


def _pm_decision(agreement: Agreement, actor: User, data: ActionInput, on: dt.date, text: str) -> None:
    if data.outcome not in (LegalStep.Outcome.APPROVED, LegalStep.Outcome.REFUSED):
        raise ServiceError(_("Chọn “Chấp thuận” hoặc “Không chấp thuận”."), {"outcome": [_("Bắt buộc.")]})
    step = agreement.legal_steps.filter(kind=LegalStep.Kind.PM_OPINION, done_on__isnull=True).first()
    if step is not None:
        step.outcome, step.done_on, step.note = data.outcome, on, text
        step.document_number = clean_text(data.document_number)[:60]
        step.save()
    agreement.state = A.APPROVED if data.outcome == LegalStep.Outcome.APPROVED else A.REFUSED


def _sign(agreement: Agreement, actor: User, data: ActionInput, on: dt.date, text: str) -> None:
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
        open_step(
            agreement,
            LegalStep.Kind.POST_SIGNING_REPORT,
            _("Thủ tướng Chính phủ (gửi Bộ Ngoại giao)"),
            start=on,
            rule_key=DeadlineRule.Key.POST_SIGNING_REPORT,
        )
    else:
        agreement.state = A.IN_IMPLEMENTATION


def _report(agreement: Agreement, actor: User, data: ActionInput, on: dt.date, text: str) -> None:
    require(clean_text(data.document_number), "document_number", _("Ghi số văn bản báo cáo."))
    agreement.state = A.REPORTED
    agreement.report_number = clean_text(data.document_number)[:60]
    agreement.reported_on = on
    agreement.legal_steps.filter(kind=LegalStep.Kind.POST_SIGNING_REPORT, done_on__isnull=True).update(
        done_on=on, outcome=LegalStep.Outcome.DONE, document_number=agreement.report_number, note=text
    )


def _start(agreement: Agreement, actor: User, data: ActionInput, on: dt.date, text: str) -> None:
    agreement.state = A.IN_IMPLEMENTATION


def _suspend(agreement: Agreement, actor: User, data: ActionInput, on: dt.date, text: str) -> None:
    require(text, "text", _("Ghi lý do tạm đình chỉ."))
    agreement.state = A.SUSPENDED
    agreement.end_reason = text


def _resume(agreement: Agreement, actor: User, data: ActionInput, on: dt.date, text: str) -> None:
    agreement.state = A.IN_IMPLEMENTATION


def _terminate(agreement: Agreement, actor: User, data: ActionInput, on: dt.date, text: str) -> None:
    require(text, "text", _("Ghi lý do chấm dứt."))
    agreement.state = A.TERMINATED
    agreement.end_reason = text


def _decide_expiry(agreement: Agreement, actor: User, data: ActionInput, on: dt.date, text: str) -> None:
    """Extend (a new end date), renew (a new agreement linked to this one is drafted) or let lapse."""
    decision = data.decision
    if decision not in Agreement.ExpiryDecision.values:
        raise ServiceError(_("Chọn gia hạn, ký mới hoặc để hết hiệu lực."), {"decision": [_("Bắt buộc.")]})
    require(text, "text", _("Ghi lý do của quyết định."))
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
        record_event(successor, actor, "renewal_of", text=str(agreement), from_state="-", on=on)
        audit.record(
            actor=actor, action="agreement.create", target=successor, after=audit.snapshot(successor)
        )
    elif agreement.valid_until is None or agreement.valid_until < on:
        agreement.state = A.EXPIRED


Handler = Callable[[Agreement, User, ActionInput, dt.date, str], None]
HANDLERS: dict[str, Handler] = {
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
