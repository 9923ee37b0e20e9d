from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ngoaivu.aid.models import CURRENCIES, AidProject
from ngoaivu.core.forms import BaseForm, DateInput

AMOUNT = {"min_value": Decimal(0), "max_value": Decimal("999999999999999"), "decimal_places": 2}


def _amount_field(label: Any, *, required: bool) -> forms.DecimalField:
    # localize: "1.234.567,5" (Vietnamese) is read as typed
    return forms.DecimalField(label=label, required=required, localize=True, **AMOUNT)  # type: ignore[arg-type]


def _date_field(label: Any) -> forms.DateField:
    return forms.DateField(
        label=label, required=False, widget=DateInput(attrs={"min": "1990-01-01", "max": "2100-12-31"})
    )


class ProjectForm(BaseForm):
    title = forms.CharField(label=_("Tên dự án"), max_length=500)
    ngo_id = forms.TypedChoiceField(
        label=_("Tổ chức PCPNN"),
        coerce=int,
        choices=(),
        help_text=_("Tổ chức phải có trong danh bạ đối tác (loại: tổ chức phi chính phủ)."),
    )
    country = forms.ChoiceField(
        label=_("Quốc gia của tổ chức"),
        choices=(),
        required=False,
        help_text=_("Trống: quốc gia của tổ chức"),
    )
    field_codes = forms.MultipleChoiceField(
        label=_("Lĩnh vực"), choices=(), required=False, widget=forms.SelectMultiple(attrs={"size": 6})
    )
    provinces = forms.MultipleChoiceField(
        label=_("Tỉnh, thành phố thực hiện khác"),
        choices=(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    localities = forms.CharField(label=_("Địa bàn (xã, phường, huyện cũ)"), max_length=1000, required=False)
    former_province = forms.ChoiceField(
        label=_("Tỉnh khi phê duyệt (trước 01/07/2025)"), choices=(), required=False
    )
    province_as_named = forms.CharField(label=_("Tên tỉnh trong văn bản"), max_length=100, required=False)
    approval_number = forms.CharField(label=_("Số văn bản phê duyệt"), max_length=60, required=False)
    approval_date = _date_field(_("Ngày phê duyệt"))
    approving_body = forms.CharField(label=_("Cơ quan phê duyệt"), max_length=300, required=False)
    commitment = _amount_field(_("Giá trị cam kết"), required=True)
    currency = forms.ChoiceField(label=_("Tiền tệ"), choices=CURRENCIES)
    start_on = _date_field(_("Ngày bắt đầu"))
    end_on = _date_field(_("Ngày kết thúc"))
    status = forms.ChoiceField(label=_("Tình trạng"), choices=AidProject.Status.choices)
    description = forms.CharField(
        label=_("Mục tiêu, nội dung chính"), max_length=20000, required=False, widget=forms.Textarea
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self,
        data: Mapping[str, Any] | None = None,
        *,
        initial: dict[str, Any] | None = None,
        ngos: list[tuple[int, str]],
        countries: list[tuple[str, str]],
        fields: list[tuple[str, str]],
        provinces: list[tuple[str, str]],
        formers: list[tuple[str, str]],
    ) -> None:
        super().__init__(data, initial=initial)
        self.fields["ngo_id"].choices = [("", "—"), *ngos]  # type: ignore[attr-defined]
        self.fields["country"].choices = [("", "—"), *countries]  # type: ignore[attr-defined]
        self.fields["field_codes"].choices = fields  # type: ignore[attr-defined]
        self.fields["provinces"].choices = provinces  # type: ignore[attr-defined]
        self.fields["former_province"].choices = [("", "—"), *formers]  # type: ignore[attr-defined]


class YearsForm(BaseForm):
    """Planned and actual disbursement for each year shown, plus one row to add a year."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    add_year = forms.IntegerField(
        label=_("Thêm năm"),
        required=False,
        min_value=1990,
        max_value=2100,
        widget=forms.NumberInput(attrs={"placeholder": _("Thêm năm")}),
    )
    add_planned = _amount_field(_("Kế hoạch"), required=False)
    add_actual = _amount_field(_("Thực tế"), required=False)

    def __init__(
        self, data: Mapping[str, Any] | None = None, *, years: list[int], initial: dict[str, Any]
    ) -> None:
        super().__init__(data, initial=initial)
        self.years = years
        for year in years:
            self.fields[f"planned_{year}"] = _amount_field(_("Kế hoạch %(y)d") % {"y": year}, required=False)
            self.fields[f"actual_{year}"] = _amount_field(_("Thực tế %(y)d") % {"y": year}, required=False)

    def rows(self) -> list[tuple[int, Any, Any]]:
        return [(y, self[f"planned_{y}"], self[f"actual_{y}"]) for y in self.years]

    def year_values(self) -> list[tuple[int, Decimal | None, Decimal | None]]:
        data = self.cleaned_data
        found = [(y, data.get(f"planned_{y}"), data.get(f"actual_{y}")) for y in self.years]
        if data.get("add_year"):
            found.append((data["add_year"], data.get("add_planned"), data.get("add_actual")))
        return found


class ReportForm(BaseForm):
    reported_on = forms.DateField(label=_("Ngày báo cáo"), widget=DateInput())
    title = forms.CharField(label=_("Tiêu đề"), max_length=300)
    summary = forms.CharField(label=_("Tóm tắt"), max_length=10000, required=False, widget=forms.Textarea)
    file = forms.FileField(label=_("Tệp báo cáo"), required=False)
