from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ngoaivu.accounts.models import Organisation
from ngoaivu.core.forms import BaseForm, DateInput


class LoginForm(BaseForm):
    username = forms.CharField(
        label=_("Tên đăng nhập"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    password = forms.CharField(
        label=_("Mật khẩu"),
        max_length=256,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class TokenForm(BaseForm):
    """A new API token: a name to recognise it by and the last day it works (a month by default, at most
    NGOAIVU_API_TOKEN_MAX_DAYS ahead; the service checks the range and names the field)."""

    name = forms.CharField(label=_("Tên token (để nhận biết)"), max_length=100, initial="api")
    expires_on = forms.DateField(
        label=_("Hết hạn sau ngày"),
        widget=DateInput(),
        error_messages={"invalid": _("Ngày hết hạn không hợp lệ; chọn một ngày trong lịch.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        latest = today + dt.timedelta(days=settings.NGOAIVU_API_TOKEN_MAX_DAYS)
        field = self.fields["expires_on"]
        field.initial = today + dt.timedelta(days=settings.NGOAIVU_API_TOKEN_DAYS)
        field.widget.attrs.update(
            {"min": (today + dt.timedelta(days=1)).isoformat(), "max": latest.isoformat()}
        )
        field.help_text = _("Tối đa một năm, đến ngày %(d)s.") % {"d": latest.strftime("%d/%m/%Y")}


class PasswordChangeForm(BaseForm):
    old_password = forms.CharField(
        label=_("Mật khẩu hiện tại"),
        max_length=256,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    new_password = forms.CharField(
        label=_("Mật khẩu mới"),
        max_length=256,
        strip=False,
        help_text=_(
            "Ít nhất 12 ký tự, không phải mật khẩu phổ biến, không chỉ gồm chữ số, không giống tên của bạn."
        ),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    new_password_again = forms.CharField(
        label=_("Nhập lại mật khẩu mới"),
        max_length=256,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )


# --- an organisation's people (accounts/views/users.py) ----------------------------------------------------


class RoleCheckboxes(forms.CheckboxSelectMultiple):
    """Role checkboxes; the roles the administrator may not give or take away are shown, ticked as held,
    but disabled."""

    locked: frozenset[str] = frozenset()

    def create_option(self, name: str, value: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option = super().create_option(name, value, *args, **kwargs)
        if str(value) in self.locked:
            option["attrs"]["disabled"] = True
        return option


class UserFieldsForm(BaseForm):
    full_name = forms.CharField(label=_("Họ và tên"), max_length=200)
    position = forms.CharField(label=_("Chức vụ"), max_length=200, required=False)
    email = forms.EmailField(
        label=_("Thư điện tử"),
        max_length=254,
        help_text=_("Thư mời và liên kết đặt lại mật khẩu được gửi đến địa chỉ này."),
        error_messages={"invalid": _("Địa chỉ thư điện tử không hợp lệ: cần có dạng ten@donvi.gov.vn.")},
    )
    phone = forms.CharField(label=_("Điện thoại"), max_length=30, required=False)
    roles = forms.MultipleChoiceField(label=_("Vai trò"), required=False, widget=RoleCheckboxes)

    def __init__(
        self,
        *args: Any,
        role_choices: list[tuple[str, str]],
        givable: list[str],
        held: frozenset[str] = frozenset(),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.givable = set(givable)
        self.held = held
        field = self.fields["roles"]
        field.choices = role_choices  # type: ignore[attr-defined]
        field.widget.locked = frozenset(code for code, _label in role_choices if code not in self.givable)
        field.help_text = _("Bạn chỉ trao hoặc bỏ được những vai trò mà chính bạn có.")

    def clean_roles(self) -> list[str]:
        """What was ticked among the roles one may give, plus the locked roles the person already holds (a
        disabled checkbox is never posted)."""
        ticked = set(self.cleaned_data.get("roles") or [])
        roles = sorted((ticked & self.givable) | (self.held - self.givable))
        if not roles:
            raise forms.ValidationError(
                _("Chọn ít nhất một vai trò mà bạn được trao: người không có vai trò nào không làm được gì.")
            )
        return roles


class UserInviteForm(UserFieldsForm):
    username = forms.CharField(
        label=_("Tên đăng nhập"),
        max_length=150,
        help_text=_("Chữ, số và các dấu . @ + - _ (ví dụ: danang.cv)."),
    )
    organisation = forms.ModelChoiceField(
        label=_("Đơn vị"), queryset=Organisation.objects.none(), required=False, empty_label=None
    )

    field_order = ["full_name", "username", "position", "email", "phone", "organisation", "roles"]

    def __init__(self, *args: Any, choose_organisation: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if choose_organisation:
            field = self.fields["organisation"]
            field.queryset = Organisation.objects.filter(is_active=True).order_by("sort_key", "pk")  # type: ignore[attr-defined]
            field.required = True
        else:
            del self.fields["organisation"]


class ConfirmForm(BaseForm):
    """The empty form of an action button (its CSRF token is checked by the middleware)."""
