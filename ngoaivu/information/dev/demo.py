"""Demo briefs (issue 23): the embassies in Tokyo and Seoul write to Đà Nẵng and Lai Châu on the seafood and tea
markets; Đà Nẵng subscribes to Japan's seafood, reads a brief and marks it useful. Made through the services (the
system actor "demo" writes and publishes; the demo user `danang` reads and rates), so the briefs have history and
audit rows. Idempotent: a second run finds the briefs and changes nothing.

The texts are illustrative, written for the demo: they name no figure, rule or date as a fact."""

from __future__ import annotations

from django.db import transaction

from ngoaivu.accounts.models import Organisation, User
from ngoaivu.audit.services import SystemActor
from ngoaivu.directory.models import FreeTradeAgreement
from ngoaivu.information import services
from ngoaivu.information.models import Brief
from ngoaivu.information.reference import load_information_reference

DEMO = SystemActor("demo")
ILLUSTRATIVE = "(Nội dung minh họa cho bản trình diễn.)"
BRIEFS = [
    # (author org, title, kind, countries, HS chapters, FTA short name, provinces, summary)
    (
        "cqdd-jp-tokyo",
        "Thị trường thủy sản Nhật Bản: yêu cầu truy xuất nguồn gốc với tôm, cá xuất khẩu",
        "market",
        ("JP",),
        ("03", "16"),
        "CPTPP",
        ("48",),
        "Nhà nhập khẩu Nhật Bản đề nghị doanh nghiệp Việt Nam chuẩn bị hồ sơ truy xuất nguồn gốc và chứng nhận "
        "vùng nuôi trước khi chào hàng; Đại sứ quán sẵn sàng kết nối với các hiệp hội nhập khẩu.",
    ),
    (
        "cqdd-jp-tokyo",
        "Chè Việt Nam tại Nhật Bản: cơ hội với dòng chè xanh đặc sản",
        "sector",
        ("JP",),
        ("09",),
        "",
        ("12", "48"),
        "Người tiêu dùng Nhật Bản quan tâm đến chè xanh đặc sản có chứng nhận hữu cơ; Đại sứ quán gợi ý các "
        "hội chợ thực phẩm để doanh nghiệp chè giới thiệu sản phẩm.",
    ),
    (
        "cqdd-kr-seoul",
        "Thị trường chè Hàn Quốc: yêu cầu dư lượng thuốc bảo vệ thực vật",
        "warning",
        ("KR",),
        ("09",),
        "",
        ("12",),
        "Cơ quan kiểm dịch Hàn Quốc tăng kiểm tra dư lượng thuốc bảo vệ thực vật với chè nhập khẩu; doanh nghiệp "
        "nên kiểm nghiệm trước khi xuất hàng.",
    ),
    (
        "cqdd-kr-seoul",
        "Thủy sản chế biến sang Hàn Quốc: kết nối nhà nhập khẩu",
        "partner_profile",
        ("KR",),
        ("03", "16"),
        "",
        ("48",),
        "Một số nhà nhập khẩu Hàn Quốc tìm nhà cung cấp thủy sản chế biến; Đại sứ quán có thể giới thiệu khi tỉnh "
        "gửi danh sách doanh nghiệp quan tâm.",
    ),
]


@transaction.atomic
def load_demo_information() -> str:
    load_information_reference()
    orgs = {
        o.code: o for o in Organisation.objects.filter(code__in={"cqdd-jp-tokyo", "cqdd-kr-seoul", "tinh-48"})
    }
    if len(orgs) < 3:
        return "information: demo organisations missing, nothing loaded"
    existing = set(
        Brief.objects.system(reason="demo loader: already loaded?").values_list("title", flat=True)
    )
    made = []
    for org, title, kind, countries, products, fta, provinces, summary in BRIEFS:
        if title in existing:
            continue
        has_fta = bool(fta) and FreeTradeAgreement.objects.filter(short_name=fta).exists()
        brief = services.brief_create(
            actor=DEMO,
            owner_org_id=orgs[org].pk,
            data=services.BriefInput(
                title=title,
                summary=summary,
                body=f"{summary}\n\n{ILLUSTRATIVE}",
                kind=kind,
                countries=countries,
                products=products,
                fta=fta if has_fta else "",
                audience="provinces",
                provinces=provinces,
            ),
        )
        made.append(services.brief_publish(actor=DEMO, brief_id=brief.pk, expected_version=brief.version))
    if not made:
        return "information: 0 (already loaded)"
    services.subscription_create(
        actor=DEMO,
        owner_org_id=orgs["tinh-48"].pk,
        data=services.SubscriptionInput(name="Thủy sản sang Nhật Bản", countries=("JP",), products=("03",)),
    )
    danang = User.objects.filter(username="danang", is_active=True).first()
    if danang is not None:
        first = made[0]
        services.mark_read(actor=danang, brief=first)
        services.brief_rate(
            actor=danang,
            brief_id=first.pk,
            useful=True,
            comment="Hữu ích; đề nghị Đại sứ quán gửi thêm danh sách hiệp hội nhập khẩu.",
        )
    return f"information: {len(made)} briefs, 1 subscription (Đà Nẵng), 1 rating"
