"""The request's history (`Event`) and the helpers every workflow step shares: today, the page's URL, the
state-conflict and empty-text refusals."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from ngoaivu.accounts.models import User
from ngoaivu.audit import services as audit
from ngoaivu.core.actors import Actor
from ngoaivu.core.exceptions import ServiceError, StateConflict
from ngoaivu.requests.models import Event, Recipient, ServiceRequest

R = Recipient.Status
S = ServiceRequest.Status


def _today() -> dt.date:
    return timezone.localdate()


def _event(
    request: ServiceRequest,
    actor: Actor,
    action: str,
    *,
    recipient: Recipient | None = None,
    from_status: str = "",
    to_status: str = "",
    text: str = "",
) -> Event:
    user = actor if isinstance(actor, User) and actor.is_authenticated else None
    return Event.objects.create(
        request=request,
        recipient=recipient,
        actor=user,
        actor_label=audit.actor_label(actor),
        organisation_id=user.organisation_id if user is not None else None,
        action=action,
        from_status=from_status,
        to_status=to_status,
        text=text,
    )


def _url(request: ServiceRequest) -> str:
    return request.get_absolute_url()


def _conflict(action: str, status_label: str) -> StateConflict:
    from ngoaivu.requests.rules import ACTION_LABELS

    return StateConflict(
        _("Không thể “%(a)s” khi đặt hàng/phần việc đang ở trạng thái “%(s)s”.")
        % {"a": ACTION_LABELS.get(action, action), "s": status_label}
    )


def _require_text(text: str, message: str) -> None:
    """Steps that must say something (an answer, a reason, a question) refuse an empty text."""
    if not text:
        raise ServiceError(message, {"text": [_("Không được để trống.")]})
