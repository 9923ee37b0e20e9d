"""Demo delegations, a leader visit and a conference, created through the services so they have approval
steps, history and audit rows. Idempotent by title. Dates are relative to the day of loading: a fresh demo
shows a delegation waiting for approval, one in Japan that the Tokyo embassy was told about, one back home
with its report overdue, a visit this month and a conference whose dossier is due soon."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from ngoaivu.accounts.models import User
from ngoaivu.delegations import services
from ngoaivu.delegations.models import Conference, Delegation, LeaderVisit


def _members(*names: tuple[str, str, str]) -> tuple[services.MemberInput, ...]:
    return tuple(
        services.MemberInput(
            full_name=name,
            position=position,
            unit="UBND thành phố Đà Nẵng",
            is_head=i == 0,
            birth_date=dt.date(1975 + i, 3, 10 + i),
            passport_type="official",
            passport_number=number,
            passport_expiry=dt.date(2026 + i, 12, 31),
        )
        for i, (name, position, number) in enumerate(names)
    )


@transaction.atomic
def load_demo_delegations() -> dict[str, int]:
    today = timezone.localdate()
    danang: Any = User.objects.get(username="danang")
    danang_cv: Any = User.objects.get(username="danang.cv")
    mofa_lead: Any = User.objects.get(username="mofa.lead")
    created = 0
    plans = [
        (
            services.DelegationInput(
                direction="outbound",
                title="Đoàn xúc tiến đầu tư thành phố Đà Nẵng tại Nhật Bản",
                purpose="Xúc tiến đầu tư vào khu công nghệ cao; làm việc với JETRO và thành phố Sakai.",
                head_name="Lê Minh Đức",
                head_position="Giám đốc Sở Ngoại vụ",
                countries=("JP",),
                cities="Tokyo, Osaka, Sakai",
                departs_on=today - dt.timedelta(days=20),
                returns_on=today - dt.timedelta(days=14),
                programme="Ngày 1: JETRO Tokyo\nNgày 3: Hội thảo xúc tiến đầu tư tại Osaka\nNgày 5: Thành phố Sakai",
                funding="Ngân sách thành phố",
                members=_members(
                    ("Lê Minh Đức", "Giám đốc Sở Ngoại vụ", "C1234567"),
                    ("Phạm Thị Lan", "Chuyên viên", "C7654321"),
                ),
            ),
            ["submit", "approve", "approve"],
        ),
        (
            services.DelegationInput(
                direction="outbound",
                title="Đoàn công tác Đà Nẵng tham dự Diễn đàn hợp tác địa phương Việt Nam – Hàn Quốc",
                purpose="Tham dự diễn đàn; ký kết bản ghi nhớ về du lịch với thành phố Daegu.",
                head_name="Lê Minh Đức",
                countries=("KR",),
                cities="Seoul, Daegu",
                departs_on=today + dt.timedelta(days=25),
                returns_on=today + dt.timedelta(days=30),
                members=_members(("Lê Minh Đức", "Giám đốc Sở Ngoại vụ", "C1234567")),
            ),
            ["submit"],
        ),
        (
            services.DelegationInput(
                direction="inbound",
                title="Đoàn tỉnh Gyeongsangbuk-do thăm và làm việc tại Đà Nẵng",
                purpose="Trao đổi hợp tác nông nghiệp công nghệ cao.",
                head_name="Kim Min-jun",
                countries=("KR",),
                departs_on=today + dt.timedelta(days=40),
                returns_on=today + dt.timedelta(days=42),
                guests_rank="Phó Tỉnh trưởng",
                receiving_leader="Phó Chủ tịch UBND thành phố",
            ),
            [],
        ),
    ]
    for data, steps in plans:
        if Delegation.objects.visible_to(danang).filter(title=data.title).exists():
            continue
        delegation = services.delegation_create(actor=danang_cv, data=data)
        for action in steps:
            services.delegation_action(actor=danang, delegation_id=delegation.pk, action=action)
        created += 1
    if not LeaderVisit.objects.visible_to(mofa_lead).exists():
        services.visit_create(
            actor=mofa_lead,
            data=services.VisitInput(
                direction="to_province",
                province="48",
                starts_on=today + dt.timedelta(days=5),
                ends_on=today + dt.timedelta(days=6),
                ministry_leaders="Thứ trưởng Bộ Ngoại giao",
                province_leaders="Chủ tịch UBND thành phố Đà Nẵng",
                agenda="Công tác đối ngoại năm và kế hoạch thu hút đầu tư từ Nhật Bản, Hàn Quốc.",
                asks=(
                    "Hỗ trợ kết nối với Liên đoàn Doanh nghiệp Nhật Bản (Keidanren)",
                    "Giới thiệu đối tác Hàn Quốc trong lĩnh vực bán dẫn",
                ),
            ),
        )
        created += 1
    if not Conference.objects.visible_to(danang).exists():
        services.conference_create(
            actor=danang,
            data=services.ConferenceInput(
                title="Hội thảo quốc tế về thành phố thông minh Đà Nẵng 2027",
                organiser="UBND thành phố Đà Nẵng",
                format="hybrid",
                venue="Trung tâm Hội nghị Ariyana",
                starts_on=today + dt.timedelta(days=36),
                ends_on=today + dt.timedelta(days=37),
                countries=("JP", "KR", "SG"),
                foreign_participants=40,
                top_rank="deputy_minister",
            ),
        )
        created += 1
    return {"delegations_demo": created}
