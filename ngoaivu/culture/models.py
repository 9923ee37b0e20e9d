"""UNESCO titles and their dossiers, and cultural diplomacy events (issue 21).

A `HeritageTitle` is both the title (once inscribed or recognised) and the dossier that leads to it: its kind
and stage are data (`data/kinds.csv`, `data/stages.csv`, loaded by `reference.py`), its stage history is kept
row by row (`StageChange`), and its lead province is stored as named then (Ninh Thuận in 2021) with the current
province derived (Khánh Hòa), like every record (DOMAIN.md §3). A `CulturalEvent` is a Vietnam week or days, a
festival, an exhibition or a performance tour, abroad or at home."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ngoaivu.core.models import ScopedModel
from ngoaivu.core.scoping import ScopedManager
from ngoaivu.culture.querysets import CulturalEventQuerySet, HeritageTitleQuerySet


class Visibility(models.TextChoices):
    SHARED = "shared", _("Chia sẻ với các tỉnh và cơ quan đại diện")
    PRIVATE = "private", _("Chỉ các tỉnh liên quan và Bộ")


class TitleCategory(models.TextChoices):
    """The groups of UNESCO titles in kinds.csv (the `category` column)."""

    WORLD_HERITAGE = "world_heritage", _("Di sản thế giới")
    INTANGIBLE = "intangible", _("Di sản văn hóa phi vật thể")
    DOCUMENTARY = "documentary", _("Di sản tư liệu")
    MAB = "mab", _("Khu dự trữ sinh quyển")
    GEOPARK = "geopark", _("Công viên địa chất toàn cầu")
    CREATIVE_CITY = "creative_city", _("Thành phố sáng tạo")


class TitleKind(models.Model):
    """A kind of UNESCO title, with UNESCO's yearly submission deadline for it (day and month; empty when
    UNESCO sets it per call, as for creative cities)."""

    code = models.SlugField(_("Mã"), max_length=40, unique=True)
    category = models.CharField(_("Nhóm"), max_length=40, choices=TitleCategory.choices)
    name_vi = models.CharField(_("Tên"), max_length=200)
    name_en = models.CharField(_("Tên tiếng Anh"), max_length=200)
    deadline_day = models.PositiveSmallIntegerField(_("Hạn nộp UNESCO: ngày"), null=True, blank=True)
    deadline_month = models.PositiveSmallIntegerField(_("Hạn nộp UNESCO: tháng"), null=True, blank=True)
    sort_order = models.PositiveSmallIntegerField(default=0)
    source = models.CharField(_("Căn cứ"), max_length=300, blank=True)

    class Meta:
        ordering = ["sort_order", "pk"]
        verbose_name = _("Loại danh hiệu UNESCO")
        verbose_name_plural = _("Loại danh hiệu UNESCO")

    def __str__(self) -> str:
        return self.name_vi

    def next_deadline(self, today: dt.date) -> dt.date | None:
        """UNESCO's next submission deadline for this kind on or after `today` (UNESCO's date, not a Vietnamese
        working day: it is not moved)."""
        if not self.deadline_day or not self.deadline_month:
            return None
        for year in (today.year, today.year + 1):
            try:
                day = dt.date(year, self.deadline_month, self.deadline_day)
            except ValueError:
                return None
            if day >= today:
                return day
        return None


class Stage(models.Model):
    """A stage of a dossier or title. `kind`: a step of the procedure, a recognition (inscribed, re-recognised:
    what the national review counts), or one of UNESCO's other outcomes (referred, deferred, rejected).
    `ministry_only`: only the ministry (the Cục) records it — it submits to UNESCO and receives its decisions."""

    class Kind(models.TextChoices):
        STEP = "step", _("Bước")
        RECOGNITION = "recognition", _("Công nhận")
        OUTCOME = "outcome", _("Kết quả khác")

    code = models.SlugField(_("Mã"), max_length=40, unique=True)
    name_vi = models.CharField(_("Tên"), max_length=200)
    name_en = models.CharField(_("Tên tiếng Anh"), max_length=200)
    sort_order = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(_("Loại"), max_length=12, choices=Kind.choices, default=Kind.STEP)
    ministry_only = models.BooleanField(_("Chỉ Bộ ghi nhận"), default=False)
    source = models.CharField(_("Căn cứ"), max_length=300, blank=True)

    class Meta:
        ordering = ["sort_order", "pk"]
        verbose_name = _("Giai đoạn hồ sơ UNESCO")
        verbose_name_plural = _("Giai đoạn hồ sơ UNESCO")

    def __str__(self) -> str:
        return self.name_vi

    @property
    def is_recognition(self) -> bool:
        return self.kind == self.Kind.RECOGNITION


class HeritageTitle(ScopedModel):
    """A UNESCO title and its dossier. `owner_org`: the lead province's organisation, or the ministry's;
    `province` the lead province today, `former_province` / `province_as_named` as named when the dossier was
    made; `provinces` the other provinces involved (through `TitleProvince`, each as named then)."""

    name_vi = models.CharField(_("Tên danh hiệu, hồ sơ"), max_length=500)
    name_en = models.CharField(_("Tên tiếng Anh"), max_length=500, blank=True)
    kind = models.ForeignKey(TitleKind, on_delete=models.PROTECT, related_name="+", verbose_name=_("Loại"))
    province = models.ForeignKey(
        "directory.Province",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("Tỉnh chủ trì (hiện hành)"),
    )
    former_province = models.ForeignKey(
        "directory.FormerProvince",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("Tỉnh chủ trì khi lập hồ sơ (trước 01/07/2025)"),
    )
    province_as_named = models.CharField(_("Tên tỉnh chủ trì khi lập hồ sơ"), max_length=100)
    provinces: models.ManyToManyField[Any, Any] = models.ManyToManyField(
        "directory.Province",
        through="TitleProvince",
        blank=True,
        related_name="+",
        verbose_name=_("Các tỉnh cùng có di sản"),
    )
    stage = models.ForeignKey(Stage, on_delete=models.PROTECT, related_name="+", verbose_name=_("Giai đoạn"))
    stage_on = models.DateField(_("Ngày của giai đoạn"))
    decision_number = models.CharField(_("Số quyết định"), max_length=100, blank=True)
    decision_on = models.DateField(_("Ngày quyết định"), null=True, blank=True)
    decision_year = models.PositiveSmallIntegerField(_("Năm công nhận"), null=True, blank=True, db_index=True)
    ministry_role = models.TextField(_("Vai trò của Bộ Ngoại giao"), max_length=5000, blank=True)
    delegation = models.ForeignKey(
        "directory.Mission",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("Phái đoàn thường trực tại UNESCO"),
    )
    delegation_role = models.TextField(_("Vai trò của Phái đoàn thường trực"), max_length=5000, blank=True)
    next_step = models.CharField(_("Bước tiếp theo"), max_length=300, blank=True)
    next_step_due_on = models.DateField(_("Hạn bước tiếp theo"), null=True, blank=True, db_index=True)
    next_step_rule = models.CharField(_("Quy tắc nhắc hạn"), max_length=300, blank=True)
    summary = models.TextField(_("Tóm tắt"), max_length=20000, blank=True)
    visibility = models.CharField(
        _("Phạm vi chia sẻ"), max_length=10, choices=Visibility.choices, default=Visibility.SHARED
    )
    search_text = models.TextField(blank=True, default="")

    objects = ScopedManager.from_queryset(HeritageTitleQuerySet)()

    class Meta:
        ordering = ["-stage_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(decision_year__isnull=True)
                | models.Q(decision_year__gte=1970, decision_year__lte=2100),
                name="heritage_title_decision_year_range",
                violation_error_message=_("Năm công nhận phải từ 1970 đến 2100."),
            ),
        ]
        indexes = [models.Index(fields=["owner_org", "stage_on"], name="culture_title_owner_stage")]
        verbose_name = _("Danh hiệu, hồ sơ UNESCO")
        verbose_name_plural = _("Danh hiệu, hồ sơ UNESCO")

    def __str__(self) -> str:
        return self.name_vi

    @property
    def title(self) -> str:
        return self.name_vi

    def get_absolute_url(self) -> str:
        return reverse("culture:title_detail", args=[self.pk])


class TitleProvince(models.Model):
    """Another province involved in a title, as named then (its current province derived)."""

    title = models.ForeignKey(HeritageTitle, on_delete=models.CASCADE, related_name="involved")
    province = models.ForeignKey("directory.Province", on_delete=models.PROTECT, related_name="+")
    former_province = models.ForeignKey(
        "directory.FormerProvince", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    province_as_named = models.CharField(max_length=100)

    class Meta:
        ordering = ["title_id", "province__code"]
        constraints = [
            models.UniqueConstraint(fields=["title", "province"], name="culture_title_province_unique")
        ]

    def __str__(self) -> str:
        return self.province_as_named


class StageChange(models.Model):
    """One row of a title's stage history: the stage, its date, who recorded it and a note; a recognition
    carries its decision (what the indicator and the counts page count)."""

    title = models.ForeignKey(HeritageTitle, on_delete=models.CASCADE, related_name="stages")
    stage = models.ForeignKey(Stage, on_delete=models.PROTECT, related_name="+")
    on = models.DateField(_("Ngày"))
    note = models.TextField(_("Ghi chú"), max_length=5000, blank=True)
    decision_number = models.CharField(_("Số quyết định"), max_length=100, blank=True)
    decision_on = models.DateField(_("Ngày quyết định"), null=True, blank=True)
    decision_year = models.PositiveSmallIntegerField(
        _("Năm quyết định"), null=True, blank=True, db_index=True
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    by_name = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-on", "-pk"]
        verbose_name = _("Lịch sử giai đoạn")
        verbose_name_plural = _("Lịch sử giai đoạn")

    def __str__(self) -> str:
        return f"{self.title_id} {self.stage_id} {self.on}"


class TitleDocument(models.Model):
    """A document of the dossier (checked like every upload: extension, size, no classified marking)."""

    title = models.ForeignKey(HeritageTitle, on_delete=models.CASCADE, related_name="documents")
    label = models.CharField(_("Tên tài liệu"), max_length=300)
    number = models.CharField(_("Số, ký hiệu"), max_length=100, blank=True)
    issued_on = models.DateField(_("Ngày ban hành"), null=True, blank=True)
    file = models.FileField(upload_to="culture/%Y/%m/")
    name = models.CharField(max_length=255)
    size = models.PositiveBigIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("Tài liệu hồ sơ UNESCO")
        verbose_name_plural = _("Tài liệu hồ sơ UNESCO")

    def __str__(self) -> str:
        return self.label


class CulturalEvent(ScopedModel):
    """A cultural diplomacy event (a Vietnam week or days abroad, a festival, an exhibition, a performance tour),
    organised by a province (`owner_org`, `province` today, as named then), abroad or at home, with the mission
    and the other provinces taking part and its outcomes (visitors, agreements signed — linked to the register)."""

    class Kind(models.TextChoices):
        VIETNAM_DAYS = "vietnam_days", _("Tuần, Ngày Việt Nam")
        FESTIVAL = "festival", _("Lễ hội")
        EXHIBITION = "exhibition", _("Triển lãm")
        TOUR = "tour", _("Biểu diễn nghệ thuật")
        OTHER = "other", _("Khác")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Dự kiến")
        HELD = "held", _("Đã tổ chức")
        CANCELLED = "cancelled", _("Đã hủy")

    title_vi = models.CharField(_("Tên sự kiện"), max_length=500)
    title_en = models.CharField(_("Tên tiếng Anh"), max_length=500, blank=True)
    kind = models.CharField(_("Loại sự kiện"), max_length=12, choices=Kind.choices)
    abroad = models.BooleanField(_("Tổ chức ở nước ngoài"), default=True)
    country = models.ForeignKey(
        "directory.Country",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("Quốc gia"),
    )
    city = models.CharField(_("Thành phố"), max_length=200, blank=True)
    mission = models.ForeignKey(
        "directory.Mission",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("Cơ quan đại diện"),
    )
    province = models.ForeignKey(
        "directory.Province", on_delete=models.PROTECT, related_name="+", verbose_name=_("Tỉnh (hiện hành)")
    )
    former_province = models.ForeignKey(
        "directory.FormerProvince",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("Tỉnh khi tổ chức (trước 01/07/2025)"),
    )
    province_as_named = models.CharField(_("Tên tỉnh khi tổ chức"), max_length=100)
    provinces = models.ManyToManyField(
        "directory.Province", blank=True, related_name="+", verbose_name=_("Các tỉnh cùng tham gia")
    )
    organisers = models.CharField(_("Đơn vị tổ chức"), max_length=500)
    starts_on = models.DateField(_("Ngày bắt đầu"), db_index=True)
    ends_on = models.DateField(_("Ngày kết thúc"))
    status = models.CharField(_("Tình trạng"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    outcome_summary = models.TextField(_("Kết quả"), max_length=20000, blank=True)
    visitors_count = models.PositiveIntegerField(
        _("Số lượt khách tham quan, khán giả"), null=True, blank=True
    )
    agreements = models.ManyToManyField(
        "agreements.Agreement", blank=True, related_name="+", verbose_name=_("Thỏa thuận đã ký")
    )
    visibility = models.CharField(
        _("Phạm vi chia sẻ"), max_length=10, choices=Visibility.choices, default=Visibility.SHARED
    )
    search_text = models.TextField(blank=True, default="")

    objects = ScopedManager.from_queryset(CulturalEventQuerySet)()

    class Meta:
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="cultural_event_dates_ordered",
                violation_error_message=_("Ngày kết thúc phải từ ngày bắt đầu trở đi."),
            ),
        ]
        indexes = [models.Index(fields=["owner_org", "starts_on"], name="culture_event_owner_starts")]
        verbose_name = _("Sự kiện ngoại giao văn hóa")
        verbose_name_plural = _("Sự kiện ngoại giao văn hóa")

    def __str__(self) -> str:
        return self.title_vi

    @property
    def title(self) -> str:
        return self.title_vi

    def get_absolute_url(self) -> str:
        return reverse("culture:event_detail", args=[self.pk])
