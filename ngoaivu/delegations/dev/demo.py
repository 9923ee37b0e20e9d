"""Demo delegations, a leader visit and a conference, created through the services so they have approval
steps, history and audit rows. Idempotent by title. Dates are relative to the day of loading: a fresh demo
shows a delegation waiting for approval, one in Japan that the Tokyo embassy was told about, one back home
with its report overdue, a visit this month and a conference whose dossier is due soon."""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
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


# a stand-in for the scanned decision of the city's Chair (the demo has no real document)
DEMO_SCAN = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def _take(delegation: Delegation, who: User, step: str, today: dt.date) -> None:
    """One step of the demo journey: `danang` submits, `danang.lead` (another head: four eyes) approves the
    appraisal, and an officer records the Chair's decision from its document."""
    if step == "record":
        services.delegation_record_decision(
            actor=who,
            delegation_id=delegation.pk,
            data=services.PaperDecisionInput(
                decision="approved",
                document_number="1234/QĐ-UBND",
                document_date=today - dt.timedelta(days=30),
                signer="Chủ tịch UBND thành phố Đà Nẵng (dữ liệu mẫu)",
            ),
            upload=SimpleUploadedFile("quyet-dinh-1234-QD-UBND.pdf", DEMO_SCAN, "application/pdf"),
        )
    else:
        services.delegation_action(actor=who, delegation_id=delegation.pk, action=step)


@transaction.atomic
def load_demo_delegations() -> dict[str, int]:
    today = timezone.localdate()
    danang = User.objects.get(username="danang")
    danang_cv = User.objects.get(username="danang.cv")
    danang_lead = User.objects.get(username="danang.lead")
    mofa_lead = User.objects.get(username="mofa.lead")
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
            [(danang, "submit"), (danang_lead, "approve"), (danang_cv, "record")],
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
            [(danang, "submit")],  # waits for danang.lead: danang submitted it and may not approve it
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
        (
            services.DelegationInput(
                direction="inbound",
                title="Đoàn thành phố Sakai (Nhật Bản) thăm và làm việc tại Đà Nẵng",
                purpose="Trao đổi kế hoạch triển khai thỏa thuận hợp tác hữu nghị giữa hai thành phố.",
                head_name="Nagata Shigeru",
                countries=("JP",),
                departs_on=today - dt.timedelta(days=10),
                returns_on=today - dt.timedelta(days=8),
                guests_rank="Phó Thị trưởng",
                receiving_leader="Chủ tịch UBND thành phố",
                members=_members(("Nagata Shigeru", "Phó Thị trưởng thành phố Sakai", "TK2345678")),
            ),
            [(danang, "submit"), (danang_lead, "approve"), (danang_cv, "record")],
        ),
    ]
    for data, steps in plans:
        if Delegation.objects.visible_to(danang).filter(title=data.title).exists():
            continue
        delegation = services.delegation_create(actor=danang_cv, data=data)
        for who, step in steps:
            _take(delegation, who, step, today)
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
    held = "Bộ trưởng Bộ Ngoại giao"
    if not LeaderVisit.objects.visible_to(mofa_lead).filter(ministry_leaders=held).exists():
        services.visit_create(  # a past visit: the national review lists what the province asked
            actor=mofa_lead,
            data=services.VisitInput(
                direction="to_province",
                province="12",
                starts_on=today - dt.timedelta(days=50),
                ends_on=today - dt.timedelta(days=49),
                ministry_leaders=held,
                province_leaders="Chủ tịch UBND tỉnh Lai Châu",
                agenda="Công tác đối ngoại của tỉnh; xúc tiến xuất khẩu chè sang Trung Đông, Bắc Phi, Nam Á.",
                agreed="Bộ hỗ trợ tỉnh kết nối thị trường qua các cơ quan đại diện.",
                status="held",
                asks=(
                    "Hỗ trợ tìm nhà nhập khẩu chè tại Các Tiểu vương quốc A-rập Thống nhất",
                    "Giới thiệu tỉnh kết nghĩa tại Lào",
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
