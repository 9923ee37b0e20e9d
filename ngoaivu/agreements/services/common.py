"""What the agreement services share: today's date, the agreement's history (`AgreementEvent`), opening a
timed legal step, and the activity date that clears the dormant flag."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils import timezone

from ngoaivu.accounts.models import Organisation, User
from ngoaivu.agreements import selectors
from ngoaivu.agreements.models import Agreement, AgreementEvent, LegalStep
from ngoaivu.audit import services as audit
from ngoaivu.core.actors import Actor
from ngoaivu.core.exceptions import ServiceError


def max_length(model: type[models.Model], name: str) -> int:
    """The length limit the model states for a text field. The model owns the number; a service that checks it
    before `full_clean` (to answer every field at once, in its own words) reads it from here."""
    limit = getattr(model._meta.get_field(name), "max_length", None)
    if not isinstance(limit, int):
        raise TypeError(f"{model._meta.label}.{name} states no max_length")
    return limit


def local_today() -> dt.date:
    return timezone.localdate()


def record_event(
    agreement: Agreement,
    actor: Actor,
    action: str,
    *,
    text: str = "",
    from_state: str = "",
    on: dt.date | None = None,
) -> AgreementEvent:
    return AgreementEvent.objects.create(
        agreement=agreement,
        actor=actor if isinstance(actor, User) and actor.is_authenticated else None,
        actor_label=audit.actor_label(actor),
        action=action,
        from_state=from_state,
        to_state=agreement.state if from_state else "",
        happened_on=on or local_today(),
        text=text,
    )


def open_step(
    agreement: Agreement,
    kind: str,
    body: str,
    *,
    start: dt.date,
    rule_key: str,
    body_org: Organisation | None = None,
) -> LegalStep:
    rule = selectors.rule_for(rule_key, agreement.province.code)
    return LegalStep.objects.create(
        agreement=agreement,
        kind=kind,
        body=body,
        body_org=body_org,
        started_on=start,
        due_on=selectors.due_date(rule, start),
        rule=rule.describe()[:300],
    )


def require(value: object, name: str, message: str) -> None:
    """A required value for one field: a ServiceError naming it when empty."""
    if not value:
        raise ServiceError(message, {name: [message]})


def touch(agreement: Agreement, on: dt.date) -> None:
    """Progress on the roadmap or a recorded activity clears the dormant flag."""
    if agreement.last_activity_on is None or agreement.last_activity_on < on:
        Agreement.objects.system(reason="activity date of an agreement already in scope").filter(
            pk=agreement.pk
        ).update(last_activity_on=on, updated_at=timezone.now())
        agreement.last_activity_on = on
