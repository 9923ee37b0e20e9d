from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ngoaivu.core.models import ScopedModel
from ngoaivu.core.scoping import ScopedManager
from ngoaivu.ingest.querysets import DocumentQuerySet


class Document(ScopedModel):
    """An article, report or official document in the library: its text (extracted from the current
    version), official metadata, and links to the records it is about."""

    class Kind(models.TextChoices):
        NEWS = "news", _("Tin, bài báo")
        REPORT = "report", _("Báo cáo")
        OFFICIAL = "official", _("Văn bản, công văn")
        OTHER = "other", _("Khác")

    class Visibility(models.TextChoices):
        SHARED = "shared", _("Dùng chung")
        PRIVATE = "private", _("Nội bộ đơn vị")

    title = models.CharField(_("Tiêu đề"), max_length=500)
    kind = models.CharField(_("Loại"), max_length=10, choices=Kind.choices, default=Kind.NEWS)
    source = models.CharField(_("Nguồn (báo, cơ quan, địa chỉ web)"), max_length=500, blank=True)
    published_on = models.DateField(_("Ngày đăng / ngày văn bản"), null=True, blank=True, db_index=True)
    number = models.CharField(_("Số, ký hiệu"), max_length=100, blank=True)
    issuer = models.CharField(_("Cơ quan ban hành"), max_length=300, blank=True)
    summary = models.TextField(_("Trích yếu"), max_length=5000, blank=True)
    text = models.TextField(_("Nội dung"), blank=True)
    text_key = models.CharField(max_length=64, db_index=True, editable=False)
    search_text = models.TextField(blank=True, default="")
    visibility = models.CharField(
        _("Phạm vi"), max_length=10, choices=Visibility.choices, default=Visibility.SHARED
    )
    provinces: Any = models.ManyToManyField(
        "directory.Province", blank=True, related_name="+", verbose_name=_("Tỉnh, thành phố")
    )
    countries: Any = models.ManyToManyField(
        "directory.Country", blank=True, related_name="+", verbose_name=_("Quốc gia")
    )
    partners: Any = models.ManyToManyField(
        "directory.Partner", blank=True, related_name="+", verbose_name=_("Đối tác")
    )
    agreements: Any = models.ManyToManyField(
        "agreements.Agreement", blank=True, related_name="+", verbose_name=_("Thỏa thuận")
    )
    requests: Any = models.ManyToManyField(
        "requests.ServiceRequest", blank=True, related_name="+", verbose_name=_("Đặt hàng")
    )
    delegations: Any = models.ManyToManyField(
        "delegations.Delegation", blank=True, related_name="+", verbose_name=_("Đoàn")
    )

    objects = ScopedManager.from_queryset(DocumentQuerySet)()

    class Meta:
        ordering = ["-published_on", "-pk"]
        verbose_name = _("Tài liệu")
        verbose_name_plural = _("Tài liệu")

    def __str__(self) -> str:
        return self.title


class DocumentVersion(models.Model):
    """One upload (or pasted text) of a document; the newest is the document's text. Earlier ones stay."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    file = models.FileField(upload_to="documents/%Y/%m/", blank=True)
    name = models.CharField(max_length=255, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    format = models.CharField(max_length=10)
    encoding = models.CharField(max_length=20, blank=True)
    text = models.TextField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["document", "number"], name="document_version_unique")]

    def __str__(self) -> str:
        return f"{self.document_id} v{self.number}"


class DocumentEntity(models.Model):
    """An entity found in the current text, and what a user decided about the link it proposes."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Đề xuất")
        CONFIRMED = "confirmed", _("Đã xác nhận")
        REJECTED = "rejected", _("Đã bỏ")

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="entities")
    type = models.CharField(max_length=10)
    text = models.CharField(max_length=300)
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    norm = models.JSONField(null=True, blank=True)
    target = models.CharField(max_length=40, blank=True, help_text="province:25, country:JP, partner:12")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PROPOSED)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["start", "pk"]

    def __str__(self) -> str:
        return f"{self.type} {self.text}"
