"""Demo organisations' users and realistic partners (DOMAIN.md §7). Idempotent: existing rows are kept."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from ngoaivu.accounts.models import Organisation, Role, User
from ngoaivu.accounts.services import user_create
from ngoaivu.audit.services import SystemActor
from ngoaivu.directory import services
from ngoaivu.directory.models import Country, Partner

DEMO_PASSWORD = "ngoaivu-demo-2026"  # noqa: S105 - published demo password, printed by the command
ACTOR = SystemActor("demo")

# username, organisation code, roles, full name, superuser
DEMO_USERS: list[tuple[str, str, list[str], str, bool]] = [
    ("admin", "mofa", [Role.OFFICER, Role.HEAD, Role.ORG_ADMIN], "Quản trị hệ thống", True),
    ("mofa", "mofa", [Role.OFFICER], "Nguyễn Thu Hà (chuyên viên Cục)", False),
    ("mofa.lead", "mofa", [Role.OFFICER, Role.HEAD], "Trần Quốc Bảo (lãnh đạo Cục)", False),
    # organisation administrators: they manage their organisation's people and give only roles they hold,
    # so they hold officer and head too
    ("mofa.admin", "mofa", [Role.ORG_ADMIN, Role.OFFICER, Role.HEAD], "Đinh Thị Mai (quản trị Cục)", False),
    ("danang", "tinh-48", [Role.OFFICER, Role.HEAD], "Lê Minh Đức (Sở Ngoại vụ Đà Nẵng)", False),
    # a second head, so that what `danang` submits is approved by someone else (four eyes)
    ("danang.lead", "tinh-48", [Role.OFFICER, Role.HEAD], "Trương Thị Hạnh (Phó Giám đốc Sở, duyệt)", False),
    ("danang.cv", "tinh-48", [Role.OFFICER], "Phạm Thị Lan (chuyên viên)", False),
    ("danang.xem", "tinh-48", [Role.VIEWER], "Hoàng Văn Nam (chỉ xem)", False),
    ("danang.admin", "tinh-48", [Role.ORG_ADMIN, Role.OFFICER, Role.HEAD], "Võ Văn Tâm (quản trị Sở)", False),
    ("laichau", "tinh-12", [Role.OFFICER, Role.HEAD], "Lò Văn Thắng (Sở Ngoại vụ Lai Châu)", False),
    ("phutho", "tinh-25", [Role.OFFICER, Role.HEAD], "Đỗ Thị Hương (Phú Thọ)", False),
    ("tokyo", "cqdd-jp-tokyo", [Role.OFFICER, Role.HEAD], "Vũ Hải Nam (ĐSQ tại Nhật Bản)", False),
    ("seoul", "cqdd-kr-seoul", [Role.OFFICER, Role.HEAD], "Ngô Thanh Tùng (ĐSQ tại Hàn Quốc)", False),
    # the ministry's consular unit (Cục Lãnh sự): reads every citizen protection case, never names in clear
    ("lanhsu", "mofa-lanh-su", [Role.OFFICER, Role.HEAD], "Phan Minh Khoa (Cục Lãnh sự)", False),
]

# owner organisation, kind, original name, Vietnamese name, abbreviation, country, sector, visibility, description
DEMO_PARTNERS = [
    (
        "tinh-25",
        "agency",
        "Japan External Trade Organization",
        "Tổ chức Xúc tiến Thương mại Nhật Bản",
        "JETRO",
        "JP",
        "Xúc tiến đầu tư, thương mại",
        "shared",
        "Ký bản ghi nhớ với UBND tỉnh Vĩnh Phúc (nay thuộc Phú Thọ) về xúc tiến đầu tư; đồng tổ chức hội nghị "
        "kết nối Vĩnh Phúc – Nhật Bản năm 2022.",
    ),
    (
        "tinh-48",
        "locality",
        "堺市 (Sakai City)",
        "Thành phố Sakai",
        "",
        "JP",
        "Hợp tác địa phương",
        "shared",
        "Quan hệ hợp tác hữu nghị với thành phố Đà Nẵng.",
    ),
    (
        "tinh-48",
        "locality",
        "대구광역시 (Daegu Metropolitan City)",
        "Thành phố Daegu",
        "",
        "KR",
        "Hợp tác địa phương, giáo dục",
        "shared",
        "Đối tác hợp tác của Đà Nẵng trong giáo dục và du lịch.",
    ),
    (
        "tinh-48",
        "company",
        "Daiwa House Industry Co., Ltd.",
        "Công ty Daiwa House",
        "",
        "JP",
        "Bất động sản công nghiệp",
        "private",
        "Nhà đầu tư tiềm năng cho khu công nghệ cao; đang trao đổi riêng, chưa chia sẻ.",
    ),
    (
        "tinh-12",
        "locality",
        "云南省 (Yunnan Province)",
        "Tỉnh Vân Nam",
        "",
        "CN",
        "Biên giới, thương mại",
        "shared",
        "Địa phương giáp biên; cơ chế hợp tác của 7 tỉnh biên giới phía Bắc với Vân Nam và Quảng Tây.",
    ),
    (
        "tinh-12",
        "agency",
        "Dubai Chamber of Commerce",
        "Phòng Thương mại Dubai",
        "",
        "AE",
        "Xuất khẩu chè",
        "private",
        "Đầu mối hội thảo xuất khẩu chè Lai Châu sang Trung Đông, Bắc Phi và Nam Á (06/2022).",
    ),
    (
        "cqdd-kr-seoul",
        "agency",
        "Korea Trade-Investment Promotion Agency",
        "Cơ quan Xúc tiến Thương mại và Đầu tư Hàn Quốc",
        "KOTRA",
        "KR",
        "Xúc tiến đầu tư, thương mại",
        "shared",
        "Đầu mối giới thiệu doanh nghiệp Hàn Quốc cho các địa phương; phối hợp hội nghị “Thanh Hóa gặp gỡ Hàn Quốc” 25/03/2022.",
    ),
    (
        "cqdd-jp-tokyo",
        "international_org",
        "Japan International Cooperation Agency",
        "Cơ quan Hợp tác Quốc tế Nhật Bản",
        "JICA",
        "JP",
        "Hợp tác phát triển",
        "shared",
        "Hỗ trợ kỹ thuật và ODA cho nhiều địa phương.",
    ),
    (
        "mofa",
        "international_org",
        "UNESCO",
        "Tổ chức Giáo dục, Khoa học và Văn hóa Liên hợp quốc",
        "UNESCO",
        "FR",
        "Di sản, khu dự trữ sinh quyển",
        "shared",
        "Công nhận khu dự trữ sinh quyển Núi Chúa (Ninh Thuận, nay Khánh Hòa) và Kon Hà Nừng (Gia Lai) 09/2021.",
    ),
]


@transaction.atomic
def load_demo() -> dict[str, int]:
    created = {"users": 0, "partners": 0, "contacts": 0}
    users: dict[str, User] = {}
    for username, org_code, roles, full_name, superuser in DEMO_USERS:
        user = User.objects.filter(username=username).first()
        if user is None:
            org = Organisation.objects.get(code=org_code)
            user = user_create(
                actor=ACTOR,
                username=username,
                password=DEMO_PASSWORD,
                organisation=org,
                roles=roles,
                full_name=full_name,
                email=f"{username}@demo.ngoaivu.local",
                is_superuser=superuser,
                check_password=False,
            )
            created["users"] += 1
        users[org_code] = users.get(org_code, user)
    for owner, kind, name, name_vi, abbr, iso2, sector, visibility, description in DEMO_PARTNERS:
        org = Organisation.objects.get(code=owner)
        if Partner.objects.system(reason="demo idempotence").filter(owner_org=org, name=name).exists():
            continue
        actor: Any = users[owner]
        partner = services.partner_create(
            actor=actor,
            data={
                "kind": kind,
                "name": name,
                "name_vi": name_vi,
                "abbreviation": abbr,
                "country_id": Country.objects.get(iso2=iso2).pk,
                "sector": sector,
                "visibility": visibility,
                "description": description,
            },
        )
        created["partners"] += 1
        if abbr == "JETRO":
            services.contact_create(
                actor=actor,
                partner_id=partner.pk,
                data={
                    "family_name": "Tanaka",
                    "given_name": "Hiroshi",
                    "title": "Trưởng đại diện (dữ liệu mẫu)",
                    "languages": "ja, en, vi",
                    "email": "tanaka.sample@example.invalid",
                    "phone": "+84 24 0000 0000",
                    "consent": True,
                    "purpose": "Liên hệ xúc tiến đầu tư",
                },
            )
            created["contacts"] += 1
    return created


def demo_accounts_text() -> str:
    lines = ["Tài khoản dùng thử / demo accounts (mật khẩu / password: " + DEMO_PASSWORD + "):"]
    for username, org, roles, name, _su in DEMO_USERS:
        lines.append(f"  {username:<12} {org:<16} {','.join(roles):<28} {name}")
    lines.append(
        "CẢNH BÁO: chỉ để dùng thử, không dùng trên máy chủ thật. / WARNING: for trying it out only."
    )
    return "\n".join(lines)
