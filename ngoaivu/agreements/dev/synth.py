"""Reproducible synthetic agreements for benchmarks (`ngoaivu synth`): agreements over 20 years with their
partners, fields, legal steps and roadmap milestones, skewed like real life (a few big provinces and partner
countries carry most of them). Bulk inserts: no audit rows, no notifications."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable

from django.db import transaction
from django.utils import timezone

from ngoaivu.accounts.models import Organisation, User
from ngoaivu.agreements.models import Agreement, AgreementKind, CooperationField, LegalStep, Milestone
from ngoaivu.core.bulk import copy_insert
from ngoaivu.core.text import search_key, vi_sort_key
from ngoaivu.directory.models import Country, FormerProvince, Partner, Province

SCALES = {"small": (1_000, 5_000), "national": (20_000, 100_000), "x10": (200_000, 1_000_000)}
BATCH = 2_000
BIG_COUNTRIES = ["JP", "KR", "CN", "US", "LA", "KH", "TH", "FR", "DE", "AU", "SG", "RU", "IN", "GB", "TW"]
SUBJECTS = [
    "hợp tác xúc tiến đầu tư",
    "hợp tác hữu nghị",
    "hợp tác giáo dục và đào tạo",
    "hợp tác du lịch",
    "hợp tác nông nghiệp công nghệ cao",
    "hợp tác văn hóa, thể thao",
    "hợp tác y tế",
    "phát triển nguồn nhân lực",
    "hợp tác về lao động",
    "kết nghĩa",
    "hợp tác quản lý biên giới",
    "hợp tác logistics",
]
MILESTONES = [
    "Hội nghị xúc tiến đầu tư",
    "Trao đổi đoàn lãnh đạo",
    "Hội chợ thương mại",
    "Khóa đào tạo cán bộ",
    "Tuần văn hóa",
    "Báo cáo sơ kết",
    "Ký kế hoạch hành động",
    "Khảo sát thị trường",
]
Say = Callable[[str, int, int], None]


def _weights(n: int, skew: float = 1.1) -> list[float]:
    return [1 / (i + 1) ** skew for i in range(n)]


@transaction.atomic
def synthesize_agreements(*, scale: str, seed: int, say: Say | None = None) -> dict[str, int]:
    n_agreements, n_milestones = SCALES[scale]
    rnd = random.Random(seed + 7)  # noqa: S311 - reproducible synthetic data, not security
    report = say or (lambda label, done, total: None)
    orgs = {o.province_code: o for o in Organisation.objects.filter(kind=Organisation.Kind.PROVINCE)}
    provinces = [p for p in Province.objects.order_by("code") if p.code in orgs]
    rnd.shuffle(provinces)
    prov_w = _weights(len(provinces))
    formers: dict[int, list[FormerProvince]] = {}
    for unit in FormerProvince.objects.all():
        formers.setdefault(unit.successor_id, []).append(unit)
    countries = {c.iso2: c for c in Country.objects.all()}
    big = [countries[c] for c in BIG_COUNTRIES if c in countries]
    rest = [c for c in countries.values() if c.iso2 not in BIG_COUNTRIES]
    kinds = list(AgreementKind.objects.order_by("sort_order"))
    kind_w = [3, 2, 5, 1][: len(kinds)] + [1] * max(0, len(kinds) - 4)
    fields = list(CooperationField.objects.order_by("sort_order"))
    partners_by_country: dict[int, list[int]] = {}
    for pk, country_id in Partner.objects.system(reason="synthetic links").values_list("pk", "country_id"):
        partners_by_country.setdefault(country_id, []).append(pk)
    author = User.objects.filter(is_superuser=True).first()
    today = timezone.localdate()
    start = today - dt.timedelta(days=20 * 365)
    span = (today - start).days
    made = {"agreements": 0, "milestones": 0, "legal_steps": 0}
    per_agreement = n_milestones / n_agreements
    done = 0
    while done < n_agreements:
        chunk = min(BATCH, n_agreements - done)
        rows: list[Agreement] = []
        plans: list[tuple[list[int], list[int], int]] = []
        for _ in range(chunk):
            province = rnd.choices(provinces, weights=prov_w)[0]
            country = (
                rnd.choices(big, weights=_weights(len(big)))[0] if rnd.random() < 0.8 else rnd.choice(rest)
            )
            kind = rnd.choices(kinds, weights=kind_w)[0]
            signed_on = start + dt.timedelta(days=int(span * rnd.random() ** 0.7))
            former: FormerProvince | None = None
            if signed_on < dt.date(2025, 7, 1) and formers.get(province.pk):
                former = rnd.choice(formers[province.pk])
            named = former.name if former else province.name
            state = rnd.choices(
                [
                    Agreement.State.IN_IMPLEMENTATION,
                    Agreement.State.EXPIRED,
                    Agreement.State.TERMINATED,
                    Agreement.State.REPORTED,
                    Agreement.State.PROPOSED,
                ],
                weights=[60, 15, 5, 10, 10],
            )[0]
            is_proposed = state == Agreement.State.PROPOSED
            valid_until = (
                None if rnd.random() < 0.4 else signed_on + dt.timedelta(days=365 * rnd.choice([3, 5, 10]))
            )
            title = f"Thỏa thuận {rnd.choice(SUBJECTS)} giữa {named} và đối tác {country.name_vi}"
            partner_pool = partners_by_country.get(country.pk, [])
            chosen = rnd.sample(partner_pool, k=min(len(partner_pool), rnd.choice([0, 1, 1, 2])))
            n_ms = 0 if is_proposed else rnd.randint(0, round(2.4 * per_agreement))
            rows.append(
                Agreement(
                    owner_org=orgs[province.code],
                    created_by=author,
                    kind=kind,
                    title_vi=title,
                    province=province,
                    former_province=former,
                    province_as_named=named,
                    vn_party=f"UBND {named}",
                    country=country,
                    signed_on=None if is_proposed else signed_on,
                    valid_from=None if is_proposed else signed_on,
                    valid_until=None if is_proposed else valid_until,
                    state=state,
                    visibility="shared" if rnd.random() < 0.8 else "private",
                    has_roadmap=n_ms > 0,
                    last_activity_on=signed_on
                    + dt.timedelta(days=int(rnd.random() * max(1, (today - signed_on).days))),
                    search_text=search_key(title, country.name_en, province.name),
                    sort_key=vi_sort_key(title),
                )
            )
            plans.append((chosen, [f.pk for f in rnd.sample(fields, k=rnd.choice([1, 2, 3]))], n_ms))
        copy_insert(Agreement, rows)
        partner_links, field_links, steps, milestones = [], [], [], []
        for agreement, (chosen, field_ids, n_ms) in zip(rows, plans, strict=True):
            partner_links += [
                Agreement.partners.through(agreement_id=agreement.pk, partner_id=p) for p in chosen
            ]
            field_links += [
                Agreement.fields.through(agreement_id=agreement.pk, cooperationfield_id=f) for f in field_ids
            ]
            if agreement.signed_on and agreement.kind.needs_pm_report:
                opened = agreement.signed_on - dt.timedelta(days=30)
                steps.append(
                    LegalStep(
                        agreement=agreement,
                        kind=LegalStep.Kind.CONSULTATION,
                        body="Bộ Ngoại giao",
                        started_on=opened,
                        due_on=opened + dt.timedelta(days=9),
                        rule="synth",
                        done_on=opened + dt.timedelta(days=7),
                        outcome=LegalStep.Outcome.AGREE,
                    )
                )
                steps.append(
                    LegalStep(
                        agreement=agreement,
                        kind=LegalStep.Kind.POST_SIGNING_REPORT,
                        body="Thủ tướng Chính phủ",
                        started_on=agreement.signed_on,
                        due_on=agreement.signed_on + dt.timedelta(days=15),
                        rule="synth",
                        done_on=agreement.signed_on + dt.timedelta(days=12),
                        outcome=LegalStep.Outcome.DONE,
                    )
                )
            for i in range(n_ms):
                due = (agreement.signed_on or today) + dt.timedelta(days=60 * (i + 1))
                finished = due < today and rnd.random() < 0.7
                milestones.append(
                    Milestone(
                        agreement=agreement,
                        title=rnd.choice(MILESTONES),
                        owner="Sở Ngoại vụ",
                        due_on=due,
                        status=Milestone.Status.DONE if finished else Milestone.Status.PLANNED,
                        progress=100 if finished else rnd.choice([0, 20, 50]),
                        done_on=due if finished else None,
                    )
                )
        copy_insert(Agreement.partners.through, partner_links)
        copy_insert(Agreement.fields.through, field_links)
        copy_insert(LegalStep, steps)
        copy_insert(Milestone, milestones)
        made["agreements"] += len(rows)
        made["milestones"] += len(milestones)
        made["legal_steps"] += len(steps)
        done += chunk
        report("agreements", done, n_agreements)
    return made


def agreements_synthesized(*, scale: str) -> bool:
    n_agreements, _milestones = SCALES[scale]
    return (
        Agreement.objects.system(reason="synth check").filter(created_by__is_superuser=True).count()
        >= n_agreements
    )
