from __future__ import annotations

import decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ngoaivu.core.forms import BaseForm
from ngoaivu.indicators.columns import vn_number
from ngoaivu.indicators.importer.cells import parse_number
from ngoaivu.indicators.models import IndicatorValue

NUMBER_HELP = _("Ghi theo kiểu Việt Nam (1.234,5) hoặc kiểu Anh (1,234.5).")


class NumberField(forms.CharField):
    """A figure typed as officials write it, read like the Excel import ("45.000", "1.234,5", "1,234.5"):
    a text input, never `type=number` (the browser reads "45.000" as 45). Non-numbers and ambiguous
    groupings ("1.234.5") are refused; the form's error summary and the action flash put the field's label
    before the message ("Giá trị: “abc” không phải số …")."""

    widget = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})

    def __init__(self, *, max_digits: int = 24, decimal_places: int = 4, **kwargs: Any) -> None:
        self.max_digits, self.decimal_places = max_digits, decimal_places
        kwargs.setdefault("help_text", NUMBER_HELP)
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, decimal.Decimal | int):
            return vn_number(decimal.Decimal(value))
        return value

    def to_python(self, value: Any) -> decimal.Decimal | None:  # type: ignore[override]
        text = super().to_python(value)
        if text in self.empty_values:
            return None
        try:
            number = parse_number(text)
        except ValueError:
            raise ValidationError(
                _("“%(text)s” không phải số (ghi 1.234,5 hoặc 1,234.5)."),
                code="invalid",
                params={"text": text},
            ) from None
        if not number.is_finite():
            raise ValidationError(_("Không phải số."), code="invalid")
        exponent = number.normalize().as_tuple().exponent
        if isinstance(exponent, int) and -exponent > self.decimal_places:
            raise ValidationError(
                _("Tối đa %(places)s chữ số sau dấu thập phân."),
                code="decimal_places",
                params={"places": self.decimal_places},
            )
        if abs(number) >= decimal.Decimal(10) ** (self.max_digits - self.decimal_places):
            raise ValidationError(_("Số quá lớn."), code="max_digits")
        return number


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
    value = NumberField(label=_("Giá trị"))
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
    value = NumberField(label=_("Giá trị mới"), required=False)
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
