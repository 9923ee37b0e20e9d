from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ngoaivu.core.forms import BaseForm, DateInput
from ngoaivu.culture.models import CulturalEvent, Visibility

FORM_YEARS = (1970, 2100)


class YearDateField(forms.DateField):
    """A date picker (`type=date`) whose year must be plausible: a typo such as 20026 is named."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        lo, hi = FORM_YEARS
        kwargs.setdefault("widget", DateInput(attrs={"min": f"{lo}-01-01", "max": f"{hi}-12-31"}))
        super().__init__(*args, **kwargs)

    def clean(self, value: Any) -> dt.date | None:
        day: dt.date | None = super().clean(value)
        if day is not None and not FORM_YEARS[0] <= day.year <= FORM_YEARS[1]:
            raise forms.ValidationError(
                _("%(f)s: năm phải từ %(lo)s đến %(hi)s (đã nhập %(day)s)."),
                code="year_range",
                params={
                    "f": self.label,
                    "lo": str(FORM_YEARS[0]),
                    "hi": str(FORM_YEARS[1]),
                    "day": day.isoformat(),
                },
            )
        return day


def _choices(form: forms.Form, name: str, choices: list[Any]) -> None:
    form.fields[name].choices = choices  # type: ignore[attr-defined]


class TitleForm(BaseForm):
    name_vi = forms.CharField(label=_("Tên danh hiệu, hồ sơ"), max_length=500)
    name_en = forms.CharField(label=_("Tên tiếng Anh"), max_length=500, required=False)
    kind = forms.ChoiceField(label=_("Loại danh hiệu"), choices=())
    province_as_named = forms.CharField(
        label=_("Tỉnh chủ trì (tên khi lập hồ sơ)"),
        max_length=100,
        required=False,
        help_text=_("Ví dụ “Ninh Thuận” cho hồ sơ năm 2021; để trống: tỉnh của bạn."),
    )
    provinces = forms.CharField(
        label=_("Các tỉnh cùng có di sản (tên khi lập hồ sơ)"),
        max_length=2000,
        required=False,
        help_text=_("Cách nhau bởi dấu chấm phẩy, ví dụ “Gia Lai; Kon Tum”."),
    )
    stage = forms.ChoiceField(label=_("Giai đoạn"), choices=())
    stage_on = YearDateField(label=_("Ngày của giai đoạn"))
    decision_number = forms.CharField(label=_("Số quyết định công nhận"), max_length=100, required=False)
    decision_on = YearDateField(label=_("Ngày quyết định"), required=False)
    decision_year = forms.IntegerField(
        label=_("Năm công nhận"), min_value=1970, max_value=2100, required=False
    )
    ministry_role = forms.CharField(
        label=_("Vai trò của Bộ Ngoại giao"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    delegation = forms.ChoiceField(label=_("Phái đoàn thường trực tại UNESCO"), choices=(), required=False)
    delegation_role = forms.CharField(
        label=_("Vai trò của Phái đoàn thường trực"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    next_step = forms.CharField(label=_("Bước tiếp theo"), max_length=300, required=False)
    next_step_due_on = YearDateField(
        label=_("Hạn bước tiếp theo"),
        required=False,
        help_text=_("Để trống: tính theo quy tắc nhắc hạn hồ sơ UNESCO từ ngày của giai đoạn."),
    )
    summary = forms.CharField(
        label=_("Tóm tắt"), max_length=20000, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    visibility = forms.ChoiceField(label=_("Phạm vi chia sẻ"), choices=Visibility.choices)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self,
        data: Mapping[str, Any] | None = None,
        *,
        initial: dict[str, Any] | None = None,
        kinds: list[tuple[str, str]],
        stages: list[tuple[str, str]],
        missions: list[tuple[str, str]],
        editing: bool = False,
    ) -> None:
        super().__init__(data, initial=initial)
        _choices(self, "kind", kinds)
        _choices(self, "stage", stages)
        _choices(self, "delegation", [("", "—"), *missions])
        if editing:  # the stage and the decision change by the stage form, which keeps the history
            for name in ("stage", "stage_on", "decision_number", "decision_on", "decision_year"):
                self.fields[name].required = False
                self.fields[name].disabled = True

    def province_names(self) -> tuple[str, ...]:
        raw = self.cleaned_data.get("provinces") or ""
        return tuple(p.strip() for p in raw.replace("\n", ";").split(";") if p.strip())


class StageForm(BaseForm):
    stage = forms.ChoiceField(
        label=_("Giai đoạn mới"),
        choices=(),
        error_messages={
            "required": _("chưa chọn giai đoạn chuyển tới."),
            "invalid_choice": _("không chuyển được sang giai đoạn “%(value)s” từ giai đoạn hiện tại."),
        },
    )
    on = YearDateField(label=_("Ngày"))
    note = forms.CharField(
        label=_("Ghi chú"), max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    decision_number = forms.CharField(label=_("Số quyết định công nhận"), max_length=100, required=False)
    decision_on = YearDateField(label=_("Ngày quyết định"), required=False)
    decision_year = forms.IntegerField(
        label=_("Năm công nhận"), min_value=1970, max_value=2100, required=False
    )
    next_step = forms.CharField(label=_("Bước tiếp theo"), max_length=300, required=False)
    next_step_due_on = YearDateField(label=_("Hạn bước tiếp theo"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self,
        data: Mapping[str, Any] | None = None,
        *,
        initial: dict[str, Any] | None = None,
        stages: list[Any],
    ) -> None:
        super().__init__(data, initial=initial)
        _choices(self, "stage", [("", _("— chọn giai đoạn —")), *stages])


class DocumentForm(BaseForm):
    label = forms.CharField(label=_("Tên tài liệu"), max_length=300)
    number = forms.CharField(label=_("Số, ký hiệu"), max_length=100, required=False)
    issued_on = YearDateField(label=_("Ngày ban hành"), required=False)
    file = forms.FileField(label=_("Tệp"))


E = CulturalEvent


class EventForm(BaseForm):
    title_vi = forms.CharField(label=_("Tên sự kiện"), max_length=500)
    title_en = forms.CharField(label=_("Tên tiếng Anh"), max_length=500, required=False)
    kind = forms.ChoiceField(label=_("Loại sự kiện"), choices=E.Kind.choices)
    abroad = forms.TypedChoiceField(
        label=_("Nơi tổ chức"),
        choices=[("true", _("Ở nước ngoài")), ("false", _("Trong nước"))],
        coerce=lambda v: v == "true",
    )
    country = forms.ChoiceField(label=_("Quốc gia"), choices=(), required=False)
    city = forms.CharField(label=_("Thành phố"), max_length=200, required=False)
    mission = forms.ChoiceField(label=_("Cơ quan đại diện"), choices=(), required=False)
    province_as_named = forms.CharField(
        label=_("Tỉnh khi tổ chức"),
        max_length=100,
        required=False,
        help_text=_("Tên tỉnh như khi tổ chức; để trống: tỉnh của bạn."),
    )
    provinces = forms.MultipleChoiceField(
        label=_("Các tỉnh cùng tham gia"),
        choices=(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 5}),
    )
    organisers = forms.CharField(label=_("Đơn vị tổ chức"), max_length=500)
    starts_on = YearDateField(label=_("Ngày bắt đầu"))
    ends_on = YearDateField(label=_("Ngày kết thúc"))
    status = forms.ChoiceField(label=_("Tình trạng"), choices=E.Status.choices)
    visitors_count = forms.IntegerField(
        label=_("Số lượt khách tham quan, khán giả"), min_value=0, max_value=100_000_000, required=False
    )
    outcome_summary = forms.CharField(
        label=_("Kết quả"), max_length=20000, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    agreements = forms.TypedMultipleChoiceField(
        label=_("Thỏa thuận đã ký"),
        choices=(),
        coerce=int,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 5}),
    )
    visibility = forms.ChoiceField(label=_("Phạm vi chia sẻ"), choices=Visibility.choices)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self,
        data: Mapping[str, Any] | None = None,
        *,
        initial: dict[str, Any] | None = None,
        provinces: list[tuple[str, str]],
        countries: list[tuple[str, str]],
        missions: list[tuple[str, str]],
        agreements: list[tuple[int, str]],
    ) -> None:
        super().__init__(data, initial=initial)
        _choices(self, "provinces", provinces)
        _choices(self, "country", [("", "—"), *countries])
        _choices(self, "mission", [("", "—"), *missions])
        _choices(self, "agreements", agreements)
