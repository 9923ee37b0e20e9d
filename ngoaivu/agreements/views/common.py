"""What the agreements pages share."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest

from ngoaivu.core.web import run_action


def run_action_or_say(
    request: HttpRequest, form: forms.Form, do: Callable[[dict[str, Any]], object], *, invalid: str, done: str
) -> bool:
    """`core.web.run_action` for the small forms of the detail page (an activity, a file), which say what is
    missing in one sentence (`invalid`) rather than field by field."""
    if not form.is_valid():
        # a date outside its years is said as such ("Ngày: …"); anything else missing in the one sentence
        slips = [
            f"{form.fields[name].label}: {error.message}"
            for name, errors in form.errors.as_data().items()
            for error in errors
            if error.code == "year_window" and name in form.fields
        ]
        for slip in slips:
            messages.error(request, slip)
        if not slips:
            messages.error(request, invalid)
        return False
    return run_action(request, form, do, done=done)
