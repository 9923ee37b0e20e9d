"""Reproducible synthetic data for benchmarks (`ngoaivu synth`): partners and requests with their recipient
parts and histories, skewed like real life (a few big provinces and partner countries carry most of it).

Bulk inserts (COPY on PostgreSQL, `core.bulk`), not services: this is benchmark data, so it writes no audit
rows and sends no notifications. Agreements, delegations, conferences and documents join when those apps land
(issue 8)."""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import random
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from ngoaivu.accounts.models import Organisation, User
from ngoaivu.core.bulk import build, copy_insert, reserve_ids
from ngoaivu.core.calendar import WorkingCalendar
from ngoaivu.core.selectors import working_calendar
from ngoaivu.core.text import search_key, vi_sort_key
from ngoaivu.directory.models import Country, Partner
from ngoaivu.requests.models import Category, Event, Recipient, RequestNumber, ServiceRequest

SCALES = {"small": (2_000, 5_000), "national": (30_000, 200_000), "x10": (300_000, 2_000_000)}
BATCH = 5_000
BIG_COUNTRIES = ["JP", "KR", "CN", "US", "SG", "TH", "DE", "FR", "AU", "LA", "KH", "IN", "GB", "RU", "TW"]
TOPICS = [
    "xúc tiến đầu tư",
    "xuất khẩu nông sản",
    "du lịch",
    "đào tạo",
    "lao động",
    "văn hóa",
    "giáo dục",
    "hợp tác địa phương",
    "công nghệ cao",
    "logistics",
    "năng lượng tái tạo",
    "y tế",
    "bảo hộ công dân",
]
WORDS = [
    "doanh nghiệp",
    "hội nghị",
    "kết nối",
    "thị trường",
    "đối tác",
    "dự án",
    "chương trình",
    "đoàn công tác",
    "thông tin",
    "hỗ trợ",
    "giới thiệu",
    "tham vấn",
]


@dataclass
class Progress:
    report: Callable[[str, int, int], None]


def _weights(n: int, skew: float = 1.1) -> list[float]:
    return [1 / (i + 1) ** skew for i in range(n)]


@transaction.atomic
def synthesize(*, scale: str, seed: int, progress: Progress | None = None) -> dict[str, int]:
    n_partners, n_requests = SCALES[scale]
    rnd = random.Random(seed)  # noqa: S311 - reproducible synthetic data, not security
    say = progress.report if progress else (lambda label, done, total: None)
    provinces = list(Organisation.objects.filter(kind=Organisation.Kind.PROVINCE).order_by("code"))
    rnd.shuffle(provinces)
    prov_w = _weights(len(provinces))
    missions = list(Organisation.objects.filter(kind=Organisation.Kind.MISSION).order_by("code"))
    mofa = Organisation.objects.get(code="mofa")
    countries = {c.iso2: c for c in Country.objects.all()}
    big = [countries[c] for c in BIG_COUNTRIES if c in countries]
    rest = [c for c in countries.values() if c.iso2 not in BIG_COUNTRIES]
    # cumulative weights worked out once: `choices` accumulates `weights` on every call (same draws)
    prov_cw = list(itertools.accumulate(prov_w))
    big_cw = list(itertools.accumulate(_weights(len(big))))
    categories = list(Category.objects.order_by("pk"))
    author = User.objects.filter(is_superuser=True).first()
    author_id = author.pk if author else None
    cal: WorkingCalendar = working_calendar()
    # the same few hundred thousand deadlines and titles come back: each worked out once (same values)
    add_working_days = functools.lru_cache(maxsize=None)(cal.add_working_days)
    title_key = functools.lru_cache(maxsize=None)(search_key)

    def pick_country() -> Country:
        return rnd.choices(big, cum_weights=big_cw)[0] if rnd.random() < 0.8 else rnd.choice(rest)

    partners: list[Partner] = []
    for i in range(n_partners):
        c = pick_country()
        owner = rnd.choices(provinces, cum_weights=prov_cw)[0]
        name = f"{rnd.choice(['Công ty', 'Tập đoàn', 'Hiệp hội', 'Tỉnh', 'Quỹ'])} {rnd.choice(WORDS)} {c.name_en} {i}"
        partners.append(
            Partner(
                owner_org=owner,
                kind=rnd.choice(Partner.Kind.values),
                name=name,
                country=c,
                sector=rnd.choice(TOPICS),
                visibility="shared" if rnd.random() < 0.7 else "private",
                search_text=search_key(name, c.name_vi),
                sort_key=vi_sort_key(name),
            )
        )
        if len(partners) >= BATCH:
            copy_insert(Partner, partners)
            partners.clear()
            say("partners", i + 1, n_partners)
    copy_insert(Partner, partners)
    say("partners", n_partners, n_partners)

    today = timezone.localdate()
    start = today - dt.timedelta(days=20 * 365)
    span = (today - start).days
    counters: dict[int, int] = dict(RequestNumber.objects.values_list("year", "last"))
    made = {"requests": 0, "recipients": 0, "events": 0, "partners": n_partners}
    done = 0
    while done < n_requests:
        chunk = min(BATCH, n_requests - done)
        reqs, plans = [], []
        for _ in range(chunk):
            sent_on = start + dt.timedelta(
                days=int(span * rnd.random() ** 0.6)
            )  # more recent years are busier
            year = sent_on.year
            counters[year] = counters.get(year, 0) + 1
            owner = rnd.choices(provinces, cum_weights=prov_cw)[0]
            cat = rnd.choice(categories)
            title = f"{rnd.choice(TOPICS).capitalize()}: {rnd.choice(WORDS)} {rnd.choice(WORDS)}"
            moment = timezone.make_aware(dt.datetime.combine(sent_on, dt.time(9, 0)))
            reqs.append(
                build(
                    ServiceRequest,
                    owner_org_id=owner.pk,
                    created_by_id=author_id,
                    number=f"ĐH-{year}-{counters[year]:05d}",
                    title=title,
                    description=f"{title}. {rnd.choice(TOPICS)}",
                    category_id=cat.pk,
                    status=ServiceRequest.Status.SENT,
                    sent_at=moment,
                    sent_on=sent_on,
                    search_text=title_key(title, cat.name_vi),
                    shared=counters[year] % 3
                    == 0,  # a third shared with other provinces (no draw: same data)
                )
            )
            targets = [mofa] if rnd.random() < 0.6 else []
            targets += rnd.sample(missions, k=rnd.choice([0, 1, 1, 1, 2])) or (
                [] if targets else [rnd.choice(missions)]
            )
            plans.append((sent_on, cat, targets or [mofa]))
        # ids first, rows after: each request is written once, its first answer already known from its parts
        for req, pk in zip(reqs, reserve_ids(ServiceRequest, len(reqs)), strict=True):
            req.pk = pk
        parts, events = [], []
        for req, (sent_on, cat, targets) in zip(reqs, plans, strict=True):
            events.append(
                build(
                    Event,
                    request_id=req.pk,
                    actor_label="synth",
                    action="submit",
                    from_status="draft",
                    to_status="sent",
                )
            )
            for org in targets:
                ack_due = add_working_days(sent_on, cat.ack_days)
                answer_due = add_working_days(sent_on, cat.answer_days)
                old = (today - sent_on).days > 60
                answered = old or rnd.random() < 0.5
                delay = rnd.choice([2, 4, 6, 8, 10, 12, 15, 25])
                answered_on = add_working_days(sent_on, delay) if answered else None
                if answered_on and answered_on > today:
                    answered_on = None
                status = (
                    Recipient.Status.RATED
                    if answered_on and rnd.random() < 0.7
                    else Recipient.Status.ANSWERED
                    if answered_on
                    else Recipient.Status.ACKNOWLEDGED
                )
                parts.append(
                    build(
                        Recipient,
                        request_id=req.pk,
                        organisation_id=org.pk,
                        status=status,
                        received_on=sent_on,
                        ack_due=ack_due,
                        answer_due=answer_due,
                        sla_rule=f"{cat.code}:{cat.ack_days}/{cat.answer_days}",
                        request_sent_at=req.sent_at,
                        acknowledged_on=add_working_days(sent_on, rnd.choice([1, 1, 2, 3])),
                        answered_on=answered_on,
                        rating=rnd.choices([5, 4, 3, 2, 1], weights=[40, 30, 15, 10, 5])[0]
                        if status == Recipient.Status.RATED
                        else None,
                    )
                )
                events.append(
                    build(
                        Event,
                        request_id=req.pk,
                        actor_label="synth",
                        action="answer" if answered_on else "acknowledge",
                        text="",
                    )
                )
        first_answers: dict[int, dt.date] = {}
        for part in parts:
            if part.answered_on and part.answered_on < first_answers.get(part.request_id, dt.date.max):
                first_answers[part.request_id] = part.answered_on
        for req in reqs:
            req.first_answer_on = first_answers.get(req.pk)
        copy_insert(ServiceRequest, reqs)
        copy_insert(Recipient, parts)
        copy_insert(Event, events)
        made["requests"] += len(reqs)
        made["recipients"] += len(parts)
        made["events"] += len(events)
        done += chunk
        say("requests", done, n_requests)
    for year, last in counters.items():
        seq, _created = RequestNumber.objects.get_or_create(year=year)
        seq.last = max(seq.last, last)
        seq.save(update_fields=["last"])
    return made


def already_synthesized(*, scale: str) -> bool:
    _partners, n_requests = SCALES[scale]
    return (
        ServiceRequest.objects.system(reason="synth check").filter(created_by__is_superuser=True).count()
        >= n_requests
    )
