"""Reproducible synthetic training records for benchmarks (`ngoaivu synth`): courses over 20 years (the
ministry's, the Academy's and the provinces'), participations skewed like real life (a few provinces nominate
most), trainees reused across courses. Bulk inserts: no audit rows, no notifications; e-mails of one trainee in
four are encrypted in bulk."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable

from django.db import transaction
from django.utils import timezone

from ngoaivu.accounts.models import Organisation
from ngoaivu.core.bulk import copy_insert
from ngoaivu.core.text import search_key, vi_sort_key
from ngoaivu.directory.models import Province
from ngoaivu.training.models import Course, Nomination, Topic, Trainee

SCALES = {"small": (80, 2_000), "national": (800, 20_000), "x10": (8_000, 200_000)}
MARKER = "[synth]"
BATCH = 1_000
FAMILY = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Huỳnh",
    "Phan",
    "Vũ",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
]
MIDDLE = ["Văn", "Thị", "Minh", "Thu", "Hữu", "Thanh", "Quốc", "Ngọc", "Đức", "Hoài"]
GIVEN = [
    "An",
    "Bình",
    "Chi",
    "Dũng",
    "Giang",
    "Hà",
    "Hải",
    "Hạnh",
    "Hòa",
    "Hùng",
    "Lan",
    "Linh",
    "Mai",
    "Nam",
]
SUBJECTS = {
    "external_affairs": "Bồi dưỡng kiến thức đối ngoại",
    "integration": "Cập nhật kiến thức hội nhập quốc tế",
    "protocol": "Tập huấn lễ tân đối ngoại",
    "interpretation": "Tập huấn kỹ năng biên dịch, phiên dịch",
    "languages": "Lớp tiếng Anh chuyên ngành đối ngoại",
    "consular": "Tập huấn công tác lãnh sự, bảo hộ công dân",
    "economic_diplomacy": "Bồi dưỡng nghiệp vụ ngoại giao kinh tế",
    "other": "Hội nghị tập huấn công tác đối ngoại",
}
Say = Callable[[str, int, int], None]
C = Course
N = Nomination


def training_synthesized(*, scale: str) -> bool:
    return (
        Course.objects.system(reason="synth check").filter(title__startswith=MARKER).count()
        >= SCALES[scale][0]
    )


@transaction.atomic
def synthesize_training(*, scale: str, seed: int, say: Say) -> dict[str, int]:
    n_courses, n_nominations = SCALES[scale]
    rnd = random.Random(seed + 21)  # noqa: S311 - reproducible synthetic data, not security
    mofa = Organisation.objects.get(code="mofa")
    orgs = list(Organisation.objects.filter(kind=Organisation.Kind.PROVINCE, is_active=True).order_by("code"))
    provinces = {p.code: p for p in Province.objects.all()}
    orgs = [o for o in orgs if o.province_code in provinces]
    rnd.shuffle(orgs)
    weights = [1 / (i + 1) ** 0.9 for i in range(len(orgs))]
    topics = list(Topic.objects.order_by("sort_order"))
    today = timezone.localdate()
    courses = []
    for i in range(n_courses):
        topic = rnd.choice(topics)
        start = today - dt.timedelta(days=rnd.randint(-120, 365 * 20))
        owner = mofa if rnd.random() < 0.6 else rnd.choices(orgs, weights)[0]
        kind = ("academy" if rnd.random() < 0.4 else "ministry") if owner is mofa else "province"
        title = f"{MARKER} {SUBJECTS.get(topic.code, topic.name_vi)} {start.year} — lớp {i + 1}"
        status = C.Status.COMPLETED if start < today - dt.timedelta(days=10) else C.Status.OPEN
        courses.append(
            Course(
                owner_org=owner,
                title=title,
                organiser_kind=kind,
                organiser_name={"academy": "Học viện Ngoại giao", "ministry": "Bộ Ngoại giao"}.get(
                    kind, owner.name_vi
                ),
                topic=topic,
                starts_on=start,
                ends_on=start + dt.timedelta(days=rnd.randint(0, 6)),
                hours=rnd.choice([8, 16, 24, 40]),
                capacity=rnd.choice([30, 40, 60, 100]),
                nomination_deadline=start - dt.timedelta(days=7),
                status=status,
                search_text=search_key(title, topic.name_vi),
            )
        )
    copy_insert(Course, courses)
    say("training courses", len(courses), len(courses))
    people_per_org = max(n_nominations // (3 * len(orgs)), 5)
    trainees: list[Trainee] = []
    for org in orgs:
        for j in range(people_per_org):
            name = f"{rnd.choice(FAMILY)} {rnd.choice(MIDDLE)} {rnd.choice(GIVEN)}"
            trainees.append(
                Trainee(
                    owner_org=org,
                    full_name=name,
                    position=rnd.choice(["Chuyên viên", "Phó Trưởng phòng", "Trưởng phòng"]),
                    unit="Sở Ngoại vụ" if j % 2 else "Văn phòng UBND tỉnh",
                    email=f"cb{org.province_code}{j}@example.gov.vn" if j % 4 == 0 else "",
                    identity_key=f"{MARKER}{org.pk}-{j}",
                    sort_key=vi_sort_key(name.split(" ")[-1] + " " + name),
                    search_text=search_key(name),
                )
            )
    copy_insert(Trainee, trainees)
    by_org: dict[int, list[Trainee]] = {}
    for t in trainees:
        by_org.setdefault(t.owner_org_id, []).append(t)
    say("training trainees", len(trainees), len(trainees))
    seen: set[tuple[int, int]] = set()
    rows: list[Nomination] = []
    done = 0
    while len(rows) + done < n_nominations:
        course = rnd.choice(courses)
        org = rnd.choices(orgs, weights)[0]
        trainee = rnd.choice(by_org[org.pk])
        if (course.pk, trainee.pk) in seen:
            continue
        seen.add((course.pk, trainee.pk))
        if course.status == C.Status.COMPLETED:
            state = rnd.choices([N.Status.ATTENDED, N.Status.ABSENT, N.Status.DECLINED], [90, 5, 5])[0]
        else:
            state = rnd.choice([N.Status.PROPOSED, N.Status.APPROVED, N.Status.ACCEPTED])
        rows.append(
            Nomination(
                owner_org=org,
                course=course,
                trainee=trainee,
                province=provinces[org.province_code],
                status=state,
                result=N.Result.PASSED if state == N.Status.ATTENDED and rnd.random() < 0.95 else "",
            )
        )
        if len(rows) >= BATCH:
            copy_insert(Nomination, rows)
            done += len(rows)
            rows = []
            say("training nominations", done, n_nominations)
    copy_insert(Nomination, rows)
    done += len(rows)
    say("training nominations", done, n_nominations)
    return {
        "training_courses": len(courses),
        "training_trainees": len(trainees),
        "training_nominations": done,
    }
