"""Foreign NGO aid (công tác phi chính phủ nước ngoài, Decree 80/2020/NĐ-CP): projects of foreign NGOs in a
province, their planned and actual disbursement per year, and their reports. The province that keeps a
project owns it; `province` is that current province (the unit its figures roll up to), `provinces` every
current province the project runs in, `former_province` the pre-2025 unit as the approval named it."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ngoaivu.aid.querysets import AidProjectQuerySet
from ngoaivu.core.models import ScopedModel
from ngoaivu.core.scoping import ScopedManager

CURRENCIES = [("USD", "USD"), ("EUR", "EUR"), ("JPY", "JPY"), ("KRW", "KRW"), ("VND", "VND")]


class AidProject(ScopedModel):
    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Đề xuất")
        APPROVED = "approved", _("Đã phê duyệt")
        IN_PROGRESS = "in_progress", _("Đang thực hiện")
        COMPLETED = "completed", _("Đã kết thúc")
        SUSPENDED = "suspended", _("Tạm dừng")
        CANCELLED = "cancelled", _("Hủy bỏ")

    # a commitment counts from approval; a proposed or cancelled project commits nothing
    COMMITTED = (Status.APPROVED, Status.IN_PROGRESS, Status.COMPLETED, Status.SUSPENDED)

    title = models.CharField(_("Tên dự án"), max_length=500)
    ngo = models.ForeignKey(
        "directory.Partner", on_delete=models.PROTECT, related_name="+", verbose_name=_("Tổ chức PCPNN")
    )
    country = models.ForeignKey(
        "directory.Country",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("Quốc gia của tổ chức"),
    )
    fields = models.ManyToManyField(
        "agreements.CooperationField", blank=True, related_name="+", verbose_name=_("Lĩnh vực")
    )
    province = models.ForeignKey(
        "directory.Province", on_delete=models.PROTECT, related_name="+", verbose_name=_("Tỉnh quản lý")
    )
    provinces = models.ManyToManyField(
        "directory.Province", blank=True, related_name="+", verbose_name=_("Tỉnh, thành phố thực hiện")
    )
    localities = models.CharField(
        _("Địa bàn (xã, phường, huyện cũ)"), max_length=1000, blank=True, help_text=_("Ghi như văn bản nêu")
    )
    former_province = models.ForeignKey(
        "directory.FormerProvince",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("Tỉnh khi phê duyệt (trước 01/07/2025)"),
    )
    province_as_named = models.CharField(_("Tên tỉnh trong văn bản"), max_length=100, blank=True)
    approval_number = models.CharField(_("Số văn bản phê duyệt"), max_length=60, blank=True)
    approval_date = models.DateField(_("Ngày phê duyệt"), null=True, blank=True, db_index=True)
    approving_body = models.CharField(_("Cơ quan phê duyệt"), max_length=300, blank=True)
    commitment = models.DecimalField(
        _("Giá trị cam kết"), max_digits=18, decimal_places=2, validators=[MinValueValidator(0)]
    )
    currency = models.CharField(_("Tiền tệ"), max_length=3, choices=CURRENCIES, default="USD")
    start_on = models.DateField(_("Ngày bắt đầu"), null=True, blank=True)
    end_on = models.DateField(_("Ngày kết thúc"), null=True, blank=True)
    status = models.CharField(_("Tình trạng"), max_length=20, choices=Status.choices, default=Status.PROPOSED)
    description = models.TextField(_("Mục tiêu, nội dung chính"), max_length=20000, blank=True)
    search_text = models.TextField(blank=True, default="")

    objects = ScopedManager.from_queryset(AidProjectQuerySet)()

    class Meta:
        ordering = ["-approval_date", "-pk"]
        indexes = [
            models.Index(fields=["owner_org", "approval_date", "id"], name="aid_project_owner_idx"),
            models.Index(fields=["country", "approval_date", "id"], name="aid_project_country_idx"),
            models.Index(fields=["approval_date", "id"], name="aid_project_approval_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_on__isnull=True)
                | models.Q(start_on__isnull=True)
                | models.Q(end_on__gte=models.F("start_on")),
                name="aid_project_dates_order",
                violation_error_message=_("Ngày kết thúc phải từ ngày bắt đầu trở đi."),
            ),
            models.CheckConstraint(
                condition=models.Q(commitment__gte=0),
                name="aid_project_commitment_positive",
                violation_error_message=_("Giá trị cam kết không được âm."),
            ),
        ]
        # spelled out: the audit log reads "thêm <verbose name>" in lower case ("pcpnn" would not read)
        verbose_name = _("Dự án viện trợ phi chính phủ nước ngoài")
        verbose_name_plural = _("Dự án viện trợ phi chính phủ nước ngoài")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("aid:project_detail", args=[self.pk])


class AidYear(models.Model):
    """Planned and actual disbursement of one project in one year, in the project's currency."""

    project = models.ForeignKey(AidProject, on_delete=models.CASCADE, related_name="years")
    year = models.PositiveSmallIntegerField(
        _("Năm"), validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )
    planned = models.DecimalField(
        _("Kế hoạch giải ngân"),
        max_digits=18,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    actual = models.DecimalField(
        _("Thực tế giải ngân"),
        max_digits=18,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )

    class Meta:
        ordering = ["year", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "year"],
                name="aid_year_unique",
                violation_error_message=_("Mỗi năm chỉ ghi một dòng."),
            )
        ]
        verbose_name = _("Giải ngân theo năm")
        verbose_name_plural = _("Giải ngân theo năm")

    def __str__(self) -> str:
        return f"{self.project_id} {self.year}"


class AidReport(models.Model):
    """A progress or final report of a project, optionally with its file (checked like every upload)."""

    project = models.ForeignKey(AidProject, on_delete=models.CASCADE, related_name="reports")
    reported_on = models.DateField(_("Ngày báo cáo"))
    title = models.CharField(_("Tiêu đề"), max_length=300)
    summary = models.TextField(_("Tóm tắt"), max_length=10000, blank=True)
    file = models.FileField(upload_to="aid/%Y/%m/", blank=True)
    name = models.CharField(max_length=255, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-reported_on", "-pk"]
        verbose_name = _("Báo cáo dự án")
        verbose_name_plural = _("Báo cáo dự án")

    def __str__(self) -> str:
        return self.title
