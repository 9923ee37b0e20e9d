"""An answer to a consultation that came on paper: the owner records it with the letter's number, date and
scan, never in the consulted body's name (that body answers on the system through `agreement_action`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ngoaivu.accounts.models import User
from ngoaivu.accounts.notifications import notify, rendered_later, staff_of
from ngoaivu.agreements.models import Agreement, AgreementFile, LegalStep
from ngoaivu.agreements.services.agreement_files import check_upload, file_add
from ngoaivu.agreements.services.common import local_today, max_length, record_event
from ngoaivu.agreements.services.legal_steps import state_conflict
from ngoaivu.audit import services as audit
from ngoaivu.core import files
from ngoaivu.core.exceptions import Forbidden, ServiceError, StaleObject
from ngoaivu.core.scoping import Action, get_for_action
from ngoaivu.core.text import clean_line, clean_text
from ngoaivu.core.versioning import save_versioned

A = Agreement.State


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
    actor: User,
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
        raise state_conflict("record_paper_opinion", agreement)
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
    elif len(number) > (limit := max_length(LegalStep, "document_number")):
        errors["document_number"] = [_("Tối đa %(n)d ký tự.") % {"n": limit}]
    if data.document_date is None:
        errors["document_date"] = [_("Ghi ngày của văn bản trả lời.")]
    elif data.document_date > local_today():
        errors["document_date"] = [_("Ngày không được ở tương lai.")]
    text = clean_text(data.text)
    if len(text) > (limit := max_length(LegalStep, "note")):
        errors["text"] = [_("Tối đa %(n)d ký tự.") % {"n": limit}]
    if data.outcome == LegalStep.Outcome.OBJECT and not text:
        errors["text"] = [_("Ghi rõ nội dung ý kiến khác.")]
    if upload is None:
        errors["file"] = [_("Đính kèm bản scan văn bản trả lời.")]
    else:
        try:
            check_upload(upload)
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
    agreement.last_activity_on = max(agreement.last_activity_on or local_today(), local_today())
    save_versioned(agreement, None)
    summary = _("ghi nhận từ văn bản số %(n)s ngày %(d)s của %(b)s: %(o)s") % {
        "n": number,
        "d": data.document_date.strftime("%d/%m/%Y"),
        "b": step.body,
        "o": step.get_outcome_display(),
    }
    record_event(
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
            url=agreement.get_absolute_url(),
            dedupe_key=f"agr:{agreement.pk}:paper-opinion:{step.pk}",
        )
    return agreement
