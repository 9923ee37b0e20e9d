"""The signed-in person behind a request, typed for the views and API endpoints that need one."""

from __future__ import annotations

from django.http import HttpRequest

from ngoaivu.accounts.models import User
from ngoaivu.core.exceptions import NotFound


def signed_in(request: HttpRequest) -> User:
    """`request.user` on a page behind `login_required` or an endpoint behind the API's auth: always a `User`.
    Anything else is a wiring mistake, answered like a record the caller may not see (404)."""
    user = request.user
    if not isinstance(user, User) or not user.is_authenticated:
        raise NotFound()
    return user


def api_user(request: HttpRequest) -> User:
    """The person an API call acts for, set on `request.auth` by the API's authentication classes."""
    user = getattr(request, "auth", None)
    if not isinstance(user, User) or not user.is_authenticated:
        raise NotFound()
    return user
