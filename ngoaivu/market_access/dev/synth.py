"""Reproducible synthetic market-access dossiers for benchmarks (`ngoaivu synth`): 500 dossiers at national scale
(50 small), products of every province for the big markets, each with its steps up to its current stage. Bulk
inserts: no audit rows, no search entries (the index is rebuilt by `ngoaivu reindex`)."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable

from django.db import transaction
from django.utils import timezone

from ngoaivu.accounts.models import Organisation, User
from ngoaivu.core.bulk import copy_insert
from ngoaivu.core.text import search_key
from ngoaivu.directory.models import Country, FormerProvince, Mission, Province
from ngoaivu.market_access.models import Dossier, DossierStep, Stage

SCALES = {"small": 50, "national": 500, "x10": 5_000}
MARKETS = ["JP", "KR", "CN", "US", "AU", "NZ", "GB", "FR", "DE", "SG", "TH", "IN", "CA", "CL", "AE"]
PRODUCTS = [
    ("Vải thiều", "lychee", "081090"),
    ("Nhãn", "longan", "081090"),
    ("Thanh long", "dragon fruit", "081090"),
    ("Xoài", "mango", "080450"),
    ("Chôm chôm", "rambutan", "081090"),
    ("Vú sữa", "star apple", "081090"),
    ("Bưởi", "pomelo", "080540"),
    ("Sầu riêng", "durian", "081060"),
    ("Chanh leo", "passion fruit", "081090"),
    ("Dừa tươi", "fresh coconut", "080119"),
    ("Khoai lang", "sweet potato", "071420"),
    ("Tôm hùm", "lobster", "030632"),
    ("Cá tra", "pangasius", "030462"),
    ("Mật ong", "honey", "040900"),
    ("Chè", "tea", "090210"),
    ("Cà phê", "coffee", "090111"),
    ("Hồ tiêu", "pepper", "090411"),
    ("Thịt gà chế biến", "processed chicken", "160232"),
]
Say = Callable[[str, int, int], None]


@transaction.atomic
def synthesize_market_access(*, scale: str, seed: int, say: Say | None = None) -> dict[str, int]:
    total = SCALES[scale]
    rnd = random.Random(seed + 29)  # noqa: S311 - reproducible synthetic data, not security
    report = say or (lambda label, done, total: None)
    orgs = {o.province_code: o for o in Organisation.objects.filter(kind=Organisation.Kind.PROVINCE)}
    provinces = [p for p in Province.objects.order_by("code") if p.code in orgs]
    formers: dict[int, list[FormerProvince]] = {}
    for unit in FormerProvince.objects.all():
        formers.setdefault(unit.successor_id, []).append(unit)
    countries = {c.iso2: c for c in Country.objects.filter(iso2__in=MARKETS)}
    markets = [countries[c] for c in MARKETS if c in countries]
    market_w = [1 / (i + 1) ** 0.9 for i in range(len(markets))]
    missions: dict[int, Mission] = {}
    for mission in Mission.objects.filter(country__in=markets, kind="embassy").order_by("pk"):
        missions.setdefault(mission.country_id, mission)
    stages = list(Stage.objects.order_by("sort_order"))
    author = User.objects.filter(is_superuser=True).first()
    today = timezone.localdate()
    dossiers: list[Dossier] = []
    plans: list[tuple[Province, list[tuple[Stage, dt.date, dt.date | None]]]] = []
    for _i in range(total):
        province = rnd.choice(provinces)
        market = rnd.choices(markets, market_w)[0]
        product, product_en, hs = rnd.choice(PRODUCTS)
        opened = today - dt.timedelta(days=rnd.randint(60, 12 * 365))
        current = rnd.choices(range(len(stages)), [5, 5, 4, 4, 3, 2, 2, 1][: len(stages)])[0]
        day, steps = opened, []
        for index in range(current + 1):
            ends = day + dt.timedelta(days=rnd.randint(60, 400))
            done = ends if index < current and ends <= today else None
            steps.append((stages[index], day, done))
            if done is None:
                break
            day = done
        status = (
            Dossier.Status.MARKET_OPEN
            if steps[-1][0].code in ("approval", "first_shipment", "renewal")
            else rnd.choices(
                [Dossier.Status.OPEN, Dossier.Status.SUSPENDED, Dossier.Status.CLOSED], [85, 10, 5]
            )[0]
        )
        before_merger = opened < dt.date(2025, 7, 1)
        former = rnd.choice(formers.get(province.pk, [None])) if before_merger else None  # type: ignore[list-item]
        due = today + dt.timedelta(days=rnd.randint(-60, 180)) if status == Dossier.Status.OPEN else None
        dossier = Dossier(
            owner_org=orgs[province.code],
            created_by=author,
            updated_by=author,
            product_vi=f"{product} {province.name}",
            product_en=f"{product_en} ({province.name_en or province.name})",
            hs_code=hs,
            market=market,
            mission=missions.get(market.pk),
            former_province=former,
            province_as_named=former.name if former else province.name,
            vn_authority="Cục Bảo vệ thực vật" if hs.startswith("08") else "Cục Thú y",
            foreign_authority=f"Cơ quan kiểm dịch {market.name_vi}",
            stage=steps[-1][0],
            status=status,
            opened_on=opened,
            next_step="Trả lời bộ câu hỏi kỹ thuật bổ sung" if due else "",
            next_step_due=due,
            visibility=rnd.choices([Dossier.Visibility.SHARED, Dossier.Visibility.PRIVATE], [4, 1])[0],
        )
        dossier.search_text = search_key(
            dossier.product_vi,
            dossier.product_en,
            hs,
            market.name_vi,
            market.name_en,
            dossier.province_as_named,
        )
        dossiers.append(dossier)
        plans.append((province, steps))
    copy_insert(Dossier, dossiers)
    through = Dossier.provinces.through
    through.objects.bulk_create(
        [through(dossier_id=d.pk, province_id=p.pk) for d, (p, _s) in zip(dossiers, plans, strict=True)],
        batch_size=2000,
    )
    rows = [
        DossierStep(dossier=d, stage=stage, started_on=start, completed_on=done, created_by=author)
        for d, (_p, steps) in zip(dossiers, plans, strict=True)
        for stage, start, done in steps
    ]
    copy_insert(DossierStep, rows)
    report("dossiers", total, total)
    return {"dossiers": total, "dossier_steps": len(rows)}


def market_access_synthesized(*, scale: str) -> bool:
    return (
        Dossier.objects.system(reason="synth check").filter(created_by__is_superuser=True).count()
        >= SCALES[scale]
    )
