from __future__ import annotations

import datetime as dt
from typing import Annotated

from django.db import models
from django.db.models import Q, QuerySet
from ninja import FilterSchema
from pydantic import Field

from ngoaivu.accounts.models import ApiToken, Notification, User
from ngoaivu.audit.models import AuditEvent
from ngoaivu.audit.selectors import ReadableEvents, readable_q
from ngoaivu.audit.words import with_words
from ngoaivu.core.actors import Actor
from ngoaivu.core.lists import text_q
from ngoaivu.core.schemas import IsoDate
from ngoaivu.core.scoping import Action


class EventFilters(FilterSchema):
    """What every list of audit events filters by: who acted, which action, the days, the order."""

    action: Annotated[str | None, Field(max_length=80)] = None
    actor: Annotated[str | None, Field(max_length=150)] = None
    date_from: IsoDate | None = None
    date_to: IsoDate | None = None
    sort: Annotated[str | None, Field(max_length=30)] = None

    def filter_actor(self, value: str | None) -> Q:
        return Q(actor_label__iexact=value) if value else Q()

    def filter_date_from(self, value: dt.date | None) -> Q:
        return Q(created_at__date__gte=value) if value else Q()

    def filter_date_to(self, value: dt.date | None) -> Q:
        return Q(created_at__date__lte=value) if value else Q()

    def filter_sort(self, value: str | None) -> Q:
        return Q()


class AuditFilters(EventFilters):
    q: Annotated[str | None, Field(max_length=200)] = None
    target_type: Annotated[str | None, Field(max_length=80)] = None
    request_id: Annotated[str | None, Field(max_length=64)] = None

    def filter_q(self, value: str | None) -> Q:
        return text_q(value)


def events_in_order(events: QuerySet[AuditEvent], filters: EventFilters) -> QuerySet[AuditEvent]:
    """Newest first, or oldest first when the list is sorted by time ("created")."""
    if filters.sort == "created":
        return events.order_by("created_at", "pk")
    return events.order_by("-created_at", "-pk")


def audit_event_list(*, user: Actor, filters: AuditFilters) -> QuerySet[AuditEvent]:
    qs = filters.filter(AuditEvent.objects.visible_to(user, Action.VIEW)).select_related("organisation")
    return events_in_order(qs, filters)


def audit_event_rows(*, user: Actor, filters: AuditFilters) -> ReadableEvents:
    """`audit_event_list` for the audit page, its export and the home page: the events of records the reader
    cannot open (another province's unsent draft) come redacted, page by page (`audit.selectors`)."""
    events = audit_event_list(user=user, filters=filters)
    if filters.q:  # a search must not find words in records the reader cannot open
        events = events.filter(readable_q(user))
    return ReadableEvents(events, user)


def audit_events_for(*, user: Actor, target: models.Model, limit: int = 100) -> list[AuditEvent]:
    """A record's history ("Lịch sử thay đổi"). The caller has fetched `target` through its scoping, so
    every change to that one record is shown, whoever made it."""
    scope = getattr(user, "scope", None)
    if scope is None or not scope.active:
        return []
    qs = AuditEvent.objects.system(reason="history of a record the caller fetched through visible_to")
    qs = qs.filter(target_type=target._meta.label_lower, target_id=str(target.pk)).select_related(
        "organisation"
    )
    return with_words(list(qs.order_by("-created_at", "-pk")[:limit]), user)


def api_token_list(*, user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user).order_by("-created_at")


def notification_list(*, user: User, limit: int = 200) -> QuerySet[Notification]:
    """The user's own notifications, newest first (the bell's page)."""
    return Notification.objects.filter(user_id=user.pk or 0).order_by("-created_at", "-pk")[:limit]


def notification_get(*, user: User, pk: int) -> Notification | None:
    """One of the user's own notifications; None for another user's (the view answers 404)."""
    return Notification.objects.filter(user_id=user.pk or 0, pk=pk).first()
