"""Demo locality profiles: Đà Nẵng, Lai Châu and a few other provinces, and the Japanese and Korean localities of
the directory demo (Sakai, Daegu). Written through the service as the system actor "demo", so they have versions
and audit rows. Idempotent: a profile that exists is left alone.

Population and area are left blank: no source at hand was sure enough (the figures of Resolution 202/2025/QH15
for the merged provinces should be entered from the resolution itself, with its name as the source). The texts
describe each locality's economy in general terms only."""

from __future__ import annotations

from django.db import transaction

from ngoaivu.audit.services import SystemActor
from ngoaivu.directory.models import Partner
from ngoaivu.partnering import profiles_services as services
from ngoaivu.partnering.models import LocalityProfile

DEMO = SystemActor("demo")
PROVINCES = [
    (
        "48",
        "Du lịch, dịch vụ; công nghệ thông tin; cảng biển và logistics; công nghiệp.",
        "Cảng biển, sân bay quốc tế; điểm đến du lịch; đối tác hợp tác lâu năm với các địa phương Nhật Bản và "
        "Hàn Quốc.",
        ("tourism", "investment", "education", "science"),
        "Phòng Hợp tác quốc tế",
        "Sở Ngoại vụ Thành phố Đà Nẵng",
    ),
    (
        "12",
        "Nông, lâm nghiệp (chè, dược liệu); thủy điện; du lịch cộng đồng.",
        "Vùng chè; dược liệu; cảnh quan núi cao; tỉnh biên giới giáp Trung Quốc.",
        ("agriculture", "trade", "tourism"),
        "Phòng Hợp tác quốc tế",
        "Sở Ngoại vụ Tỉnh Lai Châu",
    ),
    (
        "01",
        "Dịch vụ, công nghiệp, công nghệ; giáo dục và đào tạo.",
        "Thủ đô; trung tâm chính trị, văn hóa, giáo dục của cả nước.",
        ("education", "culture", "investment"),
        "",
        "",
    ),
    (
        "22",
        "Du lịch; công nghiệp; cảng biển; thương mại biên giới.",
        "Vịnh Hạ Long; cửa khẩu với Trung Quốc.",
        ("tourism", "trade", "environment"),
        "",
        "",
    ),
]
FOREIGN = [
    ("堺市 (Sakai City)", ("education", "culture", "people"), "Thành phố công nghiệp thuộc phủ Ô-xa-ca."),
    (
        "대구광역시 (Daegu Metropolitan City)",
        ("education", "tourism", "health"),
        "Thành phố lớn của Hàn Quốc.",
    ),
]


@transaction.atomic
def load_demo_profiles() -> dict[str, int]:
    created = 0
    for code, industries, strengths, fields, contact, title in PROVINCES:
        if LocalityProfile.objects.system(reason="demo idempotence").filter(province__code=code).exists():
            continue
        services.profile_save(
            actor=DEMO,
            code=code,
            data=services.ProfileInput(
                main_industries=industries,
                strengths=strengths,
                fields_sought=fields,
                contact_name=contact,
                contact_title=title,
            ),
            expected_version=None,
        )
        created += 1
    for name, fields, strengths in FOREIGN:
        partner = (
            Partner.objects.system(reason="demo profiles")
            .filter(name=name, kind=Partner.Kind.LOCALITY, deleted_at__isnull=True)
            .first()
        )
        if partner is None:  # the directory demo was not loaded
            continue
        if LocalityProfile.objects.system(reason="demo idempotence").filter(partner=partner).exists():
            continue
        services.profile_save(
            actor=DEMO,
            code=f"partner-{partner.pk}",
            data=services.ProfileInput(strengths=strengths, fields_sought=fields),
            expected_version=None,
        )
        created += 1
    return {"locality_profiles": created}
