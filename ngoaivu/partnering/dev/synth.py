"""Reproducible synthetic partner searches for benchmarks (`ngoaivu synth`): 3,000 at national scale (300
small), most posted by provinces for foreign partners, one in ten entered by a mission for a foreign partner
seeking a Vietnamese one, each with 0–4 proposals at every stage of the funnel. Bulk inserts: no audit rows."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable

from django.db import transaction
from django.utils import timezone

from ngoaivu.accounts.models import Organisation, User
from ngoaivu.agreements.models import CooperationField
from ngoaivu.core.bulk import copy_insert
from ngoaivu.core.text import search_key
from ngoaivu.directory.models import Accreditation, Country, Partner, Province
from ngoaivu.partnering.models import PartnerSearch, Proposal

SCALES = {"small": 300, "national": 3_000, "x10": 30_000}
COUNTRIES = ["JP", "KR", "CN", "US", "AU", "FR", "DE", "GB", "SG", "TH", "IN", "LA", "KH", "RU", "IT"]
KINDS = ["locality", "company", "university", "ngo"]
WANTS = [
    "Tìm địa phương có thế mạnh du lịch biển để trao đổi đoàn và quảng bá điểm đến",
    "Tìm đối tác đào tạo nghề và tiếp nhận thực tập sinh",
    "Tìm doanh nghiệp đầu tư vào khu công nghiệp và chế biến nông sản",
    "Tìm trường đại học hợp tác trao đổi sinh viên và nghiên cứu",
    "Tìm tổ chức hỗ trợ y tế cộng đồng và môi trường",
]
Say = Callable[[str, int, int], None]
P = Proposal.State
PATH = [P.PROPOSED, P.SHORTLISTED, P.CONTACTED, P.MET, P.AGREEMENT]


@transaction.atomic
def synthesize_searches(*, scale: str, seed: int, say: Say | None = None) -> dict[str, int]:
    total = SCALES[scale]
    rnd = random.Random(seed + 43)  # noqa: S311 - reproducible synthetic data, not security
    report = say or (lambda label, done, total: None)
    orgs = {o.province_code: o for o in Organisation.objects.filter(kind=Organisation.Kind.PROVINCE)}
    provinces = [p for p in Province.objects.order_by("code") if p.code in orgs]
    countries = [c for c in Country.objects.filter(iso2__in=COUNTRIES).order_by("iso2")]
    weights = [1 / (i + 1) ** 0.8 for i in range(len(countries))]
    fields = list(CooperationField.objects.all())
    mofa = Organisation.objects.filter(kind=Organisation.Kind.MOFA).order_by("pk").first()
    missions: dict[int, list[int]] = {}
    for country_id, org_id in Accreditation.objects.filter(
        country__in=countries, mission__organisation__isnull=False
    ).values_list("country_id", "mission__organisation_id"):
        missions.setdefault(country_id, []).append(org_id)
    partners: dict[int, list[int]] = {}
    for pk, country_id in (
        Partner.objects.system(reason="synth")
        .filter(country__in=countries, visibility="shared", deleted_at__isnull=True)
        .values_list("pk", "country_id")[:20_000]
    ):
        partners.setdefault(country_id, []).append(pk)
    author = User.objects.filter(is_superuser=True).first()
    today = timezone.localdate()
    searches: list[PartnerSearch] = []
    plans: list[tuple[list[Country], list[CooperationField]]] = []
    for i in range(total):
        chosen = list({c.pk: c for c in rnd.choices(countries, weights, k=rnd.randint(1, 2))}.values())
        picked = rnd.sample(fields, k=min(len(fields), rnd.randint(1, 3)))
        inbound = i % 10 == 9 and bool(partners.get(chosen[0].pk))
        province = None if inbound else rnd.choice(provinces)
        owner_id = (
            rnd.choice(missions.get(chosen[0].pk) or [mofa.pk if mofa else orgs[provinces[0].code].pk])
            if inbound
            else orgs[province.code].pk  # type: ignore[union-attr]
        )
        opened = today - dt.timedelta(days=rnd.randint(0, 3 * 365))
        state = rnd.choices(["draft", "open", "closed"], [1, 6, 3])[0]
        wants = rnd.choice(WANTS)
        title = f"{wants.split(' để ')[0]} — {chosen[0].name_vi}"[:300]
        search = PartnerSearch(
            owner_org_id=owner_id,
            created_by=author,
            updated_by=author,
            direction="inbound" if inbound else "outbound",
            title=title,
            province=province,
            seeker_id=rnd.choice(partners[chosen[0].pk]) if inbound else None,
            partner_kind=rnd.choice(KINDS),
            wants=wants,
            open_until=opened + dt.timedelta(days=rnd.randint(90, 540)),
            state=state,
            visibility=rnd.choices(["shared", "private"], [3, 1])[0],
            opened_on=None if state == "draft" else opened,
            closed_on=opened + dt.timedelta(days=rnd.randint(30, 300)) if state == "closed" else None,
            close_reason="Đã tìm được đối tác" if state == "closed" else "",
        )
        if search.closed_on and search.closed_on > today:
            search.closed_on = today
        search.search_text = search_key(
            title,
            wants,
            province.name if province else "",
            *(c.name_vi for c in chosen),
            *(f.name_vi for f in picked),
        )
        searches.append(search)
        plans.append((chosen, picked))
    copy_insert(PartnerSearch, searches)
    c_through, f_through = PartnerSearch.countries.through, PartnerSearch.fields.through
    c_through.objects.bulk_create(
        [
            c_through(partnersearch_id=s.pk, country_id=c.pk)
            for s, (cs, _f) in zip(searches, plans, strict=True)
            for c in cs
        ],
        batch_size=2000,
    )
    f_through.objects.bulk_create(
        [
            f_through(partnersearch_id=s.pk, cooperationfield_id=f.pk)
            for s, (_c, fs) in zip(searches, plans, strict=True)
            for f in fs
        ],
        batch_size=2000,
    )
    proposals: list[Proposal] = []
    for search, (chosen, _fs) in zip(searches, plans, strict=True):
        if search.state == "draft" or search.opened_on is None:
            continue
        if search.direction == "inbound":
            pool = [("province", p.pk) for p in rnd.sample(provinces, k=min(4, len(provinces)))]
        else:
            pool = [
                ("partner", pk)
                for pk in rnd.sample(
                    partners.get(chosen[0].pk, []), k=min(4, len(partners.get(chosen[0].pk, [])))
                )
            ]
        for kind, pk in pool[: rnd.randint(0, 4)]:
            reached = rnd.choices(range(len(PATH)), [8, 4, 3, 2, 1])[0]
            start = min(search.opened_on + dt.timedelta(days=rnd.randint(1, 30)), today)
            day = start
            dates: dict[str, dt.date | None] = {}
            for step in PATH[1 : reached + 1]:
                day = day + dt.timedelta(days=rnd.randint(5, 60))
                dates[f"{step}_on"] = min(day, today)
            declined = reached < 4 and rnd.random() < 0.3
            proposals.append(
                Proposal(
                    search=search,
                    partner_id=pk if kind == "partner" else None,
                    province_id=pk if kind == "province" else None,
                    state=P.DECLINED if declined else PATH[reached],
                    decline_reason="Không phù hợp quy mô" if declined else "",
                    declined_on=min(day + dt.timedelta(days=10), today) if declined else None,
                    proposer_org_id=rnd.choice(
                        missions.get(chosen[0].pk) or [mofa.pk if mofa else search.owner_org_id]
                    ),
                    proposed_by=author,
                    proposed_on=start,
                    **dates,
                )
            )
    copy_insert(Proposal, proposals)
    report("partner searches", total, total)
    return {"partner_searches": total, "partner_proposals": len(proposals)}


def searches_synthesized(*, scale: str) -> bool:
    return (
        PartnerSearch.objects.system(reason="synth check").filter(created_by__is_superuser=True).count()
        >= SCALES[scale]
    )
