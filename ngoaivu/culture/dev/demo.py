"""Demo records of the culture app (DOMAIN.md §7), made through the services so they have audit rows: the Núi
Chúa (Ninh Thuận then, Khánh Hòa today) and Kon Hà Nừng (Gia Lai then, code 64 → Gia Lai 52 today) biosphere
reserves recognised by UNESCO's MAB council in 09/2021, a Đà Nẵng intangible-heritage dossier in preparation,
and Vietnam days in Japan with the Tokyo embassy. The recognised titles are recorded by the administrator (no
demo account for those provinces; the owner is the lead province's organisation). Details beyond DOMAIN.md are
illustrative and say so. Idempotent by name."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from ngoaivu.accounts.models import User
from ngoaivu.core.scoping import Action
from ngoaivu.culture import selectors, services
from ngoaivu.culture.models import CulturalEvent, HeritageTitle

NUI_CHUA = "Khu dự trữ sinh quyển thế giới Núi Chúa"
KON_HA_NUNG = "Khu dự trữ sinh quyển thế giới Cao nguyên Kon Hà Nừng"
HA_LONG_CAT_BA = "Vịnh Hạ Long – Quần đảo Cát Bà"
DOSSIER = "Hồ sơ Lễ hội Quán Thế Âm Ngũ Hành Sơn"
VIETNAM_DAYS = "Những ngày Việt Nam tại Nhật Bản – Đà Nẵng"
ILLUSTRATIVE = "Chi tiết ngoài ngày công nhận là minh họa (dữ liệu mẫu), cần đối chiếu với hồ sơ gốc."


def _title(user: User, data: services.TitleInput, steps: list[services.StageInput]) -> int:
    if HeritageTitle.objects.visible_to(user, Action.VIEW).filter(name_vi=data.name_vi).exists():
        return 0
    title = services.title_create(actor=user, data=data)
    for step in steps:
        title = services.title_advance(
            actor=user, title_id=title.pk, expected_version=title.version, data=step
        )
    return 1


def _biosphere(admin: User, name: str, name_en: str, as_named: str, role: str) -> int:
    return _title(
        admin,
        services.TitleInput(
            name_vi=name,
            name_en=name_en,
            kind="biosphere",
            province_as_named=as_named,
            stage="submitted_unesco",
            stage_on=dt.date(2020, 9, 25),
            ministry_role="Cục Ngoại vụ và Ngoại giao văn hóa phối hợp vận động các thành viên Hội đồng MAB. "
            + ILLUSTRATIVE,
            delegation=selectors.unesco_delegation_code(),
            delegation_role=role,
            summary=f"Hồ sơ do tỉnh {as_named} chủ trì (nay thuộc tỉnh mới sau sáp nhập 01/07/2025). "
            + ILLUSTRATIVE,
            visibility="shared",
        ),
        [
            services.StageInput(
                stage="inscribed",
                on=dt.date(2021, 9, 15),
                note="Hội đồng điều phối quốc tế Chương trình Con người và Sinh quyển (MAB) công nhận.",
                decision_on=dt.date(2021, 9, 15),
                decision_year=2021,
                next_step="Chuẩn bị báo cáo định kỳ",
                next_step_due_on=dt.date(2031, 9, 15),
            )
        ],
    )


def _ha_long_cat_ba(admin: User) -> int:
    """Hạ Long Bay (Quảng Ninh) extended to the Cát Bà archipelago (Hải Phòng): inscribed by the World Heritage
    Committee on 16/09/2023 — a recognition after the 20th national conference (13/12/2021), so the national
    review of the demo has one."""
    return _title(
        admin,
        services.TitleInput(
            name_vi=HA_LONG_CAT_BA,
            name_en="Ha Long Bay – Cat Ba Archipelago",
            kind="world_natural",
            province_as_named="Quảng Ninh",
            provinces=("Hải Phòng",),
            stage="submitted_unesco",
            stage_on=dt.date(2022, 1, 20),
            ministry_role="Cục Ngoại vụ và Ngoại giao văn hóa phối hợp vận động các thành viên Ủy ban Di sản thế "
            "giới. " + ILLUSTRATIVE,
            delegation=selectors.unesco_delegation_code(),
            delegation_role="Phái đoàn thường trực Việt Nam tại UNESCO theo dõi, báo cáo kết quả kỳ họp.",
            summary="Hồ sơ mở rộng di sản thiên nhiên thế giới liên tỉnh do tỉnh Quảng Ninh chủ trì, thành phố "
            "Hải Phòng cùng thực hiện. " + ILLUSTRATIVE,
            visibility="shared",
        ),
        [
            services.StageInput(
                stage="inscribed",
                on=dt.date(2023, 9, 16),
                note="Ủy ban Di sản thế giới ghi danh tại kỳ họp lần thứ 45.",
                decision_on=dt.date(2023, 9, 16),
                decision_year=2023,
                next_step="Chuẩn bị báo cáo định kỳ",
                next_step_due_on=dt.date(2029, 9, 16),
            )
        ],
    )


@transaction.atomic
def load_demo_culture() -> str:
    today = timezone.localdate()
    admin = User.objects.get(username="admin")
    danang = User.objects.get(username="danang")
    created = 0
    created += _biosphere(
        admin,
        NUI_CHUA,
        "Nui Chua Biosphere Reserve",
        "Ninh Thuận",
        "Phái đoàn thường trực Việt Nam tại UNESCO theo dõi, báo cáo kết quả kỳ họp.",
    )
    created += _biosphere(
        admin,
        KON_HA_NUNG,
        "Kon Ha Nung Plateau Biosphere Reserve",
        "Gia Lai",
        "Phái đoàn thường trực Việt Nam tại UNESCO theo dõi, báo cáo kết quả kỳ họp.",
    )
    created += _ha_long_cat_ba(admin)
    created += _title(
        danang,
        services.TitleInput(
            name_vi=DOSSIER,
            kind="ich_representative",
            stage="preparation",
            stage_on=today - dt.timedelta(days=40),
            provinces=(),
            ministry_role="Cục hướng dẫn thủ tục, góp ý hồ sơ trước khi trình. " + ILLUSTRATIVE,
            next_step="Hoàn thiện hồ sơ khoa học và phim tư liệu",
            next_step_due_on=today + dt.timedelta(days=20),
            summary="Hồ sơ minh họa một di sản văn hóa phi vật thể của thành phố (dữ liệu mẫu).",
            visibility="shared",
        ),
        [],
    )
    if not CulturalEvent.objects.visible_to(danang, Action.VIEW).filter(title_vi=VIETNAM_DAYS).exists():
        start = today + dt.timedelta(days=25)
        services.event_create(
            actor=danang,
            data=services.EventInput(
                title_vi=VIETNAM_DAYS,
                title_en="Viet Nam Days in Japan – Da Nang",
                kind="vietnam_days",
                organisers="UBND thành phố Đà Nẵng; Đại sứ quán Việt Nam tại Nhật Bản",
                starts_on=start,
                ends_on=start + dt.timedelta(days=2),
                abroad=True,
                country="JP",
                city="Tokyo",
                mission="cqdd-jp-tokyo",
                status="planned",
                outcome_summary="Quảng bá văn hóa, du lịch thành phố. " + ILLUSTRATIVE,
                visibility="shared",
            ),
        )
        created += 1
    return f"culture: {created}"
