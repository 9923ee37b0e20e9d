"""Overseas Vietnamese (issue 21, "Kết luận số 12-KL/TW"): their associations abroad, notable people, the
programmes held with them (Xuân Quê hương, summer camps, business forums, homeland visits) and their investments
in a province. Associations and people are directory-like records (DOMAIN.md §2 "Partners, organisations,
contacts"); a leader's or a person's e-mail and phone are personal data: encrypted at rest, kept only with
consent and a purpose, masked outside the owning organisation and the ministry."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ngoaivu.core.crypto import EncryptedTextField
from ngoaivu.core.models import ScopedModel
from ngoaivu.core.scoping import ScopedManager
from ngoaivu.overseas.querysets import (
    AssociationQuerySet,
    InvestmentQuerySet,
    PersonQuerySet,
    ProgrammeQuerySet,
)


class Visibility(models.TextChoices):
    SHARED = "shared", _("Chia sẻ")
    PRIVATE = "private", _("Chỉ đơn vị mình và Bộ")


class OverseasAssociation(ScopedModel):
    """An association of Vietnamese abroad. `owner_org` is whoever keeps the record (the ministry, a mission or
    a province); `mission` the mission covering the country."""

    class Kind(models.TextChoices):
        ASSOCIATION = "association", _("Hội đoàn người Việt")
        BUSINESS = "business", _("Hội doanh nhân")
        STUDENTS = "students", _("Hội sinh viên")
        PROFESSIONALS = "professionals", _("Hội trí thức, chuyên gia")
        RELIGIOUS = "religious", _("Tổ chức tôn giáo, văn hóa")
        OTHER = "other", _("Khác")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Đang hoạt động")
        INACTIVE = "inactive", _("Ít hoạt động")
        DISSOLVED = "dissolved", _("Đã giải thể")

    name_vi = models.CharField(_("Tên tiếng Việt"), max_length=300)
    name_original = models.CharField(_("Tên nguyên gốc"), max_length=300, blank=True)
    kind = models.CharField(_("Loại hội"), max_length=20, choices=Kind.choices)
    country = models.ForeignKey(
        "directory.Country", on_delete=models.PROTECT, related_name="+", verbose_name=_("Quốc gia")
    )
    city = models.CharField(_("Thành phố"), max_length=100, blank=True)
    mission = models.ForeignKey(
        "directory.Mission",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("Cơ quan đại diện"),
    )
    founded_year = models.PositiveSmallIntegerField(_("Năm thành lập"), null=True, blank=True)
    members = models.PositiveIntegerField(_("Số hội viên (ước tính)"), null=True, blank=True)
    fields = models.CharField(_("Lĩnh vực hoạt động"), max_length=300, blank=True)
    status = models.CharField(_("Tình trạng"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    leader_name = models.CharField(_("Người đứng đầu, liên hệ"), max_length=200, blank=True)
    leader_role = models.CharField(_("Chức danh"), max_length=200, blank=True)
    contact_email = EncryptedTextField(_("Thư điện tử liên hệ"), blank=True, default="")
    contact_phone = EncryptedTextField(_("Điện thoại liên hệ"), blank=True, default="")
    consent = models.BooleanField(_("Đã đồng ý cho lưu thông tin liên hệ"), default=False)
    purpose = models.CharField(_("Mục đích lưu"), max_length=300, blank=True)
    note = models.TextField(_("Ghi chú"), max_length=5000, blank=True)
    visibility = models.CharField(
        _("Phạm vi chia sẻ"), max_length=10, choices=Visibility.choices, default=Visibility.SHARED
    )
    search_text = models.TextField(blank=True, default="")

    objects = ScopedManager.from_queryset(AssociationQuerySet)()

    class Meta:
        ordering = ["name_vi", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(founded_year__isnull=True)
                | models.Q(founded_year__gte=1800, founded_year__lte=2100),
                name="overseas_association_founded_year",
                violation_error_message=_("Năm thành lập phải từ 1800 đến 2100."),
            )
        ]
        indexes = [models.Index(fields=["country", "name_vi"], name="overseas_assoc_country")]
        verbose_name = _("Hội đoàn người Việt Nam ở nước ngoài")
        verbose_name_plural = _("Hội đoàn người Việt Nam ở nước ngoài")

    def __str__(self) -> str:
        return self.name_vi

    @property
    def title(self) -> str:
        return self.name_vi

    def get_absolute_url(self) -> str:
        return reverse("overseas:association_detail", args=[self.pk])


class OverseasPerson(ScopedModel):
    """A notable overseas Vietnamese (business, science, culture…), kept with consent."""

    class Field(models.TextChoices):
        BUSINESS = "business", _("Kinh doanh")
        SCIENCE = "science", _("Khoa học, công nghệ")
        CULTURE = "culture", _("Văn hóa, nghệ thuật")
        EDUCATION = "education", _("Giáo dục")
        MEDICINE = "medicine", _("Y tế")
        COMMUNITY = "community", _("Hoạt động cộng đồng")
        OTHER = "other", _("Khác")

    full_name = models.CharField(_("Họ và tên"), max_length=200)
    country = models.ForeignKey(
        "directory.Country", on_delete=models.PROTECT, related_name="+", verbose_name=_("Quốc gia")
    )
    field = models.CharField(_("Lĩnh vực"), max_length=20, choices=Field.choices)
    organisation = models.CharField(_("Cơ quan, tổ chức"), max_length=300, blank=True)
    position = models.CharField(_("Chức danh"), max_length=200, blank=True)
    associations = models.ManyToManyField(
        OverseasAssociation, blank=True, related_name="people", verbose_name=_("Hội đoàn")
    )
    email = EncryptedTextField(_("Thư điện tử"), blank=True, default="")
    phone = EncryptedTextField(_("Điện thoại"), blank=True, default="")
    consent = models.BooleanField(_("Đã đồng ý cho lưu thông tin"), default=False)
    purpose = models.CharField(_("Mục đích lưu"), max_length=300, blank=True)
    note = models.TextField(_("Ghi chú"), max_length=5000, blank=True)
    visibility = models.CharField(
        _("Phạm vi chia sẻ"), max_length=10, choices=Visibility.choices, default=Visibility.SHARED
    )
    search_text = models.TextField(blank=True, default="")

    objects = ScopedManager.from_queryset(PersonQuerySet)()

    class Meta:
        ordering = ["full_name", "pk"]
        verbose_name = _("Kiều bào tiêu biểu")
        verbose_name_plural = _("Kiều bào tiêu biểu")

    def __str__(self) -> str:
        return self.full_name

    @property
    def title(self) -> str:
        return self.full_name

    def get_absolute_url(self) -> str:
        return reverse("overseas:person_detail", args=[self.pk])


class OverseasProgramme(ScopedModel):
    """A programme or event with overseas Vietnamese. `owner_org` is the organiser (the ministry, a province,
    a mission)."""

    class Kind(models.TextChoices):
        XUAN_QUE_HUONG = "xuan_que_huong", _("Xuân Quê hương")
        SUMMER_CAMP = "summer_camp", _("Trại hè Việt Nam")
        BUSINESS_FORUM = "business_forum", _("Diễn đàn doanh nhân, trí thức")
        HOMELAND_VISIT = "homeland_visit", _("Đoàn về thăm quê hương")
        OTHER = "other", _("Khác")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Dự kiến")
        HELD = "held", _("Đã tổ chức")
        CANCELLED = "cancelled", _("Đã hủy")

    title = models.CharField(_("Tên chương trình"), max_length=300)
    kind = models.CharField(_("Loại chương trình"), max_length=20, choices=Kind.choices)
    starts_on = models.DateField(_("Ngày bắt đầu"), db_index=True)
    ends_on = models.DateField(_("Ngày kết thúc"))
    place = models.CharField(_("Địa điểm"), max_length=300, blank=True)
    organiser_name = models.CharField(_("Đơn vị tổ chức"), max_length=300)
    provinces = models.ManyToManyField(
        "directory.Province", blank=True, related_name="+", verbose_name=_("Các tỉnh tham gia")
    )
    countries = models.ManyToManyField(
        "directory.Country", blank=True, related_name="+", verbose_name=_("Quốc gia của kiều bào tham gia")
    )
    associations = models.ManyToManyField(
        OverseasAssociation, blank=True, related_name="programmes", verbose_name=_("Hội đoàn tham gia")
    )
    participants = models.PositiveIntegerField(_("Số người tham gia"), null=True, blank=True)
    outcomes = models.TextField(_("Kết quả"), max_length=20000, blank=True)
    status = models.CharField(_("Tình trạng"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    visibility = models.CharField(
        _("Phạm vi chia sẻ"), max_length=10, choices=Visibility.choices, default=Visibility.SHARED
    )
    search_text = models.TextField(blank=True, default="")

    objects = ScopedManager.from_queryset(ProgrammeQuerySet)()

    class Meta:
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="overseas_programme_dates_ordered",
                violation_error_message=_("Ngày kết thúc phải từ ngày bắt đầu trở đi."),
            )
        ]
        verbose_name = _("Chương trình với kiều bào")
        verbose_name_plural = _("Chương trình với kiều bào")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("overseas:programme_detail", args=[self.pk])


class OverseasInvestment(ScopedModel):
    """An investment or project of an association or a person in a province (owner: the province). The
    province is kept as named then (Quảng Nam 2023) and as today (Đà Nẵng)."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Đề xuất")
        LICENSED = "licensed", _("Đã cấp phép")
        OPERATING = "operating", _("Đang hoạt động")
        STOPPED = "stopped", _("Đã dừng")

    title = models.CharField(_("Tên dự án"), max_length=300)
    association = models.ForeignKey(
        OverseasAssociation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="investments",
        verbose_name=_("Hội đoàn đầu tư"),
    )
    person = models.ForeignKey(
        OverseasPerson,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="investments",
        verbose_name=_("Kiều bào đầu tư"),
    )
    investor_name = models.CharField(_("Nhà đầu tư (như ghi trong hồ sơ)"), max_length=300, blank=True)
    province = models.ForeignKey(
        "directory.Province", on_delete=models.PROTECT, related_name="+", verbose_name=_("Tỉnh (hiện hành)")
    )
    former_province = models.ForeignKey(
        "directory.FormerProvince",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("Tỉnh khi đầu tư (trước 01/07/2025)"),
    )
    province_as_named = models.CharField(_("Tên tỉnh khi đầu tư"), max_length=100)
    sector = models.CharField(_("Lĩnh vực"), max_length=200)
    capital = models.DecimalField(_("Vốn đầu tư"), max_digits=18, decimal_places=2, null=True, blank=True)
    currency = models.CharField(_("Đơn vị tiền"), max_length=3, blank=True)
    year = models.PositiveSmallIntegerField(_("Năm"), db_index=True)
    status = models.CharField(_("Tình trạng"), max_length=10, choices=Status.choices, default=Status.PROPOSED)
    source = models.CharField(_("Nguồn thông tin"), max_length=300, blank=True)
    note = models.TextField(_("Ghi chú"), max_length=5000, blank=True)
    visibility = models.CharField(
        _("Phạm vi chia sẻ"), max_length=10, choices=Visibility.choices, default=Visibility.SHARED
    )
    search_text = models.TextField(blank=True, default="")

    objects = ScopedManager.from_queryset(InvestmentQuerySet)()

    class Meta:
        ordering = ["-year", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(capital__isnull=True) | ~models.Q(currency=""),
                name="overseas_investment_capital_has_currency",
                violation_error_message=_("Vốn đầu tư phải ghi đơn vị tiền."),
            ),
            models.CheckConstraint(
                condition=models.Q(year__gte=1975, year__lte=2100),
                name="overseas_investment_year_range",
                violation_error_message=_("Năm phải từ 1975 đến 2100."),
            ),
        ]
        verbose_name = _("Dự án đầu tư của kiều bào")
        verbose_name_plural = _("Dự án đầu tư của kiều bào")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("overseas:investment_detail", args=[self.pk])
