"""Trade, investment and tourism promotion events and connection conferences of a province (issue 20): who
organised them, where and when, who took part, and what came of them — leads, investment pledged, MOUs signed
(linked to the agreements register) and the follow-up tasks with their owners and due dates."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ngoaivu.core.models import ScopedModel, VersionedModel
from ngoaivu.core.scoping import ScopedManager
from ngoaivu.events.querysets import PromotionEventQuerySet


class PromotionEvent(ScopedModel):
    """One promotion event. `owner_org` is the organising province's organisation; `province` its current
    province, `former_province` / `province_as_named` the unit as named when the event was held (Vĩnh Phúc in
    2022 is Phú Thọ today); `provinces` the other provinces taking part."""

    class Kind(models.TextChoices):
        TRADE = "trade", _("Xúc tiến thương mại")
        INVESTMENT = "investment", _("Xúc tiến đầu tư")
        TOURISM = "tourism", _("Xúc tiến du lịch")
        CONNECTION = "connection", _("Hội nghị kết nối")
        WORKSHOP = "workshop", _("Hội thảo")
        FAIR = "fair", _("Hội chợ, triển lãm")

    class Format(models.TextChoices):
        IN_PERSON = "in_person", _("Trực tiếp")
        ONLINE = "online", _("Trực tuyến")
        HYBRID = "hybrid", _("Kết hợp")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Dự kiến")
        HELD = "held", _("Đã tổ chức")
        CANCELLED = "cancelled", _("Đã hủy")

    class Visibility(models.TextChoices):
        SHARED = "shared", _("Chia sẻ với các tỉnh")
        PRIVATE = "private", _("Chỉ tỉnh mình và Bộ")

    title_vi = models.CharField(_("Tên sự kiện"), max_length=500)
    title_en = models.CharField(_("Tên tiếng Anh"), max_length=500, blank=True)
    kind = models.CharField(_("Loại sự kiện"), max_length=12, choices=Kind.choices)
    organisers = models.CharField(_("Đơn vị tổ chức"), max_length=500)
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
    countries = models.ManyToManyField(
        "directory.Country", blank=True, related_name="+", verbose_name=_("Quốc gia, thị trường")
    )
    missions = models.ManyToManyField(
        "directory.Mission", blank=True, related_name="+", verbose_name=_("Cơ quan đại diện tham gia")
    )
    starts_on = models.DateField(_("Ngày bắt đầu"), db_index=True)
    ends_on = models.DateField(_("Ngày kết thúc"))
    format = models.CharField(_("Hình thức"), max_length=10, choices=Format.choices)
    place = models.CharField(_("Địa điểm"), max_length=300, blank=True)
    status = models.CharField(_("Tình trạng"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    leads_count = models.PositiveIntegerField(_("Số đầu mối, cơ hội hợp tác"), null=True, blank=True)
    pledged_amount = models.DecimalField(
        _("Vốn đầu tư cam kết, đăng ký"), max_digits=18, decimal_places=2, null=True, blank=True
    )
    pledged_currency = models.CharField(_("Đơn vị tiền"), max_length=3, blank=True)
    outcome_summary = models.TextField(_("Kết quả"), max_length=20000, blank=True)
    agreements = models.ManyToManyField(
        "agreements.Agreement", blank=True, related_name="+", verbose_name=_("Thỏa thuận, MOU đã ký")
    )
    visibility = models.CharField(
        _("Phạm vi chia sẻ"), max_length=10, choices=Visibility.choices, default=Visibility.SHARED
    )
    search_text = models.TextField(blank=True, default="")

    objects = ScopedManager.from_queryset(PromotionEventQuerySet)()

    class Meta:
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="promotion_event_dates_ordered",
                violation_error_message=_("Ngày kết thúc phải từ ngày bắt đầu trở đi."),
            ),
            models.CheckConstraint(
                condition=models.Q(pledged_amount__isnull=True) | ~models.Q(pledged_currency=""),
                name="promotion_event_pledge_has_currency",
                violation_error_message=_("Vốn cam kết phải ghi đơn vị tiền."),
            ),
        ]
        indexes = [models.Index(fields=["owner_org", "starts_on"], name="events_owner_starts")]
        verbose_name = _("Sự kiện xúc tiến")
        verbose_name_plural = _("Sự kiện xúc tiến")

    def __str__(self) -> str:
        return self.title_vi

    @property
    def title(self) -> str:
        return self.title_vi

    def get_absolute_url(self) -> str:
        return reverse("events:event_detail", args=[self.pk])


class EventParticipation(models.Model):
    """How many took part, by kind (lượt người)."""

    class Kind(models.TextChoices):
        VN_BUSINESSES = "vn_businesses", _("Doanh nghiệp Việt Nam")
        FOREIGN_BUSINESSES = "foreign_businesses", _("Doanh nghiệp nước ngoài")
        OFFICIALS = "officials", _("Đại biểu, cán bộ Việt Nam")
        FOREIGN_OFFICIALS = "foreign_officials", _("Đại biểu, quan chức nước ngoài")
        OTHER = "other", _("Khác")

    event = models.ForeignKey(PromotionEvent, on_delete=models.CASCADE, related_name="participations")
    kind = models.CharField(_("Thành phần"), max_length=20, choices=Kind.choices)
    count = models.PositiveIntegerField(_("Số lượng"))

    class Meta:
        ordering = ["event_id", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["event", "kind"], name="event_participation_unique_kind")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.count}"


class FollowUpTask(VersionedModel):
    """A task after the event: who owns it (an organisation and/or a person, as written), when it is due and
    when it was done. Versioned: completing it through the API needs its `If-Match`."""

    event = models.ForeignKey(PromotionEvent, on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField(_("Việc cần làm"), max_length=300)
    owner_org = models.ForeignKey(
        "accounts.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("Đơn vị chủ trì"),
    )
    owner_person = models.CharField(_("Người phụ trách"), max_length=200, blank=True)
    due_on = models.DateField(_("Hạn"), db_index=True)
    done_on = models.DateField(_("Ngày hoàn thành"), null=True, blank=True)
    note = models.TextField(_("Ghi chú"), max_length=5000, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("Việc sau sự kiện")
        verbose_name_plural = _("Việc sau sự kiện")

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.done_on is None
