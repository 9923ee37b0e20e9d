"""Files of a request: a draft's attachments and an answer's, checked before they are stored."""

from __future__ import annotations

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from ngoaivu.accounts.models import User
from ngoaivu.audit import services as audit
from ngoaivu.core import files
from ngoaivu.core.exceptions import ServiceError, StateConflict
from ngoaivu.core.scoping import Action, get_for_action
from ngoaivu.requests.models import Answer, Attachment, ServiceRequest
from ngoaivu.requests.services.events import S


def _store_file(
    req: ServiceRequest, upload: UploadedFile, actor: User, answer: Answer | None = None
) -> Attachment:
    name = files.upload_name(upload.name)
    errors = []
    if not files.extension_allowed(name):
        errors.append(
            _("Tệp “%(f)s”: chỉ nhận %(e)s.")
            % {"f": name, "e": ", ".join(settings.NGOAIVU_UPLOAD_EXTENSIONS)}
        )
    if files.too_large(upload):
        errors.append(
            _("Tệp “%(f)s” lớn hơn %(m)d MB.") % {"f": name, "m": settings.NGOAIVU_UPLOAD_MAX_BYTES // 2**20}
        )
    if files.looks_classified(name):
        errors.append(
            _("Tệp “%(f)s” có dấu hiệu tài liệu mật: hệ thống chỉ nhận tài liệu không mật.") % {"f": name}
        )
    if not errors and (problem := files.content_problem(upload, name)):
        errors.append(_("Tệp “%(f)s”: %(p)s") % {"f": name, "p": problem})
    if errors:
        raise ServiceError(_("Tệp đính kèm không hợp lệ."), {"attachments": errors})
    att = Attachment(
        request=req,
        answer=answer,
        name=name[:255],
        size=upload.size or 0,
        sha256=files.sha256_of(upload),
        uploaded_by=actor,
    )
    files.store(att.file, name, upload)
    att.save()
    audit.record(
        actor=actor,
        action="request.attachment.create",
        target=att,
        after=audit.snapshot(att),
        parent=req,
        target_org_id=req.owner_org_id,
    )
    return att


@files.atomic()  # a failed write deletes the files it stored
def attachment_add(*, actor: User, request_id: int, files: list[UploadedFile]) -> list[Attachment]:
    req = get_for_action(ServiceRequest, actor, Action.CHANGE, pk=request_id)
    if req.owner_org_id != actor.scope.org_id or req.status != S.DRAFT:
        raise StateConflict(_("Chỉ đính kèm được vào dự thảo của đơn vị mình."))
    return [_store_file(req, f, actor) for f in files]
