"""Market-access dossiers (mở cửa thị trường): one dossier per product and market, its stages as data, the
steps taken with their dates, documents and next step, and the notes the missions add."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from ngoaivu.core.models import ScopedModel
from ngoaivu.core.scoping import ScopedManager
from ngoaivu.market_access.querysets import DossierQuerySet


class Stage(models.Model):
    """A stage of a market-access file (request, technical dossier, pest-risk analysis, negotiation, inspection,
    approval, first shipment, renewal): reference data loaded from `data/stages.csv`."""

    code = models.SlugField(_("Mã"), max_length=40, unique=True)
    name_vi = models.CharField(_("Tên"), max_length=200)
    name_en = models.CharField(_("Tên tiếng Anh"), max_length=200)
    description = models.CharField(_("Mô tả"), max_length=500, blank=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "pk"]
        verbose_name = _("Giai đoạn mở cửa thị trường")
        verbose_name_plural = _("Giai đoạn mở cửa thị trường")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_en if get_language() == "en" and self.name_en else self.name_vi


class Dossier(ScopedModel):
    """A market-access dossier of a province: a product (Lục Ngạn lychee) for a market (Japan), the mission that
    supports it, the authorities on both sides, the current stage and the next step. `owner_org` is the province
    that keeps it; `provinces` the current provinces growing the product; `former_province` the unit as named
    when the file was opened (Bắc Giang before 01/07/2025)."""

    class Status(models.TextChoices):
        OPEN = "open", _("Đang xúc tiến")
        MARKET_OPEN = "market_open", _("Đã mở cửa")
        SUSPENDED = "suspended", _("Tạm dừng")
        CLOSED = "closed", _("Đã đóng")

    class Visibility(models.TextChoices):
        SHARED = "shared", _("Chia sẻ với các tỉnh")
        PRIVATE = "private", _("Chỉ tỉnh mình, Bộ và cơ quan đại diện liên quan")

    product_vi = models.CharField(_("Sản phẩm"), max_length=300)
    product_en = models.CharField(_("Sản phẩm (tiếng Anh)"), max_length=300, blank=True)
    hs_code = models.CharField(_("Mã HS"), max_length=12, blank=True)
    provinces = models.ManyToManyField(
        "directory.Province", related_name="+", verbose_name=_("Tỉnh, thành phố (hiện hành)")
    )
    former_province = models.ForeignKey(
        "directory.FormerProvince",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("Tỉnh khi lập hồ sơ (trước 01/07/2025)"),
    )
    province_as_named = models.CharField(_("Tên tỉnh khi lập hồ sơ"), max_length=100, blank=True)
    market = models.ForeignKey(
        "directory.Country", on_delete=models.PROTECT, related_name="+", verbose_name=_("Thị trường")
    )
    mission = models.ForeignKey(
        "directory.Mission",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("Cơ quan đại diện hỗ trợ"),
    )
    vn_authority = models.CharField(_("Cơ quan Việt Nam"), max_length=300, blank=True)
    foreign_authority = models.CharField(_("Cơ quan nước nhập khẩu"), max_length=300, blank=True)
    stage = models.ForeignKey(
        Stage, on_delete=models.PROTECT, related_name="+", verbose_name=_("Giai đoạn hiện tại")
    )
    status = models.CharField(_("Tình trạng"), max_length=12, choices=Status.choices, default=Status.OPEN)
    opened_on = models.DateField(_("Ngày bắt đầu"))
    next_step = models.CharField(_("Việc tiếp theo"), max_length=500, blank=True)
    next_step_due = models.DateField(_("Hạn việc tiếp theo"), null=True, blank=True)
    visibility = models.CharField(
        _("Phạm vi chia sẻ"), max_length=10, choices=Visibility.choices, default=Visibility.SHARED
    )
    agreements = models.ManyToManyField(
        "agreements.Agreement", blank=True, related_name="+", verbose_name=_("Thỏa thuận liên quan")
    )
    fta = models.ForeignKey(
        "directory.FreeTradeAgreement",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("Hiệp định thương mại tự do áp dụng"),
    )
    search_text = models.TextField(blank=True, default="")

    objects = ScopedManager.from_queryset(DossierQuerySet)()

    class Meta:
        ordering = ["-opened_on", "-pk"]
        indexes = [
            models.Index(fields=["status", "stage"], name="dossier_status_stage_idx"),
            models.Index(fields=["owner_org", "-opened_on"], name="dossier_owner_opened_idx"),
        ]
        verbose_name = _("Hồ sơ mở cửa thị trường")
        verbose_name_plural = _("Hồ sơ mở cửa thị trường")

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        """ "Vải thiều Lục Ngạn → Nhật Bản": the product and its market, as lists and links name a dossier."""
        return f"{self.product_vi} → {self.market.name_vi}"

    def get_absolute_url(self) -> str:
        return reverse("market_access:dossier_detail", args=[self.pk])


class DossierStep(models.Model):
    """A stage the dossier went through (or is in): when it started and was completed, what was done, what
    comes next. A step belongs to its dossier, which scopes it; writing one bumps the dossier's version."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="steps")
    stage = models.ForeignKey(Stage, on_delete=models.PROTECT, related_name="+", verbose_name=_("Giai đoạn"))
    started_on = models.DateField(_("Ngày bắt đầu"))
    completed_on = models.DateField(_("Ngày hoàn thành"), null=True, blank=True)
    note = models.TextField(_("Nội dung, kết quả"), max_length=5000, blank=True)
    next_step = models.CharField(_("Việc tiếp theo"), max_length=500, blank=True)
    next_step_due = models.DateField(_("Hạn việc tiếp theo"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["started_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(completed_on__isnull=True)
                | models.Q(completed_on__gte=models.F("started_on")),
                name="dossier_step_dates_ordered",
                violation_error_message=_("Ngày hoàn thành phải từ ngày bắt đầu trở đi."),
            )
        ]
        verbose_name = _("Bước của hồ sơ")
        verbose_name_plural = _("Các bước của hồ sơ")

    def __str__(self) -> str:
        return f"{self.stage} ({self.started_on:%d/%m/%Y})"


class StepDocument(models.Model):
    """A document of a step (the request letter, the PRA report, the protocol): checked and stored through
    `core.files`, downloaded through the dossier's scope."""

    step = models.ForeignKey(DossierStep, on_delete=models.CASCADE, related_name="documents")
    file = models.FileField(upload_to="market_access/%Y/%m/")
    name = models.CharField(_("Tên tệp"), max_length=200)
    label = models.CharField(_("Tài liệu"), max_length=200, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("Tài liệu của bước")
        verbose_name_plural = _("Tài liệu của bước")

    def __str__(self) -> str:
        return self.label or self.name


class DossierNote(models.Model):
    """A note on a step by a reader who may not edit the dossier: the supporting mission or a mission covering
    the market (DOMAIN.md §2: "R, CE host notes"), or the owner and the ministry."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="notes")
    step = models.ForeignKey(
        DossierStep, null=True, blank=True, on_delete=models.SET_NULL, related_name="notes"
    )
    author_org = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    author_label = models.CharField(max_length=150)
    text = models.TextField(_("Ghi chú"), max_length=5000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("Ghi chú hồ sơ")
        verbose_name_plural = _("Ghi chú hồ sơ")

    def __str__(self) -> str:
        return self.text[:60]
