"""Synthetic NGO aid for benchmarks (`ngoaivu synth`): foreign NGOs (directory partners of kind ngo, owned by
the ministry, shared) and aid projects over 20 years in every province, with planned and actual disbursement
per year, skewed like real life (a few donor countries and provinces carry most). Bulk inserts: no audit rows,
no search rows (the synth command rebuilds the index)."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from ngoaivu.accounts.models import Organisation, User
from ngoaivu.agreements.models import CooperationField
from ngoaivu.aid.models import AidProject, AidYear
from ngoaivu.core.bulk import copy_insert
from ngoaivu.core.text import search_key, vi_sort_key
from ngoaivu.directory.models import Country, FormerProvince, Partner, Province

SCALES = {"small": (300, 30), "national": (3_000, 300), "x10": (30_000, 1_000)}  # (projects, NGOs)
BATCH = 1_000
DONORS = ["US", "JP", "KR", "DE", "GB", "FR", "AU", "NL", "CH", "BE", "CA", "SE", "NO", "IE", "DK", "NZ"]
SUBJECTS = [
    "Nâng cao sinh kế cho hộ nghèo",
    "Cấp nước sạch và vệ sinh môi trường",
    "Hỗ trợ giáo dục mầm non vùng cao",
    "Chăm sóc sức khỏe bà mẹ và trẻ em",
    "Phòng chống thiên tai dựa vào cộng đồng",
    "Hỗ trợ người khuyết tật hòa nhập",
    "Phát triển nông nghiệp thích ứng biến đổi khí hậu",
    "Học bổng cho học sinh dân tộc thiểu số",
    "Xây dựng trạm y tế xã",
    "Bảo vệ rừng đầu nguồn",
]
CURRENCY = {
    "US": "USD",
    "JP": "JPY",
    "KR": "KRW",
    "DE": "EUR",
    "FR": "EUR",
    "NL": "EUR",
    "BE": "EUR",
    "IE": "EUR",
}
SCALE_OF = {"USD": 1, "EUR": 1, "JPY": 150, "KRW": 1_300}
MARK = "/SYN"  # approval numbers of synthetic projects end with it
Say = Callable[[str, int, int], None]


def _weights(n: int, skew: float = 1.0) -> list[float]:
    return [1 / (i + 1) ** skew for i in range(n)]


def _ngos(rnd: random.Random, n: int, owner: Organisation) -> list[Partner]:
    existing = list(
        Partner.objects.system(reason="synthetic aid donors").filter(
            kind=Partner.Kind.NGO, sector="synth-ngo"
        )
    )
    countries = {c.iso2: c for c in Country.objects.filter(iso2__in=DONORS)}
    rows = []
    for i in range(len(existing), n):
        country = countries[
            rnd.choices([c for c in DONORS if c in countries], weights=_weights(len(countries)))[0]
        ]
        name = f"{rnd.choice(['Foundation', 'Aid', 'Relief', 'Partners', 'Hope', 'Friends'])} {country.name_en} {i:04d}"
        rows.append(
            Partner(
                owner_org=owner,
                kind=Partner.Kind.NGO,
                name=name,
                country=country,
                sector="synth-ngo",
                visibility="shared",
                search_text=search_key(name, country.name_vi),
                sort_key=vi_sort_key(name),
            )
        )
    copy_insert(Partner, rows)
    return existing + rows


@transaction.atomic
def synthesize_aid(*, scale: str, seed: int, say: Say | None = None) -> dict[str, int]:
    n_projects, n_ngos = SCALES[scale]
    rnd = random.Random(seed + 20)  # noqa: S311 - reproducible synthetic data, not security
    report = say or (lambda label, done, total: None)
    mofa = Organisation.objects.get(code="mofa")
    ngos = _ngos(random.Random(seed + 21), n_ngos, mofa)  # noqa: S311 - its own stream: reruns reuse the NGOs
    ngo_w = _weights(len(ngos), 0.8)
    orgs = {o.province_code: o for o in Organisation.objects.filter(kind=Organisation.Kind.PROVINCE)}
    provinces = [p for p in Province.objects.order_by("code") if p.code in orgs]
    rnd.shuffle(provinces)
    prov_w = _weights(len(provinces), 0.6)
    formers: dict[int, list[FormerProvince]] = {}
    for unit in FormerProvince.objects.all():
        formers.setdefault(unit.successor_id, []).append(unit)
    fields = list(CooperationField.objects.order_by("sort_order"))
    author = User.objects.filter(is_superuser=True).first()
    today_year = timezone.localdate().year
    made = {"aid_projects": 0, "aid_years": 0}
    done = 0
    while done < n_projects:
        chunk = min(BATCH, n_projects - done)
        rows: list[AidProject] = []
        plans: list[tuple[list[int], list[int], list[tuple[int, Decimal, Decimal | None]]]] = []
        for _ in range(chunk):
            province = rnd.choices(provinces, weights=prov_w)[0]
            ngo = rnd.choices(ngos, weights=ngo_w)[0]
            currency = CURRENCY.get(ngo.country.iso2, "USD") if rnd.random() < 0.6 else "USD"
            approved = dt.date(2006, 1, 1) + dt.timedelta(days=int(7300 * rnd.random() ** 0.8))
            years = rnd.choice([1, 2, 3, 3, 4, 5])
            start = approved + dt.timedelta(days=rnd.randint(10, 120))
            end = dt.date(start.year + years - 1, 12, 31)
            former = None
            if approved < dt.date(2025, 7, 1) and formers.get(province.pk):
                former = rnd.choice(formers[province.pk])
            named = former.name if former else province.name
            yearly = Decimal(rnd.choice([20, 50, 80, 100, 150, 250, 400])) * 1000 * SCALE_OF[currency]
            status = (
                AidProject.Status.COMPLETED
                if end.year < today_year
                else rnd.choice([AidProject.Status.IN_PROGRESS, AidProject.Status.APPROVED])
            )
            if rnd.random() < 0.04:
                status = rnd.choice([AidProject.Status.SUSPENDED, AidProject.Status.CANCELLED])
            title = f"{rnd.choice(SUBJECTS)} tại {named}"
            number = f"{rnd.randint(10, 3999)}/QĐ-UBND{MARK}"
            rows.append(
                AidProject(
                    owner_org=orgs[province.code],
                    created_by=author,
                    title=title,
                    ngo=ngo,
                    country=ngo.country,
                    province=province,
                    former_province=former,
                    province_as_named=named,
                    approval_number=number,
                    approval_date=approved,
                    approving_body=f"UBND {named}",
                    commitment=yearly * years,
                    currency=currency,
                    start_on=start,
                    end_on=end,
                    status=status,
                    search_text=search_key(title, ngo.name, named, number),
                )
            )
            figures = []
            for y in range(start.year, end.year + 1):
                if y > today_year:
                    break
                actual = (
                    None
                    if y == today_year and rnd.random() < 0.5
                    else yearly * Decimal(rnd.randint(60, 110)) / 100
                )
                figures.append((y, yearly, actual))
            plans.append(
                (
                    [f.pk for f in rnd.sample(fields, k=rnd.choice([1, 1, 2]))],
                    [province.pk],
                    figures,
                )
            )
        copy_insert(AidProject, rows)
        field_links, province_links, year_rows = [], [], []
        for project, (field_ids, province_ids, figures) in zip(rows, plans, strict=True):
            field_links += [
                AidProject.fields.through(aidproject_id=project.pk, cooperationfield_id=f) for f in field_ids
            ]
            province_links += [
                AidProject.provinces.through(aidproject_id=project.pk, province_id=p) for p in province_ids
            ]
            year_rows += [
                AidYear(
                    project=project, year=y, planned=p, actual=None if a is None else a.quantize(Decimal("1"))
                )
                for y, p, a in figures
            ]
        copy_insert(AidProject.fields.through, field_links)
        copy_insert(AidProject.provinces.through, province_links)
        copy_insert(AidYear, year_rows)
        made["aid_projects"] += len(rows)
        made["aid_years"] += len(year_rows)
        done += chunk
        report("aid projects", done, n_projects)
    return made


def aid_synthesized(*, scale: str) -> bool:
    n_projects, _ngos = SCALES[scale]
    return (
        AidProject.objects.system(reason="synth check").filter(approval_number__endswith=MARK).count()
        >= n_projects
    )
