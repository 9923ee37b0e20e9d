from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ngoaivu.core.forms import BaseForm, DateInput
from ngoaivu.events.models import EventParticipation, PromotionEvent

E = PromotionEvent
FORM_YEARS = (2000, 2100)
"""The years a date typed in an event or task form may fall in: a typo such as 1800 or 20026 is named."""


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
                params={"lo": str(FORM_YEARS[0]), "hi": str(FORM_YEARS[1]), "day": day.isoformat()},
            )
        return day


def participation_field(kind: str) -> str:
    return f"part_{kind}"


class EventForm(BaseForm):
    title_vi = forms.CharField(label=_("Tên sự kiện"), max_length=500)
    title_en = forms.CharField(label=_("Tên tiếng Anh"), max_length=500, required=False)
    kind = forms.ChoiceField(label=_("Loại sự kiện"), choices=E.Kind.choices)
    organisers = forms.CharField(label=_("Đơn vị tổ chức"), max_length=500)
    province_as_named = forms.CharField(
        label=_("Tỉnh khi tổ chức"),
        max_length=100,
        required=False,
        help_text=_(
            "Tên tỉnh như khi tổ chức, ví dụ “Vĩnh Phúc” cho sự kiện năm 2022; để trống: tỉnh của bạn."
        ),
    )
    starts_on = YearDateField(label=_("Ngày bắt đầu"))
    ends_on = YearDateField(label=_("Ngày kết thúc"))
    format = forms.ChoiceField(label=_("Hình thức"), choices=E.Format.choices)
    place = forms.CharField(label=_("Địa điểm (hoặc nền tảng trực tuyến)"), max_length=300, required=False)
    provinces = forms.MultipleChoiceField(
        label=_("Các tỉnh cùng tham gia"),
        choices=(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 5}),
    )
    countries = forms.MultipleChoiceField(
        label=_("Quốc gia, thị trường"),
        choices=(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    missions = forms.MultipleChoiceField(
        label=_("Cơ quan đại diện tham gia"),
        choices=(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 5}),
    )
    status = forms.ChoiceField(label=_("Tình trạng"), choices=E.Status.choices)
    leads_count = forms.IntegerField(
        label=_("Số đầu mối, cơ hội hợp tác"), min_value=0, max_value=10_000_000, required=False
    )
    pledged_amount = forms.DecimalField(
        label=_("Vốn đầu tư cam kết, đăng ký"),
        min_value=0,
        max_digits=17,
        decimal_places=2,
        required=False,
        localize=True,
        help_text=_("Số tiền theo đơn vị tiền ghi bên dưới, không quy đổi (ví dụ 1.500.000,5)."),
    )
    pledged_currency = forms.CharField(label=_("Đơn vị tiền"), max_length=3, required=False)
    outcome_summary = forms.CharField(
        label=_("Kết quả"), max_length=20000, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    agreements = forms.TypedMultipleChoiceField(
        label=_("Thỏa thuận, MOU đã ký tại sự kiện"),
        choices=(),
        coerce=int,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 5}),
    )
    visibility = forms.ChoiceField(label=_("Phạm vi chia sẻ"), choices=E.Visibility.choices)
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
        self.fields["provinces"].choices = provinces  # type: ignore[attr-defined]
        self.fields["countries"].choices = countries  # type: ignore[attr-defined]
        self.fields["missions"].choices = missions  # type: ignore[attr-defined]
        self.fields["agreements"].choices = agreements  # type: ignore[attr-defined]
        for kind, label in EventParticipation.Kind.choices:
            self.fields[participation_field(kind)] = forms.IntegerField(
                label=_("Tham dự: %(k)s") % {"k": label}, min_value=0, max_value=10_000_000, required=False
            )

    def participations(self) -> dict[str, int]:
        data = self.cleaned_data
        return {
            kind: int(data[participation_field(kind)])
            for kind in EventParticipation.Kind.values
            if data.get(participation_field(kind))
        }


class TaskForm(BaseForm):
    title = forms.CharField(label=_("Việc cần làm"), max_length=300)
    owner_org = forms.ChoiceField(label=_("Đơn vị chủ trì"), choices=(), required=False)
    owner_person = forms.CharField(label=_("Người phụ trách"), max_length=200, required=False)
    due_on = YearDateField(label=_("Hạn"))
    note = forms.CharField(
        label=_("Ghi chú"), max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(
        self,
        data: Mapping[str, Any] | None = None,
        *,
        initial: dict[str, Any] | None = None,
        organisations: list[tuple[str, str]],
    ) -> None:
        super().__init__(data, initial=initial)
        self.fields["owner_org"].choices = [("", "—"), *organisations]  # type: ignore[attr-defined]


class TaskCompleteForm(BaseForm):
    done_on = YearDateField(label=_("Ngày hoàn thành"), required=False)
    note = forms.CharField(label=_("Ghi chú"), max_length=5000, required=False)
    version = forms.IntegerField(required=False)
