"""An agreement's documents: upload (a new version for the same kind and name) and download."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ngoaivu.accounts.web import signed_in
from ngoaivu.agreements import selectors, services
from ngoaivu.agreements.forms import FileForm
from ngoaivu.agreements.views.common import run_action_or_say
from ngoaivu.core.scoping import Action


@login_required
@require_POST
def file_upload(request: HttpRequest, pk: int) -> HttpResponseBase:
    user = signed_in(request)
    agreement = selectors.agreement_get(user=user, pk=pk, action=Action.CHANGE)
    form = FileForm(
        request.POST, request.FILES, milestones=[(m.pk, m.title) for m in agreement.milestones.all()]
    )
    run_action_or_say(
        request,
        form,
        lambda d: services.file_add(
            actor=user,
            agreement_id=pk,
            upload=d["file"],
            kind=d["kind"],
            label=d["label"],
            milestone_id=d["milestone"],
        ),
        invalid=_("Chọn tệp và loại tài liệu."),
        done=_("Đã tải tệp lên."),
    )
    return redirect(agreement)


@login_required
def file_download(request: HttpRequest, pk: int, file_id: int) -> HttpResponseBase:
    agreement = selectors.agreement_get(user=signed_in(request), pk=pk)
    stored = agreement.files.filter(pk=file_id).first()
    if stored is None:
        raise Http404()
    return FileResponse(stored.file.open("rb"), as_attachment=True, filename=stored.name)
