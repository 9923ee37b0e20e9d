"""Reads of briefs: the list, one brief with its versions, attachments, questions and entities, the readership
and usefulness of an organisation's briefs, the figures of the mission report, and the subscriptions."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from ngoaivu.core.actors import Actor
from ngoaivu.core.lists import order
from ngoaivu.core.scoping import Action, get_for_action
from ngoaivu.information.filters import BriefFilters
from ngoaivu.information.models import (
    Brief,
    BriefKind,
    BriefQuestion,
    BriefRating,
    BriefRead,
    BriefSubscription,
    HsChapter,
    Region,
)

BRIEF_SORTS = {
    "title": ("title",),
    "published": ("published_at",),
    "valid": ("valid_until",),
    "updated": ("updated_at",),
    "opened": ("provinces_opened",),
    "useful": ("useful_count",),
}


def _count(qs: QuerySet[Any], field: str) -> Coalesce:
    sub = qs.order_by().values("brief").annotate(n=Count(field, distinct=True)).values("n")
    return Coalesce(Subquery(sub, output_field=IntegerField()), 0)


def with_readership(qs: QuerySet[Brief]) -> QuerySet[Brief]:
    """Each brief with how many provinces opened it and how many marked it useful or not (subqueries: one
    query whatever the page size)."""
    reads = BriefRead.objects.filter(brief=OuterRef("pk"), organisation__kind="province")
    ratings = BriefRating.objects.filter(brief=OuterRef("pk"))
    return qs.annotate(
        provinces_opened=_count(reads, "organisation"),
        useful_count=_count(ratings.filter(useful=True), "pk"),
        not_useful_count=_count(ratings.filter(useful=False), "pk"),
    )


def brief_list(*, user: Actor, filters: BriefFilters, action: Action = Action.VIEW) -> QuerySet[Brief]:
    qs: QuerySet[Brief] = Brief.objects.visible_to(user, action).filter(filters.get_filter_expression())
    if not filters.status:  # a withdrawn brief is listed only when asked for (its status, or "all")
        qs = qs.exclude(status=Brief.Status.WITHDRAWN)
    qs = with_readership(qs.select_related("kind", "owner_org", "region", "fta")).prefetch_related(
        "countries", "products"
    )
    return order(qs, filters.sort, BRIEF_SORTS, default="-published")


def brief_get(*, user: Actor, pk: int, action: Action = Action.VIEW) -> Brief:
    found = get_for_action(Brief, user, action, pk=pk)
    return (
        Brief.objects.visible_to(user, Action.VIEW)
        .select_related("kind", "owner_org", "region", "fta", "created_by", "updated_by")
        .prefetch_related("countries", "fields", "products", "provinces")
        .get(pk=found.pk)
    )


def brief_readership(*, user: Actor, brief: Brief) -> dict[str, int]:
    """The readership figures of one brief the user sees: provinces that opened it, useful and not useful."""
    row = (
        with_readership(Brief.objects.visible_to(user, Action.VIEW).filter(pk=brief.pk))
        .values("provinces_opened", "useful_count", "not_useful_count")  # type: ignore[misc]
        .first()
    )
    return {k: int(v or 0) for k, v in (row or {}).items()}


def brief_versions(brief: Brief) -> list[Any]:
    return list(brief.versions.select_related("changed_by").order_by("-number"))


def brief_attachments(brief: Brief) -> list[Any]:
    return list(brief.attachments.order_by("uploaded_at", "pk"))


def brief_attachment(*, brief: Brief, attachment_id: int) -> Any:
    return brief.attachments.filter(pk=attachment_id).first()


def brief_entities(brief: Brief) -> list[Any]:
    return list(brief.entities.order_by("start", "pk"))


def brief_questions(*, user: Actor, brief: Brief) -> list[Any]:
    """The requests asked from the brief that the reader may see (the requests' own scope)."""
    from ngoaivu.requests.models import ServiceRequest

    ids = BriefQuestion.objects.filter(brief=brief).values("request_id")
    return list(
        ServiceRequest.objects.visible_to(user, Action.VIEW).filter(pk__in=ids).order_by("-created_at", "-pk")
    )


def briefs_for_request(*, user: Actor, request_id: int) -> list[Brief]:
    """The briefs a request was asked from, for the request page (the request's scope first: 404)."""
    from ngoaivu.requests.models import ServiceRequest

    req = get_for_action(ServiceRequest, user, Action.VIEW, pk=request_id)
    ids = BriefQuestion.objects.filter(request_id=req.pk).values("brief_id")
    return list(Brief.objects.visible_to(user, Action.VIEW).filter(pk__in=ids).select_related("owner_org"))


def own_rating(*, user: Actor, brief: Brief) -> BriefRating | None:
    org = user.scope.org_id
    return BriefRating.objects.filter(brief=brief, organisation_id=org).first() if org else None


def brief_ratings(*, user: Actor, brief: Brief) -> list[BriefRating]:
    """The provinces' ratings with comments: for the author organisation and the ministry only."""
    scope = user.scope
    if not (scope.is_site_admin or scope.is_ministry or brief.owner_org_id == scope.org_id):
        return []
    return list(brief.ratings.select_related("organisation").order_by("-rated_at", "pk"))


def readership(*, user: Actor, filters: BriefFilters) -> QuerySet[Brief]:
    """The reader's own organisation's issued briefs, each with provinces opened and usefulness."""
    if not filters.status:  # the author's own readership counts its withdrawn briefs too
        filters = filters.model_copy(update={"status": "all"})
    return (
        brief_list(user=user, filters=filters).filter(owner_org_id=user.scope.org_id).exclude(status="draft")
    )


def kind_choices() -> list[tuple[str, str]]:
    return [(k.code, k.name) for k in BriefKind.objects.all()]


def product_choices() -> list[tuple[str, str]]:
    return [(p.code, f"{p.code} — {p.name}"[:90]) for p in HsChapter.objects.all()]


def region_choices() -> list[tuple[str, str]]:
    return [(r.code, r.name) for r in Region.objects.all()]


def field_choices() -> list[tuple[str, str]]:
    from ngoaivu.agreements.models import CooperationField

    return [(f.code, f.name) for f in CooperationField.objects.all()]


def fta_choices() -> list[tuple[str, str]]:
    from ngoaivu.directory.models import FreeTradeAgreement

    return [(f.short_name, f.short_name) for f in FreeTradeAgreement.objects.order_by("short_name")]


def author_choices() -> list[tuple[str, str]]:
    from ngoaivu.accounts.models import Organisation

    return [
        (o.code, o.name_vi)
        for o in Organisation.objects.filter(kind__in=["mofa", "mission"], is_active=True).order_by(
            "kind", "sort_key"
        )
    ]


def subscription_list(*, user: Actor) -> QuerySet[BriefSubscription]:
    return (
        BriefSubscription.objects.visible_to(user, Action.VIEW)
        .prefetch_related("countries", "fields", "products")
        .order_by("-pk")
    )


# --- figures (the mission report) ------------------------------------------------------------------------------


@dataclass
class BriefFigures:
    published: int
    provinces_reached: int  # provinces the briefs were addressed to
    provinces_opened: int  # provinces where someone opened at least one
    ratings: int
    useful: int

    @property
    def useful_pct(self) -> Decimal | None:
        if not self.ratings:
            return None
        return (Decimal(100 * self.useful) / self.ratings).quantize(Decimal("0.1"))


def brief_figures(*, user: Actor, org_id: int, start: dt.date, end: dt.date) -> BriefFigures:
    """An organisation's briefs published in [start, end] (as the reader sees them): how many, how many
    provinces they were addressed to and opened them, and the share of the provinces' ratings that say useful."""
    from ngoaivu.directory.models import Province

    qs = (
        Brief.objects.visible_to(user, Action.VIEW)
        .filter(owner_org_id=org_id, published_at__date__gte=start, published_at__date__lte=end)
        .exclude(status="draft")
    )
    rows = list(qs.values_list("pk", "audience", "region_id"))
    ids = [pk for pk, _a, _r in rows]
    if not ids:
        return BriefFigures(0, 0, 0, 0, 0)
    reached: set[int] = set()
    if any(a == "all" for _pk, a, _r in rows):
        reached = set(Province.objects.values_list("pk", flat=True))
    else:
        regions = {r for _pk, a, r in rows if a == "region" and r}
        reached |= set(
            Region.provinces.through.objects.filter(region_id__in=regions).values_list(
                "province_id", flat=True
            )
        )
        named = [pk for pk, a, _r in rows if a == "provinces"]
        reached |= set(
            Brief.provinces.through.objects.filter(brief_id__in=named).values_list("province_id", flat=True)
        )
    opened = (
        BriefRead.objects.filter(brief_id__in=ids, organisation__kind="province")
        .values("organisation_id")
        .distinct()
        .count()
    )
    counts = BriefRating.objects.filter(brief_id__in=ids).aggregate(
        n=Count("pk"), useful=Count("pk", filter=Q(useful=True))
    )
    return BriefFigures(len(ids), len(reached), opened, counts["n"] or 0, counts["useful"] or 0)
