from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from ngoaivu.core.models import ScopedModel, TimeStampedModel
from ngoaivu.core.scoping import ScopedManager
from ngoaivu.requests.querysets import RecipientQuerySet, ServiceRequestQuerySet

if TYPE_CHECKING:
    from ngoaivu.requests.progress import Progress


def max_length(model: type[models.Model], name: str) -> int:
    """How long a text field of `model` may be: each length rule is stated once, on the model, and the form,
    the API schema and the service read it from here."""
    field = model._meta.get_field(name)
    length = field.max_length if isinstance(field, models.Field) else None
    if length is None:
        raise TypeError(f"{model._meta.label}.{name} has no max_length")
    return length


class Category(TimeStampedModel):
    """A request category and its SLA policy in working days (data: administrators edit it)."""

    code = models.SlugField(_("Mã"), max_length=40, unique=True)
    name_vi = models.CharField(_("Tên"), max_length=200)
    name_en = models.CharField(_("Tên tiếng Anh"), max_length=200)
    ack_days = models.PositiveSmallIntegerField(_("Hạn xác nhận (ngày làm việc)"), default=2)
    answer_days = models.PositiveSmallIntegerField(_("Hạn trả lời (ngày làm việc)"), default=10)
    rating_days = models.PositiveSmallIntegerField(_("Hạn đánh giá (ngày làm việc)"), default=10)
    is_active = models.BooleanField(_("Đang dùng"), default=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "pk"]
        verbose_name = _("Lĩnh vực đặt hàng")
        verbose_name_plural = _("Lĩnh vực đặt hàng")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        """The category in the user's language (categories are data with both names)."""
        return self.name_en if get_language() == "en" and self.name_en else self.name_vi


class RequestNumber(models.Model):
    """Gap-free numbering per year: the row is locked and incremented in the sending transaction."""

    year = models.PositiveIntegerField(unique=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class OrganisationCodesField(models.JSONField):
    """A list of organisation codes (a draft's planned recipients). Its `flatchoices` name every organisation, so
    that whatever reads choices (the audit log's words) shows "Bộ Ngoại giao, Đại sứ quán …", not the codes."""

    @property  # type: ignore[override]
    def flatchoices(self) -> list[tuple[str, str]]:
        from ngoaivu.accounts.models import Organisation

        return list(Organisation.objects.values_list("code", "name_vi"))


class ServiceRequest(ScopedModel):
    """A province's request ("đặt hàng") to the ministry and/or missions. `owner_org` is the sending province."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Dự thảo")
        PENDING_APPROVAL = "pending_approval", _("Chờ lãnh đạo duyệt")
        SENT = "sent", _("Đã gửi")
        CLOSED = "closed", _("Đã đóng")
        WITHDRAWN = "withdrawn", _("Đã rút")
        MERGED = "merged", _("Đã gộp")

    class Priority(models.TextChoices):
        NORMAL = "normal", _("Bình thường")
        HIGH = "high", _("Khẩn")

    number = models.CharField(_("Số"), max_length=20, unique=True, null=True, blank=True)
    title = models.CharField(_("Tiêu đề"), max_length=300)
    description = models.TextField(_("Nội dung cần hỗ trợ và lý do"), max_length=20000)
    desired_result = models.TextField(_("Kết quả mong muốn"), max_length=5000, blank=True)
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="requests", verbose_name=_("Lĩnh vực")
    )
    priority = models.CharField(_("Mức độ"), max_length=10, choices=Priority.choices, default=Priority.NORMAL)
    wished_date = models.DateField(_("Thời hạn mong muốn"), null=True, blank=True)
    target_countries = models.ManyToManyField(
        "directory.Country", blank=True, verbose_name=_("Quốc gia liên quan")
    )
    target_partners = models.ManyToManyField(
        "directory.Partner", blank=True, verbose_name=_("Đối tác liên quan")
    )
    market_dossiers = models.ManyToManyField(
        "market_access.Dossier",
        blank=True,
        related_name="+",
        verbose_name=_("Hồ sơ mở cửa thị trường liên quan"),
    )  # stored here: requests sit above market_access (the dossier page loads them by URL)
    status = models.CharField(_("Trạng thái"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_at = models.DateTimeField(_("Ngày gửi"), null=True, blank=True, db_index=True)
    sent_on = models.DateField(null=True, blank=True, db_index=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    draft_recipients = OrganisationCodesField(
        _("Nơi nhận dự kiến"),
        default=list,
        blank=True,
        help_text="organisation codes; the recipient parts are created on sending",
    )
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged"
    )
    search_text = models.TextField(blank=True, default="")
    first_answer_on = models.DateField(
        _("Ngày có câu trả lời đầu tiên"),
        null=True,
        blank=True,
        editable=False,
        help_text="set by the first answer of any part: a shared request is readable by other provinces from then on",
    )
    shared = models.BooleanField(
        _("Chia sẻ với các tỉnh khác khi đã được trả lời"),
        default=False,
        help_text=_(
            "Các tỉnh khác xem được đặt hàng này và câu trả lời (trong mục “Đặt hàng tương tự trước đây”) "
            "khi đã có nơi nhận trả lời."
        ),
    )

    objects = ScopedManager.from_queryset(ServiceRequestQuerySet)()

    class Meta:
        ordering = ["-sent_at", "-pk"]
        indexes = [
            models.Index(fields=["owner_org", "-sent_at"], name="request_owner_sent_idx"),
            models.Index(fields=["status", "-sent_at"], name="request_status_sent_idx"),
            # a category's requests, newest sent first (the lists filtered by category, deep pages)
            models.Index(fields=["category", "-sent_at", "-id"], name="request_category_sent_idx"),
        ]
        verbose_name = _("Đặt hàng")
        verbose_name_plural = _("Đặt hàng")

    def __str__(self) -> str:
        return f"{self.number or _('Dự thảo')} — {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("requests:request_detail", kwargs={"pk": self.pk})

    @property
    def progress(self) -> Progress:
        """Where the request stands, from its own state and its recipients' parts (`progress.request_progress`):
        the parts a list already read (`.parts`, see `selectors.with_parts`) or the prefetched recipients."""
        from ngoaivu.requests.progress import request_progress

        parts = getattr(self, "parts", None)
        if parts is None:
            parts = self.recipients.all() if self.pk else []
        return request_progress(self.status, [p.status for p in parts])

    @property
    def display_status(self) -> str:
        """The status a person reads ("Đã trả lời một phần (2/3)"), not the workflow's own "Đã gửi"."""
        return self.progress.label


class Recipient(models.Model):
    """One recipient's part of a request, with its own clock, assignee, answer and rating."""

    class Status(models.TextChoices):
        NEW = "new", _("Mới nhận")
        ACKNOWLEDGED = "acknowledged", _("Đã xác nhận")
        ASSIGNED = "assigned", _("Đã phân công")
        CLARIFICATION = "clarification", _("Chờ tỉnh làm rõ")
        ANSWERED = "answered", _("Đã trả lời")
        RATED = "rated", _("Đã đánh giá")
        REOPENED = "reopened", _("Mở lại")
        DECLINED = "declined", _("Từ chối")
        FORWARDED = "forwarded", _("Đã chuyển")
        CLOSED = "closed", _("Đã đóng")

    OPEN = (Status.NEW, Status.ACKNOWLEDGED, Status.ASSIGNED, Status.CLARIFICATION, Status.REOPENED)

    request = models.ForeignKey(ServiceRequest, on_delete=models.CASCADE, related_name="recipients")
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("Đơn vị nhận")
    )
    status = models.CharField(_("Trạng thái"), max_length=20, choices=Status.choices, default=Status.NEW)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("Người xử lý"),
    )
    received_on = models.DateField(_("Ngày nhận"))
    ack_due = models.DateField(_("Hạn xác nhận"))
    answer_due = models.DateField(_("Hạn trả lời"))
    sla_rule = models.CharField(
        max_length=80, blank=True, help_text="category code and days used for the due dates"
    )
    acknowledged_on = models.DateField(null=True, blank=True)
    answered_on = models.DateField(null=True, blank=True)
    paused_since = models.DateField(null=True, blank=True)
    paused_working_days = models.PositiveIntegerField(default=0)
    previous_status = models.CharField(max_length=20, blank=True)
    rating = models.PositiveSmallIntegerField(null=True, blank=True)
    rating_comment = models.TextField(blank=True)
    decline_reason = models.TextField(blank=True)
    forwarded_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    request_sent_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="copy of request.sent_at: orders the inbox from this table",
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager.from_queryset(RecipientQuerySet)()

    class Meta:
        ordering = ["pk"]
        indexes = [
            models.Index(fields=["organisation", "status"], name="recipient_org_status_idx"),
            models.Index(fields=["status", "answer_due"], name="recipient_status_due_idx"),
            # `visible_to` of a mission or ministry unit: the requests addressed to it, from the index alone
            models.Index(fields=["organisation", "request"], name="recipient_org_request_idx"),
            # the inbox: an organisation's open parts, newest request first, read from the index alone
            models.Index(
                "organisation",
                models.F("request_sent_at").desc(),
                models.F("request").desc(),
                name="recipient_inbox_idx",
                condition=models.Q(
                    status__in=["new", "acknowledged", "assigned", "clarification", "reopened"]
                ),
            ),
        ]
        constraints = [
            models.UniqueConstraint(fields=["request", "organisation"], name="recipient_unique_org"),
            models.CheckConstraint(
                condition=models.Q(rating__isnull=True) | models.Q(rating__gte=1, rating__lte=5),
                name="recipient_rating_1_5",
                violation_error_message=_("Điểm đánh giá từ 1 đến 5."),
            ),
        ]
        verbose_name = _("Đơn vị nhận đặt hàng")
        verbose_name_plural = _("Đơn vị nhận đặt hàng")

    def __str__(self) -> str:
        return f"{self.request.number or self.request_id} → {self.organisation.code}"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN


class Answer(models.Model):
    recipient = models.ForeignKey(Recipient, on_delete=models.CASCADE, related_name="answers")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(_("Nội dung trả lời"), max_length=20000)
    partner_contacts = models.TextField(_("Đối tác, đầu mối liên hệ tìm được"), max_length=5000, blank=True)
    next_steps = models.TextField(_("Đề xuất bước tiếp theo"), max_length=5000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"answer {self.pk} ({self.recipient})"


class Attachment(models.Model):
    request = models.ForeignKey(ServiceRequest, on_delete=models.CASCADE, related_name="attachments")
    answer = models.ForeignKey(
        Answer, null=True, blank=True, on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(upload_to="requests/%Y/%m/")
    name = models.CharField(max_length=255)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.name


class Event(models.Model):
    """The conversation and status history of a request, shown in order on its page."""

    request = models.ForeignKey(ServiceRequest, on_delete=models.CASCADE, related_name="events")
    recipient = models.ForeignKey(
        Recipient, null=True, blank=True, on_delete=models.CASCADE, related_name="events"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_label = models.CharField(max_length=150)
    organisation = models.ForeignKey(
        "accounts.Organisation", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=40)
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20, blank=True)
    text = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.action} {self.request_id}"
