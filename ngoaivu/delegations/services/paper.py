"""Decisions taken on paper (Chủ tịch UBND tỉnh, Ban Thường vụ Tỉnh ủy): recorded from the document and its scan,
never clicked."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ngoaivu.accounts.models import User
from ngoaivu.audit import services as audit
from ngoaivu.core import files
from ngoaivu.core.exceptions import Forbidden, StaleObject, StateConflict
from ngoaivu.core.scoping import Action, get_for_action
from ngoaivu.core.text import clean_line
from ngoaivu.core.versioning import save_versioned
from ngoaivu.delegations import selectors
from ngoaivu.delegations.models import (
    Delegation,
    DelegationApproval,
)
from ngoaivu.delegations.services._common import D, _event, _fail, _text, _today, limit
from ngoaivu.delegations.services.approvals import _advance, _tell_author

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
    actor: User,
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
    number = _text(
        errors,
        "document_number",
        clean_line(data.document_number or ""),
        limit(DelegationApproval, "document_number"),
        required=True,
    )
    signer = _text(
        errors,
        "signer",
        clean_line(data.signer or ""),
        limit(DelegationApproval, "document_signer"),
        required=True,
    )
    comment = _text(errors, "comment", data.comment, limit(DelegationApproval, "comment"))
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
