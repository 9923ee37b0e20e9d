"""Writes for delegations (plan, approval chain, mission briefing, outcome report, follow-up), leader visits
and international conferences, plus the reminder and personal-data purge jobs. Each function scopes,
validates, writes with optimistic locking, audits, and notifies after commit."""

from __future__ import annotations

import datetime as dt
import decimal
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ngoaivu.accounts.models import Organisation, Role, User
from ngoaivu.accounts.notifications import heads_of, notify, rendered_later, staff_of
from ngoaivu.agreements.models import Agreement, DeadlineRule
from ngoaivu.agreements.selectors import due_date, rule_for
from ngoaivu.audit import services as audit
from ngoaivu.audit.models import AccessEvent
from ngoaivu.core import files
from ngoaivu.core.exceptions import Forbidden, NotFound, ServiceError, StaleObject, StateConflict
from ngoaivu.core.scoping import Action, get_for_action
from ngoaivu.core.text import clean_line, clean_text, search_key
from ngoaivu.core.versioning import save_versioned
from ngoaivu.delegations import selectors
from ngoaivu.delegations.models import (
    ApprovalDeputy,
    ApprovalStepRule,
    BriefingNote,
    Conference,
    ConferenceConsultation,
    Delegation,
    DelegationApproval,
    DelegationEvent,
    FollowUpTask,
    LeaderVisit,
    Member,
    VisitAsk,
)
from ngoaivu.directory.models import Accreditation, Country, Partner, Province

D = Delegation.State
C = Conference.State
MAX_MEMBERS = 200
PASSPORT_RE = re.compile(r"^[A-Z0-9]{6,12}$")
PERSONAL = frozenset(Member.PERSONAL_FIELDS)


def _today() -> dt.date:
    return timezone.localdate()


def _text(errors: dict[str, list[str]], name: str, value: str, limit: int, *, required: bool = False) -> str:
    value = clean_text(value or "")
    if required and not value:
        errors.setdefault(name, []).append(_("Không được để trống."))
    if len(value) > limit:
        errors.setdefault(name, []).append(_("Tối đa %(n)d ký tự.") % {"n": limit})
    return value


def _fail(errors: dict[str, list[str]], message: str) -> None:
    if errors:
        raise ServiceError(message, errors)


def _countries(errors: dict[str, list[str]], codes: tuple[str, ...], *, required: bool) -> list[Country]:
    wanted = {c.strip().upper() for c in codes if c.strip()}
    found = list(Country.objects.filter(iso2__in={c for c in wanted if re.fullmatch(r"[A-Z]{2}", c)}))
    unknown = wanted - {c.iso2 for c in found}
    if unknown:
        errors.setdefault("countries", []).append(
            _("Mã quốc gia không có trong danh mục: %(c)s") % {"c": ", ".join(sorted(unknown))}
        )
    if required and not wanted:
        errors.setdefault("countries", []).append(_("Chọn ít nhất một quốc gia."))
    return found


def _province_of(actor: Any) -> Province:
    province = Province.objects.filter(code=actor.scope.province_code).first()
    if province is None:
        raise Forbidden()
    return province


def may_plan(actor: Any) -> bool:
    """Province officers and heads prepare their province's delegations and conferences."""
    scope = actor.scope
    return bool(scope.can_write and scope.is_province)


def _event(delegation: Delegation, actor: Any, action: str, *, text: str = "", from_state: str = "") -> None:
    DelegationEvent.objects.create(
        delegation=delegation,
        actor_label=audit.actor_label(actor),
        action=action,
        from_state=from_state,
        to_state=delegation.state if from_state else "",
        text=text,
    )


# --- delegations ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MemberInput:
    full_name: str
    position: str = ""
    unit: str = ""
    is_head: bool = False
    birth_date: dt.date | None = None
    passport_type: str = ""
    passport_number: str = ""
    passport_expiry: dt.date | None = None


@dataclass(frozen=True)
class DelegationInput:
    direction: str
    title: str
    purpose: str
    head_name: str
    departs_on: dt.date
    returns_on: dt.date
    countries: tuple[str, ...]
    head_position: str = ""
    cities: str = ""
    partner_ids: tuple[int, ...] = ()
    programme: str = ""
    invitation: str = ""
    funding: str = ""
    budget_estimate: decimal.Decimal | None = None
    guests_rank: str = ""
    receiving_leader: str = ""
    party_managed: bool = False
    visibility: str = "shared"
    members: tuple[MemberInput, ...] = ()


@dataclass
class _Checked:
    values: dict[str, Any]
    countries: list[Country] = field(default_factory=list)
    partners: list[Partner] = field(default_factory=list)
    members: list[dict[str, Any]] = field(default_factory=list)


def _validate_members(errors: dict[str, list[str]], members: tuple[MemberInput, ...]) -> list[dict[str, Any]]:
    if len(members) > MAX_MEMBERS:
        errors.setdefault("members", []).append(_("Tối đa %(n)d thành viên.") % {"n": MAX_MEMBERS})
        return []
    rows = []
    for i, m in enumerate(members, start=1):
        where = f"members[{i}]"
        row_errors: dict[str, list[str]] = {}
        name = _text(row_errors, "full_name", m.full_name, 200, required=True)
        number = clean_text(m.passport_number or "").upper().replace(" ", "")
        if number and not PASSPORT_RE.match(number):
            row_errors.setdefault("passport_number", []).append(
                _("Số hộ chiếu gồm 6–12 chữ cái in hoa và chữ số.")
            )
        if m.birth_date and m.birth_date >= _today():
            row_errors.setdefault("birth_date", []).append(_("Ngày sinh phải trước hôm nay."))
        if m.passport_type and m.passport_type not in Member.PassportType.values:
            row_errors.setdefault("passport_type", []).append(_("Loại hộ chiếu không hợp lệ."))
        for key, msgs in row_errors.items():
            errors.setdefault(f"{where}.{key}", []).extend(msgs)
        rows.append(
            {
                "full_name": name,
                "position": _text(errors, f"{where}.position", m.position, 300),
                "unit": _text(errors, f"{where}.unit", m.unit, 300),
                "is_head": bool(m.is_head),
                "birth_date": m.birth_date.isoformat() if m.birth_date else "",
                "passport_type": m.passport_type,
                "passport_number": number,
                "passport_expiry": m.passport_expiry.isoformat() if m.passport_expiry else "",
            }
        )
    return rows


def validate_delegation(data: DelegationInput, actor: Any) -> _Checked:
    errors: dict[str, list[str]] = {}
    if data.direction not in Delegation.Direction.values:
        errors["direction"] = [_("Chọn đoàn ra hoặc đoàn vào.")]
    if data.visibility not in ("shared", "private"):
        errors["visibility"] = [_("Phạm vi chia sẻ không hợp lệ.")]
    values = {
        "direction": data.direction,
        "title": _text(errors, "title", data.title, 300, required=True),
        "purpose": _text(errors, "purpose", data.purpose, 10000, required=True),
        "head_name": _text(errors, "head_name", data.head_name, 200, required=True),
        "head_position": _text(errors, "head_position", data.head_position, 300),
        "cities": _text(errors, "cities", data.cities, 500),
        "programme": _text(errors, "programme", data.programme, 20000),
        "invitation": _text(errors, "invitation", data.invitation, 500),
        "funding": _text(errors, "funding", data.funding, 300),
        "guests_rank": _text(errors, "guests_rank", data.guests_rank, 300),
        "receiving_leader": _text(errors, "receiving_leader", data.receiving_leader, 300),
        "budget_estimate": data.budget_estimate,
        "party_managed": bool(data.party_managed),
        "visibility": data.visibility,
        "departs_on": data.departs_on,
        "returns_on": data.returns_on,
    }
    if data.departs_on and data.returns_on and data.returns_on < data.departs_on:
        errors.setdefault("returns_on", []).append(_("Ngày về phải từ ngày đi trở đi."))
    if (
        data.departs_on
        and data.returns_on
        and (data.returns_on - data.departs_on).days > selectors.MAX_TRIP_DAYS
    ):
        errors.setdefault("returns_on", []).append(_("Một chuyến đi không dài quá một năm."))
    if data.budget_estimate is not None and data.budget_estimate < 0:
        errors.setdefault("budget_estimate", []).append(_("Kinh phí không được âm."))
    countries = _countries(errors, data.countries, required=True)
    if any(c.iso2 == "VN" for c in countries):
        errors.setdefault("countries", []).append(
            _("Chọn nước đến (đoàn ra) hoặc nước của khách (đoàn vào).")
        )
    partners = list(Partner.objects.visible_to(actor, Action.VIEW).filter(pk__in=set(data.partner_ids)))
    if len(partners) != len(set(data.partner_ids)):
        errors.setdefault("partners", []).append(_("Có đối tác không tồn tại hoặc bạn không được xem."))
    members = _validate_members(errors, data.members)
    _fail(errors, _("Chưa lưu được đoàn."))
    return _Checked(values, countries, partners, members)


def _index(delegation: Delegation, checked: _Checked) -> None:
    delegation.search_text = search_key(
        delegation.title,
        delegation.purpose[:2000],
        delegation.head_name,
        delegation.cities,
        delegation.province.name,
        *(c.name_vi for c in checked.countries),
        *(c.name_en for c in checked.countries),
        *(p.name for p in checked.partners),
        *(p.name_vi for p in checked.partners),
        *(m["full_name"] for m in checked.members),
    )
    delegation.summary_search_text = search_key(
        delegation.title,
        delegation.head_name,
        delegation.province.name,
        *(c.name_vi for c in checked.countries),
        *(c.name_en for c in checked.countries),
    )


def _write_members(delegation: Delegation, rows: list[dict[str, Any]]) -> None:
    needed = selectors.passport_needed_until(delegation.province.code, delegation.returns_on).isoformat()
    delegation.members.all().delete()
    Member.objects.bulk_create(
        [
            Member(
                delegation=delegation,
                passport_flag=bool(row["passport_expiry"]) and row["passport_expiry"] < needed,
                **row,
            )
            for row in rows
        ]
    )


def _members_summary(delegation: Delegation) -> dict[str, Any]:
    members = list(delegation.members.all())
    return {
        "members": [m.full_name for m in members],
        "members_personal_data": audit.REDACTED
        if any(m.passport_number or m.birth_date for m in members)
        else "",
    }


@transaction.atomic
def delegation_create(*, actor: Any, data: DelegationInput) -> Delegation:
    if not may_plan(actor):
        raise Forbidden()
    checked = validate_delegation(data, actor)
    delegation = Delegation(
        owner_org_id=actor.scope.org_id,
        province=_province_of(actor),
        created_by=actor,
        updated_by=actor,
        **checked.values,
    )
    _index(delegation, checked)
    save_versioned(delegation, None)
    delegation.countries.set(checked.countries)
    delegation.partners.set(checked.partners)
    _write_members(delegation, checked.members)
    _event(delegation, actor, "create", from_state="-")
    audit.record(
        actor=actor,
        action="delegation.create",
        target=delegation,
        after={**audit.snapshot(delegation), **_members_summary(delegation)},
    )
    return delegation


EDITABLE_STATES = (D.PLANNED, D.POSTPONED)


@transaction.atomic
def delegation_update(
    *, actor: Any, delegation_id: int, expected_version: int | None, data: DelegationInput
) -> Delegation:
    """The plan is edited while it is prepared or postponed; once submitted it changes only by being
    returned for changes, so approvers decide on what they read."""
    delegation = get_for_action(Delegation, actor, Action.CHANGE, pk=delegation_id)
    if delegation.state not in EDITABLE_STATES:
        raise StateConflict(
            _("Không sửa được đoàn đang ở trạng thái “%(s)s”.") % {"s": delegation.get_state_display()}
        )
    checked = validate_delegation(data, actor)
    before = {**audit.snapshot(delegation), **_members_summary(delegation)}
    for k, v in checked.values.items():
        setattr(delegation, k, v)
    delegation.updated_by = actor
    _index(delegation, checked)
    save_versioned(delegation, expected_version)
    delegation.countries.set(checked.countries)
    delegation.partners.set(checked.partners)
    _write_members(delegation, checked.members)
    _event(delegation, actor, "update")
    audit.record(
        actor=actor,
        action="delegation.update",
        target=delegation,
        before=before,
        after={**audit.snapshot(delegation), **_members_summary(delegation)},
    )
    return delegation


ACTIONS: dict[str, tuple[tuple[str, ...], str]] = {
    # action: (states it is allowed from, who: "owner" | "approver")
    "submit": ((D.PLANNED,), "owner"),
    "approve": ((D.SUBMITTED,), "approver"),
    "return": ((D.SUBMITTED,), "approver"),
    "refuse": ((D.SUBMITTED,), "approver"),
    "report": (Delegation.APPROVED_STATES, "owner"),
    "postpone": ((D.PLANNED, D.SUBMITTED, D.APPROVED, D.MISSION_NOTIFIED), "owner"),
    "resume": ((D.POSTPONED,), "owner"),
    "cancel": ((D.PLANNED, D.SUBMITTED, D.APPROVED, D.MISSION_NOTIFIED, D.POSTPONED), "owner"),
    "close": ((D.REPORTED,), "owner"),
}
ALL_ACTIONS = frozenset(ACTIONS)


@dataclass(frozen=True)
class FollowUpInput:
    title: str
    owner: str
    due_on: dt.date
    status: str = "open"
    agreement_id: int | None = None
    request_reference: str = ""


@dataclass(frozen=True)
class DelegationActionInput:
    comment: str = ""
    results: str = ""
    better_preparation: str = ""
    agreement_ids: tuple[int, ...] = ()
    actual_cost: decimal.Decimal | None = None
    follow_ups: tuple[FollowUpInput, ...] = ()


def decider_for(user: Any, step: DelegationApproval, delegation: Delegation, on: dt.date) -> tuple[bool, Any]:
    """(may decide, on whose behalf). A named approver decides their own step, or their deputy for the period;
    a step without a named approver is decided by a head of the delegation's organisation (or a head's
    deputy). Four eyes: whoever submitted the delegation never decides its steps, even as head; a step
    decided on paper (Chủ tịch UBND tỉnh, Ban Thường vụ Tỉnh ủy) is recorded, never clicked."""
    scope = user.scope
    if not scope.active or not scope.can_write or step.on_paper:
        return False, None
    if delegation.submitted_by_id is not None and delegation.submitted_by_id == user.pk:
        return False, None
    # four eyes through a deputy: nobody decides "on behalf of" the submitter; a step naming the submitter
    # goes to another head of the organisation instead
    for_whom = [a for a in selectors.deputies_for(user, on) if a != delegation.submitted_by_id]
    if step.approver_id is not None and step.approver_id != delegation.submitted_by_id:
        if step.approver_id == user.pk:
            return True, None
        if step.approver_id in for_whom:
            return True, step.approver
        return False, None
    if scope.org_id != delegation.owner_org_id:
        return False, None
    if Role.HEAD in scope.roles:
        return True, None
    heads = [h for h in heads_of(delegation.owner_org_id) if h.pk in for_whom]
    return (True, heads[0]) if heads else (False, None)


def refusal_reason(user: Any, step: DelegationApproval, delegation: Delegation) -> str:
    """Why `user` may not click this step, in words the page and the API show (empty: no particular reason)."""
    if step.on_paper:
        return _(
            "Bước “%(s)s” do lãnh đạo quyết định bằng văn bản: hãy ghi nhận quyết định (số, ngày, người ký, "
            "bản scan), không bấm duyệt thay."
        ) % {"s": step.label}
    if delegation.submitted_by_id is not None and delegation.submitted_by_id == user.pk:
        return _(
            "Nguyên tắc bốn mắt: bạn đã trình đoàn này nên không được tự duyệt, kể cả khi là lãnh đạo; "
            "bước duyệt do lãnh đạo khác hoặc người được ủy quyền thực hiện."
        )
    return ""


def may_record_decision(user: Any, delegation: Delegation) -> bool:
    """An officer of the delegation's organisation records the paper decision of the current step."""
    scope = user.scope
    step = selectors.current_step(delegation)
    return bool(
        step is not None
        and step.on_paper
        and scope.active
        and scope.can_write
        and scope.org_id == delegation.owner_org_id
    )


def available_actions(*, user: Any, delegation: Delegation) -> list[str]:
    scope = user.scope
    owner = scope.can_write and scope.org_id == delegation.owner_org_id
    step = selectors.current_step(delegation)
    approver = step is not None and decider_for(user, step, delegation, _today())[0]
    found = []
    for action, (states, who) in ACTIONS.items():
        if delegation.state not in states:
            continue
        if (who == "owner" and owner) or (who == "approver" and approver):
            found.append(action)
    if "report" in found and _today() < delegation.returns_on:
        found.remove("report")
    return found


def _notify_step(delegation: Delegation, step: DelegationApproval) -> None:
    if step.on_paper:  # the officers prepare the document for the leader and record the decision
        users = staff_of(delegation.owner_org_id)
    else:
        users = [step.approver] if step.approver else heads_of(delegation.owner_org_id)
        users = [u for u in users if u.pk != delegation.submitted_by_id]
    notify(
        users=users,
        kind="delegation_approval",
        title=rendered_later(gettext_noop("Đoàn chờ bạn duyệt: %(t)s"), t=delegation.title),
        url=f"/delegations/{delegation.pk}/",
        dedupe_key=f"delegation-step-{step.pk}",
    )


def _notify_missions(delegation: Delegation) -> int:
    """The mission(s) covering the destination countries are informed of an approved outbound delegation."""
    orgs = set(
        Accreditation.objects.filter(country__in=delegation.countries.all()).values_list(
            "mission__organisation_id", flat=True
        )
    )
    users = [u for org in orgs if org for u in staff_of(org)]
    notify(
        users=users,
        kind="delegation_mission",
        title=rendered_later(
            gettext_noop("Đoàn của %(p)s sắp đến địa bàn: %(t)s (%(d)s)"),
            p=delegation.province.name,
            t=delegation.title,
            d=delegation.departs_on.strftime("%d/%m/%Y"),
        ),
        url=f"/delegations/{delegation.pk}/",
        dedupe_key=f"delegation-mission-{delegation.pk}",
    )
    return len(orgs)


@transaction.atomic
def delegation_action(
    *,
    actor: Any,
    delegation_id: int,
    action: str,
    expected_version: int | None = None,
    data: DelegationActionInput | None = None,
) -> Delegation:
    """Move a delegation along its path. A step the state forbids is a StateConflict (409) naming the state;
    a step the user may not take is Forbidden (403)."""
    data = data or DelegationActionInput()
    if action not in ACTIONS:
        raise ServiceError(_("Thao tác không hợp lệ: %(a)s") % {"a": action})
    found = get_for_action(Delegation, actor, Action.VIEW, pk=delegation_id)
    delegation = Delegation.objects.visible_to(actor, Action.VIEW).select_for_update().get(pk=found.pk)
    if expected_version is not None and expected_version != delegation.version:
        raise StaleObject(delegation._meta.label, delegation.pk, delegation.version)
    states, _who = ACTIONS[action]
    if delegation.state not in states:
        raise StateConflict(
            _("Không thể thực hiện “%(a)s” khi đoàn đang ở trạng thái “%(s)s”.")
            % {"a": action, "s": delegation.get_state_display()}
        )
    if action not in available_actions(user=actor, delegation=delegation):
        if action == "report" and delegation.owner_org_id == actor.scope.org_id and actor.scope.can_write:
            raise StateConflict(
                _("Chỉ báo cáo kết quả sau khi đoàn về (ngày về: %(d)s).")
                % {"d": delegation.returns_on.strftime("%d/%m/%Y")}
            )
        step = selectors.current_step(delegation)
        # the reason names the step, which may reveal what the summary hides: only for who reads the details
        tells = actor.scope.org_id == delegation.owner_org_id or selectors.reads_details(actor, delegation)
        reason = refusal_reason(actor, step, delegation) if step and _who == "approver" and tells else ""
        raise Forbidden(reason)
    before = audit.snapshot(delegation)
    from_state = delegation.state
    comment = clean_text(data.comment)
    if len(comment) > 5000:
        raise ServiceError(_("Ý kiến tối đa 5000 ký tự."), {"comment": [_("Tối đa 5000 ký tự.")]})
    HANDLERS[action](delegation, actor, data, comment)
    delegation.updated_by = actor
    save_versioned(delegation, None)
    _event(delegation, actor, action, text=comment, from_state=from_state)
    audit.record(
        actor=actor,
        action=f"delegation.{action}",
        target=delegation,
        before=before,
        after=audit.snapshot(delegation),
    )
    return delegation


def _need_comment(comment: str) -> None:
    if not comment:
        message = _("Ghi rõ lý do hoặc ý kiến.")
        raise ServiceError(message, {"comment": [message]})


def _submit(delegation: Delegation, actor: Any, data: DelegationActionInput, comment: str) -> None:
    if not delegation.members.exists():
        message = _("Đoàn chưa có thành viên.")
        raise ServiceError(message, {"members": [message]})
    chain = selectors.chain_for(delegation)
    if not chain:
        raise ServiceError(_("Chưa cấu hình quy trình duyệt đoàn cho đơn vị này."))
    delegation.approval_round += 1
    DelegationApproval.objects.bulk_create(
        [
            DelegationApproval(
                delegation=delegation,
                round=delegation.approval_round,
                order=i,
                label=rule.label,
                approver=rule.approver,
                on_paper=rule.on_paper,
            )
            for i, rule in enumerate(chain, start=1)
        ]
    )
    delegation.state = D.SUBMITTED
    delegation.submitted_by = actor if isinstance(actor, User) else None
    delegation.save(update_fields=["approval_round", "submitted_by"])
    first = DelegationApproval.objects.filter(delegation=delegation, round=delegation.approval_round).first()
    if first is not None:
        _notify_step(delegation, first)


def _decide(delegation: Delegation, actor: Any, decision: str, comment: str) -> DelegationApproval:
    step = selectors.current_step(delegation)
    if step is None:
        raise StateConflict(_("Không có bước duyệt nào đang chờ."))
    allowed, for_whom = decider_for(actor, step, delegation, _today())
    if not allowed:
        raise Forbidden(refusal_reason(actor, step, delegation))
    step.decision = decision
    step.decided_by = actor
    step.on_behalf_of = for_whom
    step.decided_at = timezone.now()
    step.comment = comment
    step.save()
    return step


def _approve(delegation: Delegation, actor: Any, data: DelegationActionInput, comment: str) -> None:
    _decide(delegation, actor, DelegationApproval.Decision.APPROVED, comment)
    _advance(delegation)


def _advance(delegation: Delegation) -> None:
    """After an approved step: notify the next one, or the whole chain is through."""
    nxt = selectors.current_step(delegation)
    if nxt is not None:
        _notify_step(delegation, nxt)
        return
    delegation.state = D.APPROVED
    delegation.report_due_on, delegation.report_rule = selectors.report_due(
        delegation.province.code, delegation.returns_on
    )
    notify(
        users=staff_of(delegation.owner_org_id),
        kind="delegation_approved",
        title=rendered_later(gettext_noop("Đoàn đã được duyệt: %(t)s"), t=delegation.title),
        url=f"/delegations/{delegation.pk}/",
        dedupe_key=f"delegation-approved-{delegation.pk}-{delegation.approval_round}",
    )
    if delegation.direction == Delegation.Direction.OUTBOUND and _notify_missions(delegation):
        delegation.state = D.MISSION_NOTIFIED
        delegation.mission_notified_at = timezone.now()


def _return(delegation: Delegation, actor: Any, data: DelegationActionInput, comment: str) -> None:
    _need_comment(comment)
    _decide(delegation, actor, DelegationApproval.Decision.RETURNED, comment)
    delegation.state = D.PLANNED
    _tell_author(delegation, gettext_noop("Đoàn được trả lại để bổ sung: %(t)s"), "returned")


def _refuse(delegation: Delegation, actor: Any, data: DelegationActionInput, comment: str) -> None:
    _need_comment(comment)
    _decide(delegation, actor, DelegationApproval.Decision.REFUSED, comment)
    delegation.state = D.REFUSED
    _tell_author(delegation, gettext_noop("Đoàn không được duyệt: %(t)s"), "refused")


def _tell_author(delegation: Delegation, template: str, what: str) -> None:
    users = [u for u in [delegation.created_by] if u is not None] or staff_of(delegation.owner_org_id)
    notify(
        users=users,
        kind=f"delegation_{what}",
        title=rendered_later(template, t=delegation.title),
        url=f"/delegations/{delegation.pk}/",
        dedupe_key=f"delegation-{what}-{delegation.pk}-{delegation.approval_round}",
    )


def _report(delegation: Delegation, actor: Any, data: DelegationActionInput, comment: str) -> None:
    errors: dict[str, list[str]] = {}
    results = _text(errors, "results", data.results, 20000, required=True)
    better = _text(errors, "better_preparation", data.better_preparation, 10000)
    agreements = list(Agreement.objects.visible_to(actor, Action.VIEW).filter(pk__in=set(data.agreement_ids)))
    if len(agreements) != len(set(data.agreement_ids)):
        errors.setdefault("agreements", []).append(_("Có thỏa thuận không tồn tại hoặc bạn không được xem."))
    if data.actual_cost is not None and data.actual_cost < 0:
        errors.setdefault("actual_cost", []).append(_("Kinh phí không được âm."))
    tasks = []
    for i, task in enumerate(data.follow_ups, start=1):
        try:
            tasks.append(_follow_up_values(actor, task))
        except ServiceError as exc:
            for key, msgs in exc.errors.items():
                errors.setdefault(f"follow_ups[{i}].{key}", []).extend(msgs)
    _fail(errors, _("Chưa lưu được báo cáo kết quả."))
    for values in tasks:
        FollowUpTask.objects.create(delegation=delegation, **values)
    delegation.report_results = results
    delegation.report_better_preparation = better
    delegation.actual_cost = data.actual_cost
    delegation.reported_on = _today()
    delegation.state = D.REPORTED
    delegation.report_agreements.set(agreements)


def _postpone(delegation: Delegation, actor: Any, data: DelegationActionInput, comment: str) -> None:
    _need_comment(comment)
    delegation.state = D.POSTPONED


def _resume(delegation: Delegation, actor: Any, data: DelegationActionInput, comment: str) -> None:
    delegation.state = D.PLANNED


def _cancel(delegation: Delegation, actor: Any, data: DelegationActionInput, comment: str) -> None:
    _need_comment(comment)
    delegation.state = D.CANCELLED


def _close(delegation: Delegation, actor: Any, data: DelegationActionInput, comment: str) -> None:
    delegation.state = D.CLOSED


HANDLERS: dict[str, Callable[[Delegation, Any, DelegationActionInput, str], None]] = {
    "submit": _submit,
    "approve": _approve,
    "return": _return,
    "refuse": _refuse,
    "report": _report,
    "postpone": _postpone,
    "resume": _resume,
    "cancel": _cancel,
    "close": _close,
}


PAPER_DECISIONS = (DelegationApproval.Decision.APPROVED, DelegationApproval.Decision.REFUSED)


@dataclass(frozen=True)
class PaperDecisionInput:
    decision: str
    document_number: str
    document_date: dt.date | None
    signer: str
    comment: str = ""


def check_scan(upload: UploadedFile | None, errors: dict[str, list[str]], name: str = "file") -> str:
    """The scanned document of a paper decision or answer: required, same type, size and classification
    checks as every other upload."""
    if upload is None:
        errors.setdefault(name, []).append(_("Đính kèm bản scan văn bản."))
        return ""
    filename = files.upload_name(upload.name)[:200]
    if not files.extension_allowed(filename):
        errors.setdefault(name, []).append(
            _("Chỉ nhận: %(e)s") % {"e": ", ".join(settings.NGOAIVU_UPLOAD_EXTENSIONS)}
        )
    if files.too_large(upload):
        errors.setdefault(name, []).append(
            _("Tệp lớn hơn %(m)d MB.") % {"m": settings.NGOAIVU_UPLOAD_MAX_BYTES // 2**20}
        )
    if files.looks_classified(filename):
        errors.setdefault(name, []).append(_("Không tải lên tài liệu mật (Mật, Tối mật, Tuyệt mật)."))
    elif not errors.get(name) and (problem := files.content_problem(upload, filename)):
        errors.setdefault(name, []).append(problem)
    return filename


@files.atomic()  # a failed write deletes the scan it stored
def delegation_record_decision(
    *,
    actor: Any,
    delegation_id: int,
    data: PaperDecisionInput,
    upload: UploadedFile | None,
    expected_version: int | None = None,
) -> Delegation:
    """Records the decision of a leader or body that does not use ngoaivu (Chủ tịch UBND tỉnh, Ban Thường vụ
    Tỉnh ủy) for the current step, from its document: number, date, signer and the scan. The history says
    the officer recorded decision no. … — never that the officer approved as Chair."""
    found = get_for_action(Delegation, actor, Action.VIEW, pk=delegation_id)
    delegation = Delegation.objects.visible_to(actor, Action.VIEW).select_for_update().get(pk=found.pk)
    if not (actor.scope.can_write and actor.scope.org_id == delegation.owner_org_id):
        raise Forbidden()
    if expected_version is not None and expected_version != delegation.version:
        raise StaleObject(delegation._meta.label, delegation.pk, delegation.version)
    step = selectors.current_step(delegation)
    if step is None:
        raise StateConflict(_("Không có bước duyệt nào đang chờ."))
    if not step.on_paper:
        raise StateConflict(
            _("Bước “%(s)s” được duyệt trực tiếp trên hệ thống, không ghi nhận từ văn bản.")
            % {"s": step.label}
        )
    errors: dict[str, list[str]] = {}
    if data.decision not in PAPER_DECISIONS:
        errors["decision"] = [_("Chọn “Đồng ý” hoặc “Không đồng ý”.")]
    number = _text(errors, "document_number", clean_line(data.document_number or ""), 60, required=True)
    signer = _text(errors, "signer", clean_line(data.signer or ""), 200, required=True)
    comment = _text(errors, "comment", data.comment, 5000)
    if data.document_date is None:
        errors.setdefault("document_date", []).append(_("Không được để trống."))
    elif data.document_date > _today():
        errors.setdefault("document_date", []).append(_("Ngày văn bản không được ở tương lai."))
    filename = check_scan(upload, errors)
    if data.decision == DelegationApproval.Decision.REFUSED and not comment:
        errors.setdefault("comment", []).append(_("Ghi rõ lý do không đồng ý."))
    _fail(errors, _("Chưa ghi nhận được quyết định."))
    assert upload is not None
    assert data.document_date is not None
    before = audit.snapshot(delegation)
    from_state = delegation.state
    step.decision = data.decision
    step.decided_by = actor
    step.decided_at = timezone.now()
    step.comment = comment
    step.document_number = number
    step.document_date = data.document_date
    step.document_signer = signer
    step.document_name = filename
    step.document_sha256 = files.sha256_of(upload)
    files.store(step.document_file, filename, upload)
    step.save()
    if data.decision == DelegationApproval.Decision.APPROVED:
        _advance(delegation)
    else:
        delegation.state = D.REFUSED
        _tell_author(delegation, gettext_noop("Đoàn không được duyệt: %(t)s"), "refused")
    delegation.updated_by = actor
    save_versioned(delegation, None)
    text = _("ghi nhận quyết định số %(n)s ngày %(d)s của %(s)s (bước “%(l)s”): %(r)s") % {
        "n": number,
        "d": data.document_date.strftime("%d/%m/%Y"),
        "s": signer,
        "l": step.label,
        "r": step.get_decision_display(),
    }
    _event(
        delegation,
        actor,
        "record_decision",
        text=f"{text}. {comment}" if comment else text,
        from_state=from_state,
    )
    audit.record(
        actor=actor,
        action="delegation.record_decision",
        target=delegation,
        before=before,
        after={
            **audit.snapshot(delegation),
            "step": step.label,
            "decision": step.decision,
            "document_number": number,
            "document_date": data.document_date.isoformat(),
            "document_signer": signer,
            "document_sha256": step.document_sha256,
        },
    )
    return delegation


def personal_data_read(*, user: Any, delegation: Delegation, path: str, purpose: str) -> None:
    """Every unmasked read of members' personal data is logged (who, which delegation, why, from where)."""
    if not selectors.may_see_personal_data(user, delegation):
        raise Forbidden()
    audit.access(
        kind=AccessEvent.Kind.PERSONAL_DATA,
        user=user,
        path=path,
        detail=f"delegation {delegation.pk}: {purpose}",
    )


@transaction.atomic
def briefing_add(*, actor: Any, delegation_id: int, kind: str, text: str) -> BriefingNote:
    """A mission covering one of the delegation's countries adds what the delegation should know."""
    delegation = get_for_action(Delegation, actor, Action.VIEW, pk=delegation_id)
    scope = actor.scope
    if not (scope.is_mission and scope.can_write):
        raise Forbidden()
    errors: dict[str, list[str]] = {}
    if kind not in BriefingNote.Kind.values:
        errors["kind"] = [_("Chọn loại ghi chú.")]
    body = _text(errors, "text", text, 20000, required=True)
    _fail(errors, _("Chưa lưu được ghi chú."))
    note = BriefingNote.objects.create(
        delegation=delegation, organisation_id=scope.org_id, author=actor, kind=kind, text=body
    )
    _event(delegation, actor, "briefing", text=body[:300])
    audit.record(
        actor=actor,
        action="delegation.briefing_add",
        target=note,
        parent=delegation,
        after=audit.snapshot(note),
    )
    notify(
        users=staff_of(delegation.owner_org_id),
        kind="delegation_briefing",
        title=rendered_later(
            gettext_noop("Cơ quan đại diện gửi ghi chú cho đoàn: %(t)s"), t=delegation.title
        ),
        url=f"/delegations/{delegation.pk}/",
        dedupe_key=f"delegation-briefing-{note.pk}",
    )
    return note


def _follow_up_values(actor: Any, data: FollowUpInput) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    values: dict[str, Any] = {
        "title": _text(errors, "title", data.title, 300, required=True),
        "owner": _text(errors, "owner", data.owner, 200, required=True),
        "due_on": data.due_on,
        "status": data.status,
        "request_reference": _text(errors, "request_reference", data.request_reference, 40),
        "agreement": None,
    }
    if data.status not in FollowUpTask.Status.values:
        errors["status"] = [_("Tình trạng không hợp lệ.")]
    if data.agreement_id:
        agreement = Agreement.objects.visible_to(actor, Action.VIEW).filter(pk=data.agreement_id).first()
        if agreement is None:
            errors["agreement"] = [_("Thỏa thuận không tồn tại hoặc bạn không được xem.")]
        values["agreement"] = agreement
    _fail(errors, _("Chưa lưu được việc cần làm."))
    return values


@transaction.atomic
def follow_up_save(
    *, actor: Any, delegation_id: int, data: FollowUpInput, task_id: int | None = None
) -> FollowUpTask:
    delegation = get_for_action(Delegation, actor, Action.CHANGE, pk=delegation_id)
    if delegation.state not in Delegation.FOLLOW_UP_STATES:
        raise StateConflict(_("Việc cần làm sau chuyến đi chỉ thêm cho đoàn đã được duyệt."))
    values = _follow_up_values(actor, data)
    if task_id is None:
        task = FollowUpTask.objects.create(delegation=delegation, **values)
        audit.record(
            actor=actor,
            action="delegation.follow_up_create",
            target=task,
            parent=delegation,
            after=audit.snapshot(task),
        )
        return task
    found = FollowUpTask.objects.filter(delegation=delegation, pk=task_id).first()
    if found is None:
        raise NotFound()
    task = found
    before = audit.snapshot(task)
    for k, v in values.items():
        setattr(task, k, v)
    task.done_on = (
        _today() if task.status == FollowUpTask.Status.DONE and task.done_on is None else task.done_on
    )
    task.save()
    audit.record(
        actor=actor,
        action="delegation.follow_up_update",
        target=task,
        parent=delegation,
        before=before,
        after=audit.snapshot(task),
    )
    return task


@transaction.atomic
def deputy_create(*, actor: Any, deputy_id: int, starts_on: dt.date, ends_on: dt.date) -> ApprovalDeputy:
    """An approver (a head, or a person named in a chain) lets a colleague of the same organisation decide in
    their name for a period."""
    scope = actor.scope
    if not may_delegate_approval(actor):
        raise Forbidden()
    errors: dict[str, list[str]] = {}
    deputy = User.objects.filter(pk=deputy_id, is_active=True, organisation_id=scope.org_id).first()
    if deputy is None or deputy.pk == actor.pk:
        errors["deputy"] = [_("Chọn một người khác trong đơn vị của bạn.")]
    if ends_on < starts_on:
        errors["ends_on"] = [_("Ngày kết thúc phải sau ngày bắt đầu.")]
    if (ends_on - starts_on).days > 366:
        errors["ends_on"] = [_("Ủy quyền không quá một năm.")]
    if ends_on < _today():
        errors["ends_on"] = [_("Ngày kết thúc đã qua.")]
    _fail(errors, _("Chưa lưu được ủy quyền."))
    assert deputy is not None
    row = ApprovalDeputy.objects.create(approver=actor, deputy=deputy, starts_on=starts_on, ends_on=ends_on)
    audit.record(actor=actor, action="delegation.deputy_create", target=row, after=audit.snapshot(row))
    return row


def may_delegate_approval(actor: Any) -> bool:
    """Heads, and people named as approvers in a chain, may let a deputy decide for them."""
    scope = actor.scope
    if not scope.can_write:
        return False
    return bool(scope.can_approve or ApprovalStepRule.objects.filter(approver_id=actor.pk).exists())


@transaction.atomic
def deputy_revoke(*, actor: Any, deputy_row_id: int) -> None:
    row = ApprovalDeputy.objects.filter(
        pk=deputy_row_id, approver_id=actor.pk, revoked_at__isnull=True
    ).first()
    if row is None:
        raise NotFound()
    before = audit.snapshot(row)
    row.revoked_at = timezone.now()
    row.save(update_fields=["revoked_at"])
    audit.record(
        actor=actor, action="delegation.deputy_revoke", target=row, before=before, after=audit.snapshot(row)
    )


# --- leader visits ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class VisitInput:
    direction: str
    province: str
    starts_on: dt.date
    ends_on: dt.date
    ministry_leaders: str
    province_leaders: str = ""
    agenda: str = ""
    agreed: str = ""
    follow_up: str = ""
    status: str = "planned"
    asks: tuple[str, ...] = ()


def _visit_values(data: VisitInput) -> tuple[dict[str, Any], list[str]]:
    errors: dict[str, list[str]] = {}
    province = Province.objects.filter(code=data.province).first()
    if province is None:
        errors["province"] = [_("Chọn tỉnh, thành phố.")]
    if data.direction not in LeaderVisit.Direction.values:
        errors["direction"] = [_("Chọn hình thức làm việc.")]
    if data.status not in LeaderVisit.Status.values:
        errors["status"] = [_("Tình trạng không hợp lệ.")]
    if data.ends_on < data.starts_on:
        errors["ends_on"] = [_("Ngày kết thúc phải từ ngày bắt đầu trở đi.")]
    values = {
        "direction": data.direction,
        "province": province,
        "starts_on": data.starts_on,
        "ends_on": data.ends_on,
        "ministry_leaders": _text(errors, "ministry_leaders", data.ministry_leaders, 500, required=True),
        "province_leaders": _text(errors, "province_leaders", data.province_leaders, 500),
        "agenda": _text(errors, "agenda", data.agenda, 20000),
        "agreed": _text(errors, "agreed", data.agreed, 20000),
        "follow_up": _text(errors, "follow_up", data.follow_up, 20000),
        "status": data.status,
    }
    asks = [_text(errors, "asks", a, 5000) for a in data.asks]
    if len(asks) > 100:
        errors["asks"] = [_("Tối đa 100 đề nghị.")]
    _fail(errors, _("Chưa lưu được chuyến làm việc."))
    return values, [a for a in asks if a]


def _index_visit(visit: LeaderVisit, asks: list[str]) -> None:
    visit.search_text = search_key(
        visit.ministry_leaders, visit.province_leaders, visit.province.name, visit.agenda[:2000], *asks
    )


@transaction.atomic
def visit_create(*, actor: Any, data: VisitInput) -> LeaderVisit:
    """The ministry records its leaders' working visits (DOMAIN.md §2: leader visits are the ministry's)."""
    scope = actor.scope
    if not (scope.can_write and (scope.is_national or scope.is_site_admin)):
        raise Forbidden()
    values, asks = _visit_values(data)
    mofa = Organisation.objects.filter(kind=Organisation.Kind.MOFA).first()
    visit = LeaderVisit(owner_org=mofa, created_by=actor, updated_by=actor, **values)
    _index_visit(visit, asks)
    save_versioned(visit, None)
    VisitAsk.objects.bulk_create([VisitAsk(visit=visit, text=a) for a in asks])
    audit.record(
        actor=actor, action="visit.create", target=visit, after={**audit.snapshot(visit), "asks": asks}
    )
    notify(
        users=staff_of(Organisation.objects.filter(code=f"tinh-{visit.province.code}").first()),
        kind="visit",
        title=rendered_later(
            gettext_noop("Lãnh đạo Bộ làm việc với tỉnh ngày %(d)s"), d=visit.starts_on.strftime("%d/%m/%Y")
        ),
        url=f"/delegations/visits/{visit.pk}/",
        dedupe_key=f"visit-created-{visit.pk}",
    )
    return visit


PROVINCE_SIDE = ("province_leaders", "agenda", "agreed", "follow_up")


@transaction.atomic
def visit_update(*, actor: Any, visit_id: int, expected_version: int | None, data: VisitInput) -> LeaderVisit:
    """The ministry edits everything; the province visited edits its side (its leaders, agenda, what was
    agreed, follow-up, its asks)."""
    visit = get_for_action(LeaderVisit, actor, Action.CHANGE, pk=visit_id)
    values, asks = _visit_values(data)
    before = {**audit.snapshot(visit), "asks": [a.text for a in visit.asks.all()]}
    fields = (
        values
        if actor.scope.is_national or actor.scope.is_site_admin
        else {k: values[k] for k in PROVINCE_SIDE}
    )
    for k, v in fields.items():
        setattr(visit, k, v)
    visit.updated_by = actor
    existing = {a.text: a for a in visit.asks.all()}
    VisitAsk.objects.filter(visit=visit).exclude(text__in=asks).filter(request_id__isnull=True).delete()
    VisitAsk.objects.bulk_create([VisitAsk(visit=visit, text=a) for a in asks if a not in existing])
    all_asks = [a.text for a in visit.asks.all()]
    _index_visit(visit, all_asks)
    save_versioned(visit, expected_version)
    audit.record(
        actor=actor,
        action="visit.update",
        target=visit,
        before=before,
        after={**audit.snapshot(visit), "asks": all_asks},
    )
    return visit


def visit_ask_for_request(*, actor: Any, ask_id: int) -> VisitAsk:
    """The ask a province turns into a request: it must belong to a visit of the actor's province."""
    ask = VisitAsk.objects.filter(pk=ask_id).select_related("visit__province").first()
    if (
        ask is None
        or not LeaderVisit.objects.visible_to(actor, Action.CHANGE).filter(pk=ask.visit_id).exists()
    ):
        raise NotFound()
    return ask


def visit_ask_link(*, actor: Any, ask_id: int, request_id: int, request_number: str) -> None:
    """Called by the requests service in the same transaction that creates the request."""
    ask = visit_ask_for_request(actor=actor, ask_id=ask_id)
    if ask.request_id:
        raise ServiceError(_("Đề nghị này đã được chuyển thành đặt hàng %(n)s.") % {"n": ask.request_number})
    before = audit.snapshot(ask)
    ask.request_id = request_id
    ask.request_number = request_number
    ask.save(update_fields=["request_id", "request_number", "updated_at"])
    audit.record(
        actor=actor,
        action="visit.ask_to_request",
        target=ask,
        parent=ask.visit,
        before=before,
        after=audit.snapshot(ask),
    )


# --- conferences -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ConferenceInput:
    title: str
    organiser: str
    format: str
    starts_on: dt.date
    ends_on: dt.date
    top_rank: str
    venue: str = ""
    countries: tuple[str, ...] = ()
    foreign_participants: int = 0
    sensitive_topics: tuple[str, ...] = ()
    funding: str = ""
    visibility: str = "shared"


def approval_level(top_rank: str, sensitive_topics: tuple[str, ...] | list[str]) -> str:
    """Decision 06/2020/QĐ-TTg as DOMAIN.md §4 states it: the Prime Minister when a foreign participant is of
    ministerial rank or above or the topic is sensitive; otherwise the Chair of the People's Committee."""
    if top_rank == Conference.Rank.MINISTER or sensitive_topics:
        return Conference.Level.PM
    return Conference.Level.CHAIR


def _conference_values(actor: Any, data: ConferenceInput) -> tuple[dict[str, Any], list[Country]]:
    errors: dict[str, list[str]] = {}
    if data.format not in Conference.Format.values:
        errors["format"] = [_("Chọn hình thức.")]
    if data.top_rank not in Conference.Rank.values:
        errors["top_rank"] = [_("Chọn cấp cao nhất của đại biểu nước ngoài.")]
    unknown = [t for t in data.sensitive_topics if t not in Conference.SENSITIVE_TOPICS]
    if unknown:
        errors["sensitive_topics"] = [
            _("Nội dung không có trong danh mục: %(t)s") % {"t": ", ".join(unknown)}
        ]
    if data.ends_on < data.starts_on:
        errors["ends_on"] = [_("Ngày bế mạc phải từ ngày khai mạc trở đi.")]
    if data.foreign_participants < 0 or data.foreign_participants > 100000:
        errors["foreign_participants"] = [_("Số đại biểu không hợp lệ.")]
    if data.visibility not in ("shared", "private"):
        errors["visibility"] = [_("Phạm vi chia sẻ không hợp lệ.")]
    countries = _countries(errors, data.countries, required=False)
    topics = sorted(set(data.sensitive_topics))
    values = {
        "title": _text(errors, "title", data.title, 500, required=True),
        "organiser": _text(errors, "organiser", data.organiser, 300, required=True),
        "format": data.format,
        "venue": _text(errors, "venue", data.venue, 300),
        "starts_on": data.starts_on,
        "ends_on": data.ends_on,
        "foreign_participants": data.foreign_participants,
        "top_rank": data.top_rank,
        "sensitive_topics": topics,
        "funding": _text(errors, "funding", data.funding, 300),
        "visibility": data.visibility,
        "approval_level": approval_level(data.top_rank, topics),
    }
    _fail(errors, _("Chưa lưu được hội nghị."))
    return values, countries


def _conference_dates(conference: Conference) -> None:
    conference.dossier_due_on, conference.dossier_rule = selectors.latest_dossier_date(
        conference.approval_level, conference.province.code, conference.starts_on
    )
    rule = rule_for(DeadlineRule.Key.CONFERENCE_REPORT, conference.province.code)
    conference.report_due_on = due_date(rule, conference.ends_on)
    conference.search_text = search_key(
        conference.title, conference.organiser, conference.venue, conference.province.name
    )


@transaction.atomic
def conference_create(*, actor: Any, data: ConferenceInput) -> Conference:
    if not may_plan(actor):
        raise Forbidden()
    values, countries = _conference_values(actor, data)
    conference = Conference(
        owner_org_id=actor.scope.org_id,
        province=_province_of(actor),
        created_by=actor,
        updated_by=actor,
        **values,
    )
    _conference_dates(conference)
    save_versioned(conference, None)
    conference.countries.set(countries)
    audit.record(actor=actor, action="conference.create", target=conference, after=audit.snapshot(conference))
    return conference


@transaction.atomic
def conference_update(
    *, actor: Any, conference_id: int, expected_version: int | None, data: ConferenceInput
) -> Conference:
    conference = get_for_action(Conference, actor, Action.CHANGE, pk=conference_id)
    if conference.state != C.PLANNED:
        raise StateConflict(
            _("Không sửa được hội nghị đang ở trạng thái “%(s)s”.") % {"s": conference.get_state_display()}
        )
    values, countries = _conference_values(actor, data)
    before = audit.snapshot(conference)
    for k, v in values.items():
        setattr(conference, k, v)
    conference.updated_by = actor
    _conference_dates(conference)
    save_versioned(conference, expected_version)
    conference.countries.set(countries)
    audit.record(
        actor=actor,
        action="conference.update",
        target=conference,
        before=before,
        after=audit.snapshot(conference),
    )
    return conference


CONFERENCE_ACTIONS: dict[str, tuple[str, ...]] = {
    "submit": (C.PLANNED,),
    "record_reply": (C.SUBMITTED, C.APPROVED),
    "approve": (C.SUBMITTED,),
    "refuse": (C.SUBMITTED,),
    "report": (C.APPROVED,),
    "cancel": (C.PLANNED, C.SUBMITTED, C.APPROVED),
}


@dataclass(frozen=True)
class ConferenceActionInput:
    text: str = ""
    bodies: tuple[str, ...] = ()
    consultation_id: int | None = None
    decision: str = ""


def conference_actions(*, user: Any, conference: Conference) -> list[str]:
    scope = user.scope
    if not (scope.can_write and scope.org_id == conference.owner_org_id):
        return []
    found = [a for a, states in CONFERENCE_ACTIONS.items() if conference.state in states]
    if "report" in found and _today() < conference.ends_on:
        found.remove("report")
    return found


@transaction.atomic
def conference_action(
    *,
    actor: Any,
    conference_id: int,
    action: str,
    expected_version: int | None = None,
    data: ConferenceActionInput | None = None,
) -> Conference:
    data = data or ConferenceActionInput()
    if action not in CONFERENCE_ACTIONS:
        raise ServiceError(_("Thao tác không hợp lệ: %(a)s") % {"a": action})
    found = get_for_action(Conference, actor, Action.VIEW, pk=conference_id)
    conference = Conference.objects.visible_to(actor, Action.VIEW).select_for_update().get(pk=found.pk)
    if expected_version is not None and expected_version != conference.version:
        raise StaleObject(conference._meta.label, conference.pk, conference.version)
    if conference.state not in CONFERENCE_ACTIONS[action]:
        raise StateConflict(
            _("Không thể thực hiện “%(a)s” khi hội nghị đang ở trạng thái “%(s)s”.")
            % {"a": action, "s": conference.get_state_display()}
        )
    if action not in conference_actions(user=actor, conference=conference):
        if action == "report" and actor.scope.org_id == conference.owner_org_id and actor.scope.can_write:
            raise StateConflict(_("Chỉ báo cáo kết quả sau ngày bế mạc."))
        raise Forbidden()
    before = audit.snapshot(conference)
    text = clean_text(data.text)
    errors: dict[str, list[str]] = {}
    today = _today()
    if action == "submit":
        if today > conference.dossier_due_on:
            message = _(
                "Hồ sơ nộp muộn: hội nghị khai mạc ngày %(s)s phải trình %(l)s chậm nhất ngày %(d)s (%(r)s)."
            ) % {
                "s": conference.starts_on.strftime("%d/%m/%Y"),
                "l": conference.get_approval_level_display(),
                "d": conference.dossier_due_on.strftime("%d/%m/%Y"),
                "r": conference.dossier_rule,
            }
            raise ServiceError(message, {"dossier_submitted_on": [message]})
        bodies = [clean_text(b) for b in data.bodies if clean_text(b)]
        if any(len(b) > 300 for b in bodies):
            errors["bodies"] = [_("Tên cơ quan tối đa 300 ký tự.")]
        _fail(errors, _("Chưa trình được hồ sơ."))
        rule = rule_for(DeadlineRule.Key.CONFERENCE_CONSULTATION_REPLY, conference.province.code)
        ConferenceConsultation.objects.bulk_create(
            [
                ConferenceConsultation(
                    conference=conference,
                    body=b,
                    sent_on=today,
                    due_on=due_date(rule, today),
                    rule=rule.describe()[:300],
                )
                for b in dict.fromkeys(bodies)
            ]
        )
        conference.dossier_submitted_on = today
        conference.state = C.SUBMITTED
    elif action == "record_reply":
        consultation = conference.consultations.filter(pk=data.consultation_id or 0).first()
        if consultation is None:
            raise ServiceError(_("Chọn cơ quan đã trả lời."), {"consultation_id": [_("Chọn cơ quan.")]})
        if not text:
            raise ServiceError(_("Ghi ý kiến của cơ quan."), {"text": [_("Không được để trống.")]})
        consultation.reply = text[:10000]
        consultation.replied_on = today
        consultation.save()
    elif action in ("approve", "refuse"):
        decision = _text(errors, "decision", data.decision, 200, required=True)
        _fail(errors, _("Ghi số, ngày văn bản cho phép hoặc không cho phép."))
        conference.decision = decision
        conference.state = C.APPROVED if action == "approve" else C.REFUSED
    elif action == "report":
        report = _text(errors, "text", data.text, 20000, required=True)
        _fail(errors, _("Chưa lưu được báo cáo."))
        conference.report_text = report
        conference.reported_on = today
        conference.state = C.REPORTED
    elif action == "cancel":
        if not text:
            raise ServiceError(_("Ghi rõ lý do."), {"text": [_("Ghi rõ lý do.")]})
        conference.state = C.CANCELLED
    conference.updated_by = actor
    save_versioned(conference, None)
    audit.record(
        actor=actor,
        action=f"conference.{action}",
        target=conference,
        before=before,
        after={**audit.snapshot(conference), "text": text[:500]},
    )
    return conference


# --- jobs ----------------------------------------------------------------------------------------------------------


def remind_delegations(today: dt.date | None = None) -> dict[str, int]:
    """Idempotent hourly job: moves approved delegations to "ongoing" and "returned" by their dates; reminds
    reports due within 2 days or overdue, follow-up tasks due within the configured days or overdue,
    conference dossiers due within 7 days and conference reports overdue. Each reminder once (dedupe keys)."""
    today = today or _today()
    counts = {
        "ongoing": 0,
        "returned": 0,
        "report_reminders": 0,
        "follow_up_reminders": 0,
        "conference_reminders": 0,
    }
    delegations = Delegation.objects.system(reason="delegation reminders").filter(deleted_at__isnull=True)
    for d in delegations.filter(
        state__in=[D.APPROVED, D.MISSION_NOTIFIED, D.ONGOING], departs_on__lte=today
    ).select_related("province"):
        before = audit.snapshot(d)
        new = D.RETURNED if d.returns_on < today else D.ONGOING
        if new == d.state:
            continue
        from_state, d.state = d.state, new
        save_versioned(d, None)
        _event(d, audit.SYSTEM, "trip", from_state=from_state)
        audit.record(
            actor=audit.SYSTEM, action="delegation.trip", target=d, before=before, after=audit.snapshot(d)
        )
        counts["ongoing" if new == D.ONGOING else "returned"] += 1
    for d in delegations.filter(
        state__in=Delegation.APPROVED_STATES,
        reported_on__isnull=True,
        report_due_on__lte=today + dt.timedelta(days=2),
    ):
        assert d.report_due_on is not None
        late = d.report_due_on < today
        counts["report_reminders"] += notify(
            users=staff_of(d.owner_org_id),
            kind="delegation_report",
            title=rendered_later(
                gettext_noop("Quá hạn báo cáo kết quả đoàn: %(t)s (hạn %(d)s)")
                if late
                else gettext_noop("Sắp đến hạn báo cáo kết quả đoàn: %(t)s (hạn %(d)s)"),
                t=d.title,
                d=d.report_due_on.strftime("%d/%m/%Y"),
            ),
            url=f"/delegations/{d.pk}/",
            dedupe_key=f"delegation-report-{d.pk}-{'late' if late else 'soon'}",
        )
    rule = rule_for(DeadlineRule.Key.FOLLOW_UP_REMINDER)
    for t in FollowUpTask.objects.filter(
        delegation__in=delegations,
        status=FollowUpTask.Status.OPEN,
        due_on__lte=today + dt.timedelta(days=rule.days),
    ).select_related("delegation"):
        late = t.due_on < today
        counts["follow_up_reminders"] += notify(
            users=staff_of(t.delegation.owner_org_id),
            kind="delegation_follow_up",
            title=rendered_later(
                gettext_noop("Quá hạn việc sau chuyến đi: %(t)s (hạn %(d)s)")
                if late
                else gettext_noop("Sắp đến hạn việc sau chuyến đi: %(t)s (hạn %(d)s)"),
                t=t.title,
                d=t.due_on.strftime("%d/%m/%Y"),
            ),
            url=f"/delegations/{t.delegation_id}/#follow-ups",
            dedupe_key=f"follow-up-{t.pk}-{t.due_on.isoformat()}-{'late' if late else 'soon'}",
        )
    conferences = Conference.objects.system(reason="conference reminders").filter(deleted_at__isnull=True)
    for c in conferences.filter(state=C.PLANNED, dossier_due_on__range=(today, today + dt.timedelta(days=7))):
        counts["conference_reminders"] += notify(
            users=staff_of(c.owner_org_id),
            kind="conference_dossier",
            title=rendered_later(
                gettext_noop("Hạn trình hồ sơ hội nghị %(t)s: %(d)s"),
                t=c.title,
                d=c.dossier_due_on.strftime("%d/%m/%Y"),
            ),
            url=f"/delegations/conferences/{c.pk}/",
            dedupe_key=f"conference-dossier-{c.pk}-{c.dossier_due_on.isoformat()}",
        )
    for c in conferences.filter(state=C.APPROVED, reported_on__isnull=True, report_due_on__lt=today):
        counts["conference_reminders"] += notify(
            users=staff_of(c.owner_org_id),
            kind="conference_report",
            title=rendered_later(gettext_noop("Quá hạn báo cáo kết quả hội nghị: %(t)s"), t=c.title),
            url=f"/delegations/conferences/{c.pk}/",
            dedupe_key=f"conference-report-{c.pk}",
        )
    return counts


def purge_personal_data(today: dt.date | None = None) -> dict[str, int]:
    """Anonymise members' personal data (birth date, passport) of trips that ended longer ago than the
    retention rule (default 24 months). Names and positions stay: they are part of the official record."""
    today = today or _today()
    cutoff = selectors.retention_cutoff(today)
    counts = {"delegations": 0, "members": 0}
    due = Delegation.objects.system(reason="personal data retention").filter(
        returns_on__lt=cutoff, personal_data_purged_on__isnull=True
    )
    for delegation in due.iterator():
        with transaction.atomic():
            members = Member.objects.filter(delegation=delegation, anonymised_on__isnull=True)
            n = members.update(
                birth_date="",
                passport_number="",
                passport_expiry="",
                passport_flag=False,
                anonymised_on=today,
            )
            Delegation.objects.system(reason="personal data retention").filter(pk=delegation.pk).update(
                personal_data_purged_on=today, updated_at=timezone.now()
            )
            audit.record(
                actor=audit.SYSTEM,
                action="delegation.personal_data_purge",
                target=delegation,
                before={"members_personal_data": audit.REDACTED},
                after={"members_personal_data": "", "members_anonymised": n},
            )
        counts["delegations"] += 1
        counts["members"] += n
    return counts


# --- approval chain configuration -----------------------------------------------------------------------------


def may_configure_chain(actor: Any) -> bool:
    """An organisation administrator of a province sets its own chain (site administrators any)."""
    scope = actor.scope
    return bool(scope.is_org_admin and (scope.is_province or scope.is_site_admin) and scope.org_id)


@dataclass(frozen=True)
class ChainStepInput:
    order: int
    label: str
    direction: str = ""
    approver_id: int | None = None
    only_if_party_managed: bool = False


@transaction.atomic
def chain_step_create(*, actor: Any, data: ChainStepInput) -> ApprovalStepRule:
    """Adds a step to the actor's organisation's own chain. The first step a province adds replaces the default
    chain for that direction; submissions already made keep the steps they were given."""
    if not may_configure_chain(actor):
        raise Forbidden()
    errors: dict[str, list[str]] = {}
    label = _text(errors, "label", data.label, 200, required=True)
    if data.direction not in ("", *Delegation.Direction.values):
        errors["direction"] = [_("Loại đoàn không hợp lệ.")]
    if not 1 <= data.order <= 20:
        errors["order"] = [_("Thứ tự từ 1 đến 20.")]
    approver = None
    if data.approver_id:
        approver = User.objects.filter(
            pk=data.approver_id, organisation_id=actor.scope.org_id, is_active=True
        ).first()
        if approver is None:
            errors["approver"] = [_("Người duyệt phải là người đang làm việc trong đơn vị của bạn.")]
    _fail(errors, _("Chưa lưu được bước duyệt."))
    step = ApprovalStepRule.objects.create(
        owner_org_id=actor.scope.org_id,
        direction=data.direction,
        order=data.order,
        label=label,
        approver=approver,
        only_if_party_managed=data.only_if_party_managed,
    )
    audit.record(actor=actor, action="approval_step_rule.create", target=step, after=audit.snapshot(step))
    return step


@transaction.atomic
def chain_step_delete(*, actor: Any, step_id: int) -> None:
    if not may_configure_chain(actor):
        raise Forbidden()
    step = ApprovalStepRule.objects.filter(pk=step_id, owner_org_id=actor.scope.org_id).first()
    if step is None:
        raise NotFound()
    before = audit.snapshot(step)
    step.delete()
    audit.record(actor=actor, action="approval_step_rule.delete", target=step, before=before)
