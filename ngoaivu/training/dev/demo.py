"""Demo training records (issue 21), through the services so they have audit rows: a Diplomatic Academy course
"Bồi dưỡng kiến thức đối ngoại cho cán bộ địa phương 2026" recorded by the ministry, open for nominations, with
quotas for Đà Nẵng, Lai Châu and Phú Thọ — Đà Nẵng's two officials proposed by an officer and approved by
another head (four eyes), one already accepted by the ministry; Lai Châu's and Phú Thọ's waiting for their
head's approval (each demo province but Đà Nẵng has a single head, who may not approve their own proposal) —,
a 2025 interpretation course already held (its participations written directly, as a history would be
imported, so the counts page and the indicator have figures), and the 2016–2020 scheme with its targets. Dates
of the open course are relative to the day of loading; names, dates and figures are illustrative. Idempotent
by title."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from ngoaivu.accounts.models import Organisation, User
from ngoaivu.core.scoping import Action
from ngoaivu.core.text import search_key, vi_sort_key
from ngoaivu.directory.models import Province
from ngoaivu.training import services
from ngoaivu.training.models import Course, Nomination, Topic, Trainee, TrainingScheme

OPEN_COURSE = "Bồi dưỡng kiến thức đối ngoại cho cán bộ địa phương 2026"
PAST_COURSE = "Tập huấn kỹ năng biên dịch, phiên dịch cho cán bộ địa phương 2025"
SCHEME = "Đề án bồi dưỡng kiến thức đối ngoại cho cán bộ địa phương giai đoạn 2016–2020 (minh họa)"


def _open_course(mofa: User) -> int:
    if Course.objects.visible_to(mofa, Action.VIEW).filter(title=OPEN_COURSE).exists():
        return 0
    start = timezone.localdate() + dt.timedelta(days=40)
    course = services.course_create(
        actor=mofa,
        data=services.CourseInput(
            title=OPEN_COURSE,
            organiser_kind="academy",
            organiser_name="Học viện Ngoại giao",
            topic="external_affairs",
            starts_on=start,
            ends_on=start + dt.timedelta(days=4),
            hours=40,
            format="in_person",
            place="Học viện Ngoại giao, 69 Chùa Láng, Hà Nội",
            capacity=60,
            description="Lớp cập nhật kiến thức đối ngoại cho cán bộ các tỉnh, thành phố (dữ liệu mẫu).",
        ),
    )
    course = services.course_transition(actor=mofa, course_id=course.pk, action="open", expected_version=None)
    for code, places in (("48", 3), ("12", 2), ("25", 2)):
        services.quota_set(actor=mofa, course_id=course.pk, province=code, places=places)
    danang_cv = User.objects.get(username="danang.cv")
    danang_lead = User.objects.get(username="danang.lead")
    made = [
        services.nomination_create(
            actor=danang_cv,
            course_id=course.pk,
            data=services.TraineeInput(
                full_name=name, position=position, unit="Sở Ngoại vụ thành phố Đà Nẵng", email=email
            ),
        )
        for name, position, email in (
            ("Nguyễn Thị Thu Trang", "Chuyên viên Phòng Hợp tác quốc tế", "trang.ntt@danang.example.vn"),
            ("Trần Văn Hùng", "Phó Trưởng phòng Lãnh sự", "hung.tv@danang.example.vn"),
        )
    ]
    for n in made:
        services.nomination_action(
            actor=danang_lead, nomination_id=n.pk, action="approve", expected_version=None
        )
    services.nomination_action(actor=mofa, nomination_id=made[0].pk, action="accept", expected_version=None)
    services.nomination_create(
        actor=User.objects.get(username="laichau"),
        course_id=course.pk,
        data=services.TraineeInput(
            full_name="Lò Thị Mai", position="Chuyên viên", unit="Sở Ngoại vụ tỉnh Lai Châu"
        ),
    )
    services.nomination_create(
        actor=User.objects.get(username="phutho"),
        course_id=course.pk,
        data=services.TraineeInput(
            full_name="Đỗ Văn Quang", position="Chuyên viên", unit="Văn phòng UBND tỉnh Phú Thọ"
        ),
    )
    return 1


def _past_course(mofa: User) -> int:
    if Course.objects.visible_to(mofa, Action.VIEW).filter(title=PAST_COURSE).exists():
        return 0
    course = Course.objects.system(reason="demo data").create(
        owner_org_id=services.org_of(mofa),
        created_by=mofa,
        updated_by=mofa,
        title=PAST_COURSE,
        organiser_kind="ministry",
        organiser_name="Bộ Ngoại giao",
        topic=Topic.objects.get(code="interpretation"),
        starts_on=dt.date(2025, 10, 13),
        ends_on=dt.date(2025, 10, 17),
        hours=32,
        place="Thành phố Đà Nẵng",
        capacity=40,
        nomination_deadline=dt.date(2025, 9, 30),
        status=Course.Status.COMPLETED,
        search_text=search_key(PAST_COURSE, "Bộ Ngoại giao", "Thành phố Đà Nẵng"),
    )
    people = [
        ("48", "Phan Minh Khoa", "Chuyên viên"),
        ("48", "Nguyễn Thị Thu Trang", "Chuyên viên Phòng Hợp tác quốc tế"),
        ("12", "Vàng A Sình", "Chuyên viên"),
        ("25", "Hà Thị Lan", "Chuyên viên"),
    ]
    for code, name, position in people:
        org = Organisation.objects.get(kind="province", province_code=code, code=f"tinh-{code}")
        key = services.identity_key(name, "", "")
        trainee = Trainee.objects.system(reason="demo data").filter(
            owner_org=org, full_name=name
        ).first() or Trainee.objects.system(reason="demo data").create(
            owner_org=org,
            full_name=name,
            position=position,
            identity_key=key,
            sort_key=vi_sort_key(name.split(" ")[-1] + " " + name),
            search_text=search_key(name),
        )
        Nomination.objects.system(reason="demo data").create(
            owner_org=org,
            course=course,
            trainee=trainee,
            province=Province.objects.get(code=code),
            status=Nomination.Status.ATTENDED,
            result=Nomination.Result.PASSED,
            certificate_number=f"HVNG-2025-{trainee.pk:04d}",
            certificate_date=dt.date(2025, 10, 17),
        )
    return 1


def _scheme(mofa: User) -> int:
    if TrainingScheme.objects.visible_to(mofa, Action.VIEW).filter(title=SCHEME).exists():
        return 0
    services.scheme_create(
        actor=mofa,
        data=services.SchemeInput(
            title=SCHEME,
            year_from=2016,
            year_to=2020,
            decision="(số quyết định cần đối chiếu)",
            description="Chỉ tiêu là minh họa (dữ liệu mẫu).",
            targets=(
                services.TargetInput(participations=5000),
                services.TargetInput(participations=1500, topic="external_affairs"),
                services.TargetInput(participations=800, topic="interpretation"),
                services.TargetInput(participations=120, province="48"),
            ),
        ),
    )
    return 1


@transaction.atomic
def load_demo_training() -> str:
    mofa = User.objects.get(username="mofa")
    made = _open_course(mofa) + _past_course(mofa) + _scheme(mofa)
    return f"training: {made}"
