"""Reproducible synthetic promotion events for benchmarks (`ngoaivu synth`): events over 20 years with their
countries, missions, participants and follow-up tasks, skewed like real life (a few big provinces and partner
countries carry most of them); before 01/07/2025 an event of a merged province is filed under one of its former
provinces, as named then. Bulk inserts: no audit rows, no notifications."""

from __future__ import annotations

import datetime as dt
import decimal
import random
from collections.abc import Callable

from django.db import connection, transaction
from django.utils import timezone

from ngoaivu.accounts.models import Organisation
from ngoaivu.core.bulk import copy_insert
from ngoaivu.core.text import search_key
from ngoaivu.directory.models import Accreditation, Country, FormerProvince, Province
from ngoaivu.events.models import EventParticipation, FollowUpTask, PromotionEvent

SCALES = {"small": 500, "national": 5_000, "x10": 50_000}
BATCH = 1_000
MERGER = dt.date(2025, 7, 1)
BIG_COUNTRIES = ["JP", "KR", "CN", "US", "SG", "TW", "TH", "DE", "FR", "AU", "IN", "AE", "GB", "NL"]
SUBJECTS = {
    "trade": "Hội nghị xúc tiến thương mại",
    "investment": "Hội nghị xúc tiến đầu tư",
    "tourism": "Chương trình xúc tiến du lịch",
    "connection": "Hội nghị kết nối doanh nghiệp",
    "workshop": "Hội thảo xúc tiến xuất khẩu",
    "fair": "Hội chợ, triển lãm quốc tế",
}
PRODUCTS = [
    "nông sản",
    "thủy sản",
    "chè",
    "cà phê",
    "hồ tiêu",
    "trái cây",
    "dệt may",
    "đồ gỗ",
    "công nghệ cao",
]
TASKS = [
    "Gửi danh sách doanh nghiệp quan tâm",
    "Tổ chức đoàn khảo sát",
    "Báo cáo kết quả",
    "Ký kế hoạch hợp tác",
]
Say = Callable[[str, int, int], None]
E = PromotionEvent


def _weights(n: int, skew: float = 1.1) -> list[float]:
    return [1 / (i + 1) ** skew for i in range(n)]


@transaction.atomic
def synthesize_events(*, scale: str, seed: int, say: Say | None = None) -> dict[str, int]:
    total = SCALES[scale]
    rnd = random.Random(seed + 20)  # noqa: S311 - reproducible synthetic data, not security
    report = say or (lambda label, done, total: None)
    orgs = {o.province_code: o for o in Organisation.objects.filter(kind=Organisation.Kind.PROVINCE)}
    provinces = [p for p in Province.objects.order_by("code") if p.code in orgs]
    rnd.shuffle(provinces)
    prov_w = _weights(len(provinces))
    formers: dict[int, list[FormerProvince]] = {}
    for f in FormerProvince.objects.order_by("code"):
        formers.setdefault(f.successor_id, []).append(f)
    countries = {c.iso2: c for c in Country.objects.exclude(iso2="VN").order_by("iso2")}
    big = [countries[c] for c in BIG_COUNTRIES if c in countries]
    rest = [c for c in countries.values() if c.iso2 not in BIG_COUNTRIES]
    missions_of: dict[int, list[int]] = {}
    for country_id, mission_id in Accreditation.objects.order_by("pk").values_list(
        "country_id", "mission_id"
    ):
        missions_of.setdefault(country_id, []).append(mission_id)
    today = timezone.localdate()
    start = dt.date(today.year - 20, 1, 1)
    span = (today - start).days + 180
    kinds = list(SUBJECTS)
    made = {"promotion_events": 0, "event_tasks": 0, "event_participations": 0}
    done = 0
    while done < total:
        chunk = min(BATCH, total - done)
        rows: list[PromotionEvent] = []
        links: list[tuple[list[Country], int]] = []
        for _ in range(chunk):
            province = rnd.choices(provinces, weights=prov_w)[0]
            opens = start + dt.timedelta(days=int(span * rnd.random() ** 0.6))
            former = None
            if opens < MERGER and formers.get(province.pk):
                former = rnd.choice(formers[province.pk])
            named = former.name if former else province.name
            picked = [
                rnd.choices(big, weights=_weights(len(big)))[0] if rnd.random() < 0.8 else rnd.choice(rest)
            ]
            if rnd.random() < 0.3:
                picked.append(rnd.choice(big))
            picked = list(dict.fromkeys(picked))
            kind = rnd.choice(kinds)
            title = f"{SUBJECTS[kind]} {named} – {picked[0].name_vi} ({rnd.choice(PRODUCTS)})"
            past = opens < today
            status = (
                (E.Status.CANCELLED if rnd.random() < 0.04 else E.Status.HELD) if past else E.Status.PLANNED
            )
            held = status == E.Status.HELD
            pledged = (
                decimal.Decimal(rnd.randint(1, 500) * 100_000) if held and kind == "investment" else None
            )
            rows.append(
                PromotionEvent(
                    owner_org=orgs[province.code],
                    title_vi=title,
                    kind=kind,
                    organisers=f"UBND {named}",
                    province=province,
                    former_province=former,
                    province_as_named=named,
                    starts_on=opens,
                    ends_on=opens + dt.timedelta(days=rnd.choice([0, 0, 1, 2])),
                    format=rnd.choice(["in_person", "in_person", "online", "hybrid"]),
                    place=f"Trung tâm Hội nghị {named}",
                    status=status,
                    leads_count=rnd.randint(0, 60) if held else None,
                    pledged_amount=pledged,
                    pledged_currency="USD" if pledged is not None else "",
                    outcome_summary="Kết nối doanh nghiệp hai bên; thống nhất các bước tiếp theo."
                    if held
                    else "",
                    visibility="shared" if rnd.random() < 0.85 else "private",
                    search_text=search_key(title, named, province.name, *(c.name_en for c in picked)),
                )
            )
            links.append((picked, rnd.randint(0, 3) if held else 0))
        copy_insert(PromotionEvent, rows)
        country_links, mission_links, parts, tasks = [], [], [], []
        for event, (picked, n_tasks) in zip(rows, links, strict=True):
            for c in picked:
                country_links.append(E.countries.through(promotionevent_id=event.pk, country_id=c.pk))
            missions = missions_of.get(picked[0].pk, [])
            if missions and rnd.random() < 0.5:
                mission_links.append(E.missions.through(promotionevent_id=event.pk, mission_id=missions[0]))
            if event.status == E.Status.HELD:
                for kind in rnd.sample(EventParticipation.Kind.values, k=rnd.randint(1, 4)):
                    parts.append(EventParticipation(event_id=event.pk, kind=kind, count=rnd.randint(5, 200)))
            for i in range(n_tasks):
                due = event.ends_on + dt.timedelta(days=rnd.randint(10, 120))
                tasks.append(
                    FollowUpTask(
                        event_id=event.pk,
                        title=TASKS[i % len(TASKS)],
                        owner_person="Sở Công Thương",
                        due_on=due,
                        done_on=due - dt.timedelta(days=rnd.randint(0, 9))
                        if due < today and rnd.random() < 0.85
                        else None,
                    )
                )
        copy_insert(E.countries.through, country_links)
        copy_insert(E.missions.through, mission_links)
        copy_insert(EventParticipation, parts)
        copy_insert(FollowUpTask, tasks)
        made["promotion_events"] += len(rows)
        made["event_tasks"] += len(tasks)
        made["event_participations"] += len(parts)
        done += chunk
        report("promotion events", done, total)
    if connection.vendor == "postgresql":
        # fresh planner statistics: right after the bulk rows the ministry's list was planned from the empty
        # table's (a sequential scan and sort of every event, 62 ms) instead of the starts_on index (0.2 ms)
        tables = [
            m._meta.db_table
            for m in (
                PromotionEvent,
                FollowUpTask,
                EventParticipation,
                E.countries.through,
                E.missions.through,
            )
        ]
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {', '.join(tables)}")
    return made


def events_synthesized(*, scale: str) -> bool:
    return PromotionEvent.objects.system(reason="synth check").count() >= SCALES[scale]
