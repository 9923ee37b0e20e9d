from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ngoaivu.core.forms import BaseForm


class ProfileForm(BaseForm):
    population = forms.IntegerField(
        label=_("Dân số (người)"), min_value=1, max_value=2_000_000_000, required=False
    )
    area_km2 = forms.DecimalField(
        label=_("Diện tích (km²)"), min_value=0, max_digits=10, decimal_places=2, required=False
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
