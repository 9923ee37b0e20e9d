from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from ngoaivu.accounts.notifications import unread_count


def notifications(request: HttpRequest) -> dict[str, Any]:
    return {"unread_notifications": unread_count(getattr(request, "user", None))}
