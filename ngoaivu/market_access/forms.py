from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ngoaivu.core.forms import BaseForm, DateInput
from ngoaivu.market_access.models import Dossier

MAX_ID = 2**62


class DossierForm(BaseForm):
    product_vi = forms.CharField(label=_("Sản phẩm"), max_length=300)
    product_en = forms.CharField(label=_("Sản phẩm (tiếng Anh)"), max_length=300, required=False)
    hs_code = forms.CharField(
        label=_("Mã HS"), max_length=12, required=False, help_text=_("Chỉ ghi chữ số, ví dụ: 081090")
    )
    market = forms.ChoiceField(label=_("Thị trường"), choices=())
    provinces = forms.MultipleChoiceField(
        label=_("Tỉnh, thành phố (hiện hành)"),
        choices=(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 5}),
        help_text=_("Để trống: tỉnh của đơn vị lập hồ sơ."),
    )
    former_province = forms.ChoiceField(
        label=_("Tỉnh khi lập hồ sơ (trước 01/07/2025)"), choices=(), required=False
    )
    province_as_named = forms.CharField(
        label=_("Tên tỉnh như ghi trong hồ sơ"), max_length=100, required=False
    )
    mission = forms.ChoiceField(label=_("Cơ quan đại diện hỗ trợ"), choices=(), required=False)
    vn_authority = forms.CharField(label=_("Cơ quan Việt Nam"), max_length=300, required=False)
    foreign_authority = forms.CharField(label=_("Cơ quan nước nhập khẩu"), max_length=300, required=False)
    stage = forms.ChoiceField(label=_("Giai đoạn hiện tại"), choices=())
    status = forms.ChoiceField(label=_("Tình trạng"), choices=Dossier.Status.choices)
    opened_on = forms.DateField(label=_("Ngày bắt đầu"), widget=DateInput())
    next_step = forms.CharField(label=_("Việc tiếp theo"), max_length=500, required=False)
    next_step_due = forms.DateField(label=_("Hạn việc tiếp theo"), widget=DateInput(), required=False)
    visibility = forms.ChoiceField(label=_("Phạm vi chia sẻ"), choices=Dossier.Visibility.choices)
    fta = forms.ChoiceField(
        label=_("Hiệp định thương mại tự do áp dụng"),
        choices=(),
        required=False,
        help_text=_("Hiệp định mà hồ sơ dựa vào để hưởng ưu đãi; thị trường phải là thành viên."),
    )
    agreements = forms.TypedMultipleChoiceField(
        label=_("Thỏa thuận liên quan"),
        choices=(),
        coerce=int,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 5}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self,
        data: Mapping[str, Any] | None = None,
        *,
        initial: dict[str, Any] | None = None,
        choices: dict[str, list[tuple[Any, str]]],
    ) -> None:
        super().__init__(data, initial=initial)
        for name, options in choices.items():
            field = self.fields[name]
            blank = (
                [("", "—")] if not field.required and not isinstance(field, forms.MultipleChoiceField) else []
            )
            if (
                name == "market"
            ):  # required, and never preselected (the first country would be saved silently)
                blank = [("", str(_("— chọn thị trường —")))]
            field.choices = blank + list(options)  # type: ignore[attr-defined]


class StepForm(BaseForm):
    stage = forms.ChoiceField(label=_("Giai đoạn"), choices=())
    started_on = forms.DateField(label=_("Ngày bắt đầu"), widget=DateInput())
    completed_on = forms.DateField(label=_("Ngày hoàn thành"), widget=DateInput(), required=False)
    note = forms.CharField(
        label=_("Nội dung, kết quả"), max_length=5000, required=False, widget=forms.Textarea
    )
    next_step = forms.CharField(label=_("Việc tiếp theo"), max_length=500, required=False)
    next_step_due = forms.DateField(label=_("Hạn việc tiếp theo"), widget=DateInput(), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, data: Mapping[str, Any] | None = None, *, stages: list[tuple[str, str]]) -> None:
        super().__init__(data)
        self.fields["stage"].choices = stages  # type: ignore[attr-defined]


class StepCompleteForm(BaseForm):
    completed_on = forms.DateField(label=_("Ngày hoàn thành"), widget=DateInput())
    note = forms.CharField(label=_("Ghi chú"), max_length=5000, required=False, widget=forms.Textarea)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class NoteForm(BaseForm):
    text = forms.CharField(label=_("Ghi chú"), max_length=5000, widget=forms.Textarea)
    step = forms.IntegerField(required=False, min_value=1, max_value=MAX_ID)


class DocumentForm(BaseForm):
    file = forms.FileField(label=_("Tệp"))
    label = forms.CharField(label=_("Tên tài liệu"), max_length=200, required=False)
    step = forms.IntegerField(min_value=1, max_value=MAX_ID)


class VersionForm(BaseForm):
    """A button that only sends back the version it was shown (delete)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
