"""Reads of partner searches: the list, one search with its proposals, choices for the forms, and the funnel
(posted → proposed → contacted → met → agreement) per province, country and mission."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext

from ngoaivu.core.actors import Actor
from ngoaivu.core.lists import order
from ngoaivu.core.scoping import Action, get_for_action
from ngoaivu.partnering.filters import FUNNEL_STAGES, SearchFilters
from ngoaivu.partnering.models import PartnerSearch, Proposal
from ngoaivu.partnering.querysets import readable_partner, readable_partner_flag, related_agreements

SEARCH_SORTS = {
    "title": ("title",),
    "opened": ("opened_on",),
    "until": ("open_until",),
    "updated": ("updated_at",),
    "proposals": ("n_proposals",),
}


def search_list(
    *, user: Actor, filters: SearchFilters, action: Action = Action.VIEW
) -> QuerySet[PartnerSearch]:
    qs = PartnerSearch.objects.visible_to(user, action).filter(filters.get_filter_expression())
    # both per row of the page, after the sort and the limit: a COUNT over a join grouped every search the
    # reader sees (2,000 at national scale) before the page was cut
    proposals = (
        Proposal.objects.filter(search_id=OuterRef("pk"))
        .order_by()
        .values("search_id")
        .annotate(n=Count("pk"))
    )
    qs = qs.annotate(
        n_proposals=Coalesce(Subquery(proposals.values("n"), output_field=IntegerField()), 0),
        seeker_readable=readable_partner_flag(user, "seeker_id"),
    ).select_related("province")
    # the seekers of the page's rows only (joining them sorted every visible search with its seeker's row)
    qs = qs.prefetch_related("seeker", "countries", "fields")
    return order(qs, filters.sort, SEARCH_SORTS, default="-opened")


def search_get(*, user: Actor, pk: int, action: Action = Action.VIEW) -> PartnerSearch:
    found = get_for_action(PartnerSearch, user, action, pk=pk)
    return (
        PartnerSearch.objects.visible_to(user, Action.VIEW)
        .annotate(seeker_readable=readable_partner(user, "seeker_id"))
        .select_related("province", "seeker__country", "owner_org", "outcome_agreement")
        .prefetch_related("countries", "fields")
        .get(pk=found.pk)
    )


def search_proposals(search: PartnerSearch, *, user: Actor) -> list[Proposal]:
    """The proposals of a search the reader already sees (the search scopes them), oldest first. Each says
    whether the reader may see its partner now (`partner_readable`): the others are shown masked
    (`Proposal.shown_name`), never named."""
    return list(
        search.proposals.annotate(partner_readable=readable_partner(user, "partner_id"))
        .select_related("partner__country", "province", "proposer_org", "proposed_by")
        .order_by("proposed_on", "pk")
    )


def outcome_agreement(*, user: Actor, search: PartnerSearch) -> Any:
    """The outcome agreement, when the reader may see it in the register (else None: the link is not shown)."""
    from ngoaivu.agreements.models import Agreement

    if search.outcome_agreement_id is None:
        return None
    return Agreement.objects.visible_to(user, Action.VIEW).filter(pk=search.outcome_agreement_id).first()


def agreement_choices(*, user: Actor, search: PartnerSearch, limit: int = 300) -> list[tuple[int, str]]:
    """Agreements that may close a search: those the user sees that are related to it
    (`querysets.related_agreements`, the rule the service checks), newest first."""
    from ngoaivu.agreements.models import Agreement

    qs = related_agreements(Agreement.objects.visible_to(user, Action.VIEW), search)
    rows = qs.order_by("-pk").values_list("pk", "title_vi", "country__name_vi")[:limit]
    return [(pk, f"{title} — {country}") for pk, title, country in rows]


def partner_choices(
    *, user: Actor, search: PartnerSearch | None = None, shared_only: bool = False, limit: int = 1000
) -> list[tuple[int, str]]:
    """Directory partners a proposal or an inbound search may name: those the user sees, shared (or, for a
    proposal, the search owner's), of the search's countries when given."""
    from ngoaivu.directory.models import Partner

    qs = Partner.objects.visible_to(user, Action.VIEW)
    if shared_only:
        qs = qs.filter(visibility="shared")
    if search is not None:
        qs = qs.filter(Q(visibility="shared") | Q(owner_org_id=search.owner_org_id))
        qs = qs.filter(country_id__in=search.countries.values("pk"))
    rows = qs.select_related("country").order_by("name", "pk")[:limit]
    # a private partner of the owner may be proposed (the owner and the ministry read it by name); every other
    # reader of the search sees it masked (`Proposal.shown_name`): the choice says so
    private = gettext(" — chưa chia sẻ: chỉ tỉnh tìm kiếm và Bộ thấy tên")
    return [
        (p.pk, f"{p.name_vi or p.name} ({p.country.name_vi}){'' if p.visibility == 'shared' else private}")
        for p in rows
    ]


def field_choices() -> list[tuple[str, str]]:
    from ngoaivu.agreements.models import CooperationField

    return [(f.code, f.name) for f in CooperationField.objects.all()]


# --- the funnel ---


@dataclass
class FunnelRow:
    key: str  # province code, ISO alpha-2 or mission code
    label: str
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FUNNEL_STAGES, 0))

    def cells(self) -> list[tuple[str, int]]:
        return [(stage, self.counts[stage]) for stage in FUNNEL_STAGES]


@dataclass
class Funnel:
    total: FunnelRow
    provinces: list[FunnelRow]
    countries: list[FunnelRow]
    missions: list[FunnelRow]


def _reached(props: list[tuple[Any, ...]], closed_with_agreement: bool = False) -> set[str]:
    """The stages a search reached through `props` (rows of proposer org, contacted, met, agreement days)."""
    stages = {"posted"}
    if props:
        stages.add("proposed")
    if any(p[1] for p in props):
        stages.add("contacted")
    if any(p[2] for p in props):
        stages.add("met")
    if closed_with_agreement or any(p[3] for p in props):
        stages.add("agreement")
    return stages


def funnel(*, user: Actor) -> Funnel:
    """Each posted search the reader sees counted once per stage it reached: proposed (a candidate was
    proposed), contacted, met, agreement (a candidate reached it, or the search closed with an agreement).
    Per province (the seeking province of outbound searches), per country (each of a search's countries) and
    per mission (searches in the countries it covers; the later stages from its own proposals). Five queries
    whatever the number of searches."""
    from ngoaivu.directory.models import Accreditation, Mission

    posted = PartnerSearch.objects.visible_to(user, Action.VIEW).exclude(state=PartnerSearch.State.DRAFT)
    searches = list(posted.values_list("pk", "province__code", "province__name", "outcome_agreement_id"))
    ids = posted.values("pk")
    countries: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for sid, iso2, name in PartnerSearch.countries.through.objects.filter(
        partnersearch_id__in=ids
    ).values_list("partnersearch_id", "country__iso2", "country__name_vi"):
        countries[sid].append((iso2, name))
    props: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
    for sid, org, contacted, met, agreed in Proposal.objects.filter(search_id__in=ids).values_list(
        "search_id", "proposer_org_id", "contacted_on", "met_on", "agreement_on"
    ):
        props[sid].append((org, contacted, met, agreed))
    missions = {
        m.organisation_id: m
        for m in Mission.objects.filter(organisation__isnull=False).only("code", "name_vi", "organisation_id")
    }
    covers: dict[str, set[int]] = defaultdict(set)  # country iso2 → mission organisation ids
    for iso2, org in Accreditation.objects.filter(mission__organisation__isnull=False).values_list(
        "country__iso2", "mission__organisation_id"
    ):
        covers[iso2].add(org)
    total = FunnelRow("", "")
    by_province: dict[str, FunnelRow] = {}
    by_country: dict[str, FunnelRow] = {}
    by_mission: dict[str, FunnelRow] = {}
    for sid, pcode, pname, outcome in searches:
        stages = _reached(props[sid], outcome is not None)
        rows = [total]
        if pcode:
            rows.append(by_province.setdefault(pcode, FunnelRow(pcode, pname)))
        for iso2, cname in countries[sid]:
            rows.append(by_country.setdefault(iso2, FunnelRow(iso2, cname)))
        for row in rows:
            for stage in stages:
                row.counts[stage] += 1
        involved = {org for iso2, _n in countries[sid] for org in covers[iso2]} | {p[0] for p in props[sid]}
        for org in involved:
            mission = missions.get(org)
            if mission is None:
                continue
            row = by_mission.setdefault(mission.code, FunnelRow(mission.code, mission.name_vi))
            own = [p for p in props[sid] if p[0] == org]
            covered = any(org in covers[iso2] for iso2, _n in countries[sid])
            for stage in _reached(own) - ({"posted"} if not covered else set()):
                row.counts[stage] += 1

    def ranked(rows: dict[str, FunnelRow]) -> list[FunnelRow]:
        return sorted(rows.values(), key=lambda r: (-r.counts["posted"], -r.counts["proposed"], r.label))

    return Funnel(total, ranked(by_province), ranked(by_country), ranked(by_mission))


def search_history(*, user: Actor, search: PartnerSearch, limit: int = 100) -> list[Any]:
    """The search's "Lịch sử thay đổi": its own changes and those of its proposals (proposed, moved, declined),
    newest first. A proposal's event is redacted (no candidate name, no changes) for a reader who may not see
    its partner now (`Proposal.visible_to`)."""
    from ngoaivu.accounts.selectors import audit_events_for
    from ngoaivu.audit.models import AuditEvent
    from ngoaivu.audit.words import with_words

    own = audit_events_for(user=user, target=search, limit=limit)
    children = list(
        AuditEvent.objects.system(reason="history of a search the caller fetched through visible_to")
        .filter(parent_type=search._meta.label_lower, parent_id=str(search.pk))
        .select_related("organisation")
        .order_by("-created_at", "-pk")[:limit]
    )
    readable = {
        str(pk)
        for pk in Proposal.objects.visible_to(user, Action.VIEW)
        .filter(search=search)
        .values_list("pk", flat=True)
    }
    label = Proposal._meta.label_lower
    for event in children:
        event.redacted = event.target_type != label or event.target_id not in readable  # type: ignore[attr-defined]
        if event.redacted:  # type: ignore[attr-defined]
            event.target_repr = ""
            event.changes = {}
    events = own + with_words(children, user)
    return sorted(events, key=lambda e: (e.created_at, e.pk), reverse=True)[:limit]
