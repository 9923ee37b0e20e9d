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
