from __future__ import annotations

from typing import Any

from django import forms

from ngoaivu.core.text import clean_line, clean_text


def is_single_line(field: forms.Field) -> bool:
    """A text field typed in a one-line input (not a textarea, not a password): a title, name, number."""
    return isinstance(field, forms.CharField) and not isinstance(
        field.widget, forms.Textarea | forms.PasswordInput
    )


class CleanTextFormMixin:
    """NFC and control-character cleaning for every text input of a form; a one-line input also loses its
    line breaks (`clean_line`), whatever a client posts: only a textarea keeps them."""

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean()  # type: ignore[misc]
        fields = self.fields  # type: ignore[attr-defined]
        for name, value in list(data.items()):
            if isinstance(value, str):
                field = fields.get(name)
                data[name] = (
                    clean_line(value) if field is not None and is_single_line(field) else clean_text(value)
                )
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
