from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ngoaivu.core.forms import BaseForm, DateInput
from ngoaivu.overseas.models import (
    OverseasAssociation,
    OverseasInvestment,
    OverseasPerson,
    OverseasProgramme,
    Visibility,
)

FORM_YEARS = (2000, 2100)


class YearDateField(forms.DateField):
    """A date typed in a form, between 2000 and 2100: a typo such as 1800 or 20026 is named."""

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
                params={"lo": str(FORM_YEARS[0]), "hi": str(FORM_YEARS[1]), "day": day.strftime("%d/%m/%Y")},
            )
        return day


def _multi(label: Any, size: int = 5) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label, choices=(), required=False, widget=forms.SelectMultiple(attrs={"size": size})
    )


class _ChoicesForm(BaseForm):
    def __init__(
        self, data: Mapping[str, Any] | None = None, *, initial: dict[str, Any] | None = None, **choices: Any
    ) -> None:
        super().__init__(data, initial=initial)
        for name, values in choices.items():
            field = self.fields[name]
            blank = (
                [("", "—")]
                if isinstance(field, forms.ChoiceField) and not isinstance(field, forms.MultipleChoiceField)
                else []
            )
            field.choices = [*blank, *values]  # type: ignore[attr-defined]


class AssociationForm(_ChoicesForm):
    name_vi = forms.CharField(label=_("Tên tiếng Việt"), max_length=300)
    name_original = forms.CharField(label=_("Tên nguyên gốc"), max_length=300, required=False)
    kind = forms.ChoiceField(label=_("Loại hội"), choices=OverseasAssociation.Kind.choices)
    country = forms.ChoiceField(label=_("Quốc gia"), choices=())
    city = forms.CharField(label=_("Thành phố"), max_length=100, required=False)
    mission = forms.ChoiceField(label=_("Cơ quan đại diện"), choices=(), required=False)
    founded_year = forms.IntegerField(
        label=_("Năm thành lập"), min_value=1800, max_value=2100, required=False
    )
    members = forms.IntegerField(
        label=_("Số hội viên (ước tính)"), min_value=0, max_value=100_000_000, required=False
    )
    activities = forms.CharField(label=_("Lĩnh vực hoạt động"), max_length=300, required=False)
    status = forms.ChoiceField(label=_("Tình trạng"), choices=OverseasAssociation.Status.choices)
    leader_name = forms.CharField(label=_("Người đứng đầu, liên hệ"), max_length=200, required=False)
    leader_role = forms.CharField(label=_("Chức danh"), max_length=200, required=False)
    contact_email = forms.CharField(label=_("Thư điện tử liên hệ"), max_length=254, required=False)
    contact_phone = forms.CharField(label=_("Điện thoại liên hệ"), max_length=30, required=False)
    consent = forms.BooleanField(label=_("Người liên hệ đã đồng ý cho lưu thông tin"), required=False)
    purpose = forms.CharField(label=_("Mục đích lưu"), max_length=300, required=False)
    note = forms.CharField(
        label=_("Ghi chú"), max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    visibility = forms.ChoiceField(label=_("Phạm vi chia sẻ"), choices=Visibility.choices)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class PersonForm(_ChoicesForm):
    full_name = forms.CharField(label=_("Họ và tên"), max_length=200)
    country = forms.ChoiceField(label=_("Quốc gia"), choices=())
    field = forms.ChoiceField(label=_("Lĩnh vực"), choices=OverseasPerson.Field.choices)
    organisation = forms.CharField(label=_("Cơ quan, tổ chức"), max_length=300, required=False)
    position = forms.CharField(label=_("Chức danh"), max_length=200, required=False)
    associations = forms.TypedMultipleChoiceField(
        label=_("Hội đoàn"),
        choices=(),
        coerce=int,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 5}),
    )
    email = forms.CharField(label=_("Thư điện tử"), max_length=254, required=False)
    phone = forms.CharField(label=_("Điện thoại"), max_length=30, required=False)
    consent = forms.BooleanField(label=_("Người này đã đồng ý cho lưu thông tin"), required=False)
    purpose = forms.CharField(label=_("Mục đích lưu"), max_length=300, required=False)
    note = forms.CharField(
        label=_("Ghi chú"), max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    visibility = forms.ChoiceField(label=_("Phạm vi chia sẻ"), choices=Visibility.choices)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ProgrammeForm(_ChoicesForm):
    title = forms.CharField(label=_("Tên chương trình"), max_length=300)
    kind = forms.ChoiceField(label=_("Loại chương trình"), choices=OverseasProgramme.Kind.choices)
    starts_on = YearDateField(label=_("Ngày bắt đầu"))
    ends_on = YearDateField(label=_("Ngày kết thúc"))
    place = forms.CharField(label=_("Địa điểm"), max_length=300, required=False)
    organiser_name = forms.CharField(
        label=_("Đơn vị tổ chức"),
        max_length=300,
        required=False,
        help_text=_("Để trống: tên đơn vị của bạn."),
    )
    provinces = _multi(_("Các tỉnh tham gia"))
    countries = _multi(_("Quốc gia của kiều bào tham gia"), 6)
    associations = forms.TypedMultipleChoiceField(
        label=_("Hội đoàn tham gia"),
        choices=(),
        coerce=int,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 5}),
    )
    participants = forms.IntegerField(
        label=_("Số người tham gia"), min_value=0, max_value=100_000_000, required=False
    )
    outcomes = forms.CharField(
        label=_("Kết quả"), max_length=20000, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    status = forms.ChoiceField(label=_("Tình trạng"), choices=OverseasProgramme.Status.choices)
    visibility = forms.ChoiceField(label=_("Phạm vi chia sẻ"), choices=Visibility.choices)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class InvestmentForm(_ChoicesForm):
    title = forms.CharField(label=_("Tên dự án"), max_length=300)
    province_as_named = forms.CharField(
        label=_("Tỉnh khi đầu tư"),
        max_length=100,
        required=False,
        help_text=_("Tên tỉnh như khi đầu tư, ví dụ “Quảng Nam” cho dự án năm 2023; để trống: tỉnh của bạn."),
    )
    association = forms.TypedChoiceField(
        label=_("Hội đoàn đầu tư"), choices=(), coerce=int, required=False, empty_value=None
    )
    person = forms.TypedChoiceField(
        label=_("Kiều bào đầu tư"), choices=(), coerce=int, required=False, empty_value=None
    )
    investor_name = forms.CharField(
        label=_("Nhà đầu tư (như ghi trong hồ sơ)"), max_length=300, required=False
    )
    sector = forms.CharField(label=_("Lĩnh vực"), max_length=200)
    capital = forms.DecimalField(
        label=_("Vốn đầu tư"),
        min_value=0,
        max_digits=17,
        decimal_places=2,
        required=False,
        localize=True,
        help_text=_("Theo đơn vị tiền ghi bên dưới, không quy đổi (ví dụ 1.500.000,5)."),
    )
    currency = forms.CharField(label=_("Đơn vị tiền"), max_length=3, required=False)
    year = forms.IntegerField(label=_("Năm"), min_value=1975, max_value=2100)
    status = forms.ChoiceField(label=_("Tình trạng"), choices=OverseasInvestment.Status.choices)
    source = forms.CharField(label=_("Nguồn thông tin"), max_length=300, required=False)
    note = forms.CharField(
        label=_("Ghi chú"), max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    visibility = forms.ChoiceField(label=_("Phạm vi chia sẻ"), choices=Visibility.choices)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
