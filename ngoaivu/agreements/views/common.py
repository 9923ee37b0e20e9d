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
        messages.error(request, invalid)
        return False
    return run_action(request, form, do, done=done)
