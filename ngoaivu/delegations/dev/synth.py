"""Reproducible synthetic delegations and conferences for benchmarks (`ngoaivu synth`): outbound and inbound
delegations over 20 years with their members (personal data encrypted like real rows), skewed like real life (a
few big provinces and partner countries carry most of them). Bulk inserts: no audit rows, no notifications."""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import random
from collections.abc import Callable

from django.db import transaction
from django.utils import timezone

from ngoaivu.accounts.models import Organisation, User
from ngoaivu.core.bulk import build, copy_insert
from ngoaivu.core.text import search_key
from ngoaivu.delegations.models import Conference, Delegation, Member
from ngoaivu.directory.models import Country, Province

# delegations, members, conferences
SCALES = {
    "small": (1_500, 6_000, 100),
    "national": (150_000, 600_000, 10_000),
    "x10": (1_500_000, 6_000_000, 100_000),
}
BATCH = 2_000
BIG_COUNTRIES = ["JP", "KR", "CN", "US", "LA", "KH", "TH", "SG", "FR", "DE", "AU", "RU", "IN", "TW"]
PURPOSES = [
    "Xúc tiến đầu tư",
    "Xúc tiến thương mại và du lịch",
    "Làm việc với địa phương kết nghĩa",
    "Tham dự hội chợ quốc tế",
    "Khảo sát mô hình nông nghiệp công nghệ cao",
    "Trao đổi hợp tác giáo dục",
    "Tham dự diễn đàn hợp tác địa phương",
]
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô"]
GIVEN = ["Minh Đức", "Thu Hà", "Văn An", "Thị Lan", "Quốc Bảo", "Hải Nam", "Thanh Tùng", "Ngọc Anh"]
Say = Callable[[str, int, int], None]
D = Delegation.State


def _weights(n: int, skew: float = 1.1) -> list[float]:
    return [1 / (i + 1) ** skew for i in range(n)]


@transaction.atomic
def synthesize_delegations(*, scale: str, seed: int, say: Say | None = None) -> dict[str, int]:
    n_delegations, n_members, n_conferences = SCALES[scale]
    rnd = random.Random(seed + 11)  # noqa: S311 - reproducible synthetic data, not security
    report = say or (lambda label, done, total: None)
    orgs = {o.province_code: o for o in Organisation.objects.filter(kind=Organisation.Kind.PROVINCE)}
    provinces = [p for p in Province.objects.order_by("code") if p.code in orgs]
    rnd.shuffle(provinces)
    prov_w = _weights(len(provinces))
    countries = {c.iso2: c for c in Country.objects.exclude(iso2="VN")}
    big = [countries[c] for c in BIG_COUNTRIES if c in countries]
    rest = [c for c in countries.values() if c.iso2 not in BIG_COUNTRIES]
    # cumulative weights worked out once: `choices` accumulates `weights` on every call (same draws)
    prov_cw = list(itertools.accumulate(prov_w))
    big_cw = list(itertools.accumulate(_weights(len(big))))
    author = User.objects.filter(is_superuser=True).first()
    author_id = author.pk if author else None
    today = timezone.localdate()
    start = today - dt.timedelta(days=20 * 365)
    span = (today - start).days + 365
    made = {"delegations": 0, "members": 0, "conferences": 0}
    title_key = functools.lru_cache(maxsize=None)(search_key)  # titles repeat: each folded once (same values)
    per = n_members / n_delegations
    done = 0
    while done < n_delegations:
        chunk = min(BATCH, n_delegations - done)
        rows: list[Delegation] = []
        trips: list[tuple[Country, int]] = []
        for _ in range(chunk):
            province = rnd.choices(provinces, cum_weights=prov_cw)[0]
            country = rnd.choices(big, cum_weights=big_cw)[0] if rnd.random() < 0.8 else rnd.choice(rest)
            departs = start + dt.timedelta(days=int(span * rnd.random() ** 0.7))
            returns = departs + dt.timedelta(days=rnd.randint(2, 10))
            if returns < today - dt.timedelta(days=30):
                state = rnd.choices([D.CLOSED, D.REPORTED, D.RETURNED, D.CANCELLED], weights=[55, 30, 10, 5])[
                    0
                ]
            elif departs <= today:
                state = rnd.choice([D.RETURNED, D.ONGOING, D.REPORTED])
            else:
                state = rnd.choices([D.PLANNED, D.SUBMITTED, D.MISSION_NOTIFIED], weights=[40, 30, 30])[0]
            direction = Delegation.Direction.OUTBOUND if rnd.random() < 0.7 else Delegation.Direction.INBOUND
            purpose = rnd.choice(PURPOSES)
            title = f"Đoàn {province.name} — {purpose.lower()} tại {country.name_vi}"
            approved = state not in (D.PLANNED, D.SUBMITTED, D.CANCELLED)
            reported = state in (D.REPORTED, D.CLOSED)
            rows.append(
                build(
                    Delegation,
                    owner_org_id=orgs[province.code].pk,
                    created_by_id=author_id,
                    direction=direction,
                    title=title,
                    purpose=purpose,
                    province_id=province.pk,
                    head_name=f"{rnd.choice(FAMILY)} {rnd.choice(GIVEN)}",
                    departs_on=departs,
                    returns_on=returns,
                    state=state,
                    report_due_on=returns + dt.timedelta(days=10) if approved else None,
                    reported_on=returns + dt.timedelta(days=rnd.randint(3, 20)) if reported else None,
                    report_results="Đã làm việc với các đối tác theo chương trình." if reported else "",
                    visibility="shared" if rnd.random() < 0.8 else "private",
                    personal_data_purged_on=today if returns < today - dt.timedelta(days=730) else None,
                    search_text=(key := title_key(title, country.name_en)),
                    summary_search_text=key,
                )
            )
            trips.append((country, rnd.randint(1, max(1, round(2 * per) - 1))))
        copy_insert(Delegation, rows)
        links, members = [], []
        for delegation, (country, n) in zip(rows, trips, strict=True):
            links.append(
                build(Delegation.countries.through, delegation_id=delegation.pk, country_id=country.pk)
            )
            recent = delegation.personal_data_purged_on is None
            for i in range(n):
                members.append(
                    build(
                        Member,
                        delegation_id=delegation.pk,
                        full_name=f"{rnd.choice(FAMILY)} {rnd.choice(GIVEN)}",
                        position="Chuyên viên" if i else "Trưởng đoàn",
                        is_head=i == 0,
                        birth_date=f"19{rnd.randint(60, 99)}-0{rnd.randint(1, 9)}-1{rnd.randint(0, 9)}"
                        if recent
                        else "",
                        passport_type="official" if recent else "",
                        passport_number=f"C{rnd.randint(1_000_000, 9_999_999)}" if recent else "",
                        anonymised_on=None if recent else today,
                    )
                )
        copy_insert(Delegation.countries.through, links)
        copy_insert(Member, members)
        made["delegations"] += len(rows)
        made["members"] += len(members)
        done += chunk
        report("delegations", done, n_delegations)
    conferences = []
    for _ in range(n_conferences):
        province = rnd.choices(provinces, cum_weights=prov_cw)[0]
        opens = start + dt.timedelta(days=int(span * rnd.random() ** 0.7))
        level = "pm" if rnd.random() < 0.2 else "chair"
        title = f"Hội thảo quốc tế {rnd.choice(PURPOSES).lower()} — {province.name}"
        conferences.append(
            Conference(
                owner_org=orgs[province.code],
                created_by=author,
                title=title,
                organiser=f"UBND {province.name}",
                province=province,
                format=rnd.choice(["in_person", "online", "hybrid"]),
                starts_on=opens,
                ends_on=opens + dt.timedelta(days=1),
                top_rank="minister" if level == "pm" else "other",
                approval_level=level,
                dossier_due_on=opens - dt.timedelta(days=40 if level == "pm" else 30),
                report_due_on=opens + dt.timedelta(days=16),
                state="reported" if opens < today else "planned",
                reported_on=opens + dt.timedelta(days=10) if opens < today else None,
                search_text=search_key(title),
            )
        )
    copy_insert(Conference, conferences)
    made["conferences"] = len(conferences)
    report("conferences", n_conferences, n_conferences)
    return made


def delegations_synthesized(*, scale: str) -> bool:
    n_delegations, _members, _conferences = SCALES[scale]
    return (
        Delegation.objects.system(reason="synth check").filter(created_by__is_superuser=True).count()
        >= n_delegations
    )
