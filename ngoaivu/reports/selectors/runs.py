"""Reads of the report builder: the runs (list, one run) through `ReportRun.objects.visible_to`, and the
organisations a user may build a report about (the form's choices, scoped as `figures.check_scope` decides).

The list's filter schema lives here too (the page, the API and the Excel export read the same one)."""

from __future__ import annotations

from typing import Annotated

from django.db.models import Q, QuerySet
from ninja import FilterSchema
from pydantic import Field

from ngoaivu.accounts.models import Organisation
from ngoaivu.core.actors import Actor
from ngoaivu.core.lists import order
from ngoaivu.core.schemas import IsoDate
from ngoaivu.core.scoping import Action, get_for_action
from ngoaivu.reports.models import ReportRun

RUN_SORTS = {
    "created": ("created_at",),
    "kind": ("kind", "-created_at"),
    "period": ("period_from", "period_to"),
    "status": ("status", "-created_at"),
}


class RunFilters(FilterSchema):
    """Report runs: the page /reports/runs/, the API `/api/v1/reports` and the export."""

    kind: Annotated[
        str | None, Field(max_length=30, description="national_review | province_periodic | mission_support")
    ] = None
    status: Annotated[str | None, Field(max_length=10, description="queued | running | done | failed")] = None
    output: Annotated[str | None, Field(max_length=10, description="docx | pdf | xlsx")] = None
    organisation: Annotated[int | None, Field(ge=1, le=2**63 - 1, description="đơn vị được báo cáo")] = None
    date_from: Annotated[IsoDate | None, Field(description="yêu cầu từ ngày")] = None
    date_to: Annotated[IsoDate | None, Field(description="yêu cầu đến ngày")] = None
    mine: Annotated[bool | None, Field(description="chỉ các báo cáo tôi yêu cầu")] = None
    sort: Annotated[
        str | None, Field(max_length=30, description="created | kind | period | status; -key")
    ] = None

    def filter_kind(self, value: str | None) -> Q:
        return Q(kind=value) if value else Q()

    def filter_status(self, value: str | None) -> Q:
        return Q(status=value) if value else Q()

    def filter_output(self, value: str | None) -> Q:
        return Q(format=value) if value else Q()

    def filter_organisation(self, value: int | None) -> Q:
        return Q(organisation_id=value) if value else Q()

    def filter_date_from(self, value: object) -> Q:
        return Q(created_at__date__gte=value) if value else Q()

    def filter_date_to(self, value: object) -> Q:
        return Q(created_at__date__lte=value) if value else Q()

    def filter_mine(self, value: bool | None) -> Q:
        return Q()  # needs the user: applied by run_list

    def filter_sort(self, value: str | None) -> Q:
        return Q()


def run_list(*, user: Actor, filters: RunFilters) -> QuerySet[ReportRun]:
    qs = filters.filter(ReportRun.objects.visible_to(user, Action.VIEW))
    if filters.mine:
        qs = qs.filter(created_by_id=user.pk)
    qs = qs.select_related("organisation", "owner_org", "created_by")
    return order(qs, filters.sort, RUN_SORTS, default="-created")


def run_get(*, user: Actor, pk: int, action: Action = Action.VIEW) -> ReportRun:
    """404 when missing or outside the user's scope (the download too)."""
    return get_for_action(ReportRun, user, action, pk=pk)


def organisation_choices(user: Actor, kind: str) -> list[tuple[int, str]]:
    """The organisations `user` may build a `kind` report about: for the ministry every active province (or
    mission); for a province or a mission only itself; none for the national review."""
    scope = user.scope
    if not scope.active or kind == ReportRun.Kind.NATIONAL_REVIEW:
        return []
    wanted = (
        Organisation.Kind.PROVINCE if kind == ReportRun.Kind.PROVINCE_PERIODIC else Organisation.Kind.MISSION
    )
    qs = Organisation.objects.filter(kind=wanted, is_active=True)
    if not scope.is_national:
        qs = qs.filter(pk=scope.org_id or 0)
    return [(o.pk, o.name_vi) for o in qs.order_by("sort_key", "pk")]


def kinds_for(user: Actor) -> list[tuple[str, str]]:
    """The kinds of report `user` may build: the national review is the ministry's; a province builds its
    periodic report, a mission its support report; the ministry any."""
    scope = user.scope
    if not scope.active or not scope.can_write:
        return []
    if scope.is_national:
        return [(k.value, str(k.label)) for k in ReportRun.Kind]
    if scope.is_province:
        return [(ReportRun.Kind.PROVINCE_PERIODIC.value, str(ReportRun.Kind.PROVINCE_PERIODIC.label))]
    if scope.is_mission:
        return [(ReportRun.Kind.MISSION_SUPPORT.value, str(ReportRun.Kind.MISSION_SUPPORT.label))]
    return []


def kinds_seen(user: Actor) -> list[tuple[str, str]]:
    """The kinds of report among the runs `user` may see (the list's filter): the ministry's any; a province's
    (its viewers too) its periodic report; a mission's its support report."""
    scope = user.scope
    if not scope.active:
        return []
    if scope.is_national:
        return [(k.value, str(k.label)) for k in ReportRun.Kind]
    if scope.is_province:
        return [(ReportRun.Kind.PROVINCE_PERIODIC.value, str(ReportRun.Kind.PROVINCE_PERIODIC.label))]
    if scope.is_mission:
        return [(ReportRun.Kind.MISSION_SUPPORT.value, str(ReportRun.Kind.MISSION_SUPPORT.label))]
    return [(k.value, str(k.label)) for k in ReportRun.Kind]
