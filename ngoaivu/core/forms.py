from __future__ import annotations

from typing import Any

from django import forms

from ngoaivu.core.text import clean_text


class CleanTextFormMixin:
    """NFC and control-character cleaning for every text input of a form."""

    def clean(self) -> dict[str, Any]:
        data = super().clean()  # type: ignore[misc]
        for name, value in list(data.items()):
            if isinstance(value, str):
                data[name] = clean_text(value)
        return data


class BaseForm(CleanTextFormMixin, forms.Form):
    error_css_class = "has-error"
    required_css_class = "required"

    def apply_service_errors(self, errors: dict[str, list[str]]) -> None:
        for field, messages in errors.items():
            target = (
                field
                if field in self.fields
                else (field.removesuffix("_id") if field.removesuffix("_id") in self.fields else None)
            )
            for message in messages:
                self.add_error(target, message)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")
