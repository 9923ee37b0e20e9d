from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ngoaivu.core.forms import BaseForm
from ngoaivu.indicators.models import IndicatorValue

PERIOD_HELP = _("Ví dụ: 2024 (năm), Q1/2024 (quý), 6T/2024 (6 tháng), 03/2024 (tháng).")


class ValueForm(BaseForm):
    indicator = forms.ChoiceField(label=_("Chỉ tiêu"))
    province = forms.ChoiceField(label=_("Tỉnh, thành phố (hiện hành)"), required=False)
    former_province = forms.ChoiceField(
        label=_("Đơn vị khi báo cáo (tỉnh cũ, kỳ trước 01/07/2025)"),
        required=False,
        help_text=_(
            "Kỳ trước 01/07/2025 của tỉnh đã hợp nhất: chọn tỉnh cũ mà số liệu thuộc về (vd. Quảng Nam)."
        ),
    )
    period = forms.CharField(label=_("Kỳ báo cáo"), max_length=20, help_text=PERIOD_HELP)
    value = forms.DecimalField(label=_("Giá trị"), max_digits=24, decimal_places=4)
    currency = forms.CharField(
        label=_("Đơn vị tiền tệ"),
        max_length=3,
        required=False,
        help_text=_(
            "Mã ISO (USD, JPY, KRW, EUR, VND…); chỉ với chỉ tiêu tính bằng tiền theo đồng tiền báo cáo."
        ),
    )
    country = forms.ChoiceField(label=_("Thị trường"), required=False)
    convention = forms.ChoiceField(
        label=_("Quy ước kỳ"), choices=IndicatorValue.Convention.choices, initial="calendar"
    )
    source = forms.CharField(label=_("Nguồn"), max_length=300, required=False)
    note = forms.CharField(
        label=_("Ghi chú"), max_length=3000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(
        self,
        *args: Any,
        indicators: list[tuple[str, str]],
        provinces: list[tuple[str, str]],
        formers: list[tuple[str, str]],
        countries: list[tuple[str, str]],
        editing: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["indicator"].choices = indicators  # type: ignore[attr-defined]
        self.fields["province"].choices = [("", "—"), *provinces]  # type: ignore[attr-defined]
        self.fields["former_province"].choices = [("", "—"), *formers]  # type: ignore[attr-defined]
        self.fields["country"].choices = [("", "—"), *countries]  # type: ignore[attr-defined]
        if editing:
            self.fields["indicator"].disabled = True


class ActionForm(BaseForm):
    reason = forms.CharField(label=_("Lý do"), max_length=3000, required=False, widget=forms.Textarea)
    value = forms.DecimalField(label=_("Giá trị mới"), max_digits=24, decimal_places=4, required=False)
    source = forms.CharField(label=_("Nguồn"), max_length=300, required=False)
    note = forms.CharField(label=_("Ghi chú"), max_length=3000, required=False)
    version = forms.IntegerField(required=False)


class RateForm(BaseForm):
    currency = forms.CharField(
        label=_("Đơn vị tiền tệ"), max_length=3, help_text=_("Mã ISO: USD, JPY, KRW, EUR…")
    )
    period = forms.CharField(label=_("Kỳ"), max_length=20, help_text=PERIOD_HELP)
    vnd_per_unit = forms.DecimalField(
        label=_("Số đồng cho 1 đơn vị"), max_digits=18, decimal_places=6, min_value=0
    )
    source = forms.CharField(label=_("Nguồn"), max_length=300)
    note = forms.CharField(label=_("Ghi chú"), max_length=500, required=False)
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)
