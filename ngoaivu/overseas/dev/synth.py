"""Synthetic overseas-Vietnamese records for benchmarks (`ngoaivu synth`): associations in the countries with
big Vietnamese communities (kept by the mission covering the country, some by the ministry or a province),
notable people linked to them, programmes over 20 years (organised by the ministry, provinces and missions)
and investments in provinces (before 01/07/2025 filed under a former province, as named then). Fixed seed; bulk
inserts: no audit rows. Contact details are encrypted row by row (Fernet) as they are written."""

from __future__ import annotations

import datetime as dt
import decimal
import random
from collections.abc import Callable

from django.db import connection, transaction
from django.utils import timezone

from ngoaivu.accounts.models import Organisation
from ngoaivu.core.text import search_key
from ngoaivu.directory.models import Accreditation, Country, FormerProvince, Mission, Province
from ngoaivu.overseas.models import OverseasAssociation, OverseasInvestment, OverseasPerson, OverseasProgramme

SCALES = {"small": 0.1, "national": 1.0, "x10": 10.0}
TOTALS = {"associations": 1500, "people": 3000, "programmes": 2000, "investments": 1000}
BATCH = 1_000
MERGER = dt.date(2025, 7, 1)
COMMUNITIES = ["US", "FR", "AU", "CA", "DE", "JP", "KR", "TW", "CZ", "RU", "GB", "PL", "LA", "KH", "TH", "UA"]
KINDS = list(OverseasAssociation.Kind.values)
FIELDS = list(OverseasPerson.Field.values)
SECTORS = [
    "Du lịch, dịch vụ",
    "Nông nghiệp công nghệ cao",
    "Giáo dục",
    "Y tế",
    "Công nghệ thông tin",
    "Chế biến",
]
NAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ"]
GIVEN = ["An", "Bình", "Châu", "Dũng", "Hà", "Hùng", "Lan", "Minh", "Nam", "Thảo", "Tuấn", "Vy"]
PROGRAMME_TITLES = {
    "xuan_que_huong": "Xuân Quê hương",
    "summer_camp": "Trại hè Việt Nam",
    "business_forum": "Diễn đàn doanh nhân kiều bào",
    "homeland_visit": "Đoàn kiều bào về thăm quê hương",
    "other": "Gặp mặt kiều bào",
}
Say = Callable[[str, int, int], None]


def _n(scale: str, what: str) -> int:
    return max(1, int(TOTALS[what] * SCALES[scale]))


def _weights(n: int, skew: float = 1.0) -> list[float]:
    return [1 / (i + 1) ** skew for i in range(n)]


@transaction.atomic
def synthesize_overseas(*, scale: str, seed: int, say: Say | None = None) -> dict[str, int]:
    rnd = random.Random(seed + 21)  # noqa: S311 - reproducible synthetic data, not security
    report = say or (lambda label, done, total: None)
    countries = {c.iso2: c for c in Country.objects.filter(iso2__in=COMMUNITIES)}
    picked_countries = [countries[c] for c in COMMUNITIES if c in countries]
    weights = _weights(len(picked_countries))
    mission_of: dict[int, Mission] = {}
    for acc in Accreditation.objects.select_related("mission").order_by("kind", "pk"):
        mission_of.setdefault(acc.country_id, acc.mission)
    mission_orgs = {m.organisation_id for m in mission_of.values() if m.organisation_id}
    ministry = Organisation.objects.filter(code__in=["mofa-nvnonn", "mofa"]).order_by("code")
    ministry_orgs = [o.pk for o in ministry]
    province_orgs = {
        o.province_code: o.pk for o in Organisation.objects.filter(kind=Organisation.Kind.PROVINCE)
    }
    provinces = [p for p in Province.objects.order_by("code") if p.code in province_orgs]
    formers: dict[int, list[FormerProvince]] = {}
    for f in FormerProvince.objects.order_by("code"):
        formers.setdefault(f.successor_id, []).append(f)
    today = timezone.localdate()
    made = {
        "overseas_associations": 0,
        "overseas_people": 0,
        "overseas_programmes": 0,
        "overseas_investments": 0,
    }

    # associations
    total = _n(scale, "associations")
    rows: list[OverseasAssociation] = []
    for i in range(total):
        country = rnd.choices(picked_countries, weights=weights)[0]
        mission = mission_of.get(country.pk)
        r = rnd.random()
        owner = (
            mission.organisation_id
            if mission is not None and mission.organisation_id and r < 0.7
            else (rnd.choice(ministry_orgs) if r < 0.85 else province_orgs[rnd.choice(provinces).code])
        )
        kind = rnd.choice(KINDS)
        name = f"Hội {OverseasAssociation.Kind(kind).label} tại {country.name_vi} số {i + 1}"
        consent = rnd.random() < 0.6
        rows.append(
            OverseasAssociation(
                owner_org_id=owner,
                name_vi=name,
                kind=kind,
                country=country,
                city="",
                mission=mission,
                founded_year=rnd.randint(1980, today.year),
                members=rnd.randint(20, 20000),
                fields="Kết nối cộng đồng",
                leader_name=f"{rnd.choice(NAMES)} {rnd.choice(GIVEN)}",
                leader_role="Chủ tịch",
                contact_email=f"hoi{i + 1}@example.invalid" if consent else "",
                contact_phone="",
                consent=consent,
                purpose="Liên hệ công tác cộng đồng" if consent else "",
                visibility="shared" if rnd.random() < 0.85 else "private",
                search_text=search_key(name, country.name_vi, country.name_en),
            )
        )
        if len(rows) == BATCH or i == total - 1:
            OverseasAssociation.objects.system(reason="synthetic bulk insert").bulk_create(rows)
            made["overseas_associations"] += len(rows)
            rows = []
            report("overseas associations", made["overseas_associations"], total)
    associations = list(
        OverseasAssociation.objects.system(reason="synthetic links")
        .order_by("-pk")
        .values_list("pk", "country_id")[:total]
    )

    # people
    total = _n(scale, "people")
    people: list[OverseasPerson] = []
    for i in range(total):
        _assoc_id, country_id = rnd.choice(associations)
        name = f"{rnd.choice(NAMES)} {rnd.choice(GIVEN)} {i + 1}"
        people.append(
            OverseasPerson(
                owner_org_id=rnd.choice(sorted(mission_orgs))
                if mission_orgs and rnd.random() < 0.5
                else rnd.choice(ministry_orgs),
                full_name=name,
                country_id=country_id,
                field=rnd.choice(FIELDS),
                organisation="",
                consent=True,
                visibility="shared" if rnd.random() < 0.85 else "private",
                search_text=search_key(name),
            )
        )
    for start in range(0, len(people), BATCH):
        chunk = people[start : start + BATCH]
        OverseasPerson.objects.system(reason="synthetic bulk insert").bulk_create(chunk)
        made["overseas_people"] += len(chunk)
        report("overseas people", made["overseas_people"], total)
    links = [
        OverseasPerson.associations.through(
            overseasperson_id=p.pk, overseasassociation_id=rnd.choice(associations)[0]
        )
        for p in people
        if rnd.random() < 0.7
    ]
    OverseasPerson.associations.through.objects.bulk_create(links, batch_size=5000, ignore_conflicts=True)

    # programmes over 20 years
    total = _n(scale, "programmes")
    start_day = dt.date(today.year - 20, 1, 1)
    span = (today - start_day).days + 180
    programmes: list[OverseasProgramme] = []
    for _ in range(total):
        kind = rnd.choice(list(PROGRAMME_TITLES))
        opens = start_day + dt.timedelta(days=int(span * rnd.random() ** 0.7))
        r = rnd.random()
        owner = (
            rnd.choice(ministry_orgs)
            if r < 0.4
            else (
                province_orgs[rnd.choice(provinces).code]
                if r < 0.8 or not mission_orgs
                else rnd.choice(sorted(mission_orgs))
            )
        )
        title = f"{PROGRAMME_TITLES[kind]} {opens.year}"
        past = opens < today
        programmes.append(
            OverseasProgramme(
                owner_org_id=owner,
                title=title,
                kind=kind,
                starts_on=opens,
                ends_on=opens + dt.timedelta(days=rnd.choice([0, 1, 2, 7, 12])),
                place="Hà Nội",
                organiser_name="Bộ Ngoại giao",
                participants=rnd.randint(20, 2000) if past else None,
                status=(
                    OverseasProgramme.Status.HELD
                    if rnd.random() < 0.95
                    else OverseasProgramme.Status.CANCELLED
                )
                if past
                else OverseasProgramme.Status.PLANNED,
                visibility="shared" if rnd.random() < 0.9 else "private",
                search_text=search_key(title, "Hà Nội"),
            )
        )
    for start in range(0, len(programmes), BATCH):
        batch_g = programmes[start : start + BATCH]
        OverseasProgramme.objects.system(reason="synthetic bulk insert").bulk_create(batch_g)
        made["overseas_programmes"] += len(batch_g)
        report("overseas programmes", made["overseas_programmes"], total)
    G = OverseasProgramme
    G.countries.through.objects.bulk_create(
        [
            G.countries.through(
                overseasprogramme_id=g.pk, country_id=rnd.choices(picked_countries, weights=weights)[0].pk
            )
            for g in programmes
        ],
        batch_size=5000,
    )
    G.provinces.through.objects.bulk_create(
        [
            G.provinces.through(overseasprogramme_id=g.pk, province_id=rnd.choice(provinces).pk)
            for g in programmes
        ],
        batch_size=5000,
    )

    # investments
    total = _n(scale, "investments")
    investments: list[OverseasInvestment] = []
    for i in range(total):
        province = rnd.choice(provinces)
        year = rnd.randint(today.year - 20, today.year)
        former = (
            rnd.choice(formers[province.pk])
            if dt.date(year, 6, 30) < MERGER and formers.get(province.pk)
            else None
        )
        named = former.name if former else province.name
        capital = decimal.Decimal(rnd.randint(1, 500) * 100_000)
        title = f"Dự án {rnd.choice(SECTORS).lower()} của kiều bào tại {named} số {i + 1}"
        investments.append(
            OverseasInvestment(
                owner_org_id=province_orgs[province.code],
                title=title,
                association_id=rnd.choice(associations)[0] if rnd.random() < 0.3 else None,
                investor_name=f"{rnd.choice(NAMES)} {rnd.choice(GIVEN)}",
                province=province,
                former_province=former,
                province_as_named=named,
                sector=rnd.choice(SECTORS),
                capital=capital,
                currency="USD",
                year=year,
                status=rnd.choice(list(OverseasInvestment.Status.values)),
                visibility="shared" if rnd.random() < 0.85 else "private",
                search_text=search_key(title, named, province.name),
            )
        )
    for start in range(0, len(investments), BATCH):
        batch_i = investments[start : start + BATCH]
        OverseasInvestment.objects.system(reason="synthetic bulk insert").bulk_create(batch_i)
        made["overseas_investments"] += len(batch_i)
        report("overseas investments", made["overseas_investments"], total)
    if connection.vendor == "postgresql":
        tables = [
            m._meta.db_table
            for m in (OverseasAssociation, OverseasPerson, OverseasProgramme, OverseasInvestment)
        ]
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {', '.join(tables)}")
    return made


def overseas_synthesized(*, scale: str) -> bool:
    """The scale marker: this scale's programmes are there already."""
    return OverseasProgramme.objects.system(reason="synth check").count() >= _n(scale, "programmes")
