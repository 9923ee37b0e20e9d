from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ngoaivu.core.forms import BaseForm


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
    name = forms.CharField(label=_("Tên token (để nhận biết)"), max_length=100, initial="api")


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
