"""Signed-in sessions follow Django's sign-in and sign-out signals (`services.security.session_track`), so that
every way of signing in — the password form, the two-factor step, single sign-on — is recorded alike."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.dispatch import receiver
from django.http import HttpRequest

from ngoaivu.accounts.models import User


@receiver(user_logged_in, dispatch_uid="ngoaivu.accounts.session_track")
def _signed_in(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    """login() has already given the session its new key (cycle_key), so the row gets the key that lasts."""
    from ngoaivu.accounts.services.security import session_track, user_touch

    if request is None or not hasattr(request, "session") or not isinstance(user, User):
        return
    session_track(request, user)
    user_touch(user)


@receiver(user_logged_out, dispatch_uid="ngoaivu.accounts.session_untrack")
def _signed_out(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    from ngoaivu.accounts.services.security import session_untrack

    if request is not None:
        session_untrack(request)
