"""Reads of international conferences."""

from __future__ import annotations

from django.db.models import QuerySet

from ngoaivu.core.actors import Actor
from ngoaivu.core.lists import order
from ngoaivu.core.scoping import Action, get_for_action
from ngoaivu.delegations.filters import ConferenceFilters
from ngoaivu.delegations.models import (
    Conference,
)

CONFERENCE_SORTS = {"starts": ("starts_on",), "title": ("title",), "dossier_due": ("dossier_due_on",)}


def conference_list(*, user: Actor, filters: ConferenceFilters) -> QuerySet[Conference]:
    qs = Conference.objects.visible_to(user, Action.VIEW).filter(filters.get_filter_expression())
    if filters.report_missing:
        qs = qs.filter(state=Conference.State.APPROVED, reported_on__isnull=True, report_due_on__isnull=False)
    if filters.date_from:
        qs = qs.filter(ends_on__gte=filters.date_from)
    if filters.date_to:
        qs = qs.filter(starts_on__lte=filters.date_to)
    qs = qs.select_related("province").prefetch_related("countries")
    return order(qs, filters.sort, CONFERENCE_SORTS, default="-starts")


def conference_get(*, user: Actor, pk: int, action: Action = Action.VIEW) -> Conference:
    found = get_for_action(Conference, user, action, pk=pk)
    return (
        Conference.objects.visible_to(user, Action.VIEW)
        .select_related("province")
        .prefetch_related("countries", "consultations")
        .get(pk=found.pk)
    )
