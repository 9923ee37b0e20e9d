"""Reproducible synthetic press visits for benchmarks (`ngoaivu synth`): visits over 20 years with their
reporters (passport numbers and birth dates encrypted in bulk: each value is one Fernet encryption, measured in
the report), skewed like real life (a few big provinces and partner countries carry most of them); before
01/07/2025 a visit of a merged province is filed under one of its former provinces, as named then. Bulk inserts:
no audit rows, no notifications."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable

from django.db import connection, transaction
from django.utils import timezone

from ngoaivu.accounts.models import Organisation
from ngoaivu.agreements.models import DeadlineRule
from ngoaivu.agreements.selectors import due_date, rule_for
from ngoaivu.core.bulk import copy_insert
from ngoaivu.core.text import search_key
from ngoaivu.directory.models import Country, FormerProvince, Province
from ngoaivu.press.models import DEFAULT_ISSUER, PressVisit, Reporter

SCALES = {"small": 200, "national": 2_000, "x10": 20_000}
REPORTERS_PER_VISIT = (1, 4)  # about 2.5 on average: ~5,000 at national scale
BATCH = 1_000
MERGER = dt.date(2025, 7, 1)
OUTLETS = {
    "JP": ["NHK", "Asahi Shimbun", "Nikkei", "Kyodo"],
    "KR": ["KBS", "Yonhap", "Arirang TV"],
    "CN": ["Tân Hoa xã", "CCTV"],
    "US": ["CNN", "AP", "The New York Times"],
    "FR": ["AFP", "TV5 Monde", "Le Monde"],
    "GB": ["BBC", "Reuters"],
    "DE": ["Deutsche Welle", "ARD"],
    "AU": ["ABC Australia"],
    "SG": ["CNA", "The Straits Times"],
    "TH": ["Thai PBS"],
    "RU": ["RT", "TASS"],
    "IN": ["Doordarshan"],
}
TOPICS = [
    "du lịch và di sản",
    "thu hút đầu tư nước ngoài",
    "ẩm thực địa phương",
    "chuyển đổi số",
    "phục hồi sau thiên tai",
    "nông nghiệp công nghệ cao",
    "văn hóa dân tộc thiểu số",
    "kinh tế biển",
]
NAMES = ["Tanaka", "Kim", "Smith", "Martin", "Müller", "Lee", "Wang", "Nguyen", "Brown", "Dubois", "Sato"]
Say = Callable[[str, int, int], None]
V = PressVisit


def _weights(n: int, skew: float = 1.1) -> list[float]:
    return [1 / (i + 1) ** skew for i in range(n)]


@transaction.atomic
def synthesize_press(*, scale: str, seed: int, say: Say | None = None) -> dict[str, int]:
    total = SCALES[scale]
    rnd = random.Random(seed + 21)  # noqa: S311 - reproducible synthetic data, not security
    report = say or (lambda label, done, total: None)
    orgs = {o.province_code: o for o in Organisation.objects.filter(kind=Organisation.Kind.PROVINCE)}
    provinces = [p for p in Province.objects.order_by("code") if p.code in orgs]
    rnd.shuffle(provinces)
    prov_w = _weights(len(provinces))
    formers: dict[int, list[FormerProvince]] = {}
    for f in FormerProvince.objects.order_by("code"):
        formers.setdefault(f.successor_id, []).append(f)
    countries = {c.iso2: c for c in Country.objects.filter(iso2__in=list(OUTLETS)).order_by("iso2")}
    codes = [c for c in OUTLETS if c in countries]
    rule = rule_for(DeadlineRule.Key.PRESS_ANSWER)
    rule_text = rule.describe()[:300]
    today = timezone.localdate()
    start = dt.date(today.year - 20, 1, 1)
    span = (today - start).days + 120
    made = {"press_visits": 0, "press_reporters": 0}
    done = 0
    while done < total:
        chunk = min(BATCH, total - done)
        rows: list[PressVisit] = []
        for _ in range(chunk):
            province = rnd.choices(provinces, weights=prov_w)[0]
            starts = start + dt.timedelta(days=int(span * rnd.random() ** 0.6))
            former = None
            if starts < MERGER and formers.get(province.pk):
                former = rnd.choice(formers[province.pk])
            named = former.name if former else province.name
            iso = rnd.choices(codes, weights=_weights(len(codes)))[0]
            outlet = rnd.choice(OUTLETS[iso])
            topic = f"{rnd.choice(TOPICS).capitalize()} ở {named}"
            received = min(starts - dt.timedelta(days=rnd.randint(5, 40)), today)
            past = starts < today
            roll = rnd.random()
            if past:
                status = (
                    V.Status.CANCELLED if roll < 0.03 else V.Status.DECLINED if roll < 0.06 else V.Status.DONE
                )
            else:
                status = V.Status.RECEIVED if roll < 0.5 else V.Status.AGREED
            licensed = status in (V.Status.DONE, V.Status.AGREED)
            rows.append(
                PressVisit(
                    owner_org=orgs[province.code],
                    outlet=outlet,
                    country=countries[iso],
                    topic=topic,
                    places=f"Trung tâm {named}",
                    province=province,
                    former_province=former,
                    province_as_named=named,
                    entry_on=starts - dt.timedelta(days=1),
                    starts_on=starts,
                    ends_on=starts + dt.timedelta(days=rnd.randint(0, 6)),
                    received_on=received,
                    answer_due_on=due_date(rule, received),
                    answer_rule=rule_text,
                    status=status,
                    answered_on=received + dt.timedelta(days=rnd.randint(1, 12))
                    if status != V.Status.RECEIVED
                    else None,
                    licence_number=f"{rnd.randint(1, 999)}/BNG-TTBC" if licensed else "",
                    licence_date=received + dt.timedelta(days=rnd.randint(3, 14)) if licensed else None,
                    licence_issuer=DEFAULT_ISSUER,
                    receiving_unit=f"Sở Ngoại vụ {named}",
                    visibility="shared" if rnd.random() < 0.85 else "private",
                    search_text=search_key(outlet, topic, named, province.name, countries[iso].name_vi),
                )
            )
        copy_insert(PressVisit, rows)
        reporters = []
        for visit in rows:
            for _ in range(rnd.randint(*REPORTERS_PER_VISIT)):
                reporters.append(
                    Reporter(
                        visit_id=visit.pk,
                        full_name=f"{rnd.choice(NAMES)} {chr(65 + rnd.randint(0, 25))}.",
                        role=rnd.choice(["reporter", "reporter", "cameraman", "producer"]),
                        nationality_id=visit.country_id,
                        passport_number=f"P{rnd.randint(1_000_000, 9_999_999)}",
                        birth_date=dt.date(
                            rnd.randint(1960, 2000), rnd.randint(1, 12), rnd.randint(1, 28)
                        ).isoformat(),
                    )
                )
        copy_insert(Reporter, reporters)
        made["press_visits"] += len(rows)
        made["press_reporters"] += len(reporters)
        done += chunk
        report("press", done, total)
    if connection.vendor == "postgresql":
        tables = [m._meta.db_table for m in (PressVisit, Reporter, V.provinces.through)]
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {', '.join(tables)}")
    return made


def press_synthesized(*, scale: str) -> bool:
    return PressVisit.objects.system(reason="synth check").count() >= SCALES[scale]
