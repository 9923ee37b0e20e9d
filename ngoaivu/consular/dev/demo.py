"""Demo citizen protection case (DOMAIN.md §7, issue 21): a labour dispute of a Phú Thọ citizen in Japan, handled
by the Embassy in Tokyo in 2026 — received, the province notified the next working day, in progress, with the
citizen (illustrative name and numbers), a handover to the consular unit and the actions taken. Created through
the services (audit rows). Idempotent by its summary."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from ngoaivu.accounts.models import User
from ngoaivu.consular import services
from ngoaivu.consular.models import CitizenCase
from ngoaivu.core.scoping import Action

SUMMARY = (
    "Lao động (thực tập sinh kỹ năng) quê Phú Thọ bị chủ sử dụng lao động tại tỉnh Aichi nợ lương ba tháng và "
    "giữ hộ chiếu; đề nghị Đại sứ quán can thiệp. Dữ liệu mẫu, minh họa."
)


@transaction.atomic
def load_demo_consular() -> str:
    tokyo = User.objects.filter(username="tokyo").first()
    if tokyo is None:
        return "consular: 0 (no demo account tokyo)"
    if CitizenCase.objects.visible_to(tokyo, Action.VIEW).filter(summary=SUMMARY).exists():
        return "consular: 0"
    today = timezone.localdate()
    received = min(dt.date(2026, 3, 10), today)
    case = services.case_create(
        actor=tokyo,
        data=services.CaseInput(
            country="JP",
            province="25",
            kind="labour",
            received_on=received,
            incident_on=received - dt.timedelta(days=3),
            summary=SUMMARY,
        ),
        citizens=[
            services.CitizenInput(
                full_name="Nguyễn Văn Minh",
                birth_date=dt.date(1999, 8, 17),
                passport_number="C9876543",
                phone="+81 90 0000 0000",
                address="Xã Thanh Ba, tỉnh Phú Thọ",
                family_name="Nguyễn Thị Lan",
                family_relation="Mẹ",
                family_phone="0912 000 000",
            )
        ],
    )
    case = services.case_transition(
        actor=tokyo,
        case_id=case.pk,
        action="notify",
        expected_version=case.version,
        on=min(case.notify_due_on, today),
    )
    case = services.case_transition(
        actor=tokyo,
        case_id=case.pk,
        action="start",
        expected_version=case.version,
        on=min(case.notify_due_on, today),
    )
    services.action_add(
        actor=tokyo,
        case_id=case.pk,
        text="Làm việc với nghiệp đoàn quản lý và chủ sử dụng lao động; đề nghị trả hộ chiếu và lương.",
        done_on=min(received + dt.timedelta(days=7), today),
    )
    services.handover_send(
        actor=tokyo,
        case_id=case.pk,
        to_org="mofa-lanh-su",
        note="Đề nghị Cục Lãnh sự phối hợp với cơ quan hữu quan Nhật Bản.",
    )
    phutho = User.objects.filter(username="phutho").first()
    if phutho is not None:
        services.action_add(
            actor=phutho,
            case_id=case.pk,
            text="Sở Ngoại vụ liên hệ gia đình, thông tin tiến độ xử lý.",
            done_on=min(received + dt.timedelta(days=2), today),
        )
    return "consular: 1"
