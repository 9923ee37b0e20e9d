from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ngoaivu.consular.models import CitizenCase
from ngoaivu.core.forms import BaseForm, DateInput

C = CitizenCase
FORM_YEARS = (1990, 2100)


class YearDateField(forms.DateField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        lo, hi = FORM_YEARS
        kwargs.setdefault("widget", DateInput(attrs={"min": f"{lo}-01-01", "max": f"{hi}-12-31"}))
        super().__init__(*args, **kwargs)

    def clean(self, value: Any) -> dt.date | None:
        day: dt.date | None = super().clean(value)
        if day is not None and not FORM_YEARS[0] <= day.year <= FORM_YEARS[1]:
            raise forms.ValidationError(
                _("%(label)s: năm phải từ %(lo)s đến %(hi)s (đã nhập %(day)s)."),
                code="year_range",
                params={
                    "label": self.label,
                    "lo": str(FORM_YEARS[0]),
                    "hi": str(FORM_YEARS[1]),
                    "day": day.isoformat(),
                },
            )
        return day


class BirthDateField(forms.DateField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", DateInput(attrs={"min": "1900-01-01"}))
        super().__init__(*args, **kwargs)


class CaseForm(BaseForm):
    country = forms.ChoiceField(label=_("Quốc gia xảy ra vụ việc"), choices=())
    province = forms.ChoiceField(label=_("Tỉnh quê quán"), choices=())
    province_as_named = forms.CharField(
        label=_("Tên tỉnh khi tiếp nhận"),
        max_length=100,
        required=False,
        help_text=_("Nếu khi tiếp nhận tỉnh mang tên khác (trước sáp nhập), ví dụ “Vĩnh Phúc” năm 2024."),
    )
    kind = forms.ChoiceField(label=_("Loại vụ việc"), choices=C.Kind.choices)
    incident_on = YearDateField(label=_("Ngày xảy ra"), required=False)
    received_on = YearDateField(label=_("Ngày tiếp nhận"))
    summary = forms.CharField(
        label=_("Tóm tắt vụ việc"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Không ghi họ tên, số giấy tờ của công dân ở đây: ghi trong phần “Công dân”."),
    )
    outcome = forms.CharField(
        label=_("Kết quả"), max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self,
        data: Mapping[str, Any] | None = None,
        *,
        initial: dict[str, Any] | None = None,
        countries: list[tuple[str, str]],
    ) -> None:
        from ngoaivu.directory.selectors import province_code_choices

        super().__init__(data, initial=initial)
        self.fields["country"].choices = [("", "—"), *countries]  # type: ignore[attr-defined]
        self.fields["province"].choices = [("", "—"), *province_code_choices()]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        """The former name must belong to the province chosen (as the service resolves it on the receipt day)."""
        from ngoaivu.directory.services import province_resolve

        data = super().clean() or {}
        name, code, day = data.get("province_as_named"), data.get("province"), data.get("received_on")
        if name and code and day:
            locality = province_resolve(name, as_of=day)
            if locality is None:
                self.add_error(
                    "province_as_named",
                    _("Tên tỉnh khi tiếp nhận: không tìm thấy “%(p)s”.") % {"p": name[:100]},
                )
            elif locality.province.code != code:
                self.add_error(
                    "province_as_named",
                    _("Tên tỉnh khi tiếp nhận: “%(p)s” nay thuộc %(n)s, không thuộc tỉnh đã chọn.")
                    % {"p": name[:100], "n": locality.province.name},
                )
        return data


class CitizenForm(BaseForm):
    full_name = forms.CharField(label=_("Họ và tên công dân"), max_length=200)
    birth_date = BirthDateField(label=_("Ngày sinh"), required=False)
    passport_number = forms.CharField(label=_("Số hộ chiếu"), max_length=20, required=False)
    phone = forms.CharField(label=_("Điện thoại"), max_length=30, required=False)
    address = forms.CharField(label=_("Địa chỉ tại Việt Nam"), max_length=500, required=False)
    family_name = forms.CharField(label=_("Người thân liên hệ"), max_length=200, required=False)
    family_relation = forms.CharField(label=_("Quan hệ với công dân"), max_length=100, required=False)
    family_phone = forms.CharField(label=_("Điện thoại người thân"), max_length=30, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class TransitionForm(BaseForm):
    on = YearDateField(label=_("Ngày"), required=False)
    note = forms.CharField(
        label=_("Ghi chú"), max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    version = forms.IntegerField(required=False)


class HandoverForm(BaseForm):
    to_org = forms.ChoiceField(label=_("Bàn giao cho"), choices=())
    note = forms.CharField(
        label=_("Ghi chú bàn giao"), max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, data: Mapping[str, Any] | None = None, *, targets: list[tuple[str, str]]) -> None:
        super().__init__(data)
        self.fields["to_org"].choices = targets  # type: ignore[attr-defined]


class AcceptForm(BaseForm):
    handover = forms.IntegerField(min_value=1, max_value=2**63 - 1)


class ActionForm(BaseForm):
    text = forms.CharField(label=_("Việc đã làm"), max_length=5000, widget=forms.Textarea(attrs={"rows": 2}))
    done_on = YearDateField(label=_("Ngày thực hiện"), required=False)


class ProvinceNoteForm(BaseForm):
    province_note = forms.CharField(
        label=_("Ghi chú của tỉnh (liên hệ gia đình, hỗ trợ tại địa phương)"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
