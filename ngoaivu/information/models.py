"""Briefs (thông tin, tham mưu): what missions and the ministry tell the provinces about markets, sectors,
policy changes, partners, FTA use and situations — with their kind, countries, fields, products (HS chapters),
the FTA they rely on, who they are addressed to (all provinces, a socio-economic region, named provinces) and how
long they hold. Around a brief: its earlier texts, attachments, who opened it, whether it was useful, the
provinces' subscriptions, the weekly digest sent, the requests asked from it and the entities found in it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from ngoaivu.core.models import ScopedModel
from ngoaivu.core.scoping import ScopedManager
from ngoaivu.information.querysets import BriefQuerySet, SubscriptionQuerySet


class _Named(models.Model):
    code = models.SlugField(_("Mã"), max_length=40, unique=True)
    name_vi = models.CharField(_("Tên"), max_length=500)
    name_en = models.CharField(_("Tên tiếng Anh"), max_length=500, blank=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        abstract = True
        ordering = ["sort_order", "pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_en if get_language() == "en" and self.name_en else self.name_vi


class BriefKind(_Named):
    """Market, sector, policy change, partner profile, FTA use, situation update, warning: `data/kinds.csv`."""

    class Meta(_Named.Meta):
        verbose_name = _("Loại bản tin")
        verbose_name_plural = _("Loại bản tin")


class HsChapter(_Named):
    """A chapter (two digits) of the Harmonized System, `data/hs_chapters.csv` (its source in SOURCES.md)."""

    class Meta(_Named.Meta):
        verbose_name = _("Chương HS")
        verbose_name_plural = _("Chương HS")

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"


class Region(_Named):
    """One of the six socio-economic regions, with its current provinces (`data/regions.csv`)."""

    provinces = models.ManyToManyField(
        "directory.Province", related_name="+", verbose_name=_("Tỉnh, thành phố")
    )

    class Meta(_Named.Meta):
        verbose_name = _("Vùng kinh tế - xã hội")
        verbose_name_plural = _("Vùng kinh tế - xã hội")


class Brief(ScopedModel):
    """A brief of a mission or of the ministry (`owner_org`, the author organisation)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Dự thảo")
        PUBLISHED = "published", _("Đã phát hành")
        WITHDRAWN = "withdrawn", _("Đã thu hồi")

    class Audience(models.TextChoices):
        ALL = "all", _("Tất cả các tỉnh, thành phố")
        REGION = "region", _("Một vùng")
        PROVINCES = "provinces", _("Các tỉnh, thành phố được chọn")

    title = models.CharField(_("Tiêu đề"), max_length=300)
    summary = models.TextField(_("Tóm tắt"), max_length=2000)
    body = models.TextField(_("Nội dung"), max_length=50000, blank=True)
    kind = models.ForeignKey(BriefKind, on_delete=models.PROTECT, related_name="+", verbose_name=_("Loại"))
    countries = models.ManyToManyField(
        "directory.Country", blank=True, related_name="+", verbose_name=_("Quốc gia")
    )
    fields = models.ManyToManyField(
        "agreements.CooperationField", blank=True, related_name="+", verbose_name=_("Lĩnh vực")
    )
    products = models.ManyToManyField(
        HsChapter, blank=True, related_name="+", verbose_name=_("Sản phẩm (chương HS)")
    )
    fta = models.ForeignKey(
        "directory.FreeTradeAgreement",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("Hiệp định thương mại tự do"),
    )
    audience = models.CharField(_("Gửi tới"), max_length=10, choices=Audience.choices, default=Audience.ALL)
    region = models.ForeignKey(
        Region, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("Vùng")
    )
    provinces = models.ManyToManyField(
        "directory.Province", blank=True, related_name="+", verbose_name=_("Tỉnh, thành phố nhận")
    )
    valid_until = models.DateField(_("Có giá trị đến"), null=True, blank=True)
    status = models.CharField(_("Tình trạng"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(_("Ngày phát hành"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("Ngày thu hồi"), null=True, blank=True)
    search_text = models.TextField(blank=True, default="")

    objects = ScopedManager.from_queryset(BriefQuerySet)()

    class Meta:
        ordering = ["-published_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "-published_at"], name="brief_status_published_idx"),
            # the lists' default order: a page is read from this index instead of sorting every visible brief
            models.Index(fields=["-published_at", "-id"], name="brief_published_idx"),
            models.Index(fields=["owner_org", "status"], name="brief_owner_status_idx"),
            models.Index(fields=["audience", "region"], name="brief_audience_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(audience="region") | models.Q(region__isnull=False),
                name="brief_region_when_addressed_to_region",
                violation_error_message=_("Chọn vùng khi gửi tới một vùng."),
            )
        ]
        verbose_name = _("Bản tin")
        verbose_name_plural = _("Bản tin")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("information:brief_detail", args=[self.pk])


class BriefVersion(models.Model):
    """The text of a published brief before an update, what the update changed (text, validity, addressing,
    countries, fields, products, FTA, kind: before and after, as readable labels), who changed it and when."""

    brief = models.ForeignKey(Brief, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=300)
    summary = models.TextField(max_length=2000)
    body = models.TextField(max_length=50000, blank=True)
    valid_until = models.DateField(null=True, blank=True)
    changes = models.JSONField(
        default=list,
        blank=True,
        help_text="what the update changed: [{field, before, after}] (addressing, countries, fields, products…)",
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-number", "-pk"]
        constraints = [models.UniqueConstraint(fields=["brief", "number"], name="brief_version_unique")]
        verbose_name = _("Phiên bản trước của bản tin")
        verbose_name_plural = _("Phiên bản trước của bản tin")

    def __str__(self) -> str:
        return f"{self.title} (v{self.number})"

    def change_lines(self) -> list[tuple[str, str, str, bool]]:
        """(label, before, after, has values) of each change, labelled in the reader's language."""
        labels = {
            "title": _("Tiêu đề"),
            "summary": _("Tóm tắt"),
            "body": _("Nội dung"),
            "kind": _("Loại"),
            "audience": _("Gửi tới"),
            "countries": _("Quốc gia"),
            "fields": _("Lĩnh vực"),
            "products": _("Sản phẩm (chương HS)"),
            "fta": _("Hiệp định thương mại tự do"),
            "valid_until": _("Có giá trị đến"),
        }
        return [
            (
                str(labels.get(c.get("field", ""), c.get("field", ""))),
                c.get("before") or "—",
                c.get("after") or "—",
                "before" in c,
            )
            for c in self.changes or []
            if isinstance(c, dict)
        ]


class BriefAttachment(models.Model):
    brief = models.ForeignKey(Brief, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="information/%Y/%m/")
    name = models.CharField(_("Tên tệp"), max_length=200)
    size = models.PositiveBigIntegerField(default=0)
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("Tệp đính kèm bản tin")
        verbose_name_plural = _("Tệp đính kèm bản tin")

    def __str__(self) -> str:
        return self.name


class BriefRead(models.Model):
    """The first time a person opened a brief (their organisation kept, so provinces reached are counted)."""

    brief = models.ForeignKey(Brief, on_delete=models.CASCADE, related_name="reads")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="+")
    first_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["brief", "user"], name="brief_read_once")]
        indexes = [models.Index(fields=["brief", "organisation"], name="brief_read_org_idx")]

    def __str__(self) -> str:
        return f"{self.brief_id}:{self.user_id}"


class BriefRating(models.Model):
    """A province's word on a brief: useful or not, with a comment; one per province, changeable."""

    brief = models.ForeignKey(Brief, on_delete=models.CASCADE, related_name="ratings")
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="+")
    useful = models.BooleanField(_("Hữu ích"))
    comment = models.TextField(_("Nhận xét"), max_length=2000, blank=True)
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    rated_at = models.DateTimeField()

    class Meta:
        ordering = ["-rated_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["brief", "organisation"], name="brief_rating_once")]

    def __str__(self) -> str:
        """What the audit log names: the brief and the verdict, in words."""
        verdict = _("Hữu ích") if self.useful else _("Chưa hữu ích")
        return f"{self.brief.title} — {verdict}"


class BriefSubscription(ScopedModel):
    """A province's subscription: new briefs addressed to it whose countries, fields and products meet every
    non-empty list here (any one of a list) reach its people in the app and in the weekly digest."""

    name = models.CharField(_("Tên"), max_length=200, blank=True)
    countries = models.ManyToManyField(
        "directory.Country", blank=True, related_name="+", verbose_name=_("Quốc gia")
    )
    fields = models.ManyToManyField(
        "agreements.CooperationField", blank=True, related_name="+", verbose_name=_("Lĩnh vực")
    )
    products = models.ManyToManyField(
        HsChapter, blank=True, related_name="+", verbose_name=_("Sản phẩm (chương HS)")
    )

    objects = ScopedManager.from_queryset(SubscriptionQuerySet)()

    class Meta:
        ordering = ["-pk"]
        verbose_name = _("Đăng ký nhận bản tin")
        verbose_name_plural = _("Đăng ký nhận bản tin")

    def __str__(self) -> str:
        return self.name or f"#{self.pk}"


class BriefDigest(models.Model):
    """The weekly digest of a person: at most one per ISO week (the dedupe of the job). It covers the briefs
    published after the `covered_until` of the person's last digest that left, up to its own `covered_until`,
    so a brief is mailed once whatever the job's frequency. A row whose sending failed (`sent_at` empty) is
    rebuilt and sent again by the next run of the same week."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    iso_year = models.PositiveSmallIntegerField()
    iso_week = models.PositiveSmallIntegerField()
    briefs = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    covered_until = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "iso_year", "iso_week"], name="brief_digest_once_a_week")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.iso_year}-W{self.iso_week}"


class BriefQuestion(models.Model):
    """ "Hỏi thêm": a request of the requests app asked from a brief (the link is kept here, above requests)."""

    brief = models.ForeignKey(Brief, on_delete=models.CASCADE, related_name="questions")
    request = models.OneToOneField("requests.ServiceRequest", on_delete=models.CASCADE, related_name="+")
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.brief_id}→{self.request_id}"


class BriefEntity(models.Model):
    """An entity found in a published brief (ingest.entities.extract), and what its author decided."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Đề xuất")
        CONFIRMED = "confirmed", _("Đã xác nhận")
        REJECTED = "rejected", _("Đã bỏ")

    brief = models.ForeignKey(Brief, on_delete=models.CASCADE, related_name="entities")
    type = models.CharField(max_length=10)
    text = models.CharField(max_length=300)
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    norm = models.JSONField(null=True, blank=True)
    target = models.CharField(max_length=40, blank=True, help_text="province:48, country:JP")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PROPOSED)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["start", "pk"]

    def __str__(self) -> str:
        return f"{self.type} {self.text}"
