"""Import from Excel: the template, the upload that previews a batch, the batch page that confirms it."""

from __future__ import annotations

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from ngoaivu.accounts.web import signed_in
from ngoaivu.agreements import importer, selectors, services
from ngoaivu.agreements.forms import ImportForm
from ngoaivu.agreements.models import ImportBatch
from ngoaivu.core.exceptions import Forbidden, StateConflict
from ngoaivu.core.scoping import Action, can


@login_required
def import_template(request: HttpRequest) -> HttpResponseBase:
    out = io.BytesIO()
    importer.write_template(out)
    response = HttpResponse(
        out.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = 'attachment; filename="mau-nhap-thoa-thuan.xlsx"'
    return response


@login_required
def import_upload(request: HttpRequest) -> HttpResponseBase:
    user = signed_in(request)
    if not services.may_register(user):
        raise Forbidden()
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if (upload.size or 0) > importer.MAX_BYTES:
            form.add_error("file", _("Tệp lớn hơn %(m)d MB.") % {"m": importer.MAX_BYTES // (1024 * 1024)})
        else:
            batch, _result = importer.preview_batch(
                actor=user,
                content=upload.read(),
                filename=upload.name or "import.xlsx",
                create_partners=form.cleaned_data["create_partners"],
                allow_duplicates=form.cleaned_data["allow_duplicates"],
            )
            return redirect("agreements:import_batch", pk=batch.pk)
    return render(
        request,
        "agreements/import.html",
        {
            "title": _("Nhập thỏa thuận từ Excel"),
            "form": form,
            "columns": importer.COLUMNS,
            "kinds": selectors.kind_list(),
            "batches": selectors.import_batch_list(user=user),
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
def import_batch(request: HttpRequest, pk: int) -> HttpResponseBase:
    user = signed_in(request)
    batch = selectors.import_batch_get(user=user, pk=pk)
    if request.method == "POST":
        try:
            result = importer.confirm_batch(actor=user, batch_id=batch.pk)
            if result.ok:
                messages.success(request, _("Đã nhập %(n)d thỏa thuận.") % {"n": result.created})
            else:
                messages.error(request, _("Dữ liệu đã thay đổi từ lúc kiểm tra; không nhập dòng nào."))
        except StateConflict as exc:
            messages.error(request, str(exc))
        return redirect("agreements:import_batch", pk=batch.pk)
    return render(
        request,
        "agreements/import_batch.html",
        {
            "title": _("Lần nhập: %(f)s") % {"f": batch.filename},
            "batch": batch,
            "can_confirm": batch.status == ImportBatch.Status.PREVIEWED and can(user, Action.CHANGE, batch),
            "errors": [importer.Problem(**e) for e in batch.errors],
            "warnings": [importer.Problem(**e) for e in batch.warnings],
        },
    )
