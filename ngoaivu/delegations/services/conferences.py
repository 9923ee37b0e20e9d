"""International conferences: the plan, the approval level (Decision 06/2020/QĐ-TTg), the dossier and its
consultations, the decision and the report."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from ngoaivu.accounts.models import User
from ngoaivu.agreements.models import DeadlineRule
from ngoaivu.agreements.selectors import due_date, rule_for
from ngoaivu.audit import services as audit
from ngoaivu.core.actors import Actor
from ngoaivu.core.exceptions import Forbidden, ServiceError, StaleObject, StateConflict
from ngoaivu.core.scoping import Action, get_for_action
from ngoaivu.core.text import clean_text, search_key
from ngoaivu.core.versioning import save_versioned
from ngoaivu.delegations import selectors
from ngoaivu.delegations.models import (
    Conference,
    ConferenceConsultation,
)
from ngoaivu.delegations.services._common import (
    C,
    _countries,
    _fail,
    _org_id,
    _province_of,
    _text,
    _today,
    limit,
    may_plan,
)
from ngoaivu.directory.models import Country


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


def _conference_values(actor: Actor, data: ConferenceInput) -> tuple[dict[str, Any], list[Country]]:
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
        "title": _text(errors, "title", data.title, limit(Conference, "title"), required=True),
        "organiser": _text(
            errors, "organiser", data.organiser, limit(Conference, "organiser"), required=True
        ),
        "format": data.format,
        "venue": _text(errors, "venue", data.venue, limit(Conference, "venue")),
        "starts_on": data.starts_on,
        "ends_on": data.ends_on,
        "foreign_participants": data.foreign_participants,
        "top_rank": data.top_rank,
        "sensitive_topics": topics,
        "funding": _text(errors, "funding", data.funding, limit(Conference, "funding")),
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
def conference_create(*, actor: User, data: ConferenceInput) -> Conference:
    if not may_plan(actor):
        raise Forbidden()
    values, countries = _conference_values(actor, data)
    conference = Conference(
        owner_org_id=_org_id(actor),
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
    *, actor: User, conference_id: int, expected_version: int | None, data: ConferenceInput
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


CONFERENCE_ACTION_LABELS = {  # the buttons: verbs (context "action")
    "submit": pgettext_lazy("action", "Trình hồ sơ"),
    "record_reply": pgettext_lazy("action", "Ghi ý kiến cơ quan"),
    "approve": pgettext_lazy("action", "Ghi nhận văn bản cho phép"),
    "refuse": pgettext_lazy("action", "Ghi nhận không cho phép"),
    "report": pgettext_lazy("action", "Báo cáo kết quả"),
    "cancel": pgettext_lazy("action", "Hủy hội nghị"),
}
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


def conference_actions(*, user: Actor, conference: Conference) -> list[str]:
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
    actor: User,
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
            % {"a": CONFERENCE_ACTION_LABELS[action], "s": conference.get_state_display()}
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
        decision = _text(errors, "decision", data.decision, limit(Conference, "decision"), required=True)
        _fail(errors, _("Ghi số, ngày văn bản cho phép hoặc không cho phép."))
        conference.decision = decision
        conference.state = C.APPROVED if action == "approve" else C.REFUSED
    elif action == "report":
        report = _text(errors, "text", data.text, limit(Conference, "report_text"), required=True)
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
