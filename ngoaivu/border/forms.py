from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ngoaivu.border.models import BorderMechanism, BorderMeeting
from ngoaivu.core.forms import BaseForm, DateInput

FORM_YEARS = (1975, 2100)
"""The years a date typed in a border form may fall in: a typo such as 1800 or 20026 is named."""


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


def _multi(label: Any, size: int = 6, **kwargs: Any) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label, choices=(), required=False, widget=forms.SelectMultiple(attrs={"size": size}), **kwargs
    )


class MechanismForm(BaseForm):
    name_vi = forms.CharField(label=_("Tên cơ chế"), max_length=500)
    name_en = forms.CharField(label=_("Tên tiếng Anh"), max_length=500, required=False)
    kind = forms.ChoiceField(label=_("Loại cơ chế"), choices=BorderMechanism.Kind.choices)
    level = forms.ChoiceField(label=_("Cấp"), choices=BorderMechanism.Level.choices)
    provinces = _multi(_("Tỉnh thành viên (hiện hành)"))
    members_as_named = forms.CharField(
        label=_("Tỉnh thành viên theo tên khi thành lập"),
        max_length=1000,
        required=False,
        help_text=_("Cách nhau bởi dấu phẩy, ví dụ “Hà Giang, Lào Cai, Lai Châu” cho cơ chế lập năm 2010."),
    )
    countries = _multi(_("Quốc gia đối tác"))
    partners = forms.TypedMultipleChoiceField(
        label=_("Địa phương nước ngoài trong danh bạ"),
        choices=(),
        coerce=int,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 5}),
    )
    foreign_members = forms.CharField(
        label=_("Thành viên nước ngoài khác"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Mỗi dòng một thành viên: tên | mã quốc gia, ví dụ “Tỉnh Vân Nam | CN”."),
    )
    founded_on = YearDateField(label=_("Ngày thành lập"), required=False)
    founding_doc_number = forms.CharField(
        label=_("Số, ký hiệu văn bản thành lập"), max_length=100, required=False
    )
    founding_doc_date = YearDateField(label=_("Ngày văn bản thành lập"), required=False)
    founding_doc_title = forms.CharField(
        label=_("Trích yếu văn bản thành lập"), max_length=500, required=False
    )
    cycle = forms.ChoiceField(label=_("Định kỳ họp"), choices=BorderMechanism.Cycle.choices)
    status = forms.ChoiceField(label=_("Tình trạng"), choices=BorderMechanism.Status.choices)
    description = forms.CharField(
        label=_("Mô tả"), max_length=20000, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    agreements = forms.TypedMultipleChoiceField(
        label=_("Thỏa thuận liên quan biên giới"),
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
        provinces: list[tuple[str, str]],
        countries: list[tuple[str, str]],
        partners: list[tuple[int, str]],
        agreements: list[tuple[int, str]],
    ) -> None:
        super().__init__(data, initial=initial)
        self.fields["provinces"].choices = provinces  # type: ignore[attr-defined]
        self.fields["countries"].choices = countries  # type: ignore[attr-defined]
        self.fields["partners"].choices = partners  # type: ignore[attr-defined]
        self.fields["agreements"].choices = agreements  # type: ignore[attr-defined]

    def clean_foreign_members(self) -> list[tuple[str, str]]:
        rows: list[tuple[str, str]] = []
        problems: list[str] = []
        for i, line in enumerate(str(self.cleaned_data.get("foreign_members") or "").splitlines(), start=1):
            if not line.strip():
                continue
            name, sep, iso = line.rpartition("|")
            if not sep or not name.strip() or len(iso.strip()) != 2:
                problems.append(str(_("Dòng %(i)d: ghi “tên | mã quốc gia”.") % {"i": i}))
                continue
            rows.append((name.strip(), iso.strip().upper()))
        if problems:
            raise forms.ValidationError(problems)
        return rows

    def clean_members_as_named(self) -> list[str]:
        text = str(self.cleaned_data.get("members_as_named") or "")
        return [n.strip() for n in text.replace(";", ",").split(",") if n.strip()]


class MeetingForm(BaseForm):
    title = forms.CharField(label=_("Tên cuộc họp"), max_length=500)
    kind = forms.ChoiceField(label=_("Loại cuộc họp"), choices=BorderMeeting.Kind.choices)
    starts_on = YearDateField(label=_("Ngày bắt đầu"))
    ends_on = YearDateField(label=_("Ngày kết thúc"))
    host = forms.ChoiceField(label=_("Bên đăng cai"), choices=BorderMeeting.Host.choices)
    place = forms.CharField(label=_("Địa điểm"), max_length=300, required=False)
    delegations = forms.CharField(
        label=_("Thành phần đoàn (trưởng đoàn, số người)"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    summary = forms.CharField(
        label=_("Kết quả chính"), max_length=20000, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class MeetingActionForm(BaseForm):
    action = forms.ChoiceField(
        label=_("Thao tác"), choices=[("hold", "hold"), ("minutes", "minutes"), ("cancel", "cancel")]
    )
    minutes_number = forms.CharField(label=_("Số biên bản"), max_length=100, required=False)
    minutes_signed_on = YearDateField(label=_("Ngày ký biên bản"), required=False)
    summary = forms.CharField(label=_("Kết quả chính"), max_length=20000, required=False)
    reason = forms.CharField(label=_("Lý do hủy"), max_length=500, required=False)
    version = forms.IntegerField(required=False)


class CommitmentForm(BaseForm):
    text = forms.CharField(
        label=_("Nội dung cam kết"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )
    owner_org = forms.ChoiceField(label=_("Đơn vị chủ trì"), choices=(), required=False)
    owner_person = forms.CharField(label=_("Người phụ trách"), max_length=200, required=False)
    due_on = YearDateField(
        label=_("Hạn"),
        required=False,
        help_text=_("Để trống: theo quy tắc thời hạn (tính từ ngày kết thúc cuộc họp)."),
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


class CommitmentActionForm(BaseForm):
    action = forms.ChoiceField(
        label=_("Thao tác"),
        choices=[("progress", "progress"), ("complete", "complete"), ("drop", "drop"), ("reopen", "reopen")],
    )
    note = forms.CharField(label=_("Tiến độ, ghi chú"), max_length=5000, required=False)
    done_on = YearDateField(label=_("Ngày hoàn thành"), required=False)
    reason = forms.CharField(label=_("Lý do không thực hiện"), max_length=1000, required=False)
    version = forms.IntegerField(required=False)


class BorderFileForm(BaseForm):
    kind = forms.ChoiceField(label=_("Loại tài liệu"), choices=())
    file = forms.FileField(label=_("Tệp"))

    def __init__(self, data: Any = None, files: Any = None, *, kinds: list[tuple[str, Any]]) -> None:
        super().__init__(data, files)
        self.fields["kind"].choices = kinds  # type: ignore[attr-defined]
