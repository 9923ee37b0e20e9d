"""Demo agreements (DOMAIN.md §7: the Vĩnh Phúc–JETRO MOU; Đà Nẵng's partner cities), created through the
services so that they have legal steps, roadmaps, history and audit rows. Idempotent by title and province.
Dates are relative to the day of loading so that a fresh demo shows a dormant agreement, an overdue
post-signing report, a consultation waiting at the ministry and an agreement about to expire."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from ngoaivu.accounts.models import User
from ngoaivu.agreements import services
from ngoaivu.agreements.models import Agreement
from ngoaivu.directory.models import Partner


def _partner(user: User, abbreviation_or_name: str) -> tuple[int, ...]:
    found = Partner.objects.visible_to(user).filter(name__icontains=abbreviation_or_name).first() or (
        Partner.objects.visible_to(user).filter(abbreviation=abbreviation_or_name).first()
    )
    return (found.pk,) if found else ()


@transaction.atomic
def load_demo_agreements() -> dict[str, int]:
    today = timezone.localdate()
    created = 0
    phutho = User.objects.get(username="phutho")
    danang = User.objects.get(username="danang")
    mofa = User.objects.get(username="mofa")
    plans = [
        (
            phutho,
            services.AgreementInput(
                kind="mou",
                title_vi="Bản ghi nhớ hợp tác xúc tiến đầu tư giữa UBND tỉnh Vĩnh Phúc và JETRO",
                title_foreign="Memorandum of Understanding on Investment Promotion",
                foreign_language="en",
                province="Vinh Phuc",
                vn_party="UBND tỉnh Vĩnh Phúc",
                country="JP",
                partner_ids=_partner(phutho, "JETRO"),
                fields=("investment", "trade"),
                signed_on=dt.date(2022, 3, 15),
                signed_place="Vĩnh Phúc",
                valid_from=dt.date(2022, 3, 15),
                valid_until=today + dt.timedelta(days=75),
                state="in_implementation",
                description="Phối hợp tổ chức hội nghị kết nối Vĩnh Phúc – Nhật Bản; chia sẻ thông tin nhà đầu tư.",
            ),
            "roadmap",
        ),
        (
            danang,
            services.AgreementInput(
                kind="sister_city",
                title_vi="Thỏa thuận hợp tác hữu nghị giữa thành phố Đà Nẵng và thành phố Sakai",
                province="Đà Nẵng",
                vn_party="UBND thành phố Đà Nẵng",
                country="JP",
                partner_ids=_partner(danang, "Sakai"),
                fields=("culture", "education", "people"),
                signed_on=dt.date(2019, 10, 8),
                state="in_implementation",
            ),
            "dormant",
        ),
        (
            danang,
            services.AgreementInput(
                kind="provincial",
                title_vi="Thỏa thuận hợp tác giáo dục và du lịch với thành phố Daegu",
                province="Đà Nẵng",
                vn_party="UBND thành phố Đà Nẵng",
                country="KR",
                partner_ids=_partner(danang, "Daegu"),
                fields=("education", "tourism"),
            ),
            "consultation",
        ),
        (
            danang,
            services.AgreementInput(
                kind="provincial",
                title_vi="Thỏa thuận hợp tác phát triển công nghệ cao với tỉnh Quảng Đông (dữ liệu mẫu)",
                province="Quang Nam",
                vn_party="UBND tỉnh Quảng Nam",
                country="CN",
                fields=("science", "investment"),
            ),
            "report_overdue",
        ),
    ]
    for author, data, scenario in plans:
        if Agreement.objects.visible_to(author).filter(title_vi=data.title_vi).exists():
            continue
        agreement = services.agreement_create(actor=author, data=data)
        created += 1
        if scenario == "roadmap":
            for title, due, status, progress in (
                ("Hội nghị kết nối Vĩnh Phúc – Nhật Bản", dt.date(2022, 9, 30), "done", 100),
                (
                    "Đoàn doanh nghiệp Nhật Bản khảo sát khu công nghiệp",
                    today + dt.timedelta(days=20),
                    "in_progress",
                    40,
                ),
                ("Báo cáo kết quả 3 năm thực hiện", today - dt.timedelta(days=10), "planned", 0),
            ):
                services.milestone_create(
                    actor=author,
                    agreement_id=agreement.pk,
                    data={
                        "title": title,
                        "owner": "Sở Ngoại vụ",
                        "due_on": due,
                        "status": status,
                        "progress": progress,
                    },
                )
        elif scenario == "dormant":
            Agreement.objects.system(reason="demo: an agreement idle since signing").filter(
                pk=agreement.pk
            ).update(last_activity_on=dt.date(2019, 10, 8))
        elif scenario == "consultation":
            services.agreement_action(
                actor=author,
                agreement_id=agreement.pk,
                action="consult",
                data=services.ActionInput(bodies=("Bộ Tư pháp",)),
            )
        elif scenario == "report_overdue":
            services.agreement_action(
                actor=author,
                agreement_id=agreement.pk,
                action="consult",
                data=services.ActionInput(on=today - dt.timedelta(days=45)),
            )
            step = agreement.legal_steps.get()
            services.agreement_action(
                actor=mofa,
                agreement_id=agreement.pk,
                action="record_opinion",
                data=services.ActionInput(
                    step_id=step.pk,
                    outcome="agree",
                    document_number="DEMO/BNG-NV",
                    on=today - dt.timedelta(days=38),
                ),
            )
            services.agreement_action(
                actor=author,
                agreement_id=agreement.pk,
                action="approve",
                data=services.ActionInput(on=today - dt.timedelta(days=35)),
            )
            services.agreement_action(
                actor=author,
                agreement_id=agreement.pk,
                action="sign",
                data=services.ActionInput(on=today - dt.timedelta(days=30), signed_place="Đà Nẵng"),
            )
    return {"agreements": created}
