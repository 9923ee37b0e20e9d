"""Demo requests (DOMAIN.md §7), created through the services so that they have numbers, deadlines,
history and audit rows. Idempotent: a request with the same title from the same province is not made twice."""

from __future__ import annotations

from django.db import transaction

from ngoaivu.accounts.models import Organisation, User
from ngoaivu.audit import services as audit
from ngoaivu.audit.services import SystemActor
from ngoaivu.requests import services
from ngoaivu.requests.models import ServiceRequest

DEMO = [
    (
        "laichau",
        "Kết nối nhà nhập khẩu chè Lai Châu tại Trung Đông",
        "Tỉnh cần danh sách nhà nhập khẩu chè và thông tin tiêu chuẩn nhập khẩu tại UAE để chuẩn bị hội thảo "
        "xúc tiến xuất khẩu chè sang Trung Đông, Bắc Phi và Nam Á.",
        "trade",
        ["mofa", "cqdd-ae-abu-dhabi"],
        ["AE"],
        "abu-dhabi-answers",
    ),
    (
        "phutho",
        "Hỗ trợ tổ chức Hội nghị kết nối Phú Thọ – Nhật Bản",
        "Đề nghị Đại sứ quán giới thiệu doanh nghiệp Nhật Bản quan tâm đầu tư vào khu công nghiệp của tỉnh "
        "(địa bàn Vĩnh Phúc cũ) và phối hợp với JETRO.",
        "investment",
        ["cqdd-jp-tokyo"],
        ["JP"],
        "tokyo-answers",
    ),
    (
        "danang",
        "Tham vấn Đề án hội nhập quốc tế của thành phố đến năm 2030",
        "Đề nghị Bộ Ngoại giao góp ý dự thảo Đề án hội nhập quốc tế của thành phố Đà Nẵng đến năm 2030.",
        "other",
        ["mofa"],
        [],
        "pending",
    ),
]


# Four eyes: a draft that needs approval is approved by another head. Đà Nẵng keeps the approval step
# (danang submits, danang.lead approves); Lai Châu and Phú Thọ, with one head each in the demo, are set to
# let their officers send directly (the organisation's setting, unticked).
SEND_DIRECTLY = ("tinh-12", "tinh-25")
APPROVER = {"danang": "danang.lead"}


@transaction.atomic
def load_demo_requests() -> dict[str, int]:
    created = 0
    for code in SEND_DIRECTLY:
        audit.upsert(
            Organisation.objects,
            actor=SystemActor("demo"),
            lookup={"code": code},
            values={"request_approval_required": False},
            target_is_org=True,
        )
    for username, title, description, category, recipients, countries, scenario in DEMO:
        author = User.objects.get(username=username)
        if ServiceRequest.objects.visible_to(author).filter(title=title).exists():
            continue
        req = services.request_create(
            actor=author,
            data=services.DraftInput(
                title=title,
                description=description,
                category=category,
                recipients=recipients,
                target_countries=tuple(countries),
                # Phú Thọ shares its answered request: other provinces drafting on investment in Japan see it
                shared=scenario == "tokyo-answers",
            ),
        )
        services.request_action(actor=author, request_id=req.pk, action="submit")
        if username in APPROVER:
            approver = User.objects.get(username=APPROVER[username])
            services.request_action(actor=approver, request_id=req.pk, action="approve")
        if scenario == "tokyo-answers":
            tokyo = User.objects.get(username="tokyo")
            services.request_action(actor=tokyo, request_id=req.pk, action="acknowledge")
            services.request_action(
                actor=tokyo,
                request_id=req.pk,
                action="answer",
                text="Đại sứ quán đã làm việc với JETRO Tokyo; 6 doanh nghiệp linh kiện điện tử quan tâm.",
                partner_contacts="JETRO – Phòng Xúc tiến đầu tư ra nước ngoài (dữ liệu mẫu)",
                next_steps="Tỉnh gửi hồ sơ khu công nghiệp bằng tiếng Nhật trước hội nghị.",
            )
            services.request_action(
                actor=author, request_id=req.pk, action="rate", rating=5, text="Cụ thể, kịp thời."
            )
        created += 1
    return {"requests": created}
