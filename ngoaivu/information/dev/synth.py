"""Reproducible synthetic briefs for benchmarks (`ngoaivu synth`): 20,000 at national scale (2,000 small), from the
missions and the ministry, addressed to all provinces, a region or a few named provinces, with their countries
and HS chapters, and the provinces' reads and ratings. Bulk inserts: no audit rows, no search entries (the index
is rebuilt by `ngoaivu reindex`)."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable

from django.db import transaction
from django.utils import timezone

from ngoaivu.accounts.models import Organisation, User
from ngoaivu.core.bulk import copy_insert
from ngoaivu.core.text import search_key
from ngoaivu.directory.models import Accreditation, Country, Province
from ngoaivu.information.models import Brief, BriefKind, BriefRating, BriefRead, HsChapter, Region
from ngoaivu.information.reference import load_information_reference

SCALES = {"small": 2_000, "national": 20_000, "x10": 200_000}
PRODUCTS = ["03", "08", "09", "16", "07", "10", "44", "61", "62", "64", "85", "94", "40", "20", "15"]
TOPICS = [
    "Cập nhật thị trường",
    "Thay đổi quy định nhập khẩu",
    "Cơ hội hợp tác",
    "Cảnh báo rào cản kỹ thuật",
    "Tận dụng ưu đãi thuế quan",
]
Say = Callable[[str, int, int], None]


@transaction.atomic
def synthesize_information(*, scale: str, seed: int, say: Say | None = None) -> dict[str, int]:
    total = SCALES[scale]
    rnd = random.Random(seed + 41)  # noqa: S311 - reproducible synthetic data, not security
    report = say or (lambda label, done, total: None)
    load_information_reference()
    kinds = list(BriefKind.objects.all())
    chapters = {c.code: c for c in HsChapter.objects.filter(code__in=PRODUCTS)}
    regions = list(Region.objects.prefetch_related("provinces"))
    provinces = list(Province.objects.order_by("code"))
    authors = list(Organisation.objects.filter(kind__in=["mission", "mofa"], is_active=True).order_by("pk"))
    hosts: dict[int, list[int]] = {}
    for org_id, country_id in Accreditation.objects.values_list("mission__organisation_id", "country_id"):
        hosts.setdefault(org_id, []).append(country_id)
    countries = list(Country.objects.exclude(iso2="VN").values_list("pk", flat=True))
    readers: dict[str, int] = {}
    for user_id, code in User.objects.filter(organisation__kind="province", is_active=True).values_list(
        "pk", "organisation__province_code"
    ):
        readers.setdefault(code, user_id)
    province_orgs = dict(Organisation.objects.filter(kind="province").values_list("province_code", "pk"))
    author = User.objects.filter(is_superuser=True).first()
    if not authors or not kinds or not provinces:
        return {"briefs": 0}
    now = timezone.now()
    briefs: list[Brief] = []
    plans: list[tuple[list[int], list[str], list[Province]]] = []
    for i in range(total):
        org = rnd.choice(authors)
        kind = rnd.choice(kinds)
        own = hosts.get(org.pk) or [rnd.choice(countries)]
        picked = rnd.sample(own, min(len(own), rnd.randint(1, 2)))
        products = rnd.sample(PRODUCTS, rnd.randint(0, 3))
        audience = rnd.choices(["all", "region", "provinces"], [5, 2, 3])[0]
        region = rnd.choice(regions) if audience == "region" else None
        named = rnd.sample(provinces, rnd.randint(1, 4)) if audience == "provinces" else []
        published = now - dt.timedelta(days=rnd.randint(0, 3 * 365), minutes=rnd.randint(0, 1440))
        status = rnd.choices(["published", "withdrawn", "draft"], [90, 4, 6])[0]
        title = f"{rnd.choice(TOPICS)} — {kind.name_vi.lower()} #{i + 1}"
        brief = Brief(
            owner_org=org,
            created_by=author,
            updated_by=author,
            title=title,
            summary=f"{title}: tóm tắt tổng hợp cho các địa phương.",
            body="",
            kind=kind,
            audience=audience,
            region=region,
            valid_until=(published + dt.timedelta(days=rnd.randint(30, 720))).date()
            if rnd.random() < 0.6
            else None,
            status=status,
            published_at=None if status == "draft" else published,
            withdrawn_at=published + dt.timedelta(days=rnd.randint(1, 60)) if status == "withdrawn" else None,
        )
        brief.search_text = search_key(title, kind.name_vi, *(p.name for p in named))
        briefs.append(brief)
        plans.append((picked, products, named))
    copy_insert(Brief, briefs)
    report("briefs", total, total)
    links = {
        "countries": Brief.countries.through,
        "products": Brief.products.through,
        "provinces": Brief.provinces.through,
    }
    rows: dict[str, list[object]] = {k: [] for k in links}
    for b, (picked, products, named) in zip(briefs, plans, strict=True):
        rows["countries"] += [links["countries"](brief_id=b.pk, country_id=c) for c in picked]
        rows["products"] += [
            links["products"](brief_id=b.pk, hschapter_id=chapters[p].pk) for p in products if p in chapters
        ]
        rows["provinces"] += [links["provinces"](brief_id=b.pk, province_id=p.pk) for p in named]
    for key, through in links.items():
        copy_insert(through, rows[key])  # type: ignore[type-var]
    region_codes = {r.pk: {p.code for p in r.provinces.all()} for r in regions}
    all_codes = [p.code for p in provinces]
    reads: list[BriefRead] = []
    ratings: list[BriefRating] = []
    for b, (_picked, _products, named) in zip(briefs, plans, strict=True):
        if b.status == "draft" or b.published_at is None:
            continue
        if b.audience == "all":
            codes = all_codes
        elif b.audience == "region" and b.region_id is not None:
            codes = sorted(region_codes[b.region_id])
        else:
            codes = [p.code for p in named]
        for code in rnd.sample(codes, min(len(codes), rnd.randint(0, 6))):
            if code not in readers or code not in province_orgs:
                continue
            first = b.published_at + dt.timedelta(hours=rnd.randint(1, 240))
            reads.append(
                BriefRead(brief=b, user_id=readers[code], organisation_id=province_orgs[code], first_at=first)
            )
            if rnd.random() < 0.3:
                ratings.append(
                    BriefRating(
                        brief=b,
                        organisation_id=province_orgs[code],
                        useful=rnd.random() < 0.7,
                        rated_by_id=readers[code],
                        rated_at=first + dt.timedelta(hours=1),
                    )
                )
    copy_insert(BriefRead, reads)
    copy_insert(BriefRating, ratings)
    report("brief reads", len(reads), len(reads))
    return {"briefs": total, "brief_reads": len(reads), "brief_ratings": len(ratings)}


def information_synthesized(*, scale: str) -> bool:
    return (
        Brief.objects.system(reason="synth check").filter(created_by__is_superuser=True).count()
        >= SCALES[scale]
    )
