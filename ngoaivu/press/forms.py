from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ngoaivu.core.forms import BaseForm, DateInput
from ngoaivu.press.models import DEFAULT_ISSUER, PressVisit, Reporter

V = PressVisit
FORM_YEARS = (1900, 2100)
"""The years a date typed in a press form may fall in (birth dates included): a typo such as 20026 is named."""


class YearDateField(forms.DateField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        lo, hi = FORM_YEARS
        kwargs.setdefault("widget", DateInput(attrs={"min": f"{lo}-01-01", "max": f"{hi}-12-31"}))
        super().__init__(*args, **kwargs)

    def clean(self, value: Any) -> dt.date | None:
        day: dt.date | None = super().clean(value)
        if day is not None and not FORM_YEARS[0] <= day.year <= FORM_YEARS[1]:
            raise forms.ValidationError(
                _("Năm phải từ %(lo)s đến %(hi)s (đã nhập %(day)s)."),
                code="year_range",
                params={
                    "lo": str(FORM_YEARS[0]),
                    "hi": str(FORM_YEARS[1]),
                    "day": day.isoformat(),
                },
            )
        return day


class VisitForm(BaseForm):
    outlet = forms.CharField(label=_("Cơ quan báo chí"), max_length=300)
    country = forms.ChoiceField(label=_("Quốc gia của cơ quan báo chí"), choices=())
    topic = forms.CharField(label=_("Nội dung tác nghiệp"), max_length=500)
    places = forms.CharField(
        label=_("Địa điểm tác nghiệp"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    province_as_named = forms.CharField(
        label=_("Tỉnh khi tác nghiệp"),
        max_length=100,
        required=False,
        help_text=_("Tên tỉnh như khi tác nghiệp, ví dụ “Quảng Nam” năm 2024; để trống: tỉnh của bạn."),
    )
    provinces = forms.MultipleChoiceField(
        label=_("Các tỉnh khác trên lộ trình"),
        choices=(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 5}),
    )
    received_on = YearDateField(label=_("Ngày nhận hồ sơ"))
    entry_on = YearDateField(label=_("Ngày nhập cảnh"), required=False)
    starts_on = YearDateField(label=_("Từ ngày"))
    ends_on = YearDateField(label=_("Đến ngày"))
    licence_number = forms.CharField(label=_("Số giấy phép"), max_length=60, required=False)
    licence_date = YearDateField(label=_("Ngày cấp phép"), required=False)
    licence_issuer = forms.CharField(label=_("Cơ quan cấp phép"), max_length=300, required=False)
    receiving_unit = forms.CharField(label=_("Đơn vị đón tiếp"), max_length=300, required=False)
    accompanying_officer = forms.CharField(label=_("Cán bộ đi cùng"), max_length=200, required=False)
    outcome_summary = forms.CharField(
        label=_("Kết quả"), max_length=20000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    visibility = forms.ChoiceField(label=_("Phạm vi chia sẻ"), choices=V.Visibility.choices)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self,
        data: Mapping[str, Any] | None = None,
        *,
        initial: dict[str, Any] | None = None,
        provinces: list[tuple[str, str]],
        countries: list[tuple[str, str]],
    ) -> None:
        super().__init__(data, initial={"licence_issuer": DEFAULT_ISSUER, **(initial or {})})
        self.fields["provinces"].choices = provinces  # type: ignore[attr-defined]
        self.fields["country"].choices = [("", "—"), *countries]  # type: ignore[attr-defined]


class AnswerForm(BaseForm):
    decision = forms.ChoiceField(
        label=_("Trả lời"),
        # a blank first option: no decision is taken for the head by a stray click (the label names the field
        # in the error summary and in the flash message)
        choices=[("", _("— chọn —")), (V.Status.AGREED, _("Đồng ý")), (V.Status.DECLINED, _("Không đồng ý"))],
        error_messages={
            "required": _("Chọn đồng ý hoặc không đồng ý."),
            "invalid_choice": _("Chọn đồng ý hoặc không đồng ý."),
        },
    )
    answered_on = YearDateField(label=_("Ngày trả lời"), required=False)
    note = forms.CharField(
        label=_("Ý kiến trả lời"), max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    licence_number = forms.CharField(label=_("Số giấy phép"), max_length=60, required=False)
    licence_date = YearDateField(label=_("Ngày cấp phép"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class TransitionForm(BaseForm):
    note = forms.CharField(label=_("Ghi chú, lý do"), max_length=5000, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ReporterForm(BaseForm):
    full_name = forms.CharField(label=_("Họ và tên"), max_length=200)
    role = forms.ChoiceField(label=_("Chức danh"), choices=Reporter.Role.choices)
    nationality = forms.ChoiceField(label=_("Quốc tịch"), choices=(), required=False)
    passport_number = forms.CharField(label=_("Số hộ chiếu"), max_length=20, required=False)
    birth_date = YearDateField(label=_("Ngày sinh"), required=False)

    def __init__(self, data: Mapping[str, Any] | None = None, *, countries: list[tuple[str, str]]) -> None:
        super().__init__(data)
        self.fields["nationality"].choices = [("", "—"), *countries]  # type: ignore[attr-defined]


class ArticleForm(BaseForm):
    title = forms.CharField(label=_("Tên bài"), max_length=500)
    outlet = forms.CharField(label=_("Cơ quan đăng"), max_length=300, required=False)
    published_on = YearDateField(label=_("Ngày đăng"), required=False)
    url = forms.CharField(label=_("Đường dẫn (http/https)"), max_length=1000, required=False)


class ImportForm(BaseForm):
    file = forms.FileField(label=_("Tệp Excel danh sách phóng viên (.xlsx)"))
