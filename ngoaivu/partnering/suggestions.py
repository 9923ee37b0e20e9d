"""Suggested candidates for a partner search, ranked by a transparent score. Each reason a candidate gets adds
`count × weight` points and is shown as "cùng lĩnh vực: giáo dục, du lịch (+2 × 3)"; the weights are data
(`SuggestionWeight`, seeded from `data/suggestion_weights.csv`, edited in the admin).

Reasons (outbound: a province seeks a foreign partner; candidates are directory partners):
- `field`: fields the candidate's profile seeks that the search names (one per shared field);
- `country`: the candidate is in one of the search's countries (always: the countries filter the candidates);
- `kind`: the candidate is of the kind sought (universities are told by their name: "đại học", "university"…);
- `past_partner`: agreements of the register with the candidate (one per province it signed with);
- `province_country`: the search's province already has agreements with the candidate's country;
- `region_country`: other provinces of the search province's region have agreements with the candidate's
  country (one per such province; the regions are H1's `information/data/regions.csv`, read as data);
- `profile`: main industries and strengths shared by the two profiles (one per shared item, at most 5).
Inbound (a foreign partner seeks a Vietnamese partner; candidates are the provinces): `field` and `profile`
against the provinces' profiles, `kind` when a locality is sought, `past_partner` when the province already
has an agreement with the seeker, `province_country` per agreement with the seeker's country.

Candidates and agreements come only from what the reader may see (`visible_to`); the candidate set is bounded
(CANDIDATE_LIMIT partners) and read in a fixed number of queries."""

from __future__ import annotations

import csv
import functools
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db.models import Count
from django.utils.translation import gettext as _

from ngoaivu.agreements.models import Agreement
from ngoaivu.core.actors import Actor
from ngoaivu.core.scoping import Action
from ngoaivu.core.text import search_key
from ngoaivu.directory.models import Partner, Province
from ngoaivu.partnering.models import LocalityProfile, PartnerSearch, SuggestionWeight

CANDIDATE_LIMIT = 300
SHOWN = 20
PROFILE_CAP = 5
KIND_MAP: dict[str, set[str]] = {
    "locality": {Partner.Kind.LOCALITY},
    "company": {Partner.Kind.COMPANY},
    "ngo": {Partner.Kind.NGO, Partner.Kind.INTERNATIONAL_ORG},
    "university": set(),  # the directory has no such kind: told by the name (UNIVERSITY_WORDS)
}
UNIVERSITY_WORDS = (
    " dai hoc ",
    " hoc vien ",
    " university ",
    " college ",
    " institute ",
    " vien nghien cuu ",
)


REGIONS_FILE = Path(__file__).resolve().parent.parent / "information" / "data" / "regions.csv"


@functools.cache
def _regions() -> dict[str, tuple[str, frozenset[str]]]:
    """Province code → (region name, the codes of the region's provinces); empty when the file is absent."""
    if not REGIONS_FILE.exists():
        return {}
    found: dict[str, tuple[str, frozenset[str]]] = {}
    with REGIONS_FILE.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            codes = frozenset((row.get("provinces") or "").split())
            for code in codes:
                found[code] = (row.get("name_vi") or "", codes)
    return found


def region_of(province_code: str) -> tuple[str, frozenset[str]]:
    return _regions().get(province_code, ("", frozenset()))


@dataclass(frozen=True)
class Reason:
    key: str
    label: str
    detail: str
    count: int
    weight: int

    @property
    def points(self) -> int:
        return self.count * self.weight

    @property
    def text(self) -> str:
        head = f"{self.label}: {self.detail}" if self.detail else self.label
        return f"{head} (+{self.count} × {self.weight})"


@dataclass
class Suggestion:
    name: str
    country: str
    partner: Partner | None = None
    province: Province | None = None
    reasons: list[Reason] = field(default_factory=list)

    @property
    def score(self) -> int:
        return sum(r.points for r in self.reasons)

    @property
    def key(self) -> str:
        return (
            f"partner:{self.partner.pk}"
            if self.partner
            else f"province:{self.province.code if self.province else ''}"
        )


def weights() -> dict[str, tuple[int, str]]:
    return {w.key: (w.weight, w.label) for w in SuggestionWeight.objects.all()}


def phrases(*texts: str) -> set[str]:
    """A profile's industries and strengths as a set of folded items ("du lịch, cảng biển" → {"du lich",
    "cang bien"})."""
    found: set[str] = set()
    for text in texts:
        for item in re.split(r"[,;\n.]", text or ""):
            key = search_key(item).strip()
            if key:
                found.add(key)
    return found


class _Scorer:
    def __init__(self, table: dict[str, tuple[int, str]]) -> None:
        self.table = table

    def add(self, s: Suggestion, key: str, count: int, detail: str = "") -> None:
        weight, label = self.table.get(key, (0, key))
        if count > 0 and weight > 0:
            s.reasons.append(Reason(key, label, detail, count, weight))


def _search_fields(search: PartnerSearch) -> dict[int, str]:
    return {f.pk: f.name for f in search.fields.all()}


def _profile_of(user: Actor, **lookup: Any) -> set[str]:
    row = (
        LocalityProfile.objects.visible_to(user, Action.VIEW)
        .filter(**lookup)
        .values("main_industries", "strengths")
        .first()
    )
    return phrases(row["main_industries"], row["strengths"]) if row else set()


def _names(items: list[str]) -> str:
    return ", ".join(sorted(items))


def suggestions_for(*, user: Actor, search: PartnerSearch, limit: int = SHOWN) -> list[Suggestion]:
    """The best `limit` candidates with a positive score, best first (ties by name)."""
    scorer = _Scorer(weights())
    if search.direction == PartnerSearch.Direction.INBOUND:
        found = _inbound(user, search, scorer)
    else:
        found = _outbound(user, search, scorer)
    ranked = sorted((s for s in found if s.score > 0), key=lambda s: (-s.score, s.name))
    return ranked[:limit]


def _outbound(user: Actor, search: PartnerSearch, scorer: _Scorer) -> list[Suggestion]:
    fields = _search_fields(search)
    countries = {c.pk: c.name_vi for c in search.countries.all()}
    through = LocalityProfile.fields_sought.through
    proposed = search.proposals.exclude(partner__isnull=True).values("partner_id")
    pool = (
        Partner.objects.visible_to(user, Action.VIEW)
        # the search's countries are a filter, not a bonus: a partner of another country is never suggested
        # (WALK 23: a Korean city ranked first for a search for a Japanese locality)
        .filter(country_id__in=list(countries))
        .exclude(pk__in=proposed)
        .select_related("country")
        # only what the scoring and the answer read: 300 whole partners (dates, addresses, descriptions) and
        # countries cost more to load than the scoring itself
        .only("name", "name_vi", "kind", "country_id", "search_text", "country__name_vi")
        .order_by("-updated_at", "-pk")[:CANDIDATE_LIMIT]
    )
    candidates = list(pool)
    ids = [p.pk for p in candidates]
    sought: dict[int, list[str]] = defaultdict(list)
    for pid, fid in through.objects.filter(
        localityprofile__partner_id__in=ids, cooperationfield_id__in=list(fields)
    ).values_list("localityprofile__partner_id", "cooperationfield_id"):
        sought[pid].append(fields[fid])
    profiles = {
        row["partner_id"]: phrases(row["main_industries"], row["strengths"])
        for row in LocalityProfile.objects.visible_to(user, Action.VIEW)
        .filter(partner_id__in=ids)
        .values("partner_id", "main_industries", "strengths")
    }
    own_profile = _profile_of(user, province_id=search.province_id) if search.province_id else set()
    visible = Agreement.objects.visible_to(user, Action.VIEW)
    signed_with: dict[int, set[str]] = defaultdict(set)
    for pid, province in (
        Agreement.partners.through.objects.filter(partner_id__in=ids, agreement_id__in=visible.values("pk"))
        .order_by()
        .values_list("partner_id", "agreement__province__name")
    ):
        signed_with[pid].add(province)
    by_country: dict[int, int] = {}
    if search.province_id:
        by_country = dict(
            visible.filter(province_id=search.province_id)
            .order_by()
            .values("country_id")
            .annotate(n=Count("pk"))
            .values_list("country_id", "n")
        )
    region, neighbours = region_of(search.province.code) if search.province else ("", frozenset())
    in_region: dict[int, set[str]] = defaultdict(set)
    others = sorted(neighbours - {search.province.code if search.province else ""})
    if others:
        for cid, name in (
            visible.filter(province__code__in=others, country_id__in={p.country_id for p in candidates})
            .order_by()
            .values_list("country_id", "province__name")
            .distinct()
        ):
            in_region[cid].add(name)
    kinds = KIND_MAP.get(search.partner_kind, set())
    # the texts translated once, not once per candidate (each gettext reads the active language)
    kind_label = ""
    agreements_text = _("%(c)s: %(n)d thỏa thuận")
    region_text = _("%(r)s: %(p)s")
    found = []
    for p in candidates:
        s = Suggestion(name=p.name_vi or p.name, country=p.country.name_vi, partner=p)
        scorer.add(s, "field", len(sought[p.pk]), _names(sought[p.pk]))
        if p.country_id in countries:
            scorer.add(s, "country", 1, p.country.name_vi)
        if p.kind in kinds or (
            search.partner_kind == "university" and any(w in f" {p.search_text} " for w in UNIVERSITY_WORDS)
        ):
            kind_label = kind_label or str(PartnerSearch.PartnerKind(search.partner_kind).label)
            scorer.add(s, "kind", 1, kind_label)
        scorer.add(s, "past_partner", len(signed_with[p.pk]), _names(list(signed_with[p.pk])))
        n = by_country.get(p.country_id, 0)
        scorer.add(s, "province_country", n, agreements_text % {"c": p.country.name_vi, "n": n})
        near = sorted(in_region.get(p.country_id, set()))
        scorer.add(s, "region_country", len(near), region_text % {"r": region, "p": ", ".join(near)})
        shared = sorted(own_profile & profiles.get(p.pk, set()))[:PROFILE_CAP]
        scorer.add(s, "profile", len(shared), ", ".join(shared))
        found.append(s)
    return found


def _inbound(user: Actor, search: PartnerSearch, scorer: _Scorer) -> list[Suggestion]:
    fields = _search_fields(search)
    countries = {c.pk: c.name_vi for c in search.countries.all()}
    proposed = set(search.proposals.exclude(province__isnull=True).values_list("province_id", flat=True))
    provinces = [p for p in Province.objects.order_by("code") if p.pk not in proposed]
    through = LocalityProfile.fields_sought.through
    sought: dict[int, list[str]] = defaultdict(list)
    for pid, fid in through.objects.filter(
        localityprofile__province__isnull=False, cooperationfield_id__in=list(fields)
    ).values_list("localityprofile__province_id", "cooperationfield_id"):
        sought[pid].append(fields[fid])
    profiles = {
        row["province_id"]: phrases(row["main_industries"], row["strengths"])
        for row in LocalityProfile.objects.visible_to(user, Action.VIEW)
        .filter(province__isnull=False)
        .values("province_id", "main_industries", "strengths")
    }
    seeker_profile = _profile_of(user, partner_id=search.seeker_id) if search.seeker_id else set()
    visible = Agreement.objects.visible_to(user, Action.VIEW)
    with_country: dict[int, int] = defaultdict(int)
    for pid in visible.filter(country_id__in=list(countries)).values_list("province_id", flat=True):
        with_country[pid] += 1
    with_seeker: set[int] = set()
    if search.seeker_id:
        with_seeker = set(
            visible.filter(
                pk__in=Agreement.partners.through.objects.filter(partner_id=search.seeker_id).values(
                    "agreement_id"
                )
            ).values_list("province_id", flat=True)
        )
    found = []
    country_names = _names(list(countries.values()))
    for p in provinces:
        s = Suggestion(name=str(p), country=_("Việt Nam"), province=p)
        scorer.add(s, "field", len(sought[p.pk]), _names(sought[p.pk]))
        if search.partner_kind == "locality":
            scorer.add(s, "kind", 1, str(PartnerSearch.PartnerKind.LOCALITY.label))
        if p.pk in with_seeker:
            scorer.add(
                s,
                "past_partner",
                1,
                search.seeker_label,  # masked when the reader may no longer see the seeker
            )
        n = with_country.get(p.pk, 0)
        scorer.add(s, "province_country", n, _("%(c)s: %(n)d thỏa thuận") % {"c": country_names, "n": n})
        shared = sorted(seeker_profile & profiles.get(p.pk, set()))[:PROFILE_CAP]
        scorer.add(s, "profile", len(shared), ", ".join(shared))
        found.append(s)
    return found
