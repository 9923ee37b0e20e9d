from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ngoaivu.core.forms import BaseForm


class _Count(forms.IntegerField):
    """A whole number typed as the pages show it ("1.220.000", "1 220 000") or plainly ("1220000"). A text
    input (inputmode numeric), so the browser never drops what was typed: a bad value gets an error instead."""

    widget = forms.TextInput(attrs={"inputmode": "numeric"})

    def to_python(self, value: Any) -> int | None:
        if isinstance(value, str):
            value = "".join(value.split()).replace(".", "").replace(",", "")
        return super().to_python(value)


class _Measure(forms.DecimalField):
    """A decimal typed as the pages show it ("1.285,40") or with a decimal point ("1285.4")."""

    widget = forms.TextInput(attrs={"inputmode": "decimal"})

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str):
            value = "".join(value.split())
            if "," in value:  # Vietnamese: dots group the thousands, the comma marks the decimals
                value = value.replace(".", "").replace(",", ".")
            elif value.count(".") > 1:
                value = value.replace(".", "")
        return super().to_python(value)


class ProfileForm(BaseForm):
    population = _Count(
        label=_("Dân số (người)"),
        min_value=1,
        max_value=2_000_000_000,
        required=False,
        help_text=_("Ví dụ: 1.220.000 hoặc 1220000."),
    )
    area_km2 = _Measure(
        label=_("Diện tích (km²)"),
        min_value=0,
        max_digits=10,
        decimal_places=2,
        required=False,
        help_text=_("Ví dụ: 1.285,40 hoặc 1285.4."),
    )
    figures_year = forms.IntegerField(label=_("Năm số liệu"), min_value=1900, max_value=2100, required=False)
    figures_source = forms.CharField(
        label=_("Nguồn số liệu"),
        max_length=300,
        required=False,
        help_text=_("Bắt buộc khi ghi dân số hoặc diện tích, ví dụ: Nghị quyết 202/2025/QH15."),
    )
    main_industries = forms.CharField(
        label=_("Ngành kinh tế chính"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    strengths = forms.CharField(
        label=_("Thế mạnh"), max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    fields_sought = forms.MultipleChoiceField(
        label=_("Lĩnh vực muốn hợp tác"),
        choices=(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    contact_name = forms.CharField(label=_("Đầu mối liên hệ"), max_length=200, required=False)
    contact_title = forms.CharField(label=_("Chức vụ, đơn vị"), max_length=300, required=False)
    contact_email = forms.EmailField(label=_("Thư điện tử"), required=False)
    contact_phone = forms.CharField(label=_("Điện thoại"), max_length=40, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self,
        data: Mapping[str, Any] | None = None,
        *,
        initial: dict[str, Any] | None = None,
        fields: list[tuple[str, str]],
    ) -> None:
        super().__init__(data, initial=initial)
        self.fields["fields_sought"].choices = fields  # type: ignore[attr-defined]
