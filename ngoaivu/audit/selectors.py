"""Reading the audit log without reading through it records one cannot open.

`AuditEvent.objects.visible_to` says whose events a reader may list (the ministry all, others their own
organisation's); this module says which of those events' *contents* the reader may see. An event whose
target, or whose parent, is a scoped record the reader cannot open (a province's unsent draft, a record
deleted since) is shown redacted: when, who, which organisation, which action, the record's type and id stay
(the log's purpose: who did what, when), its title and before/after values go. Redacted rather than hidden, so
that counts and pages stay what the database says and the check costs one query per model per page instead
of a condition per model over the whole log. Audit sits below every app, so models are looked up by label
and `user.scope` is duck-typed, as in `querysets.py`."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Any

from django.apps import apps
from django.db.models import CharField, Q
from django.db.models.functions import Cast

from ngoaivu.audit.models import AuditEvent
from ngoaivu.audit.words import with_words
from ngoaivu.core.actors import Actor
from ngoaivu.core.scoping import Action, scoped_manager


def _scoped_manager(label: str) -> Any:
    """The model's manager when it is scoped (has `visible_to`), else None (reference data, users, rules)."""
    if not label:
        return None
    try:
        model = apps.get_model(label)
    except (LookupError, ValueError):
        return None
    if model is AuditEvent:
        return None
    return scoped_manager(model)


def _scoped_labels() -> list[str]:
    return sorted(
        m._meta.label_lower for m in apps.get_models() if _scoped_manager(m._meta.label_lower) is not None
    )


def readable_q(user: Actor) -> Q:
    """The events whose target and parent the reader can open, as one condition (a subquery per scoped model).
    Used for a text search only: the search matches the record's title (`search_text`), so a redacted row
    among the hits would still tell that some unreadable record holds the words searched for."""
    scope = getattr(user, "scope", None)
    if scope is None or not scope.active:
        return Q(pk__in=[])
    if scope.is_site_admin:
        return Q()
    labels = _scoped_labels()

    def readable(kind: str, key: str) -> Q:
        q = ~Q(**{f"{kind}__in": labels})
        for label in labels:
            visible = _scoped_manager(label).visible_to(user, Action.VIEW)
            ids = visible.annotate(_key=Cast("pk", CharField())).values("_key")
            q |= Q(**{kind: label, f"{key}__in": ids})
        return q

    own = Q(target_org_id=scope.org_id) if scope.org_id is not None else Q(pk__in=[])
    parent = Q(parent_type="") | readable("parent_type", "parent_id")
    return own | (readable("target_type", "target_id") & parent)


def _int_ids(values: Iterable[str]) -> set[int]:
    return {int(v) for v in values if v.isdigit()}


def redact_unreadable(events: list[AuditEvent], user: Actor) -> list[AuditEvent]:
    """Redact, in place, the events of `events` whose target or parent the reader cannot view; returns the
    list. Site admins read everything. One `visible_to(...).filter(pk__in=...)` per scoped model present."""
    for event in events:
        event.redacted = False  # type: ignore[attr-defined]
    scope = getattr(user, "scope", None)
    if scope is not None and scope.active and scope.is_site_admin:
        return events
    own_org = scope.org_id if scope is not None and scope.active else None
    wanted: dict[str, set[str]] = defaultdict(set)
    for event in events:
        if own_org is not None and event.target_org_id == own_org:
            continue  # an organisation reads the history of its own records, deleted ones included
        wanted[event.target_type].add(event.target_id)
        if event.parent_type:
            wanted[event.parent_type].add(event.parent_id)
    readable: dict[str, set[str]] = {}
    for label, ids in wanted.items():
        manager = _scoped_manager(label)
        if manager is None:
            continue  # not a scoped record: readable by any signed-in reader of the log
        pks = _int_ids(ids)
        seen = manager.visible_to(user, Action.VIEW).filter(pk__in=pks).values_list("pk", flat=True)
        readable[label] = {str(pk) for pk in seen}
    for event in events:
        if own_org is not None and event.target_org_id == own_org:
            continue
        pairs = [(event.target_type, event.target_id)]
        if event.parent_type:
            pairs.append((event.parent_type, event.parent_id))
        if any(label in readable and pk not in readable[label] for label, pk in pairs):
            event.redacted = True  # type: ignore[attr-defined]
            event.target_repr = ""
            event.changes = {}
    return events


class ReadableEvents:
    """An audit-event queryset for `list_page` and the home page: counts and slices as the queryset does,
    with each page (and each export chunk) passed through `redact_unreadable`, then put in words
    (`audit.words.with_words`: the sentence and the field changes)."""

    def __init__(self, queryset: Any, user: Actor) -> None:
        self.queryset = queryset
        self.user = user

    def count(self) -> int:
        return int(self.queryset.count())

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, window: slice) -> list[AuditEvent]:
        return with_words(redact_unreadable(list(self.queryset[window]), self.user), self.user)

    def iterator(self, chunk_size: int = 2000) -> Iterator[AuditEvent]:
        chunk: list[AuditEvent] = []
        for event in self.queryset.iterator(chunk_size=chunk_size):
            chunk.append(event)
            if len(chunk) >= chunk_size:
                yield from with_words(redact_unreadable(chunk, self.user), self.user)
                chunk = []
        yield from with_words(redact_unreadable(chunk, self.user), self.user)
