"""Reproducible synthetic border cooperation for benchmarks (`ngoaivu synth`): mechanisms of the border (and a
few decentralised ones) with their member provinces as named then, meetings over 20 years (about ten a
mechanism) and about three commitments a meeting held. Bulk inserts: no audit rows, no notifications."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable

from django.db import connection, transaction
from django.utils import timezone

from ngoaivu.accounts.models import Organisation
from ngoaivu.border.models import BorderMechanism, BorderMeeting, Commitment
from ngoaivu.core.bulk import copy_insert
from ngoaivu.core.text import search_key
from ngoaivu.directory.models import Country, FormerProvince, Province

SCALES = {"small": 30, "national": 300, "x10": 3_000}
MEETINGS_PER_MECHANISM = 10
MERGER = dt.date(2025, 7, 1)
# current codes of the border provinces and the neighbours they face
BORDER = {
    "CN": ["22", "20", "04", "08", "15", "12", "11"],
    "LA": ["11", "14", "38", "40", "42", "44", "46", "48", "51"],
    "KH": ["52", "66", "68", "75", "80", "82", "91"],
}
DECENTRALISED = ["FR", "US", "JP", "DE", "BE", "IT"]
FOREIGN = {
    "CN": [
        "Tỉnh Vân Nam",
        "Khu tự trị Quảng Tây",
        "Châu Hồng Hà",
        "Thành phố Phòng Thành Cảng",
        "Thành phố Sùng Tả",
    ],
    "LA": ["Tỉnh Savannakhet", "Tỉnh Luang Prabang", "Tỉnh Xiêng Khoảng", "Tỉnh Bolikhamxay", "Tỉnh Sê Kông"],
    "KH": ["Tỉnh Svay Rieng", "Tỉnh Kampot", "Tỉnh Takeo", "Tỉnh Ratanakiri", "Tỉnh Prey Veng"],
    "TH": ["Tỉnh Mukdahan", "Tỉnh Nakhon Phanom"],
    "FR": ["Vùng Normandie", "Vùng Auvergne-Rhône-Alpes"],
    "US": ["Bang Oregon"],
    "JP": ["Tỉnh Kanagawa"],
    "DE": ["Bang Sachsen"],
    "BE": ["Vùng Wallonie"],
    "IT": ["Vùng Lombardia"],
}
COMMITMENTS = [
    "Trao đổi thông tin quản lý biên giới",
    "Nâng cấp cặp cửa khẩu",
    "Mở cặp chợ biên giới",
    "Xây dựng chương trình du lịch qua biên giới",
    "Phối hợp phòng, chống dịch bệnh",
    "Trao đổi đoàn văn hóa, thể thao",
    "Hỗ trợ đào tạo cán bộ",
]
Say = Callable[[str, int, int], None]
M = BorderMechanism


def border_synthesized(*, scale: str) -> bool:
    return M.objects.system(reason="synth check").count() >= SCALES[scale]


@transaction.atomic
def synthesize_border(*, scale: str, seed: int, say: Say) -> dict[str, int]:
    total = SCALES[scale]
    rnd = random.Random(seed + 210)  # noqa: S311 - reproducible synthetic data, not security
    orgs = {o.province_code: o for o in Organisation.objects.filter(kind=Organisation.Kind.PROVINCE)}
    boundary = Organisation.objects.filter(code="mofa-bien-gioi").first()
    provinces = {p.code: p for p in Province.objects.all()}
    formers: dict[int, list[FormerProvince]] = {}
    for f in FormerProvince.objects.order_by("code"):
        formers.setdefault(f.successor_id, []).append(f)
    countries = {c.iso2: c for c in Country.objects.filter(iso2__in=list(FOREIGN))}
    today = timezone.localdate()
    rows: list[BorderMechanism] = []
    plans: list[tuple[list[Province], list[FormerProvince], list[Country]]] = []
    for i in range(total):
        roll = rnd.random()
        if roll < 0.1:
            iso = rnd.choice([c for c in DECENTRALISED if c in countries])
            kind, picked = M.Kind.DECENTRALISED, rnd.sample(sorted(orgs), k=rnd.randint(1, 4))
            others = [countries[iso]]
        else:
            iso = rnd.choice(["CN", "LA", "KH"])
            codes = [c for c in BORDER[iso] if c in orgs and c in provinces]
            multi = roll > 0.85
            kind = M.Kind.MULTILATERAL if multi else M.Kind.BILATERAL
            picked = rnd.sample(codes, k=min(len(codes), rnd.randint(2, 5))) if multi else [rnd.choice(codes)]
            others = [countries[iso]]
            if multi and iso == "LA" and "TH" in countries and rnd.random() < 0.5:
                others.append(countries["TH"])  # the East–West corridor
        founded = dt.date(today.year - 20, 1, 1) + dt.timedelta(days=rnd.randint(0, 3650))
        members = [provinces[c] for c in picked]
        former = [rnd.choice(formers[p.pk]) for p in members if formers.get(p.pk) and founded < MERGER]
        named = ", ".join([f.name for f in former] or [p.name for p in members])
        foreign = rnd.choice(FOREIGN[others[0].iso2])
        name = f"Cơ chế hợp tác {named} – {foreign} ({i + 1})"
        owner = (
            boundary if kind == M.Kind.MULTILATERAL and boundary and rnd.random() < 0.3 else orgs[picked[0]]
        )
        rows.append(
            M(
                owner_org=owner,
                name_vi=name,
                kind=kind,
                level=rnd.choice(M.Level.values),
                members_as_named=named[:1000],
                founded_on=founded,
                cycle=rnd.choice([M.Cycle.YEARLY, M.Cycle.YEARLY, M.Cycle.TWICE_YEARLY, M.Cycle.TWO_YEARS]),
                status=M.Status.ACTIVE if rnd.random() < 0.85 else M.Status.DORMANT,
                search_text=search_key(name, named, foreign, *(c.name_vi for c in others)),
            )
        )
        plans.append((members, former, others))
    copy_insert(M, rows)
    prov_links, former_links, country_links = [], [], []
    for m, (members, former, others) in zip(rows, plans, strict=True):
        prov_links += [M.provinces.through(bordermechanism_id=m.pk, province_id=p.pk) for p in members]
        former_links += [
            M.former_provinces.through(bordermechanism_id=m.pk, formerprovince_id=f.pk) for f in former
        ]
        country_links += [M.countries.through(bordermechanism_id=m.pk, country_id=c.pk) for c in others]
    copy_insert(M.provinces.through, prov_links)
    copy_insert(M.former_provinces.through, former_links)
    copy_insert(M.countries.through, country_links)
    say("border mechanisms", total, total)
    meetings: list[BorderMeeting] = []
    for m in rows:
        assert m.founded_on is not None
        span = max((today - m.founded_on).days, 30)
        for n in range(MEETINGS_PER_MECHANISM):
            start = m.founded_on + dt.timedelta(days=int(span * (n + rnd.random()) / MEETINGS_PER_MECHANISM))
            if n == MEETINGS_PER_MECHANISM - 1 and rnd.random() < 0.3:
                start = today + dt.timedelta(days=rnd.randint(5, 200))
            past = start <= today
            status = (
                (BorderMeeting.Status.CANCELLED if rnd.random() < 0.03 else rnd.choice(["held", "minutes"]))
                if past
                else BorderMeeting.Status.PLANNED
            )
            title = f"Hội nghị lần thứ {n + 1} – {m.name_vi}"
            meetings.append(
                BorderMeeting(
                    owner_org_id=m.owner_org_id,
                    mechanism_id=m.pk,
                    title=title[:500],
                    kind=rnd.choice(BorderMeeting.Kind.values),
                    starts_on=start,
                    ends_on=start + dt.timedelta(days=rnd.choice([0, 1, 1, 2])),
                    place="Luân phiên",
                    host=rnd.choice(["vietnam", "foreign"]),
                    status=status,
                    minutes_signed_on=start + dt.timedelta(days=1) if status == "minutes" else None,
                    cancel_reason="Đổi lịch" if status == BorderMeeting.Status.CANCELLED else "",
                    search_text=search_key(title, m.members_as_named),
                )
            )
    copy_insert(BorderMeeting, meetings)
    say("border meetings", len(meetings), len(meetings))
    commitments: list[Commitment] = []
    for meeting in meetings:
        if meeting.status not in ("held", "minutes"):
            continue
        for _ in range(rnd.randint(1, 5)):
            text = rnd.choice(COMMITMENTS)
            due = meeting.ends_on + dt.timedelta(days=rnd.randint(14, 365))
            closed = due < today and rnd.random() < 0.85
            dropped = closed and rnd.random() < 0.1
            commitments.append(
                Commitment(
                    meeting_id=meeting.pk,
                    text=text,
                    owner_org_id=meeting.owner_org_id,
                    owner_person="Sở Ngoại vụ",
                    due_on=due,
                    due_rule="Hạn do cuộc họp thống nhất",
                    status=("dropped" if dropped else "done") if closed else "open",
                    done_on=due - dt.timedelta(days=rnd.randint(0, 10)) if closed and not dropped else None,
                    drop_reason="Không còn phù hợp" if dropped else "",
                    search_text=search_key(text, meeting.title),
                )
            )
    copy_insert(Commitment, commitments)
    say("border commitments", len(commitments), len(commitments))
    if connection.vendor == "postgresql":
        tables = [
            t._meta.db_table for t in (M, BorderMeeting, Commitment, M.provinces.through, M.countries.through)
        ]
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {', '.join(tables)}")
    return {
        "border_mechanisms": len(rows),
        "border_meetings": len(meetings),
        "border_commitments": len(commitments),
    }
