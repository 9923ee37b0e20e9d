"""`record()` is called by every service in the same transaction as the write it describes."""

from __future__ import annotations

import datetime as dt
import decimal
import uuid
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models.fields.files import FieldFile

from ngoaivu.audit.models import AccessEvent, AuditEvent
from ngoaivu.core import context
from ngoaivu.core.actors import NO_SCOPE, Actor, Scope
from ngoaivu.core.text import search_key

REDACTED = "••••"
SKIP_FIELDS = {"version", "created_at", "updated_at", "search_text", "sort_key", "password"}


@dataclass(frozen=True)
class SystemActor:
    """An actor that is not a person: a command, an import or a scheduled job."""

    label: str
    is_authenticated: bool = False
    pk: None = None

    @property
    def scope(self) -> Scope:
        return NO_SCOPE


SYSTEM = SystemActor("system")


def actor_label(actor: Actor) -> str:
    """How an actor is written in histories: a user's name, or a system actor's label."""
    if isinstance(actor, SystemActor) or not actor.is_authenticated:
        return str(getattr(actor, "label", "system"))
    return str(getattr(actor, "get_username")())  # noqa: B009 — a User; audit sits below accounts


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, FieldFile):
        return value.name or ""
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def snapshot(obj: models.Model | None, redact: frozenset[str] = frozenset()) -> dict[str, Any]:
    """Field values of a record, with personal fields redacted."""
    if obj is None:
        return {}
    data: dict[str, Any] = {}
    for f in obj._meta.concrete_fields:
        if f.primary_key or f.name in SKIP_FIELDS:
            continue
        value = getattr(obj, f.attname)
        data[f.name] = REDACTED if (f.name in redact and value) else _plain(value)
    return data


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    keys = sorted(set(before) | set(after))
    return {k: [before.get(k), after.get(k)] for k in keys if before.get(k) != after.get(k)}


def record(
    *,
    actor: Actor,
    action: str,
    target: models.Model,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    verb: str | None = None,
    parent: models.Model | None = None,
    target_org_id: int | None = None,
) -> AuditEvent:
    ctx = context.current()
    before = before or {}
    after = after or {}
    if verb is None:
        verb = (
            AuditEvent.Verb.CREATE
            if not before
            else AuditEvent.Verb.DELETE
            if action.endswith(".delete")
            else AuditEvent.Verb.UPDATE
        )
    is_user = getattr(actor, "is_authenticated", False)
    label = actor_label(actor)
    org_id = getattr(actor, "organisation_id", None) if is_user else None
    if target_org_id is None:
        target_org_id = getattr(target, "owner_org_id", None)
    changes = diff(before, after)
    event = AuditEvent(
        actor_id=actor.pk if is_user else None,
        actor_label=label,
        organisation_id=org_id,
        verb=verb,
        action=action,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        target_repr=str(target)[:300],
        target_org_id=target_org_id,
        parent_type=parent._meta.label_lower if parent is not None else "",
        parent_id=str(parent.pk) if parent is not None else "",
        changes=changes,
        request_id=ctx.request_id,
        ip=ctx.ip,
        channel=ctx.channel,
        search_text=search_key(label, action, str(target)),
    )
    event.save()
    return event


def access(
    *, kind: str, user: Actor | None = None, username: str = "", path: str = "", detail: str = ""
) -> AccessEvent:
    ctx = context.current()
    is_user = user is not None and user.is_authenticated
    return AccessEvent.objects.create(
        kind=kind,
        user_id=user.pk if user is not None and is_user else None,
        username=username or (actor_label(user) if user is not None and is_user else ""),
        path=path[:500],
        detail=detail[:500],
        request_id=ctx.request_id,
        ip=ctx.ip,
    )


def upsert(
    manager: Any, *, actor: Actor, lookup: dict[str, Any], values: dict[str, Any], target_is_org: bool = False
) -> tuple[Any, str]:
    """Create or update one row by `lookup`, auditing only real changes: returns (row, "created" |
    "updated" | "unchanged"). Reference loaders use it so that a second load writes nothing."""
    obj = manager.filter(**lookup).first()
    label = manager.model._meta.model_name
    if obj is None:
        obj = manager.model(**lookup, **values)
        obj.full_clean()
        obj.save()
        record(
            actor=actor,
            action=f"{label}.create",
            target=obj,
            after=snapshot(obj),
            target_org_id=obj.pk if target_is_org else None,
        )
        return obj, "created"
    before = snapshot(obj)
    for k, v in values.items():
        setattr(obj, k, v)
    after = snapshot(obj)
    if before == after:
        return obj, "unchanged"
    obj.full_clean()
    obj.save()
    record(
        actor=actor,
        action=f"{label}.update",
        target=obj,
        before=before,
        after=after,
        target_org_id=obj.pk if target_is_org else None,
    )
    return obj, "updated"
