"""Reads of leader visits."""

from __future__ import annotations

from django.db.models import QuerySet

from ngoaivu.core.actors import Actor
from ngoaivu.core.lists import order
from ngoaivu.core.scoping import Action, get_for_action
from ngoaivu.delegations.filters import VisitFilters
from ngoaivu.delegations.models import (
    LeaderVisit,
)

VISIT_SORTS = {"starts": ("starts_on",)}


def visit_list(*, user: Actor, filters: VisitFilters) -> QuerySet[LeaderVisit]:
    qs = LeaderVisit.objects.visible_to(user, Action.VIEW).filter(filters.get_filter_expression())
    if filters.date_from:
        qs = qs.filter(ends_on__gte=filters.date_from)
    if filters.date_to:
        qs = qs.filter(starts_on__lte=filters.date_to)
    return order(qs.select_related("province"), filters.sort, VISIT_SORTS, default="-starts")


def visit_get(*, user: Actor, pk: int, action: Action = Action.VIEW) -> LeaderVisit:
    found = get_for_action(LeaderVisit, user, action, pk=pk)
    return (
        LeaderVisit.objects.visible_to(user, Action.VIEW)
        .select_related("province")
        .prefetch_related("asks")
        .get(pk=found.pk)
    )
