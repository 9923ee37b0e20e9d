"""Demo records of the overseas app (issue 21), created through the services so they have audit rows: the
association of Vietnamese in Japan kept by the Tokyo embassy, a notable overseas businessperson in Japan, the
ministry's Xuân Quê hương programme and summer camp, and the businessperson's investment in Đà Nẵng.
Idempotent by name. Dates, counts and amounts are illustrative (sample data), the notes say so."""

from __future__ import annotations

import datetime as dt
import decimal

from django.db import transaction

from ngoaivu.accounts.models import User
from ngoaivu.core.scoping import Action
from ngoaivu.overseas import services
from ngoaivu.overseas.models import OverseasAssociation, OverseasInvestment, OverseasPerson, OverseasProgramme

ASSOCIATION = "Hội người Việt Nam tại Nhật Bản"
PERSON = "Nguyễn Văn An (dữ liệu mẫu)"
XUAN = "Xuân Quê hương 2026"
CAMP = "Trại hè Việt Nam 2026"
INVESTMENT = "Khu nghỉ dưỡng sinh thái ven biển Đà Nẵng (dữ liệu mẫu)"
SAMPLE = "Số liệu, ngày cụ thể là minh họa (dữ liệu mẫu), cần đối chiếu với báo cáo chính thức."


@transaction.atomic
def load_demo_overseas() -> str:
    tokyo = User.objects.get(username="tokyo")
    mofa = User.objects.get(username="mofa")
    danang = User.objects.get(username="danang")
    made = 0
    association = (
        OverseasAssociation.objects.visible_to(tokyo, Action.VIEW).filter(name_vi=ASSOCIATION).first()
    )
    if association is None:
        association = services.association_create(
            actor=tokyo,
            data=services.AssociationInput(
                name_vi=ASSOCIATION,
                name_original="在日ベトナム人協会",
                kind="association",
                country="JP",
                city="Tokyo",
                mission="cqdd-jp-tokyo",
                founded_year=2019,
                members=5000,
                fields="Kết nối cộng đồng, hỗ trợ lao động và du học sinh, giữ gìn tiếng Việt",
                leader_name="Chủ tịch Hội (dữ liệu mẫu)",
                leader_role="Chủ tịch",
                contact_email="lienhe.sample@example.invalid",
                contact_phone="+81 3 0000 0000",
                consent=True,
                purpose="Liên hệ công tác cộng đồng",
                note=SAMPLE,
            ),
        )
        made += 1
    person = OverseasPerson.objects.visible_to(tokyo, Action.VIEW).filter(full_name=PERSON).first()
    if person is None:
        person = services.person_create(
            actor=tokyo,
            data=services.PersonInput(
                full_name=PERSON,
                country="JP",
                field="business",
                organisation="Doanh nghiệp của kiều bào tại Tokyo (dữ liệu mẫu)",
                position="Chủ tịch Hội đồng quản trị",
                association_ids=(association.pk,),
                consent=True,
                purpose="Kết nối đầu tư về quê hương",
                note=SAMPLE,
            ),
        )
        made += 1
    for title, kind, starts, ends, place, participants, countries in (
        (
            XUAN,
            "xuan_que_huong",
            dt.date(2026, 2, 7),
            dt.date(2026, 2, 8),
            "Hà Nội",
            1500,
            ("JP", "US", "FR", "DE", "AU"),
        ),
        (
            CAMP,
            "summer_camp",
            dt.date(2026, 7, 6),
            dt.date(2026, 7, 18),
            "Hà Nội, Đà Nẵng",
            120,
            ("JP", "US", "FR"),
        ),
    ):
        if OverseasProgramme.objects.visible_to(mofa, Action.VIEW).filter(title=title).exists():
            continue
        services.programme_create(
            actor=mofa,
            data=services.ProgrammeInput(
                title=title,
                kind=kind,
                starts_on=starts,
                ends_on=ends,
                organiser_name="Ủy ban Nhà nước về người Việt Nam ở nước ngoài, Bộ Ngoại giao",
                place=place,
                provinces=("01", "48") if kind == "summer_camp" else ("01",),
                countries=countries,
                association_ids=(association.pk,),
                participants=participants,
                outcomes=SAMPLE,
                status="planned",
            ),
        )
        made += 1
    if not OverseasInvestment.objects.visible_to(danang, Action.VIEW).filter(title=INVESTMENT).exists():
        services.investment_create(
            actor=danang,
            data=services.InvestmentInput(
                title=INVESTMENT,
                sector="Du lịch, dịch vụ",
                year=2025,
                person_id=person.pk,
                investor_name=PERSON,
                capital=decimal.Decimal("15000000"),
                currency="USD",
                status="licensed",
                source="Sở Tài chính thành phố Đà Nẵng (dữ liệu mẫu)",
                note=SAMPLE,
            ),
        )
        made += 1
    return f"overseas: {made}"
