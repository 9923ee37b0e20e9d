"""Reproducible synthetic documents for benchmarks (`ngoaivu synth`): news and reports over 20 years in
Vietnamese, naming provinces (current, and former ones for older items), partner countries, amounts and
dates, skewed like real life. Bulk inserts: no versions, no entities, no audit rows; `ngoaivu search rebuild`
indexes them."""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import random
from collections.abc import Callable

from django.db import transaction
from django.utils import timezone

from ngoaivu.accounts.models import Organisation, User
from ngoaivu.core.bulk import build, copy_insert
from ngoaivu.core.text import search_key
from ngoaivu.directory.models import Country, FormerProvince
from ngoaivu.ingest.models import Document

SCALES = {"small": 2_000, "national": 600_000, "x10": 6_000_000}
BATCH = 5_000
BIG_COUNTRIES = ["JP", "KR", "CN", "US", "LA", "KH", "TH", "SG", "FR", "DE", "AU", "RU", "IN", "TW"]
MERGER_DAY = dt.date(2025, 7, 1)
LEADS = [
    "{place} đón đoàn doanh nghiệp {country}",
    "{place} và {country} thúc đẩy hợp tác {topic}",
    "Đoàn công tác {place} xúc tiến {topic} tại {country}",
    "Hội nghị xúc tiến đầu tư {place} với nhà đầu tư {country}",
    "Báo cáo kết quả hợp tác quốc tế của {place}",
]
TOPICS = ["đầu tư", "thương mại", "du lịch", "giáo dục", "lao động", "nông nghiệp công nghệ cao", "y tế"]
ORGS = ["JETRO", "KOTRA", "JICA", "KOICA", "Hiệp hội Doanh nghiệp", "Phòng Thương mại", "Tập đoàn"]
Say = Callable[[str, int, int], None]


def _weights(n: int, skew: float = 1.1) -> list[float]:
    return [1 / (i + 1) ** skew for i in range(n)]


@transaction.atomic
def synthesize_documents(*, scale: str, seed: int, say: Say | None = None) -> dict[str, int]:
    total = SCALES[scale]
    rnd = random.Random(seed + 23)  # noqa: S311 - reproducible synthetic data, not security
    report = say or (lambda label, done, total: None)
    orgs = list(Organisation.objects.filter(kind=Organisation.Kind.PROVINCE).order_by("code"))
    rnd.shuffle(orgs)
    org_w = _weights(len(orgs))
    formers: dict[str, list[str]] = {}
    for f in FormerProvince.objects.select_related("successor"):
        formers.setdefault(f.successor.code, []).append(f.name)
    current = {o.province_code: o.name_vi.split(" ", 3)[-1] for o in orgs}
    countries = {c.iso2: c.name_vi for c in Country.objects.exclude(iso2="VN")}
    big = [countries[c] for c in BIG_COUNTRIES if c in countries]
    rest = [n for iso, n in countries.items() if iso not in BIG_COUNTRIES]
    # cumulative weights worked out once: `choices` accumulates `weights` on every call (same draws)
    org_cw = list(itertools.accumulate(org_w))
    big_cw = list(itertools.accumulate(_weights(len(big))))
    author = User.objects.filter(is_superuser=True).first()
    author_id = author.pk if author else None
    today = timezone.localdate()
    start = today - dt.timedelta(days=20 * 365)
    span = (today - start).days
    done = 0
    while done < total:
        rows: list[Document] = []
        for _ in range(min(BATCH, total - done)):
            org = rnd.choices(orgs, cum_weights=org_cw)[0]
            on = start + dt.timedelta(days=int(span * rnd.random() ** 0.6))
            names = formers.get(org.province_code) or [current.get(org.province_code, "")]
            place = rnd.choice(names) if on < MERGER_DAY else current.get(org.province_code, names[0])
            country = rnd.choices(big, cum_weights=big_cw)[0] if rnd.random() < 0.8 else rnd.choice(rest)
            topic = rnd.choice(TOPICS)
            title = (
                rnd.choice(LEADS).format(place=place, country=country, topic=topic)
                + f" ({done + len(rows) + 1})"
            )
            amount = f"{rnd.randint(1, 900)},{rnd.randint(10, 99)} triệu USD"
            text = (
                f"{title}. Ngày {on:%d/%m/%Y}, lãnh đạo tỉnh {place} làm việc với {rnd.choice(ORGS)} "
                f"của {country} về hợp tác {topic}. Hai bên trao đổi về các dự án với tổng vốn dự kiến {amount}, "
                f"thống nhất lộ trình triển khai trong năm {on.year + 1}."
            )
            rows.append(
                build(
                    Document,
                    owner_org_id=org.pk,
                    created_by_id=author_id,
                    updated_by_id=author_id,
                    title=title,
                    kind=rnd.choices(["news", "report", "official"], weights=[70, 20, 10])[0],
                    source="synth",
                    published_on=on,
                    summary="",
                    text=text,
                    text_key=hashlib.sha256(f"synth-{seed}-{done + len(rows)}".encode()).hexdigest(),
                    search_text=search_key(title),
                    visibility="shared" if rnd.random() < 0.7 else "private",
                )
            )
        copy_insert(Document, rows)
        done += len(rows)
        report("documents", done, total)
    return {"documents": done}


def documents_synthesized(*, scale: str) -> bool:
    return Document.objects.system(reason="synth check").filter(source="synth").count() >= SCALES[scale]
