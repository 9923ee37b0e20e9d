"""Demo border cooperation (DOMAIN.md §7, issue 21), created through the services so they have audit rows: the
Lai Châu–Yunnan working group with its 2025 and 2026 meetings and their commitments (one done, one overdue, one
due soon, relative to the day of loading) and the next meeting planned, so its page shows the 2026 commitments
reported; the 7 northern border provinces with Yunnan and Guangxi (led by the National Boundary Commission);
Quảng Trị–Savannakhet (Laos). National-level border agreements (Bắc Luân, Bản Giốc) are linked when the
register holds them. Dates, places and names of documents are illustrative (to verify). Idempotent by name."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from ngoaivu.accounts.models import User
from ngoaivu.agreements.models import Agreement
from ngoaivu.border import services
from ngoaivu.border.models import BorderMechanism
from ngoaivu.core.scoping import Action

LAI_CHAU = "Nhóm công tác liên hợp Lai Châu (Việt Nam) – Vân Nam (Trung Quốc)"
NORTHERN = "Hợp tác 7 tỉnh biên giới phía Bắc Việt Nam với tỉnh Vân Nam và Khu tự trị Quảng Tây (Trung Quốc)"
QUANG_TRI = "Hội nghị thường niên Quảng Trị (Việt Nam) – Savannakhet (Lào)"
ILLUSTRATIVE = "Ngày, địa điểm và văn bản là minh họa (dữ liệu mẫu), cần đối chiếu với hồ sơ của tỉnh."


def _border_agreements(user: User) -> tuple[int, ...]:
    return tuple(
        Agreement.objects.visible_to(user, Action.VIEW)
        .filter(Q(title_vi__icontains="Bắc Luân") | Q(title_vi__icontains="Bản Giốc"))
        .values_list("pk", flat=True)[:10]
    )


def _exists(user: User, name: str) -> bool:
    return BorderMechanism.objects.visible_to(user, Action.VIEW).filter(name_vi=name).exists()


def _meeting(
    user: User, mechanism: BorderMechanism, title: str, start: dt.date, place: str, *, host: str = "vietnam"
) -> int:
    meeting = services.meeting_create(
        actor=user,
        mechanism_id=mechanism.pk,
        data=services.MeetingInput(
            title=title,
            kind="conference",
            starts_on=start,
            ends_on=start + dt.timedelta(days=1),
            host=host,
            place=place,
            delegations="Trưởng đoàn phía Việt Nam: Phó Chủ tịch UBND tỉnh; khoảng 20 thành viên mỗi bên. "
            + ILLUSTRATIVE,
        ),
    )
    if start <= timezone.localdate():
        meeting = services.meeting_action(
            actor=user, meeting_id=meeting.pk, action="hold", expected_version=None
        )
    return meeting.pk


@transaction.atomic
def load_demo_border() -> str:
    today = timezone.localdate()
    laichau = User.objects.get(username="laichau")
    admin = User.objects.get(username="admin")
    created = 0
    if not _exists(laichau, LAI_CHAU):
        m = services.mechanism_create(
            actor=laichau,
            data=services.MechanismInput(
                name_vi=LAI_CHAU,
                name_en="Lai Chau (Viet Nam) – Yunnan (China) Joint Working Group",
                kind="bilateral",
                level="working_group",
                countries=("CN",),
                members_as_named=("Lai Châu",),
                foreign_members=(services.ForeignMemberInput(name="Tỉnh Vân Nam", country="CN"),),
                founded_on=dt.date(2012, 4, 10),
                founding_doc_title="Biên bản thỏa thuận thành lập Nhóm công tác liên hợp. " + ILLUSTRATIVE,
                cycle="yearly",
                agreement_ids=_border_agreements(laichau),
            ),
        )
        first = _meeting(
            laichau,
            m,
            "Hội nghị Nhóm công tác liên hợp năm 2025",
            dt.date(2025, 9, 16),
            "Côn Minh",
            host="foreign",
        )
        done = services.commitment_add(
            actor=laichau,
            meeting_id=first,
            data=services.CommitmentInput(
                text="Trao đổi danh mục hàng hóa xuất nhập khẩu qua cửa khẩu Ma Lù Thàng",
                due_on=dt.date(2025, 12, 31),
                owner_org="tinh-12",
                owner_person="Sở Công Thương Lai Châu",
            ),
        )
        services.commitment_update(
            actor=laichau,
            meeting_id=first,
            commitment_id=done.pk,
            action="complete",
            expected_version=None,
            done_on=dt.date(2025, 12, 15),
            note="Đã trao đổi danh mục tại cuộc gặp cấp sở.",
        )
        services.commitment_add(
            actor=laichau,
            meeting_id=first,
            data=services.CommitmentInput(
                text="Phối hợp nghiên cứu mở cặp chợ biên giới mới",
                due_on=today - dt.timedelta(days=20),
                owner_org="tinh-12",
                owner_person="Ban Quản lý Khu kinh tế cửa khẩu",
                progress="Đang khảo sát địa điểm.",
            ),
        )
        second_day = dt.date(2026, 3, 18) if today >= dt.date(2026, 3, 20) else today - dt.timedelta(days=5)
        second = _meeting(
            laichau, m, "Hội nghị Nhóm công tác liên hợp năm 2026", second_day, "Thành phố Lai Châu"
        )
        services.meeting_action(
            actor=laichau,
            meeting_id=second,
            action="minutes",
            expected_version=None,
            minutes_number="01/BB-NCTLH",
            minutes_signed_on=second_day + dt.timedelta(days=1),
            summary="Hai bên thống nhất tăng cường quản lý biên giới, thúc đẩy thương mại và du lịch. "
            + ILLUSTRATIVE,
        )
        for text, days, person in (
            (
                "Tổ chức tuần tra song phương và trao đổi thông tin về quản lý biên giới",
                10,
                "Bộ đội Biên phòng tỉnh",
            ),
            ("Hoàn thiện hồ sơ nâng cấp cửa khẩu Ma Lù Thàng", 45, "Sở Ngoại vụ Lai Châu"),
            ("Xây dựng chương trình du lịch qua biên giới", -3, "Sở Văn hóa, Thể thao và Du lịch"),
        ):
            services.commitment_add(
                actor=laichau,
                meeting_id=second,
                data=services.CommitmentInput(
                    text=text,
                    due_on=max(today + dt.timedelta(days=days), second_day),
                    owner_org="tinh-12",
                    owner_person=person,
                ),
            )
        _meeting(
            laichau,
            m,
            "Hội nghị Nhóm công tác liên hợp năm 2027",
            today + dt.timedelta(days=40),
            "Mông Tự",
            host="foreign",
        )
        created += 1
    if not _exists(admin, NORTHERN):
        services.mechanism_create(
            actor=admin,
            data=services.MechanismInput(
                name_vi=NORTHERN,
                name_en="Cooperation of Viet Nam's 7 northern border provinces with Yunnan and Guangxi",
                kind="multilateral",
                level="leaders",
                countries=("CN",),
                members_as_named=(
                    "Quảng Ninh",
                    "Lạng Sơn",
                    "Cao Bằng",
                    "Hà Giang",
                    "Lào Cai",
                    "Lai Châu",
                    "Điện Biên",
                ),
                foreign_members=(
                    services.ForeignMemberInput(name="Tỉnh Vân Nam", country="CN"),
                    services.ForeignMemberInput(name="Khu tự trị dân tộc Choang Quảng Tây", country="CN"),
                ),
                founded_on=dt.date(2010, 1, 1),
                description="Cơ chế hợp tác giữa các tỉnh biên giới phía Bắc với hai địa phương Trung Quốc. "
                + ILLUSTRATIVE,
                cycle="yearly",
                agreement_ids=_border_agreements(admin),
                owner=services.BOUNDARY_UNIT,
            ),
        )
        created += 1
    if not _exists(admin, QUANG_TRI):
        services.mechanism_create(
            actor=admin,
            data=services.MechanismInput(
                name_vi=QUANG_TRI,
                name_en="Quang Tri (Viet Nam) – Savannakhet (Laos) annual conference",
                kind="bilateral",
                level="leaders",
                countries=("LA",),
                members_as_named=("Quảng Trị",),
                foreign_members=(services.ForeignMemberInput(name="Tỉnh Savannakhet", country="LA"),),
                founded_on=dt.date(2005, 1, 1),
                description=ILLUSTRATIVE,
                cycle="yearly",
                owner="tinh-44",
            ),
        )
        created += 1
    return f"border: {created}"
