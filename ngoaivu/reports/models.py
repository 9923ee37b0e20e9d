"""A report run (issue 22): who asked for which report — kind, period, organisation, the narratives and proposals
they typed, the format — its progress in the worker, and the document it produced, kept as a version of a
document in the library (`ingest.Document`): a new run with the same parameters adds a version."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from ngoaivu.core.models import ScopedModel
from ngoaivu.core.scoping import ScopedManager
from ngoaivu.reports.querysets import ReportRunQuerySet


class ReportRun(ScopedModel):
    class Kind(models.TextChoices):
        NATIONAL_REVIEW = "national_review", _("Tổng kết công tác đối ngoại địa phương toàn quốc")
        PROVINCE_PERIODIC = "province_periodic", _("Báo cáo định kỳ công tác đối ngoại của tỉnh")
        MISSION_SUPPORT = "mission_support", _("Báo cáo hỗ trợ địa phương của cơ quan đại diện")

    class Format(models.TextChoices):
        DOCX = "docx", _("Word (.docx)")
        PDF = "pdf", _("PDF")
        XLSX = "xlsx", _("Excel (phụ lục số liệu)")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Đang chờ")
        RUNNING = "running", _("Đang soạn")
        DONE = "done", _("Đã xong")
        FAILED = "failed", _("Không thành công")

    kind = models.CharField(_("Loại báo cáo"), max_length=30, choices=Kind.choices)
    period_from = models.DateField(_("Từ ngày"))
    period_to = models.DateField(_("Đến ngày"))
    period_label = models.CharField(_("Kỳ báo cáo"), max_length=200, blank=True)
    organisation = models.ForeignKey(
        "accounts.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("Đơn vị được báo cáo"),
    )
    format = models.CharField(_("Định dạng"), max_length=10, choices=Format.choices, default=Format.DOCX)
    narratives: Any = models.JSONField(_("Nội dung các phần"), default=dict, blank=True)
    proposals = models.TextField(_("Kiến nghị, đề xuất"), blank=True)
    signer_title = models.CharField(_("Chức vụ người ký"), max_length=200, blank=True)
    signer_name = models.CharField(_("Người ký"), max_length=200, blank=True)
    symbol = models.CharField(
        _("Ký hiệu văn bản"),
        max_length=30,
        blank=True,
        help_text=_(
            "Sau “Số: …/”, vd. BC-UBND (Nghị định 30/2020); để trống: ký hiệu mặc định của loại báo cáo."
        ),
    )
    status = models.CharField(
        _("Trạng thái"), max_length=10, choices=Status.choices, default=Status.QUEUED, db_index=True
    )
    progress = models.PositiveSmallIntegerField(_("Tiến độ (%)"), default=0)
    step = models.CharField(_("Bước"), max_length=200, blank=True)
    error = models.TextField(_("Lỗi"), blank=True)
    started_at = models.DateTimeField(_("Bắt đầu lúc"), null=True, blank=True)
    finished_at = models.DateTimeField(_("Xong lúc"), null=True, blank=True)
    file = models.FileField(_("Tệp"), upload_to="reports/%Y/%m/", blank=True)
    file_name = models.CharField(_("Tên tệp"), max_length=255, blank=True)
    size = models.PositiveBigIntegerField(_("Dung lượng"), default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    document = models.ForeignKey(
        "ingest.Document",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("Tài liệu trong thư viện"),
    )
    document_version = models.PositiveIntegerField(_("Phiên bản tài liệu"), null=True, blank=True)

    objects = ScopedManager.from_queryset(ReportRunQuerySet)()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("Lần xuất báo cáo")
        verbose_name_plural = _("Các lần xuất báo cáo")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_to__gte=models.F("period_from")),
                name="report_run_period_order",
                violation_error_message=_("Ngày kết thúc phải từ ngày bắt đầu trở đi."),
            ),
            models.CheckConstraint(condition=models.Q(progress__lte=100), name="report_run_progress_max"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.period_from:%d/%m/%Y} – {self.period_to:%d/%m/%Y})"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)
