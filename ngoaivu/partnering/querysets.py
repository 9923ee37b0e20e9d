from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import BooleanField, Exists, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from ngoaivu.core.scoping import Action, ScopedQuerySet
from ngoaivu.directory.coverage import covered_country_ids

if TYPE_CHECKING:
    from ngoaivu.core.actors import Actor, Scope
    from ngoaivu.partnering.models import (  # noqa: F401 (the base classes' type arguments)
        LocalityProfile,
        PartnerSearch,
        Proposal,
    )

READS = (Action.VIEW, Action.EXPORT)


class LocalityProfileQuerySet(ScopedQuerySet["LocalityProfile"]):
    def visible_to(self, user: Actor, action: Action = Action.VIEW) -> LocalityProfileQuerySet:
        """Profiles are read by every active user (they are what matchmaking is made of); the owner edits its
        own, the ministry (Cục) edits all."""
        scope: Scope | None = getattr(user, "scope", None)
        if scope is None or not scope.active:
            return self.none()
        qs = self.filter(deleted_at__isnull=True)
        if action in READS or scope.is_site_admin:
            return qs
        if not scope.can_write:
            return self.none()
        if scope.is_national and action == Action.CHANGE:
            return qs
        return qs.filter(Q(owner_org_id=scope.org_id))


def search_scope_q(scope: Scope, action: Action) -> Q | None:
    """Who may see or act on a partner search (DOMAIN.md §2, brief of issue 23): the owner (the seeking
    province, or the mission or ministry that entered a foreign partner's search) reads and edits it, drafts
    included; once posted, the ministry (and its units) reads every search, a mission reads those whose
    countries it covers, another province reads the shared ones. None means everything."""
    if scope.is_site_admin:
        return None
    own = Q(owner_org_id=scope.org_id)
    if action not in READS:
        return own
    posted = ~Q(state="draft")
    if scope.is_national or scope.is_ministry:
        return own | posted
    if scope.is_mission:
        from ngoaivu.partnering.models import PartnerSearch

        through = PartnerSearch.countries.through.objects.filter(country_id__in=covered_country_ids(scope))
        return own | (posted & Q(pk__in=through.values("partnersearch_id")))
    if scope.is_province:
        return own | (posted & Q(visibility="shared"))
    return Q(pk__in=[])


class PartnerSearchQuerySet(ScopedQuerySet["PartnerSearch"]):
    def visible_to(self, user: Actor, action: Action = Action.VIEW) -> PartnerSearchQuerySet:
        scope: Scope | None = getattr(user, "scope", None)
        if scope is None or not scope.active or (scope.org_id is None and not scope.is_site_admin):
            return self.none()
        if action not in READS and not scope.can_write:
            return self.none()
        qs = self.filter(deleted_at__isnull=True)
        condition = search_scope_q(scope, action)
        return qs if condition is None else qs.filter(condition)


def readable_partner(user: Actor, field: str) -> Exists:
    """True when the directory partner named by `field` (an OuterRef path: "seeker_id", "partner_id") is one
    the reader may see now (DOMAIN §2: shared ones and its own; the ministry all). Read-time, so a partner made
    private after it was named on a search stops being shown to those who may no longer see it."""
    from ngoaivu.directory.models import Partner

    return Exists(Partner.objects.visible_to(user, Action.VIEW).filter(pk=OuterRef(field)))


def readable_partner_flag(user: Actor, field: str) -> Coalesce:
    """`readable_partner` as a column of a list page: the same test, written as a scalar subquery (true, else
    false). PostgreSQL turned the EXISTS into a hashed subplan over every partner the reader sees (21,000 at
    national scale, ~35 ms for a page of 25); a scalar subquery is one index probe per row of the page, run
    after the sort and the limit."""
    from ngoaivu.directory.models import Partner

    probe: Any = Partner.objects.visible_to(user, Action.VIEW).filter(pk=OuterRef(field))
    probe = probe.order_by().values(flag=Value(True))
    return Coalesce(Subquery(probe[:1], output_field=BooleanField()), Value(False))


class ProposalQuerySet(QuerySet["Proposal"]):
    def visible_to(self, user: Actor, action: Action = Action.VIEW) -> ProposalQuerySet:
        """A proposal is read through its search, and its candidate partner through the directory: the
        proposals of the searches the reader sees whose partner (if any) the reader may see. The audit log
        uses it to redact a proposal's name (its target) from readers who may not see the partner."""
        from ngoaivu.partnering.models import PartnerSearch

        searches = PartnerSearch.objects.visible_to(user, action).values("pk")
        return self.filter(search_id__in=searches).filter(
            Q(partner__isnull=True) | readable_partner(user, "partner_id")
        )


def related_agreements(qs: QuerySet[Any], search: PartnerSearch) -> QuerySet[Any]:
    """The agreements of `qs` that may be a search's outcome. Outbound: the search's province's agreements with
    one of its countries or with a proposed candidate. Inbound: agreements with one of its countries or with the
    seeker. (The funnel counts the "agreement" stage from this link, so it must be the search's own.)"""
    from ngoaivu.agreements.models import Agreement

    through = Agreement.partners.through.objects
    countries = Q(country_id__in=search.countries.values("pk"))
    if search.province_id:
        candidates = search.proposals.filter(partner__isnull=False).values("partner_id")
        with_candidate = Q(pk__in=through.filter(partner_id__in=candidates).values("agreement_id"))
        return qs.filter(province_id=search.province_id).filter(countries | with_candidate)
    with_seeker = Q(pk__in=through.filter(partner_id=search.seeker_id or 0).values("agreement_id"))
    return qs.filter(countries | with_seeker)
