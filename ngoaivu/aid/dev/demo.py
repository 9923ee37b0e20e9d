"""Demo NGO aid (issue 20): two foreign NGO projects told as the seeds tell them — a Japanese NGO's project in
Lai Châu, and a Korean NGO's project approved under Quảng Nam (before the 2025 merger) that Đà Nẵng now keeps
— each with planned and actual disbursement 2021–2025 and a report. Names and figures are illustrative (the
description says so). Created through the services (audited, versioned); idempotent by owner and title."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction

from ngoaivu.accounts.models import User
from ngoaivu.aid import services
from ngoaivu.aid.models import AidProject
from ngoaivu.directory import services as directory_services
from ngoaivu.directory.models import Country, Partner

ILLUSTRATIVE = "Số liệu minh họa cho bản dùng thử, không phải số liệu chính thức."

PROJECTS: list[dict[str, Any]] = [
    {
        "user": "laichau",
        "ngo": ("Rural Education Support Japan", "Hội Hỗ trợ giáo dục vùng cao Nhật Bản", "JP"),
        "input": {
            "title": "Nâng cao chất lượng giáo dục mầm non và tiểu học vùng cao huyện Sìn Hồ (cũ)",
            "fields": ("education", "health"),
            "localities": "các xã vùng cao thuộc huyện Sìn Hồ cũ, tỉnh Lai Châu",
            "approval_number": "318/QĐ-UBND",
            "approval_date": dt.date(2021, 3, 22),
            "approving_body": "UBND tỉnh Lai Châu",
            "commitment": Decimal("480000"),
            "currency": "USD",
            "start_on": dt.date(2021, 4, 1),
            "end_on": dt.date(2025, 12, 31),
            "status": "in_progress",
            "description": "Xây phòng học, tập huấn giáo viên, bữa ăn bán trú cho học sinh dân tộc thiểu số. "
            + ILLUSTRATIVE,
        },
        # year: (planned, actual)
        "years": {
            2021: (90000, 72000),
            2022: (100000, 95000),
            2023: (100000, 104000),
            2024: (100000, 88000),
            2025: (90000, 61000),
        },
        "report": ("Báo cáo tiến độ năm 2024", dt.date(2025, 1, 20)),
    },
    {
        "user": "danang",
        "ngo": ("Korea Rural Water Partnership", "Tổ chức Đối tác nước sạch nông thôn Hàn Quốc", "KR"),
        "input": {
            "title": "Cấp nước sạch và vệ sinh môi trường cho các xã miền núi huyện Nam Giang (cũ)",
            "fields": ("environment", "health"),
            "localities": "xã Chà Vàl, xã Zuôih, huyện Nam Giang (cũ), tỉnh Quảng Nam (cũ)",
            "former_province": "49",
            "province_as_named": "Quảng Nam",
            "approval_number": "1125/QĐ-UBND",
            "approval_date": dt.date(2021, 5, 10),
            "approving_body": "UBND tỉnh Quảng Nam",
            "commitment": Decimal("6500000000"),
            "currency": "KRW",
            "start_on": dt.date(2021, 6, 1),
            "end_on": dt.date(2025, 6, 30),
            "status": "completed",
            "description": "Hệ thống cấp nước tự chảy, nhà vệ sinh trường học, tập huấn vệ sinh cá nhân. "
            + ILLUSTRATIVE,
        },
        "years": {
            2021: (1000000000, 800000000),
            2022: (1500000000, 1450000000),
            2023: (1500000000, 1600000000),
            2024: (1500000000, 1380000000),
            2025: (1000000000, 1020000000),
        },
        "report": ("Báo cáo kết thúc dự án", dt.date(2025, 8, 15)),
    },
]


def _ngo(user: User, name: str, name_vi: str, country: str) -> Partner:
    found = Partner.objects.visible_to(user).filter(name=name, kind=Partner.Kind.NGO).first()
    if found is not None:
        return found
    return directory_services.partner_create(
        actor=user,
        data={
            "kind": "ngo",
            "name": name,
            "name_vi": name_vi,
            "country_id": Country.objects.get(iso2=country).pk,
            "visibility": "shared",
            "sector": "Viện trợ phi chính phủ",
            "description": ILLUSTRATIVE,
        },
    )


@transaction.atomic
def load_demo_aid() -> dict[str, int]:
    created = 0
    for plan in PROJECTS:
        user = User.objects.get(username=plan["user"])
        data = plan["input"]
        if AidProject.objects.visible_to(user).filter(title=data["title"]).exists():
            continue
        ngo = _ngo(user, *plan["ngo"])
        project = services.project_create(
            actor=user,
            data=services.ProjectInput(ngo_id=ngo.pk, **data),
            years=tuple(
                services.YearInput(year=y, planned=Decimal(p), actual=Decimal(a))
                for y, (p, a) in plan["years"].items()
            ),
        )
        title, on = plan["report"]
        services.report_add(
            actor=user,
            project_id=project.pk,
            data=services.ReportInput(reported_on=on, title=title, summary=ILLUSTRATIVE),
        )
        created += 1
    return {"aid_projects": created}
