"""Demo promotion events (DOMAIN.md §7), created through the services so they have audit rows: the 2022
Vĩnh Phúc–Japan connection conference (Phú Thọ today, Vĩnh Phúc as named, with the UBND–JETRO MOU of the demo
agreements), the 06/2022 workshop on Lai Châu tea exports to the Middle East, North Africa and South Asia, and
an upcoming Đà Nẵng tourism fair so the shared calendar has one. Exact dates and every figure are illustrative
(DOMAIN.md: "dates to verify"); the summaries say so. Idempotent by title; task dates are relative to the day
of loading, so a fresh demo shows one task overdue and one due soon."""

from __future__ import annotations

import datetime as dt
import decimal

from django.db import transaction
from django.utils import timezone

from ngoaivu.accounts.models import User
from ngoaivu.agreements.models import Agreement
from ngoaivu.core.scoping import Action
from ngoaivu.events import services
from ngoaivu.events.models import PromotionEvent

VINH_PHUC = "Hội nghị kết nối Vĩnh Phúc–Nhật Bản"
LAI_CHAU = "Hội thảo xuất khẩu trà Lai Châu sang Trung Đông"
DA_NANG = "Hội chợ Du lịch quốc tế Đà Nẵng"
ILLUSTRATIVE = "Ngày cụ thể và số liệu là minh họa (dữ liệu mẫu), cần đối chiếu với báo cáo của tỉnh."


def _jetro_mou(user: User) -> tuple[int, ...]:
    found = (
        Agreement.objects.visible_to(user, Action.VIEW)
        .filter(title_vi__icontains="JETRO", owner_org_id=user.scope.org_id)
        .values_list("pk", flat=True)
        .first()
    )
    return (found,) if found else ()


def _create(user: User, data: services.EventInput, tasks: list[services.TaskInput]) -> int:
    if PromotionEvent.objects.visible_to(user, Action.VIEW).filter(title_vi=data.title_vi).exists():
        return 0
    event = services.event_create(actor=user, data=data)
    for task in tasks:
        made = services.task_create(actor=user, event_id=event.pk, data=task)
        if task.note.startswith("Đã"):
            services.task_complete(
                actor=user,
                event_id=event.pk,
                task_id=made.pk,
                expected_version=made.version,
                done_on=task.due_on,
            )
    return 1


@transaction.atomic
def load_demo_events() -> dict[str, int]:
    today = timezone.localdate()
    phutho = User.objects.get(username="phutho")
    laichau = User.objects.get(username="laichau")
    danang = User.objects.get(username="danang")
    created = 0
    created += _create(
        phutho,
        services.EventInput(
            title_vi=VINH_PHUC,
            title_en="Vinh Phuc – Japan Business Connection Conference",
            kind="connection",
            organisers="UBND tỉnh Vĩnh Phúc; JETRO; Đại sứ quán Việt Nam tại Nhật Bản",
            province_as_named="Vĩnh Phúc",
            starts_on=dt.date(2022, 3, 15),
            ends_on=dt.date(2022, 3, 15),
            format="hybrid",
            place="Vĩnh Yên, Vĩnh Phúc và trực tuyến với Tokyo",
            status="held",
            countries=("JP",),
            missions=("cqdd-jp-tokyo", "cqdd-jp-osaka"),
            leads_count=35,
            pledged_amount=decimal.Decimal("120000000"),
            pledged_currency="USD",
            outcome_summary=(
                "Ký Bản ghi nhớ hợp tác xúc tiến đầu tư giữa UBND tỉnh Vĩnh Phúc và JETRO; giới thiệu các khu công "
                "nghiệp của tỉnh với doanh nghiệp Nhật Bản; nhiều nhà đầu tư đăng ký khảo sát. "
                + ILLUSTRATIVE
            ),
            agreement_ids=_jetro_mou(phutho),
            participations={
                "vn_businesses": 80,
                "foreign_businesses": 60,
                "officials": 40,
                "foreign_officials": 12,
            },
            visibility="shared",
        ),
        [
            services.TaskInput(
                title="Gửi danh sách doanh nghiệp Nhật Bản quan tâm đến JETRO Hà Nội",
                due_on=dt.date(2022, 4, 15),
                owner_person="Sở Kế hoạch và Đầu tư",
                note="Đã gửi.",
            ),
            services.TaskInput(
                title="Tổ chức đoàn doanh nghiệp Nhật Bản khảo sát khu công nghiệp",
                due_on=today - dt.timedelta(days=6),
                owner_person="Ban Quản lý các khu công nghiệp",
            ),
            services.TaskInput(
                title="Báo cáo kết quả triển khai Bản ghi nhớ với JETRO",
                due_on=today + dt.timedelta(days=12),
                owner_org="cqdd-jp-tokyo",
                owner_person="Bộ phận kinh tế",
            ),
        ],
    )
    created += _create(
        laichau,
        services.EventInput(
            title_vi=LAI_CHAU,
            title_en="Workshop on Lai Chau tea exports to the Middle East, North Africa and South Asia",
            kind="workshop",
            organisers="UBND tỉnh Lai Châu; Bộ Ngoại giao",
            province_as_named="Lai Châu",
            starts_on=dt.date(2022, 6, 16),
            ends_on=dt.date(2022, 6, 16),
            format="hybrid",
            place="Thành phố Lai Châu và trực tuyến với các cơ quan đại diện",
            status="held",
            countries=("AE", "SA", "EG", "IN"),
            missions=("cqdd-ae-abu-dhabi", "cqdd-sa-riyadh", "cqdd-eg-cairo", "cqdd-in-new-delhi"),
            leads_count=12,
            outcome_summary=(
                "Giới thiệu sản phẩm chè Lai Châu với nhà nhập khẩu khu vực Trung Đông, Bắc Phi và Nam Á; các cơ "
                "quan đại diện cung cấp thông tin thị trường và tiêu chuẩn nhập khẩu. " + ILLUSTRATIVE
            ),
            participations={"vn_businesses": 25, "foreign_businesses": 18, "officials": 30},
            visibility="shared",
        ),
        [
            services.TaskInput(
                title="Gửi mẫu chè và hồ sơ sản phẩm cho nhà nhập khẩu tại UAE",
                due_on=today + dt.timedelta(days=2),
                owner_person="Sở Công Thương Lai Châu",
            ),
        ],
    )
    start = today + dt.timedelta(days=20)
    created += _create(
        danang,
        services.EventInput(
            title_vi=DA_NANG,
            title_en="Da Nang International Travel Fair",
            kind="tourism",
            organisers="Sở Du lịch thành phố Đà Nẵng",
            starts_on=start,
            ends_on=start + dt.timedelta(days=2),
            format="in_person",
            place="Cung Thể thao Tiên Sơn",
            status="planned",
            countries=("JP", "KR", "TH"),
            missions=("cqdd-kr-seoul",),
            visibility="shared",
        ),
        [],
    )
    return {"events_demo": created}
