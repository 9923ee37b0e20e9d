"""`{% session_facts as s %}`: what js/session.js and js/drafts.js need to know about this page's session,
rendered by templates/partials/_session.html as data-* attributes (the CSP allows no inline script)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django import template
from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import reverse

from ngoaivu.accounts.sessions import WARN_SECONDS, seconds_left

register = template.Library()


@register.simple_tag(takes_context=True)
def session_facts(context: Any) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    signed = bool(user is not None and user.is_authenticated and hasattr(request, "session"))
    login_url = resolve_url(settings.LOGIN_URL)
    here = request.get_full_path() if request is not None else "/"
    return {
        "signed_in": signed,
        "user_id": user.pk if signed and user is not None else "",
        "signin_page": request is not None and request.path == login_url,
        "seconds_left": seconds_left(request) if signed else 0,
        "idle_seconds": settings.SESSION_COOKIE_AGE,
        "warn_seconds": WARN_SECONDS,
        "max_hours": settings.NGOAIVU_SESSION_MAX_HOURS,
        "keepalive_url": reverse("drafts:keep_alive"),
        "status_url": reverse("drafts:session_status"),
        "drafts_url": reverse("drafts:draft_list"),
        "draft_save_url": reverse("drafts:draft_save"),
        "draft_discard_url": reverse("drafts:draft_discard"),
        "login_url": f"{login_url}?{urlencode({'next': here})}",
        "csrf_cookie": settings.CSRF_COOKIE_NAME,
    }
