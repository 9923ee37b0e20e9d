"""Password length rule with its message in the project's catalogue: Django 5.2's Vietnamese catalogue misses the
new wording of this one message, so users saw it in English."""

from __future__ import annotations

import re
from typing import Any

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    def validate(self, password: str, user: Any = None) -> None:
        if len(password) < self.min_length:
            raise ValidationError(
                _("Mật khẩu quá ngắn: cần ít nhất %(min_length)d ký tự.") % {"min_length": self.min_length},
                code="password_too_short",
            )

    def get_help_text(self) -> str:
        return _("Mật khẩu cần ít nhất %(min_length)d ký tự.") % {"min_length": self.min_length}


class FullNameValidator:
    """A password must not be the person's name: Django's similarity check compares raw lower-case text, so
    "dangthithuha" or "Thu Hà Đặng 1990" passed for Đặng Thị Thu Hà. Both sides are folded (no diacritics,
    đ → d); refused when the name, its spaces removed, is inside the password, or when the password holds three
    of the name's words (all of them for a two-word name)."""

    def validate(self, password: str, user: Any = None) -> None:
        from ngoaivu.core.text import fold

        name = fold(getattr(user, "full_name", "") or "")
        words = {w for w in re.split(r"[^0-9a-z]+", name) if len(w) >= 2}
        if not words:
            return
        folded = fold(password)
        compact = re.sub(r"[^0-9a-z]+", "", folded)
        given = set(re.split(r"[^0-9a-z]+", folded))
        whole = "".join(re.split(r"[^0-9a-z]+", name))
        if (len(whole) >= 4 and whole in compact) or len(words & given) >= min(len(words), 3):
            raise ValidationError(
                _("Mật khẩu không được là họ tên của bạn (dù viết không dấu, đảo thứ tự hay thêm số)."),
                code="password_is_name",
            )

    def get_help_text(self) -> str:
        return _("Mật khẩu không được là họ tên của bạn.")
