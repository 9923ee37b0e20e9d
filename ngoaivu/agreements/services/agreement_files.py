"""Files of an agreement (texts, reports, evidence, scans of opinions): checked on upload, versioned by
(kind, label), stored all-or-nothing with the database write."""

from __future__ import annotations

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from ngoaivu.accounts.models import User
from ngoaivu.agreements.models import Agreement, AgreementFile
from ngoaivu.agreements.services.common import local_today, record_event, touch
from ngoaivu.audit import services as audit
from ngoaivu.core import files
from ngoaivu.core.exceptions import ServiceError
from ngoaivu.core.scoping import Action, get_for_action
from ngoaivu.core.text import clean_text


def check_upload(upload: UploadedFile) -> str:
    name = files.upload_name(upload.name)[:200]
    if not files.extension_allowed(name):
        raise ServiceError(
            _("Loại tệp không được phép: %(n)s") % {"n": name},
            {"file": [_("Chỉ nhận: %(e)s") % {"e": ", ".join(settings.NGOAIVU_UPLOAD_EXTENSIONS)}]},
        )
    if files.too_large(upload):
        limit = settings.NGOAIVU_UPLOAD_MAX_BYTES // (1024 * 1024)
        raise ServiceError(
            _("Tệp %(n)s vượt quá %(m)d MB.") % {"n": name, "m": limit}, {"file": [_("Tệp quá lớn.")]}
        )
    if files.looks_classified(name):
        raise ServiceError(
            _("Không tải lên tài liệu mật (Mật, Tối mật, Tuyệt mật)."),
            {"file": [_("Hệ thống chỉ dùng cho tài liệu không mật.")]},
        )
    if problem := files.content_problem(upload, name):
        # the problem once: under the file field (a page prints "message; field: problem")
        raise ServiceError(_("Tệp %(n)s bị từ chối") % {"n": name}, {"file": [problem]})
    return name


@files.atomic()  # a failed write deletes the file it stored
def file_add(
    *,
    actor: User,
    agreement_id: int,
    upload: UploadedFile,
    kind: str,
    label: str,
    milestone_id: int | None = None,
) -> AgreementFile:
    """A new upload under an existing (kind, label) becomes its next version; earlier versions are kept."""
    agreement = get_for_action(Agreement, actor, Action.CHANGE, pk=agreement_id)
    if kind not in AgreementFile.Kind.values:
        raise ServiceError(_("Loại tài liệu không hợp lệ."), {"kind": [_("Loại tài liệu không hợp lệ.")]})
    name = check_upload(upload)
    label = clean_text(label)[:200] or name
    milestone = None
    if milestone_id is not None:
        milestone = agreement.milestones.filter(pk=milestone_id).first()
        if milestone is None:
            raise ServiceError(
                _("Không có mốc lộ trình này."), {"milestone": [_("Không có mốc lộ trình này.")]}
            )
    previous = (
        AgreementFile.objects.select_for_update()
        .filter(agreement=agreement, kind=kind, label=label)
        .order_by("-version")
        .first()
    )
    stored = AgreementFile(
        agreement=agreement,
        milestone=milestone,
        kind=kind,
        label=label,
        version=(previous.version + 1) if previous else 1,
        name=name,
        size=upload.size or 0,
        sha256=files.sha256_of(upload),
        uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    files.store(stored.file, name, upload)
    stored.save()
    touch(agreement, local_today())
    record_event(agreement, actor, "file_add", text=f"{label} v{stored.version}")
    audit.record(
        actor=actor,
        action="agreement_file.create",
        target=stored,
        parent=agreement,
        after=audit.snapshot(stored),
        target_org_id=agreement.owner_org_id,
    )
    return stored
