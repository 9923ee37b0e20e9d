"""`{% sign_on_button %}`: the sign-in page's "sign in with the organisation's account" link, shown only while
single sign-on (OpenID Connect) is on; it carries the page's `?next=` to the provider and back."""

from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings

register = template.Library()


@register.inclusion_tag("accounts/partials/_sign_on.html", takes_context=True)
def sign_on_button(context: template.Context) -> dict[str, Any]:
    request = context.get("request")
    return {
        "enabled": settings.NGOAIVU_OIDC_ENABLED,
        "label": settings.NGOAIVU_OIDC_LABEL,
        "next": request.GET.get("next", "") if request is not None else "",
    }
