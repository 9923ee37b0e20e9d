"""Reproducible synthetic citizen protection cases for benchmarks (`ngoaivu synth`): cases over 20 years, skewed
like real life (Japan, Korea, Taiwan, Malaysia, China and a few labour-export destinations carry most of them;
a few large provinces of origin), each handled by a mission accredited to the country, with one citizen whose
personal data is encrypted in bulk (8 Fernet fields per citizen: the cost is measured by `say`), and the
actions and the 1-working-day notification as a real case would have them. Before 01/07/2025 a citizen of a
merged province is filed under the former province, as named then. Bulk inserts: no audit rows, no
notifications."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable

from django.db import connection, transaction
from django.utils import timezone

from ngoaivu.accounts.models import Organisation
from ngoaivu.consular.models import CaseAction, CaseCitizen, CitizenCase
from ngoaivu.core.bulk import copy_insert
from ngoaivu.core.selectors import working_calendar
from ngoaivu.core.text import search_key
from ngoaivu.directory.models import Accreditation, Country, FormerProvince, Mission, Province

SCALES = {"small": 500, "national": 5_000, "x10": 50_000}
BATCH = 1_000
MERGER = dt.date(2025, 7, 1)
BIG_COUNTRIES = ["JP", "KR", "TW", "MY", "CN", "SA", "LA", "KH", "TH", "US", "DE", "RU", "AE", "GB", "AU"]
SUMMARIES = {
    "arrest": "Công dân bị tạm giữ vì vi phạm quy định cư trú; đề nghị thăm lãnh sự.",
    "accident": "Công dân bị tai nạn lao động, đang điều trị tại bệnh viện địa phương.",
    "death": "Công dân tử vong; gia đình đề nghị hỗ trợ thủ tục đưa thi hài về nước.",
    "trafficking": "Nghi là nạn nhân mua bán người; đề nghị giải cứu và hồi hương.",
    "labour": "Tranh chấp hợp đồng lao động: nợ lương, giữ giấy tờ tùy thân.",
    "disaster": "Ảnh hưởng bởi thiên tai; đề nghị hỗ trợ liên lạc với gia đình.",
    "illness": "Công dân ốm nặng, cần hỗ trợ điều trị và liên hệ gia đình.",
    "documents": "Mất hộ chiếu; đề nghị cấp giấy tờ về nước.",
    "fraud": "Bị lừa đảo qua môi giới việc làm; đề nghị hỗ trợ pháp lý.",
    "other": "Đề nghị hỗ trợ khác.",
}
KIND_WEIGHTS = {
    "labour": 30,
    "documents": 18,
    "arrest": 12,
    "accident": 10,
    "illness": 8,
    "fraud": 8,
    "death": 6,
    "trafficking": 4,
    "disaster": 2,
    "other": 2,
}
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ"]
GIVEN = ["An", "Bình", "Cường", "Dung", "Hà", "Hải", "Hùng", "Lan", "Minh", "Nam", "Thảo", "Tuấn"]
Say = Callable[[str, int, int], None]
S = CitizenCase.Status


def _weights(n: int, skew: float = 1.1) -> list[float]:
    return [1 / (i + 1) ** skew for i in range(n)]


@transaction.atomic
def synthesize_consular(*, scale: str, seed: int, say: Say) -> dict[str, int]:
    total = SCALES[scale]
    rnd = random.Random(seed + 21)  # noqa: S311 - reproducible synthetic data, not security
    cal = working_calendar()
    provinces = list(Province.objects.order_by("code"))
    rnd.shuffle(provinces)
    prov_w = _weights(len(provinces))
    formers: dict[int, list[FormerProvince]] = {}
    for f in FormerProvince.objects.order_by("code"):
        formers.setdefault(f.successor_id, []).append(f)
    missions = {m.pk: m for m in Mission.objects.order_by("pk")}
    missions_of: dict[int, list[int]] = {}
    for country_id, mission_id in Accreditation.objects.order_by("pk").values_list(
        "country_id", "mission_id"
    ):
        if mission_id in missions:
            missions_of.setdefault(country_id, []).append(mission_id)
    countries = {
        c.iso2: c for c in Country.objects.exclude(iso2="VN").order_by("iso2") if c.pk in missions_of
    }
    big = [countries[c] for c in BIG_COUNTRIES if c in countries]
    rest = [c for c in countries.values() if c.iso2 not in BIG_COUNTRIES]
    if not big and not rest:
        return {"citizen_cases": 0}
    kinds = list(KIND_WEIGHTS)
    kind_w = list(KIND_WEIGHTS.values())
    today = timezone.localdate()
    start = dt.date(today.year - 20, 1, 1)
    span = (today - start).days
    made = {"citizen_cases": 0, "case_citizens": 0, "case_actions": 0}
    done = 0
    n = 0
    orgs_by_code = {
        o.province_code: o.pk for o in Organisation.objects.filter(kind=Organisation.Kind.PROVINCE)
    }
    while done < total:
        chunk = min(BATCH, total - done)
        rows: list[CitizenCase] = []
        for _ in range(chunk):
            n += 1
            country = (
                rnd.choices(big, weights=_weights(len(big)))[0]
                if big and rnd.random() < 0.85
                else rnd.choice(rest or big)
            )
            mission = missions[missions_of[country.pk][0]]
            province = rnd.choices(provinces, weights=prov_w)[0]
            received = start + dt.timedelta(days=int(span * rnd.random() ** 0.7))
            former = (
                rnd.choice(formers[province.pk]) if received < MERGER and formers.get(province.pk) else None
            )
            named = former.name if former else province.name
            kind = rnd.choices(kinds, weights=kind_w)[0]
            due = cal.add_working_days(received, 1)
            age = (today - received).days
            notified = (
                None
                if age < 1 and rnd.random() < 0.5
                else due + dt.timedelta(days=0 if rnd.random() < 0.9 else rnd.randint(1, 4))
            )
            notified = min(notified, today) if notified else None
            status = S.RECEIVED if notified is None else S.PROVINCE_NOTIFIED
            resolved = closed = None
            if notified and age > 30:
                status = S.IN_PROGRESS
                if rnd.random() < 0.9:
                    resolved = min(received + dt.timedelta(days=rnd.randint(5, 120)), today)
                    status = S.RESOLVED
                    if age > 200 and rnd.random() < 0.9:
                        closed = min(resolved + dt.timedelta(days=rnd.randint(5, 60)), today)
                        status = S.CLOSED
            reference = f"BHCD-{received.year}-S{seed % 1000:03d}{n:06d}"
            summary = SUMMARIES[kind]
            rows.append(
                CitizenCase(
                    owner_org_id=mission.organisation_id,
                    mission=mission,
                    country=country,
                    province=province,
                    former_province=former,
                    province_as_named=named,
                    kind=kind,
                    incident_on=received - dt.timedelta(days=rnd.randint(0, 10)),
                    received_on=received,
                    summary=summary,
                    status=status,
                    notify_due_on=due,
                    notify_rule="Thông báo tỉnh quê quán: 1 ngày làm việc (dữ liệu tổng hợp)",
                    notified_on=notified,
                    resolved_on=resolved,
                    closed_on=closed,
                    outcome="Đã hỗ trợ công dân theo quy định." if resolved else "",
                    reference=reference,
                    search_text=search_key(reference, summary),
                )
            )
        copy_insert(CitizenCase, rows)
        citizens, actions = [], []
        for case in rows:
            citizens.append(
                CaseCitizen(
                    case_id=case.pk,
                    full_name=f"{rnd.choice(FAMILY)} Văn {rnd.choice(GIVEN)}",
                    birth_date=dt.date(
                        rnd.randint(1960, 2005), rnd.randint(1, 12), rnd.randint(1, 28)
                    ).isoformat(),
                    passport_number=f"C{rnd.randint(1_000_000, 9_999_999)}",
                    phone=f"+84 9{rnd.randint(10_000_000, 99_999_999)}",
                    address=f"Tỉnh {case.province_as_named}",
                    family_name=f"{rnd.choice(FAMILY)} Thị {rnd.choice(GIVEN)}",
                    family_relation=rnd.choice(["Mẹ", "Bố", "Vợ", "Chồng", "Anh", "Chị"]),
                    family_phone=f"09{rnd.randint(10_000_000, 99_999_999)}",
                )
            )
            if case.notified_on:
                actions.append(
                    CaseAction(
                        case_id=case.pk,
                        organisation_id=case.owner_org_id,
                        done_on=case.notified_on,
                        text="Thông báo cho tỉnh",
                    )
                )
                org = orgs_by_code.get(case.province.code)
                if org and rnd.random() < 0.6:
                    actions.append(
                        CaseAction(
                            case_id=case.pk,
                            organisation_id=org,
                            done_on=case.notified_on,
                            text="Liên hệ gia đình",
                        )
                    )
        copy_insert(CaseCitizen, citizens)
        copy_insert(CaseAction, actions)
        made["citizen_cases"] += len(rows)
        made["case_citizens"] += len(citizens)
        made["case_actions"] += len(actions)
        done += chunk
        say("citizen cases", done, total)
    if connection.vendor == "postgresql":
        tables = [m._meta.db_table for m in (CitizenCase, CaseCitizen, CaseAction)]
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {', '.join(tables)}")
    return made


def consular_synthesized(*, scale: str) -> bool:
    return CitizenCase.objects.system(reason="synth check").count() >= SCALES[scale]
