"""Import from Excel: the templates, the upload that previews a batch, the batch page that confirms it."""

from __future__ import annotations

import io
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ngoaivu.accounts.web import signed_in
from ngoaivu.core.exceptions import Forbidden, ServiceError, StateConflict
from ngoaivu.core.forms import BaseForm
from ngoaivu.core.scoping import Action, can
from ngoaivu.indicators import importer
from ngoaivu.indicators.models import IndicatorImport

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TEMPLATE_NAMES = {
    "long": "mau-nhap-chi-tieu.xlsx",
    "wide": "mau-nhap-chi-tieu-bang-ngang.xlsx",
    "rates": "mau-nhap-ty-gia.xlsx",
}
SHAPE_LABELS = {
    "long": gettext_lazy("Bảng dọc: mỗi dòng một số liệu (tỉnh, kỳ, chỉ tiêu, giá trị)"),
    "wide": gettext_lazy(
        "Bảng ngang kiểu Tổng cục Thống kê: mỗi trang một chỉ tiêu, tỉnh theo dòng, năm theo cột"
    ),
    "rates": gettext_lazy("Tỷ giá (Bộ Ngoại giao): đồng tiền, kỳ, số đồng cho 1 đơn vị"),
}


class ImportForm(BaseForm):
    file = forms.FileField(label=gettext_lazy("Tệp Excel (.xlsx) theo mẫu"))
    shape = forms.ChoiceField(label=gettext_lazy("Dạng bảng"), widget=forms.RadioSelect)
    submit = forms.BooleanField(
        label=gettext_lazy("Gửi Bộ ngay sau khi nhập (không để ở trạng thái nháp)"), required=False
    )

    def __init__(self, *args: object, shapes: list[str], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        shape_field = self.fields["shape"]
        assert isinstance(shape_field, forms.ChoiceField)
        shape_field.choices = [(s, SHAPE_LABELS[s]) for s in shapes]
        self.fields["shape"].initial = shapes[0]
        if "long" not in shapes:
            del self.fields["submit"]


def _shapes(user: object) -> list[str]:
    shapes: list[str] = []
    if importer.may_import_values(user):  # type: ignore[arg-type]
        shapes += ["long", "wide"]
    if importer.may_import_rates(user):  # type: ignore[arg-type]
        shapes.append("rates")
    return shapes


@login_required
def import_template(request: HttpRequest) -> HttpResponseBase:
    shape = request.GET.get("shape", "long")
    if shape not in importer.SHAPES:
        shape = "long"
    out = io.BytesIO()
    importer.write_template(out, shape)
    response = HttpResponse(out.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{TEMPLATE_NAMES[shape]}"'
    return response


@login_required
def import_upload(request: HttpRequest) -> HttpResponseBase:
    user = signed_in(request)
    shapes = _shapes(user)
    if not shapes:
        raise Forbidden()
    form = ImportForm(request.POST or None, request.FILES or None, shapes=shapes)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if (upload.size or 0) > importer.MAX_BYTES:
            form.add_error("file", _("Tệp lớn hơn %(m)d MB.") % {"m": importer.MAX_BYTES // (1024 * 1024)})
        else:
            try:
                batch, _result = importer.preview_batch(
                    actor=user,
                    content=upload.read(),
                    filename=upload.name or "import.xlsx",
                    shape=form.cleaned_data["shape"],
                    submit=bool(form.cleaned_data.get("submit")),
                )
            except ServiceError as exc:
                form.add_error(None, str(exc))
            else:
                return redirect("indicators:import_batch", pk=batch.pk)
    return render(
        request,
        "indicators/import.html",
        {
            "title": _("Nhập số liệu chỉ tiêu từ Excel"),
            "form": form,
            "shapes": [(s, SHAPE_LABELS[s]) for s in shapes],
            "long_columns": importer.LONG_COLUMNS,
            "rate_columns": importer.RATE_COLUMNS if "rates" in shapes else [],
            "batches": importer.import_batch_list(user=user),
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
def import_batch(request: HttpRequest, pk: int) -> HttpResponseBase:
    user = signed_in(request)
    batch = importer.import_batch_get(user=user, pk=pk)
    if request.method == "POST":
        try:
            result = importer.confirm_batch(actor=user, batch_id=batch.pk)
            if result.ok:
                messages.success(request, _("Đã nhập %(n)d số liệu.") % {"n": result.created})
            else:
                messages.error(request, _("Dữ liệu đã thay đổi từ lúc kiểm tra; không nhập dòng nào."))
        except StateConflict as exc:
            messages.error(request, str(exc))
        return redirect("indicators:import_batch", pk=batch.pk)
    options = batch.options or {}
    errors = [importer.Problem(**e) for e in batch.errors]
    values_query = (
        importer.import_batch_values_filter(user=user, batch=batch)
        if batch.status == IndicatorImport.Status.IMPORTED and batch.shape != "rates"
        else {}
    )
    return render(
        request,
        "indicators/import_batch.html",
        {
            "title": _("Lần nhập: %(f)s") % {"f": batch.filename},
            "batch": batch,
            "shape_label": SHAPE_LABELS.get(batch.shape, batch.shape),
            "would_create": options.get("would_create", 0),
            "skipped": options.get("skipped", 0),
            "submit": bool(options.get("submit")),
            "can_confirm": batch.status == IndicatorImport.Status.PREVIEWED
            and can(user, Action.CHANGE, batch),
            "errors": errors,
            # the long and rates shapes read one sheet: the sheet column only when a problem names one
            "show_sheet": any(e.sheet for e in errors),
            "values_query": urlencode(values_query),
            "warnings": [importer.Problem(**e) for e in batch.warnings],
        },
    )
