from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from ngoaivu.core.models import ScopedModel, VersionedModel
from ngoaivu.core.scoping import ScopedManager
from ngoaivu.directory.querysets import ContactQuerySet, PartnerQuerySet


class ReferenceModel(VersionedModel):
    """Readable by any signed-in user; changed by administrators and the reference-data loader."""

    search_text = models.TextField(blank=True, default="")
    sort_key = models.CharField(max_length=600, blank=True, default="", db_index=True)

    class Meta:
        abstract = True


class Province(ReferenceModel):
    """One of the 34 provincial units in force since 1 July 2025 (Resolution 202/2025/QH15)."""

    class Kind(models.TextChoices):
        PROVINCE = "tinh", _("Tỉnh")
        CITY = "thanh_pho", _("Thành phố trực thuộc trung ương")

    code = models.CharField(_("Mã"), max_length=2, unique=True)
    name = models.CharField(_("Tên"), max_length=100)
    name_en = models.CharField(_("Tên tiếng Anh"), max_length=100, blank=True)
    kind = models.CharField(_("Loại"), max_length=20, choices=Kind.choices)
    capital = models.CharField(_("Trung tâm hành chính"), max_length=100, blank=True)
    valid_from = models.DateField(_("Hiệu lực từ"))

    class Meta:
        ordering = ["sort_key", "pk"]
        verbose_name = _("Tỉnh, thành phố")
        verbose_name_plural = _("Tỉnh, thành phố")

    def __str__(self) -> str:
        return self.name

    @property
    def full_name(self) -> str:
        return f"{'Thành phố' if self.kind == self.Kind.CITY else 'Tỉnh'} {self.name}"


class FormerProvince(ReferenceModel):
    """One of the 63 provincial units before 1 July 2025, with the current province it became part of."""

    code = models.CharField(_("Mã (trước 01/07/2025)"), max_length=2, unique=True)
    name = models.CharField(_("Tên"), max_length=100)
    kind = models.CharField(_("Loại"), max_length=20, choices=Province.Kind.choices)
    successor = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="predecessors", verbose_name=_("Nay thuộc")
    )
    valid_to = models.DateField(_("Hiệu lực đến"))

    class Meta:
        ordering = ["sort_key", "pk"]
        verbose_name = _("Tỉnh, thành phố (trước sáp nhập)")
        verbose_name_plural = _("Tỉnh, thành phố (trước sáp nhập)")

    def __str__(self) -> str:
        return self.name


class ProvinceAlias(models.Model):
    """Other spellings (TP.HCM, Sài Gòn, BR-VT, TT-Huế) that resolve to a former or current unit."""

    alias_key = models.CharField(max_length=100, unique=True)
    alias = models.CharField(max_length=100)
    former = models.ForeignKey(FormerProvince, null=True, blank=True, on_delete=models.CASCADE)
    current = models.ForeignKey(Province, null=True, blank=True, on_delete=models.CASCADE)

    def __str__(self) -> str:
        return self.alias


class Country(ReferenceModel):
    iso2 = models.CharField(_("Mã ISO alpha-2"), max_length=2, unique=True)
    iso3 = models.CharField(_("Mã ISO alpha-3"), max_length=3, unique=True)
    numeric = models.CharField(_("Mã số ISO"), max_length=3)
    name_vi = models.CharField(_("Tên tiếng Việt"), max_length=150)
    name_en = models.CharField(_("Tên tiếng Anh"), max_length=150)
    is_territory = models.BooleanField(_("Vùng lãnh thổ"), default=False)
    region = models.CharField(_("Khu vực"), max_length=60, blank=True)
    source = models.CharField(_("Nguồn tên gọi"), max_length=300, blank=True)

    class Meta:
        ordering = ["sort_key", "pk"]
        verbose_name = _("Quốc gia, vùng lãnh thổ")
        verbose_name_plural = _("Quốc gia, vùng lãnh thổ")

    def __str__(self) -> str:
        return self.name_vi


class Mission(ReferenceModel):
    class Kind(models.TextChoices):
        EMBASSY = "embassy", _("Đại sứ quán")
        CONSULATE_GENERAL = "consulate_general", _("Tổng Lãnh sự quán")
        CONSULATE = "consulate", _("Lãnh sự quán")
        PERMANENT_MISSION = "permanent_mission", _("Phái đoàn thường trực")
        OFFICE = "office", _("Văn phòng")

    code = models.SlugField(_("Mã"), max_length=60, unique=True)
    organisation = models.OneToOneField(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="mission", verbose_name=_("Đơn vị")
    )
    kind = models.CharField(_("Loại"), max_length=20, choices=Kind.choices)
    name_vi = models.CharField(_("Tên tiếng Việt"), max_length=300)
    name_en = models.CharField(_("Tên tiếng Anh"), max_length=300)
    city = models.CharField(_("Thành phố (tiếng Anh)"), max_length=100)
    city_vi = models.CharField(_("Thành phố"), max_length=100, blank=True)
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="missions_based", verbose_name=_("Đặt tại")
    )
    consular_district = models.CharField(_("Khu vực lãnh sự"), max_length=500, blank=True)
    source = models.CharField(_("Nguồn"), max_length=300, blank=True)
    countries: Any = models.ManyToManyField(Country, through="Accreditation", related_name="missions")

    class Meta:
        ordering = ["sort_key", "pk"]
        verbose_name = _("Cơ quan đại diện")
        verbose_name_plural = _("Cơ quan đại diện")

    def __str__(self) -> str:
        return self.name_vi


class Accreditation(models.Model):
    class Kind(models.TextChoices):
        RESIDENT = "resident", _("Thường trú")
        CONCURRENT = "concurrent", _("Kiêm nhiệm")

    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="accreditations")
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="accreditations")
    kind = models.CharField(_("Hình thức"), max_length=20, choices=Kind.choices)
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["mission", "country"], name="accreditation_unique")]
        ordering = ["kind", "pk"]

    def __str__(self) -> str:
        return f"{self.mission.name_vi} → {self.country.name_vi} ({self.get_kind_display()})"


class Partner(ScopedModel):
    """A foreign partner: a foreign locality, company, NGO, international organisation or agency."""

    class Kind(models.TextChoices):
        LOCALITY = "locality", _("Địa phương nước ngoài")
        COMPANY = "company", _("Doanh nghiệp")
        NGO = "ngo", _("Tổ chức phi chính phủ")
        INTERNATIONAL_ORG = "international_org", _("Tổ chức quốc tế")
        AGENCY = "agency", _("Cơ quan, tổ chức xúc tiến")
        OTHER = "other", _("Khác")

    class Visibility(models.TextChoices):
        SHARED = "shared", _("Chia sẻ với mọi đơn vị")
        PRIVATE = "private", _("Chỉ đơn vị mình và Bộ Ngoại giao")

    kind = models.CharField(_("Loại đối tác"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("Tên gốc"), max_length=300)
    name_vi = models.CharField(_("Tên tiếng Việt / phiên âm"), max_length=300, blank=True)
    abbreviation = models.CharField(_("Tên viết tắt"), max_length=50, blank=True)
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="partners", verbose_name=_("Quốc gia")
    )
    sector = models.CharField(_("Lĩnh vực"), max_length=200, blank=True)
    website = models.URLField(_("Trang web"), blank=True)
    address = models.CharField(_("Địa chỉ"), max_length=500, blank=True)
    description = models.TextField(_("Giới thiệu"), blank=True)
    visibility = models.CharField(
        _("Phạm vi chia sẻ"), max_length=10, choices=Visibility.choices, default=Visibility.SHARED
    )
    search_text = models.TextField(blank=True, default="")
    sort_key = models.CharField(max_length=600, blank=True, default="", db_index=True)

    objects = ScopedManager.from_queryset(PartnerQuerySet)()

    class Meta:
        ordering = ["sort_key", "pk"]
        verbose_name = _("Đối tác nước ngoài")
        verbose_name_plural = _("Đối tác nước ngoài")

    def __str__(self) -> str:
        return self.name_vi or self.name


class Contact(ScopedModel):
    """A person at a partner. Phones and e-mails are personal data: kept only with consent and a purpose."""

    partner = models.ForeignKey(
        Partner, on_delete=models.PROTECT, related_name="contacts", verbose_name=_("Đối tác")
    )
    family_name = models.CharField(_("Họ"), max_length=100)
    given_name = models.CharField(_("Tên"), max_length=100)
    title = models.CharField(_("Chức danh"), max_length=200, blank=True)
    languages = models.CharField(_("Ngôn ngữ"), max_length=200, blank=True)
    email = models.EmailField(_("Thư điện tử"), blank=True)
    phone = models.CharField(_("Điện thoại"), max_length=50, blank=True)
    consent = models.BooleanField(_("Đã đồng ý cho lưu thông tin"), default=False)
    purpose = models.CharField(_("Mục đích lưu"), max_length=300, blank=True)
    search_text = models.TextField(blank=True, default="")
    sort_key = models.CharField(max_length=600, blank=True, default="", db_index=True)

    objects = ScopedManager.from_queryset(ContactQuerySet)()

    class Meta:
        ordering = ["sort_key", "pk"]
        verbose_name = _("Người liên hệ")
        verbose_name_plural = _("Người liên hệ")

    def __str__(self) -> str:
        return f"{self.family_name} {self.given_name}".strip()


class FreeTradeAgreement(ReferenceModel):
    """One of Viet Nam's free-trade agreements (hiệp định thương mại tự do), as reviewed reference data: each row
    and each commitment carries its source, so an official can check it before relying on it."""

    class Status(models.TextChoices):
        IN_FORCE = "in_force", _("Đang có hiệu lực")
        SIGNED = "signed", _("Đã ký, chưa có hiệu lực")
        NEGOTIATING = "negotiating", _("Đang đàm phán")

    short_name = models.CharField(_("Tên viết tắt"), max_length=40, unique=True)
    name_vi = models.CharField(_("Tên tiếng Việt"), max_length=300)
    name_en = models.CharField(_("Tên tiếng Anh"), max_length=300)
    status = models.CharField(_("Tình trạng"), max_length=12, choices=Status.choices, default=Status.IN_FORCE)
    members = models.ManyToManyField(
        Country, related_name="free_trade_agreements", blank=True, verbose_name=_("Thành viên")
    )
    signed_on = models.DateField(_("Ngày ký"), null=True, blank=True)
    in_force_on = models.DateField(_("Ngày có hiệu lực với Việt Nam"), null=True, blank=True)
    summary_vi = models.TextField(_("Tóm tắt"), blank=True)
    summary_en = models.TextField(_("Tóm tắt (tiếng Anh)"), blank=True)
    source = models.CharField(_("Nguồn"), max_length=500)
    reviewed_on = models.DateField(_("Ngày rà soát"), null=True, blank=True)

    class Meta:
        ordering = ["in_force_on", "short_name", "pk"]
        verbose_name = _("Hiệp định thương mại tự do")
        verbose_name_plural = _("Hiệp định thương mại tự do")

    def __str__(self) -> str:
        return self.short_name


class FtaCommitment(models.Model):
    """A main commitment of an FTA, as a short note with its source."""

    agreement = models.ForeignKey(
        FreeTradeAgreement, on_delete=models.CASCADE, related_name="commitments", verbose_name=_("Hiệp định")
    )
    position = models.PositiveSmallIntegerField(_("Thứ tự"), default=0)
    topic_vi = models.CharField(_("Nội dung"), max_length=200)
    topic_en = models.CharField(_("Nội dung (tiếng Anh)"), max_length=200, blank=True)
    note_vi = models.TextField(_("Cam kết chính"))
    note_en = models.TextField(_("Cam kết chính (tiếng Anh)"), blank=True)
    source = models.CharField(_("Nguồn"), max_length=500)

    class Meta:
        ordering = ["agreement", "position", "pk"]
        verbose_name = _("Cam kết chính")
        verbose_name_plural = _("Cam kết chính")

    def __str__(self) -> str:
        return self.topic_vi
