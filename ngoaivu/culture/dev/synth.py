"""Reproducible synthetic culture records for benchmarks (`ngoaivu synth`): UNESCO titles and dossiers over 20
years (most still being prepared, a share recognised with a decision year and a stage history, a few spanning
several provinces) and cultural events abroad and at home, skewed like real life. Before 01/07/2025 a record of
a merged province is filed under one of its former provinces, as named then. Bulk inserts: no audit rows, no
notifications."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable

from django.db import connection, transaction
from django.utils import timezone

from ngoaivu.accounts.models import Organisation
from ngoaivu.core.bulk import copy_insert
from ngoaivu.core.text import search_key
from ngoaivu.culture.models import CulturalEvent, HeritageTitle, Stage, StageChange, TitleKind, TitleProvince
from ngoaivu.directory.models import Accreditation, Country, FormerProvince, Province

SCALES = {"small": (60, 400), "national": (300, 2_000), "x10": (3_000, 20_000)}
"""(titles, cultural events) per scale."""
BATCH = 1_000
MERGER = dt.date(2025, 7, 1)
BIG_COUNTRIES = ["JP", "KR", "FR", "CN", "US", "DE", "RU", "LA", "KH", "TH", "IN", "AU", "GB", "IT"]
SUBJECTS = {
    "vietnam_days": "Những ngày Việt Nam",
    "festival": "Lễ hội văn hóa",
    "exhibition": "Triển lãm ảnh và hiện vật",
    "tour": "Chương trình biểu diễn nghệ thuật",
    "other": "Giao lưu văn hóa",
}
HERITAGE = [
    "Nghệ thuật",
    "Lễ hội",
    "Tri thức dân gian",
    "Khu di tích",
    "Quần thể danh thắng",
    "Mộc bản",
    "Hang động",
]
Say = Callable[[str, int, int], None]


def _weights(n: int, skew: float = 1.1) -> list[float]:
    return [1 / (i + 1) ** skew for i in range(n)]


def _place(
    rnd: random.Random, province: Province, day: dt.date, formers: dict[int, list[FormerProvince]]
) -> tuple:
    former = None
    if day < MERGER and formers.get(province.pk):
        former = rnd.choice(formers[province.pk])
    return former, (former.name if former else province.name)


@transaction.atomic
def synthesize_culture(*, scale: str, seed: int, say: Say | None = None) -> dict[str, int]:
    n_titles, n_events = SCALES[scale]
    rnd = random.Random(seed + 21)  # noqa: S311 - reproducible synthetic data, not security
    report = say or (lambda label, done, total: None)
    orgs = {o.province_code: o for o in Organisation.objects.filter(kind=Organisation.Kind.PROVINCE)}
    provinces = [p for p in Province.objects.order_by("code") if p.code in orgs]
    rnd.shuffle(provinces)
    prov_w = _weights(len(provinces))
    formers: dict[int, list[FormerProvince]] = {}
    for f in FormerProvince.objects.order_by("code"):
        formers.setdefault(f.successor_id, []).append(f)
    kinds = list(TitleKind.objects.order_by("sort_order"))
    stages = {s.code: s for s in Stage.objects.all()}
    today = timezone.localdate()
    start = dt.date(today.year - 20, 1, 1)
    span = (today - start).days
    made = {"heritage_titles": 0, "title_stage_changes": 0, "cultural_events": 0}
    # titles
    titles: list[HeritageTitle] = []
    plans: list[tuple[list[tuple[Stage, dt.date, int | None]], list[Province]]] = []
    for i in range(n_titles):
        province = rnd.choices(provinces, weights=prov_w)[0]
        opened = start + dt.timedelta(days=int(span * rnd.random()))
        former, named = _place(rnd, province, opened, formers)
        kind = rnd.choice(kinds)
        steps: list[tuple[Stage, dt.date, int | None]] = [(stages["inventory"], opened, None)]
        day = opened
        for code in ("preparation", "submitted_ministry", "submitted_unesco", "evaluation"):
            day = day + dt.timedelta(days=rnd.randint(60, 400))
            if day >= today or rnd.random() < 0.15:
                break
            steps.append((stages[code], day, None))
        if steps[-1][0].code == "evaluation":
            day = day + dt.timedelta(days=rnd.randint(90, 300))
            if day < today:
                outcome = rnd.choices(["inscribed", "referred", "deferred"], weights=[8, 1, 1])[0]
                steps.append((stages[outcome], day, day.year if outcome == "inscribed" else None))
        last, last_on, year = steps[-1]
        others = [p for p in rnd.sample(provinces, k=2) if p.pk != province.pk] if rnd.random() < 0.1 else []
        name = f"{rnd.choice(HERITAGE)} {named} {i + 1}"
        due = last_on + dt.timedelta(days=rnd.randint(20, 200)) if last.kind == Stage.Kind.STEP else None
        titles.append(
            HeritageTitle(
                owner_org=orgs[province.code],
                name_vi=name,
                kind=kind,
                province=province,
                former_province=former,
                province_as_named=named,
                stage=last,
                stage_on=last_on,
                decision_year=year,
                decision_on=last_on if year else None,
                next_step="Hoàn thiện hồ sơ" if due else "",
                next_step_due_on=due,
                visibility="shared" if rnd.random() < 0.8 else "private",
                search_text=search_key(name, kind.name_vi, province.name, named),
            )
        )
        plans.append((steps, others))
    copy_insert(HeritageTitle, titles)
    changes, involved = [], []
    for title, (steps, others) in zip(titles, plans, strict=True):
        for stage, on, year in steps:
            changes.append(
                StageChange(
                    title_id=title.pk,
                    stage=stage,
                    on=on,
                    decision_year=year,
                    decision_on=on if year else None,
                )
            )
        for p in others:
            involved.append(TitleProvince(title_id=title.pk, province=p, province_as_named=p.name))
    copy_insert(StageChange, changes)
    copy_insert(TitleProvince, involved)
    made["heritage_titles"] = len(titles)
    made["title_stage_changes"] = len(changes)
    report("UNESCO titles", len(titles), n_titles)
    # cultural events
    countries = {c.iso2: c for c in Country.objects.exclude(iso2="VN").order_by("iso2")}
    big = [countries[c] for c in BIG_COUNTRIES if c in countries]
    missions_of: dict[int, int] = {}
    for country_id, mission_id in Accreditation.objects.order_by("pk").values_list(
        "country_id", "mission_id"
    ):
        missions_of.setdefault(country_id, mission_id)
    kinds_e = list(SUBJECTS)
    done = 0
    while done < n_events:
        chunk = min(BATCH, n_events - done)
        rows: list[CulturalEvent] = []
        for _ in range(chunk):
            province = rnd.choices(provinces, weights=prov_w)[0]
            opens = start + dt.timedelta(days=int((span + 180) * rnd.random() ** 0.7))
            former, named = _place(rnd, province, opens, formers)
            abroad = rnd.random() < 0.7
            country = rnd.choices(big, weights=_weights(len(big)))[0] if abroad and big else None
            event_kind = rnd.choice(kinds_e)
            where = country.name_vi if country else named
            label = f"{SUBJECTS[event_kind]} {named} tại {where}"
            past = opens < today
            status = ("cancelled" if rnd.random() < 0.04 else "held") if past else "planned"
            rows.append(
                CulturalEvent(
                    owner_org=orgs[province.code],
                    title_vi=label,
                    kind=event_kind,
                    abroad=abroad,
                    country=country,
                    city="",
                    mission_id=missions_of.get(country.pk) if country and rnd.random() < 0.7 else None,
                    province=province,
                    former_province=former,
                    province_as_named=named,
                    organisers=f"UBND {named}",
                    starts_on=opens,
                    ends_on=opens + dt.timedelta(days=rnd.choice([0, 1, 2, 4, 6])),
                    status=status,
                    visitors_count=rnd.randint(200, 50_000) if status == "held" else None,
                    visibility="shared" if rnd.random() < 0.85 else "private",
                    search_text=search_key(label, named, province.name, country.name_en if country else ""),
                )
            )
        copy_insert(CulturalEvent, rows)
        made["cultural_events"] += len(rows)
        done += chunk
        report("cultural events", done, n_events)
    if connection.vendor == "postgresql":
        tables = [m._meta.db_table for m in (HeritageTitle, StageChange, TitleProvince, CulturalEvent)]
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {', '.join(tables)}")
    return made


def culture_synthesized(*, scale: str) -> bool:
    return CulturalEvent.objects.system(reason="synth check").count() >= SCALES[scale][1]
