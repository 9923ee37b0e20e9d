from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ngoaivu.core.forms import BaseForm
from ngoaivu.directory.models import Partner


class PartnerForm(BaseForm):
    kind = forms.ChoiceField(label=_("Loại đối tác"), choices=Partner.Kind.choices)
    name = forms.CharField(
        label=_("Tên gốc"),
        max_length=300,
        help_text=_("Tên theo ngôn ngữ của đối tác, ví dụ JETRO, 日本貿易振興機構."),
    )
    name_vi = forms.CharField(label=_("Tên tiếng Việt / phiên âm"), max_length=300, required=False)
    abbreviation = forms.CharField(label=_("Tên viết tắt"), max_length=50, required=False)
    country = forms.TypedChoiceField(label=_("Quốc gia"), coerce=int, choices=())
    sector = forms.CharField(label=_("Lĩnh vực"), max_length=200, required=False)
    website = forms.URLField(label=_("Trang web"), required=False, assume_scheme="https")
    address = forms.CharField(label=_("Địa chỉ"), max_length=500, required=False)
    description = forms.CharField(label=_("Giới thiệu"), widget=forms.Textarea, required=False)
    visibility = forms.ChoiceField(label=_("Phạm vi chia sẻ"), choices=Partner.Visibility.choices)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    confirm_duplicate = forms.BooleanField(
        label=_("Tôi đã kiểm tra, đây không phải đối tác trùng"), required=False
    )

    def __init__(self, *args: Any, country_choices: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", "—"), *country_choices]  # type: ignore[attr-defined]

    def service_data(self) -> dict[str, Any]:
        data = {
            k: v for k, v in self.cleaned_data.items() if k not in {"version", "confirm_duplicate", "country"}
        }
        data["country_id"] = self.cleaned_data["country"]
        return data


class DeleteForm(BaseForm):
    """The delete button: the version the page showed (anything not a number deletes without the check, as
    before)."""

    version = forms.CharField(required=False)


class ContactForm(BaseForm):
    family_name = forms.CharField(label=_("Họ"), max_length=100)
    given_name = forms.CharField(label=_("Tên"), max_length=100)
    title = forms.CharField(label=_("Chức danh"), max_length=200, required=False)
    languages = forms.CharField(label=_("Ngôn ngữ"), max_length=200, required=False)
    email = forms.EmailField(label=_("Thư điện tử"), required=False)
    phone = forms.CharField(label=_("Điện thoại"), max_length=50, required=False)
    consent = forms.BooleanField(label=_("Người liên hệ đã đồng ý cho lưu thông tin"), required=False)
    purpose = forms.CharField(label=_("Mục đích lưu"), max_length=300, required=False)
