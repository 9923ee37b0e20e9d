"""The case's transitions, handovers and action log.

received → province_notified → in_progress → resolved → closed; a handover accepted by the province or the
consular unit ends the mission's part (transferred → closed); a handover accepted by another mission moves the
case to it. Who may do what:
- notify the province: the handling mission;
- start, resolve, close: the handling mission or the consular unit;
- hand over: the handling mission and the consular unit, to another party or to ANOTHER mission (a citizen moved
  on); the province of origin only to the handling mission or the consular unit (its own side, DOMAIN §2);
  accept: the receiving organisation only, while the case is open; withdraw: the sending organisation while
  pending; resolving, closing or a transfer ends every pending handover ("lapsed");
- a mission a handover is addressed to does not read the case before it accepts (querysets.py);
- add an action: any party."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ngoaivu.accounts.models import Organisation
from ngoaivu.accounts.notifications import notify, rendered_later, staff_of
from ngoaivu.audit import services as audit
from ngoaivu.consular.models import CaseAction, CaseHandover, CitizenCase
from ngoaivu.consular.services.common import (
    consular_unit,
    fail,
    is_consular_unit,
    is_handling_mission,
    is_origin_province,
    province_org,
    today,
    user_id,
)
from ngoaivu.core.actors import Actor
from ngoaivu.core.exceptions import Forbidden, NotFound, ServiceError, StaleObject, StateConflict
from ngoaivu.core.inputs import checked_text
from ngoaivu.core.scoping import Action, get_for_action
from ngoaivu.core.versioning import save_versioned
from ngoaivu.directory.models import Mission

S = CitizenCase.Status
TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    # action: (from states, to state)
    "notify": (frozenset({S.RECEIVED}), S.PROVINCE_NOTIFIED),
    # start only once the province is notified: the 1-working-day notification is never skipped
    "start": (frozenset({S.PROVINCE_NOTIFIED}), S.IN_PROGRESS),
    "resolve": (frozenset({S.PROVINCE_NOTIFIED, S.IN_PROGRESS}), S.RESOLVED),
    "close": (frozenset({S.RESOLVED, S.TRANSFERRED}), S.CLOSED),
}
AUDIT_CODES = {
    "notify": "citizen_case.notify",
    "start": "citizen_case.start",
    "resolve": "citizen_case.resolve",
    "close": "citizen_case.close",
}
LABELS = {
    "notify": gettext_noop("Thông báo cho tỉnh"),
    "start": gettext_noop("Bắt đầu xử lý"),
    "resolve": gettext_noop("Đã giải quyết"),
    "close": gettext_noop("Đóng hồ sơ"),
}


def _locked(actor: Actor, case_id: int, expected_version: int | None) -> CitizenCase:
    found = get_for_action(CitizenCase, actor, Action.APPROVE, pk=case_id)
    case = CitizenCase.objects.visible_to(actor, Action.APPROVE).select_for_update().get(pk=found.pk)
    if expected_version is not None and expected_version != case.version:
        raise StaleObject(case._meta.label, case.pk, case.version)
    return case


def may_transition(actor: Actor, case: CitizenCase, action: str) -> bool:
    if not actor.scope.can_write:
        return False
    if actor.scope.is_site_admin:
        return True
    if action == "notify":
        return is_handling_mission(actor, case)
    return is_handling_mission(actor, case) or is_consular_unit(actor)


def _log(case: CitizenCase, actor: Actor, text: str, day: dt.date) -> None:
    org_id = actor.scope.org_id
    if org_id is not None:
        CaseAction.objects.create(
            case=case, organisation_id=org_id, author_id=user_id(actor), done_on=day, text=text
        )


@transaction.atomic
def case_transition(
    *,
    actor: Actor,
    case_id: int,
    action: str,
    expected_version: int | None,
    on: dt.date | None = None,
    note: str = "",
) -> CitizenCase:
    if action not in TRANSITIONS:
        raise ServiceError(_("Thao tác không hợp lệ."), {"action": [_("Thao tác không hợp lệ.")]})
    case = _locked(actor, case_id, expected_version)
    if not may_transition(actor, case, action):
        raise Forbidden()
    sources, target = TRANSITIONS[action]
    if case.status not in sources:
        raise StateConflict(
            _("Không thể “%(a)s” khi vụ việc đang ở tình trạng “%(s)s”.")
            % {"a": _(LABELS[action]), "s": case.get_status_display()}
        )
    day = on or today()
    errors: dict[str, list[str]] = {}
    if day > today():
        errors["on"] = [_("Ngày không được ở tương lai.")]
    elif day < case.received_on:
        errors["on"] = [
            _("Ngày không được trước ngày tiếp nhận (%(d)s).") % {"d": f"{case.received_on:%d/%m/%Y}"}
        ]
    text = checked_text(errors, "note", note, 5000)
    if action == "resolve" and not (text or case.outcome):
        errors["note"] = [_("Ghi kết quả giải quyết.")]
    fail(errors, _("Chưa thực hiện được."))
    before = audit.snapshot(case)
    case.status = target
    if action == "notify":
        case.notified_on = day
    elif action == "resolve":
        case.resolved_on = day
        if text:
            case.outcome = text
    elif action == "close":
        case.closed_on = day
    case.updated_by_id = user_id(actor)
    save_versioned(case, expected_version)
    _log(case, actor, f"{_(LABELS[action])}{': ' + text if text else ''}", day)
    audit.record(
        actor=actor, action=AUDIT_CODES[action], target=case, before=before, after=audit.snapshot(case)
    )
    if action in ("resolve", "close"):
        end_pending_handovers(case, actor=actor)
    if action == "notify":
        _notify_province(case)
    return case


def _touch(case: CitizenCase) -> None:
    """A handover changes what the case's parties see (work counts, notices): move the case's stamp."""
    CitizenCase.objects.system(reason="handover changed").filter(pk=case.pk).update(updated_at=timezone.now())


def end_pending_handovers(case: CitizenCase, *, actor: Actor) -> int:
    """A handover cannot outlive the case: the pending ones lapse when it is resolved, closed or transferred."""
    return CaseHandover.objects.filter(case_id=case.pk, accepted_at=None, ended_at=None).update(
        ended_at=timezone.now(), ended_by_id=user_id(actor), end_reason=CaseHandover.End.LAPSED
    )


def _notify_province(case: CitizenCase, *, again: bool = False) -> None:
    """In-app and e-mail (the notification's own e-mail task, after commit) to the province's officers."""
    org = province_org(case)
    if org is None:
        return
    notify(
        users=staff_of(org),
        kind="citizen_case_notified",
        title=rendered_later(
            gettext_noop("Cơ quan đại diện thông báo vụ việc bảo hộ công dân %(r)s (%(k)s, %(c)s)"),
            r=case.reference,
            k=case.get_kind_display,
            c=case.country.name_vi,
        ),
        url=case.get_absolute_url(),
        dedupe_key=f"citizen-case-{case.pk}-notified"
        + (f"-{case.province.code}-{case.version}" if again else ""),
    )


def handover_targets(case: CitizenCase, actor: Actor) -> list[Organisation]:
    """The parties the actor may hand the case to, the consular unit and the province first. The province of
    origin hands over only to the handling mission or the consular unit (never to itself or another mission)."""
    if is_origin_province(actor, case) and not actor.scope.is_site_admin:
        parties = [consular_unit(), case.owner_org]
    else:
        parties = [consular_unit(), province_org(case), case.owner_org]
    return [o for o in parties if o is not None and o.pk != actor.scope.org_id]


def may_hand_over_to_missions(actor: Actor, case: CitizenCase) -> bool:
    """Only the handling mission and the consular unit move a case to another mission (a citizen moved on)."""
    return actor.scope.is_site_admin or is_handling_mission(actor, case) or is_consular_unit(actor)


def _may_hand_over(actor: Actor, case: CitizenCase) -> bool:
    if not actor.scope.can_write:
        return False
    return (
        actor.scope.is_site_admin
        or is_handling_mission(actor, case)
        or is_consular_unit(actor)
        or (is_origin_province(actor, case))
    )


@transaction.atomic
def handover_send(*, actor: Actor, case_id: int, to_org: str, note: str = "") -> CaseHandover:
    case = _locked(actor, case_id, None)
    if not _may_hand_over(actor, case) or actor.scope.org_id is None:
        raise Forbidden()
    if not case.is_open:
        raise StateConflict(_("Vụ việc đã đóng hoặc đã chuyển giao: không bàn giao được."))
    errors: dict[str, list[str]] = {}
    target = Organisation.objects.filter(code=to_org.strip(), is_active=True).first()
    allowed = {o.pk for o in handover_targets(case, actor)}
    is_mission = (
        target is not None
        and may_hand_over_to_missions(actor, case)
        and Mission.objects.filter(organisation_id=target.pk).exists()
    )
    if target is None or target.pk == actor.scope.org_id or not (target.pk in allowed or is_mission):
        errors["to_org"] = [
            _("Bên nhận: chọn cơ quan đại diện, Cục Lãnh sự hoặc tỉnh quê quán của công dân.")
        ]
    elif case.handovers.filter(to_org=target, accepted_at=None, ended_at=None).exists():
        errors["to_org"] = [_("Bên nhận: đã có một bàn giao đang chờ bên này nhận.")]
    text = checked_text(errors, "note", note, 5000)
    fail(errors, _("Chưa bàn giao được."))
    assert target is not None
    handover = CaseHandover.objects.create(
        case=case,
        from_org_id=actor.scope.org_id,
        to_org=target,
        sent_at=timezone.now(),
        sent_by_id=user_id(actor),
        note=text,
    )
    _touch(case)
    _log(
        case, actor, _("Bàn giao cho %(o)s") % {"o": target.name_vi} + (f": {text}" if text else ""), today()
    )
    audit.record(
        actor=actor,
        action="citizen_case.handover",
        target=handover,
        parent=case,
        after={"from_org": actor.scope.org_id, "to_org": target.pk, "note": text},
        target_org_id=case.owner_org_id,
    )
    notify(
        users=staff_of(target),
        kind="citizen_case_handover",
        title=rendered_later(
            gettext_noop("Bàn giao vụ việc bảo hộ công dân %(r)s: chờ đơn vị nhận"), r=case.reference
        ),
        url=case.get_absolute_url(),
        dedupe_key=f"citizen-case-handover-{handover.pk}",
    )
    return handover


@transaction.atomic
def handover_accept(*, actor: Actor, case_id: int, handover_id: int) -> CaseHandover:
    # not `_locked`: a receiving mission may accept (APPROVE) a case it may not read yet (VIEW)
    if not 0 < case_id < 2**63:
        raise NotFound()
    case = (
        CitizenCase.objects.visible_to(actor, Action.APPROVE).select_for_update().filter(pk=case_id).first()
    )
    if case is None:
        if CitizenCase.objects.visible_to(actor, Action.VIEW).filter(pk=case_id).exists():
            raise Forbidden()  # a reader who may not act
        if (
            0 < handover_id < 2**63
            and CaseHandover.objects.filter(
                case_id=case_id, pk=handover_id, to_org_id=actor.scope.org_id or 0
            ).exists()
        ):  # the addressee of a handover withdrawn, lapsed or of a closed case
            raise StateConflict(_("Bàn giao này đã được rút lại hoặc đã hết hiệu lực."))
        raise NotFound()
    handover = (
        CaseHandover.objects.select_for_update().filter(case_id=case.pk, pk=handover_id).first()
        if 0 < handover_id < 2**63
        else None
    )
    if handover is None:
        raise NotFound()
    if not actor.scope.can_write or actor.scope.org_id != handover.to_org_id:
        raise Forbidden()  # only the receiving organisation accepts
    if handover.accepted_at is not None:
        raise StateConflict(_("Bàn giao này đã được nhận."))
    if handover.ended_at is not None:
        raise StateConflict(_("Bàn giao này đã được rút lại hoặc đã hết hiệu lực."))
    if not case.is_open:
        raise StateConflict(_("Vụ việc đã đóng hoặc đã chuyển giao: không nhận bàn giao được."))
    before = audit.snapshot(case)
    handover.accepted_at = timezone.now()
    handover.accepted_by_id = user_id(actor)
    handover.save(update_fields=["accepted_at", "accepted_by"])
    _touch(case)
    mission = Mission.objects.filter(organisation_id=handover.to_org_id).first()
    if mission is not None:  # another mission takes the case over
        case.owner_org_id = mission.organisation_id
        case.mission = mission
        save_versioned(case, None)
    elif handover.from_org_id == case.owner_org_id and case.is_open:  # the mission's part ends
        case.status = S.TRANSFERRED
        save_versioned(case, None)
        end_pending_handovers(case, actor=actor)
    _log(case, actor, _("Đã nhận bàn giao"), today())
    audit.record(
        actor=actor,
        action="citizen_case.handover_accept",
        target=case,
        before=before,
        after={**audit.snapshot(case), "handover": handover.pk},
    )
    return handover


@transaction.atomic
def handover_withdraw(*, actor: Actor, case_id: int, handover_id: int) -> CaseHandover:
    """The sending organisation takes back a handover not yet accepted (sent to the wrong place…)."""
    case = _locked(actor, case_id, None)
    handover = (
        CaseHandover.objects.select_for_update().filter(case_id=case.pk, pk=handover_id).first()
        if 0 < handover_id < 2**63
        else None
    )
    if handover is None:
        raise NotFound()
    if not actor.scope.can_write or not (
        actor.scope.is_site_admin or actor.scope.org_id == handover.from_org_id
    ):
        raise Forbidden()  # only the sender withdraws
    if not handover.pending:
        raise StateConflict(_("Bàn giao này đã được nhận hoặc đã kết thúc: không rút lại được."))
    handover.ended_at = timezone.now()
    handover.ended_by_id = user_id(actor)
    handover.end_reason = CaseHandover.End.WITHDRAWN
    handover.save(update_fields=["ended_at", "ended_by", "end_reason"])
    _touch(case)
    _log(case, actor, _("Rút lại bàn giao cho %(o)s") % {"o": handover.to_org.name_vi}, today())
    audit.record(
        actor=actor,
        action="citizen_case.handover_withdraw",
        target=handover,
        parent=case,
        before={"to_org": handover.to_org_id, "pending": True},
        after={"to_org": handover.to_org_id, "withdrawn": True},
        target_org_id=case.owner_org_id,
    )
    return handover


@transaction.atomic
def action_add(*, actor: Actor, case_id: int, text: str, done_on: dt.date | None = None) -> CaseAction:
    """A party of the case records what it did (a visit to the detention centre, a call to the family…)."""
    case = get_for_action(CitizenCase, actor, Action.APPROVE, pk=case_id)
    if not _may_hand_over(actor, case) or actor.scope.org_id is None:
        raise Forbidden()
    errors: dict[str, list[str]] = {}
    body = checked_text(errors, "text", text, 5000, required=True)
    day = done_on or today()
    if day > today():
        errors["done_on"] = [_("Ngày thực hiện không được ở tương lai.")]
    fail(errors, _("Chưa ghi được việc đã làm."))
    action = CaseAction.objects.create(
        case=case, organisation_id=actor.scope.org_id, author_id=user_id(actor), done_on=day, text=body
    )
    audit.record(
        actor=actor,
        action="citizen_case.action_add",
        target=action,
        parent=case,
        after={"done_on": day.isoformat(), "text": body},
        target_org_id=case.owner_org_id,
    )
    return action
