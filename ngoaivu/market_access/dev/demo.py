"""The demo dossier (DOMAIN.md §7): Lục Ngạn lychee sold in Japan from the 2020 season after about five years of
talks backed by the embassy in Tokyo. Bắc Giang as named when the file was opened, Bắc Ninh (24) today. Made
through the services as the system actor "demo", so it has steps, history and audit rows. Idempotent: a second
run finds the dossier and changes nothing.

The day of each step is illustrative (the public sources give the years: request 2015, market open and first
shipment in 2020); the notes say so."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from ngoaivu.accounts.models import Organisation
from ngoaivu.audit.services import SystemActor
from ngoaivu.market_access import services
from ngoaivu.market_access.models import Dossier

DEMO = SystemActor("demo")
PRODUCT = "Vải thiều Lục Ngạn"
ILLUSTRATIVE = "Ngày trong năm là minh họa."
STEPS = [
    (
        "technical_dossier",
        dt.date(2016, 3, 1),
        "Gửi bộ hồ sơ kỹ thuật về vùng trồng vải Lục Ngạn và sinh vật gây hại cho phía Nhật Bản. "
        + ILLUSTRATIVE,
    ),
    (
        "pest_risk_analysis",
        dt.date(2017, 2, 15),
        "Phía Nhật Bản phân tích nguy cơ dịch hại (ruồi đục quả); đề xuất xử lý bằng hơi nước nóng. "
        + ILLUSTRATIVE,
    ),
    (
        "negotiation",
        dt.date(2018, 5, 2),
        "Đàm phán yêu cầu kiểm dịch thực vật, mã số vùng trồng và cơ sở xử lý; Đại sứ quán tại Nhật Bản "
        "thúc đẩy qua các cuộc làm việc với MAFF. " + ILLUSTRATIVE,
    ),
    (
        "inspection",
        dt.date(2019, 6, 10),
        "Chuyên gia Nhật Bản kiểm tra vùng trồng, cơ sở đóng gói và cơ sở xử lý hơi nước nóng. "
        + ILLUSTRATIVE,
    ),
    (
        "approval",
        dt.date(2020, 1, 20),
        "Nhật Bản chấp thuận nhập khẩu vải thiều tươi của Việt Nam từ vụ 2020. " + ILLUSTRATIVE,
    ),
    (
        "first_shipment",
        dt.date(2020, 6, 12),
        "Lô vải thiều Lục Ngạn đầu tiên được thông quan và bán tại Nhật Bản. " + ILLUSTRATIVE,
    ),
    (
        "renewal",
        dt.date(2021, 4, 15),
        "Hằng năm: rà soát, gia hạn mã số vùng trồng và cơ sở đóng gói trước vụ thu hoạch. " + ILLUSTRATIVE,
    ),
]


@transaction.atomic
def load_demo_market_access() -> str:
    owner = Organisation.objects.filter(kind=Organisation.Kind.PROVINCE, province_code="24").first()
    if owner is None:
        return "market_access: Bắc Ninh missing, nothing loaded"
    existing = Dossier.objects.system(reason="demo lookup").filter(
        owner_org=owner, product_vi=PRODUCT, market__iso2="JP", deleted_at__isnull=True
    )
    if existing.exists():
        return "market_access: 0 (already loaded)"
    dossier = services.dossier_create(
        actor=DEMO,
        owner_org_id=owner.pk,
        data=services.DossierInput(
            product_vi=PRODUCT,
            product_en="Luc Ngan lychee (fresh)",
            hs_code="081090",
            market="JP",
            stage="request",
            opened_on=dt.date(2015, 6, 1),
            provinces=("24",),
            former_province="24",
            province_as_named="Bắc Giang",
            mission="cqdd-jp-tokyo",
            vn_authority="Cục Bảo vệ thực vật (Bộ Nông nghiệp và Phát triển nông thôn, nay Bộ Nông nghiệp và Môi trường)",
            foreign_authority="Bộ Nông nghiệp, Lâm nghiệp và Thủy sản Nhật Bản (MAFF)",
            visibility="shared",
        ),
    )
    for stage, started_on, note in STEPS:
        services.step_add(
            actor=DEMO,
            dossier_id=dossier.pk,
            expected_version=None,
            data=services.StepInput(stage=stage, started_on=started_on, note=note),
        )
    today = timezone.localdate()
    services.step_add(
        actor=DEMO,
        dossier_id=dossier.pk,
        expected_version=None,
        data=services.StepInput(
            stage="renewal",
            started_on=today - dt.timedelta(days=20),
            note="Chuẩn bị hồ sơ gia hạn mã số vùng trồng cho vụ tới.",
            next_step="Gửi danh sách mã số vùng trồng gia hạn cho phía Nhật Bản qua Đại sứ quán",
            next_step_due=today + dt.timedelta(days=45),
        ),
    )
    return "market_access: 1 dossier (Vải thiều Lục Ngạn → Nhật Bản)"
