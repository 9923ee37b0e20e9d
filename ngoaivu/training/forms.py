from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ngoaivu.core.forms import BaseForm, DateInput
from ngoaivu.training.models import Course, Nomination

C = Course
FORM_YEARS = (1990, 2100)


class YearDateField(forms.DateField):
    """A date in FORM_YEARS: a typo such as 1800 or 20026 is named."""

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
                params={"lo": str(FORM_YEARS[0]), "hi": str(FORM_YEARS[1]), "day": day.isoformat()},
            )
        return day


class CourseForm(BaseForm):
    title = forms.CharField(label=_("Tên khóa học"), max_length=500)
    organiser_kind = forms.ChoiceField(label=_("Loại đơn vị tổ chức"), choices=C.OrganiserKind.choices)
    organiser_name = forms.CharField(
        label=_("Đơn vị tổ chức"),
        max_length=300,
        required=False,
        help_text=_("Để trống: tên theo loại đơn vị tổ chức (ví dụ Học viện Ngoại giao)."),
    )
    topic = forms.ChoiceField(label=_("Chủ đề"), choices=())
    starts_on = YearDateField(label=_("Ngày bắt đầu"))
    ends_on = YearDateField(label=_("Ngày kết thúc"))
    hours = forms.IntegerField(label=_("Số giờ"), min_value=1, max_value=2000, required=False)
    format = forms.ChoiceField(label=_("Hình thức"), choices=C.Format.choices)
    place = forms.CharField(label=_("Địa điểm (hoặc nền tảng trực tuyến)"), max_length=300, required=False)
    capacity = forms.IntegerField(
        label=_("Số học viên tối đa"), min_value=1, max_value=100_000, required=False
    )
    nomination_deadline = YearDateField(
        label=_("Hạn cử cán bộ"),
        required=False,
        help_text=_("Để trống: tính theo quy tắc thời hạn (trước ngày bắt đầu, lùi về ngày làm việc)."),
    )
    description = forms.CharField(
        label=_("Nội dung"), max_length=20000, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    visibility = forms.ChoiceField(label=_("Phạm vi chia sẻ"), choices=C.Visibility.choices)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self,
        data: Mapping[str, Any] | None = None,
        *,
        initial: dict[str, Any] | None = None,
        topics: list[tuple[str, str]],
    ) -> None:
        super().__init__(data, initial=initial)
        self.fields["topic"].choices = topics  # type: ignore[attr-defined]


class TransitionForm(BaseForm):
    action = forms.ChoiceField(
        choices=[(a, a) for a in ("open", "close", "start", "complete", "cancel")], widget=forms.HiddenInput
    )
    version = forms.IntegerField(required=False)


class QuotaForm(BaseForm):
    province = forms.ChoiceField(label=_("Tỉnh, thành phố"), choices=())
    places = forms.IntegerField(
        label=_("Số suất"),
        min_value=0,
        max_value=100_000,
        required=False,
        help_text=_("Trống: bỏ chỉ tiêu (tỉnh cử trong giới hạn số học viên tối đa); 0: tỉnh không được cử."),
    )

    def __init__(self, data: Mapping[str, Any] | None = None, *, provinces: list[tuple[str, str]]) -> None:
        super().__init__(data)
        self.fields["province"].choices = [("", _("— chọn tỉnh —")), *provinces]  # type: ignore[attr-defined]


class NominateForm(BaseForm):
    full_name = forms.CharField(label=_("Họ và tên"), max_length=200)
    position = forms.CharField(label=_("Chức vụ"), max_length=200, required=False)
    unit = forms.CharField(label=_("Đơn vị công tác"), max_length=300, required=False)
    email = forms.CharField(label=_("Thư điện tử"), max_length=254, required=False)
    phone = forms.CharField(label=_("Điện thoại"), max_length=30, required=False)
    note = forms.CharField(label=_("Ghi chú"), max_length=500, required=False)


class NominationActionForm(BaseForm):
    reason = forms.CharField(label=_("Lý do"), max_length=500, required=False)
    version = forms.IntegerField(required=False)


class ResultForm(BaseForm):
    result = forms.ChoiceField(label=_("Kết quả"), choices=Nomination.Result.choices)
    score = forms.DecimalField(
        label=_("Điểm"),
        min_value=0,
        max_value=100,
        max_digits=5,
        decimal_places=2,
        required=False,
        localize=True,
    )
    certificate_number = forms.CharField(label=_("Số chứng chỉ"), max_length=60, required=False)
    certificate_date = YearDateField(label=_("Ngày cấp chứng chỉ"), required=False)
    version = forms.IntegerField(required=False)


class UploadForm(BaseForm):
    file = forms.FileField(label=_("Tệp Excel (.xlsx) theo mẫu"))
