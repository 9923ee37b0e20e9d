"""Delegations out and in (đoàn ra / đoàn vào), leader working visits and international conferences
(DOMAIN.md §4). Members' birth dates and passports are personal data, encrypted at rest (core.crypto)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ngoaivu.core.crypto import EncryptedTextField
from ngoaivu.core.models import ScopedModel, TimeStampedModel
from ngoaivu.core.scoping import ScopedManager
from ngoaivu.delegations.querysets import ConferenceQuerySet, DelegationQuerySet, VisitQuerySet


class Visibility(models.TextChoices):
    SHARED = "shared", _("Chia sẻ với các tỉnh")
    PRIVATE = "private", _("Chỉ tỉnh mình và Bộ")


class ApprovalStepRule(TimeStampedModel):
    """One step of an approval chain, as data. Rows with an organisation are that province's chain; rows
    without are the default chain for every province that has none. `direction` empty = both directions.
    A step with a named approver is decided by that person (or their deputy for the period); a step without
    one by any head of the delegation's organisation, who records the decision of the body named."""

    owner_org = models.ForeignKey(
        "accounts.Organisation",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("Đơn vị (trống: mặc định)"),
    )
    direction = models.CharField(_("Loại đoàn"), max_length=10, blank=True, default="")
    order = models.PositiveSmallIntegerField(_("Thứ tự"))
    label = models.CharField(_("Bước duyệt"), max_length=200)
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("Người duyệt"),
    )
    only_if_party_managed = models.BooleanField(
        _("Chỉ khi có cán bộ thuộc diện Ban Thường vụ Tỉnh ủy quản lý"), default=False
    )
    # Chủ tịch UBND tỉnh, Ban Thường vụ Tỉnh ủy… do not use ngoaivu: their decision is recorded from its
    # document (number, date, signer, scan), never clicked by an officer in their name.
    on_paper = models.BooleanField(
        _("Quyết định bằng văn bản của lãnh đạo không dùng hệ thống (ghi nhận văn bản)"), default=False
    )

    class Meta:
        ordering = ["owner_org_id", "direction", "order", "pk"]
        verbose_name = _("Bước duyệt đoàn")
        verbose_name_plural = _("Quy trình duyệt đoàn")

    def __str__(self) -> str:
        return f"{self.order}. {self.label}"


class ApprovalDeputy(TimeStampedModel):
    """An approver lets a deputy decide in their name for a period (ủy quyền duyệt khi vắng mặt)."""

    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("Người duyệt")
    )
    deputy = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("Người được ủy quyền"),
    )
    starts_on = models.DateField(_("Từ ngày"))
    ends_on = models.DateField(_("Đến ngày"))
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="deputy_period_ordered",
                violation_error_message=_("Ngày kết thúc phải sau ngày bắt đầu."),
            )
        ]


class Delegation(ScopedModel):
    class Direction(models.TextChoices):
        OUTBOUND = "outbound", _("Đoàn ra")
        INBOUND = "inbound", _("Đoàn vào")

    class State(models.TextChoices):
        PLANNED = "planned", _("Đang chuẩn bị")
        SUBMITTED = "submitted", _("Đã trình duyệt")
        APPROVED = "approved", _("Đã phê duyệt")
        REFUSED = "refused", _("Không được duyệt")
        MISSION_NOTIFIED = "mission_notified", _("Đã phê duyệt, đã báo cơ quan đại diện")
        ONGOING = "ongoing", _("Đang diễn ra")
        RETURNED = "returned", _("Đã kết thúc chuyến đi")
        REPORTED = "reported", _("Đã báo cáo kết quả")
        CLOSED = "closed", _("Đã đóng")
        POSTPONED = "postponed", _("Đã hoãn")
        CANCELLED = "cancelled", _("Đã hủy")

    APPROVED_STATES = (State.APPROVED, State.MISSION_NOTIFIED, State.ONGOING, State.RETURNED)
    FOLLOW_UP_STATES = (*APPROVED_STATES, State.REPORTED, State.CLOSED)  # follow-up tasks can be kept
    # counted in reports and indicators: approved, whatever came after; not refused, postponed or cancelled
    COUNTED_STATES = FOLLOW_UP_STATES

    direction = models.CharField(_("Loại đoàn"), max_length=10, choices=Direction.choices)
    title = models.CharField(_("Tên đoàn"), max_length=300)
    purpose = models.TextField(_("Mục đích"), max_length=10000)
    province = models.ForeignKey(
        "directory.Province", on_delete=models.PROTECT, related_name="+", verbose_name=_("Tỉnh, thành phố")
    )
    head_name = models.CharField(_("Trưởng đoàn"), max_length=200)
    head_position = models.CharField(_("Chức vụ trưởng đoàn"), max_length=300, blank=True)
    countries = models.ManyToManyField("directory.Country", related_name="+", verbose_name=_("Quốc gia"))
    cities = models.CharField(_("Thành phố, địa phương"), max_length=500, blank=True)
    partners = models.ManyToManyField(
        "directory.Partner", blank=True, related_name="+", verbose_name=_("Đối tác làm việc")
    )
    departs_on = models.DateField(_("Ngày đi / ngày đến"), db_index=True)
    returns_on = models.DateField(_("Ngày về / ngày rời"))
    programme = models.TextField(_("Chương trình theo ngày"), max_length=20000, blank=True)
    invitation = models.CharField(_("Thư mời (số, ngày, của ai)"), max_length=500, blank=True)
    funding = models.CharField(_("Nguồn kinh phí"), max_length=300, blank=True)
    budget_estimate = models.DecimalField(
        _("Dự toán kinh phí (VND)"), max_digits=18, decimal_places=0, null=True, blank=True
    )
    actual_cost = models.DecimalField(
        _("Kinh phí thực tế (VND)"), max_digits=18, decimal_places=0, null=True, blank=True
    )
    guests_rank = models.CharField(_("Cấp của khách (đoàn vào)"), max_length=300, blank=True)
    receiving_leader = models.CharField(_("Lãnh đạo tiếp đoàn (đoàn vào)"), max_length=300, blank=True)
    party_managed = models.BooleanField(
        _("Có cán bộ thuộc diện Ban Thường vụ Tỉnh ủy quản lý"), default=False
    )
    state = models.CharField(_("Trạng thái"), max_length=20, choices=State.choices, default=State.PLANNED)
    approval_round = models.PositiveSmallIntegerField(default=0)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("Người trình duyệt"),
    )
    report_due_on = models.DateField(_("Hạn báo cáo kết quả"), null=True, blank=True, db_index=True)
    report_rule = models.CharField(max_length=300, blank=True)
    reported_on = models.DateField(_("Ngày báo cáo"), null=True, blank=True)
    report_results = models.TextField(_("Kết quả"), max_length=20000, blank=True)
    report_better_preparation = models.TextField(
        _("Những việc lẽ ra cần chuẩn bị tốt hơn"), max_length=10000, blank=True
    )
    report_agreements = models.ManyToManyField(
        "agreements.Agreement",
        blank=True,
        related_name="+",
        verbose_name=_("Thỏa thuận đã ký trong chuyến đi"),
    )
    mission_notified_at = models.DateTimeField(null=True, blank=True)
    personal_data_purged_on = models.DateField(null=True, blank=True)
    visibility = models.CharField(
        _("Phạm vi chia sẻ"), max_length=10, choices=Visibility.choices, default=Visibility.SHARED
    )
    search_text = models.TextField(blank=True, default="")
    # What another province may search a shared delegation by: only the summary it is shown (issue 16) —
    # title, head of delegation, province, countries; never purpose, cities, partners or members' names.
    summary_search_text = models.TextField(blank=True, default="")

    objects = ScopedManager.from_queryset(DelegationQuerySet)()

    class Meta:
        ordering = ["-departs_on", "-pk"]
        indexes = [
            models.Index(fields=["owner_org", "departs_on", "id"], name="delegation_owner_departs"),
            models.Index(fields=["state", "report_due_on"], name="delegation_state_report"),
            # the national list (the ministry sees every live row): newest first and its count, from the index
            models.Index(
                models.F("departs_on").desc(),
                models.F("id").desc(),
                name="delegation_live_departs",
                condition=models.Q(deleted_at__isnull=True),
            ),
            models.Index(fields=["state", "departs_on", "id"], name="delegation_state_departs"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(returns_on__gte=models.F("departs_on")),
                name="delegation_dates_ordered",
                violation_error_message=_("Ngày về phải từ ngày đi trở đi."),
            )
        ]
        verbose_name = _("Đoàn")
        verbose_name_plural = _("Đoàn ra, đoàn vào")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("delegations:delegation_detail", args=[self.pk])

    @property
    def report_missing(self) -> bool:
        return (
            self.reported_on is None and self.state in self.APPROVED_STATES and self.report_due_on is not None
        )


class DelegationApproval(models.Model):
    """One approver's step for one submission round: pending until decided."""

    class Decision(models.TextChoices):
        PENDING = "", _("Chờ duyệt")
        APPROVED = "approved", pgettext_lazy("decision", "Đồng ý")
        RETURNED = "returned", _("Đã trả lại để bổ sung")
        REFUSED = "refused", pgettext_lazy("decision", "Không đồng ý")

    delegation = models.ForeignKey(Delegation, on_delete=models.CASCADE, related_name="approvals")
    round = models.PositiveSmallIntegerField()
    order = models.PositiveSmallIntegerField()
    label = models.CharField(max_length=200)
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decision = models.CharField(max_length=10, choices=Decision.choices, default="", blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    on_behalf_of = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    comment = models.TextField(blank=True, max_length=5000)
    # a step decided on paper by someone who does not use ngoaivu: the officer records that decision
    on_paper = models.BooleanField(default=False)
    document_number = models.CharField(_("Số văn bản"), max_length=60, blank=True)
    document_date = models.DateField(_("Ngày văn bản"), null=True, blank=True)
    document_signer = models.CharField(_("Người ký"), max_length=200, blank=True)
    document_file = models.FileField(upload_to="delegations/decisions/%Y/%m/", blank=True)
    document_name = models.CharField(max_length=255, blank=True)
    document_sha256 = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["round", "order", "pk"]

    def __str__(self) -> str:
        return f"{self.order}. {self.label}: {self.decision or 'pending'}"


class Member(TimeStampedModel):
    """A member of a delegation. Birth date and passport fields are personal data: encrypted, masked unless
    the reader may see them, each unmasked read logged, anonymised after the retention period."""

    class PassportType(models.TextChoices):
        ORDINARY = "ordinary", _("Phổ thông")
        OFFICIAL = "official", _("Công vụ")
        DIPLOMATIC = "diplomatic", _("Ngoại giao")
        FOREIGN = "foreign", _("Hộ chiếu nước ngoài")

    delegation = models.ForeignKey(Delegation, on_delete=models.CASCADE, related_name="members")
    full_name = models.CharField(_("Họ và tên"), max_length=200)
    position = models.CharField(_("Chức vụ"), max_length=300, blank=True)
    unit = models.CharField(_("Đơn vị"), max_length=300, blank=True)
    is_head = models.BooleanField(_("Trưởng đoàn"), default=False)
    birth_date = EncryptedTextField(_("Ngày sinh"), blank=True, default="")
    passport_type = models.CharField(
        _("Loại hộ chiếu"), max_length=12, choices=PassportType.choices, blank=True
    )
    passport_number = EncryptedTextField(_("Số hộ chiếu"), blank=True, default="")
    passport_expiry = EncryptedTextField(_("Hộ chiếu hết hạn"), blank=True, default="")
    passport_flag = models.BooleanField(_("Hộ chiếu sắp hết hạn"), default=False)
    anonymised_on = models.DateField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    PERSONAL_FIELDS = ("birth_date", "passport_number", "passport_expiry")

    class Meta:
        ordering = ["-is_head", "pk"]

    def __str__(self) -> str:
        return self.full_name


class BriefingNote(TimeStampedModel):
    """What the mission in the destination country adds: partner background, market information, protocol
    advice, or a support request."""

    class Kind(models.TextChoices):
        PARTNER = "partner", _("Thông tin về đối tác")
        MARKET = "market", _("Thông tin thị trường")
        PROTOCOL = "protocol", _("Lưu ý lễ tân")
        SUPPORT = "support", _("Đề nghị hỗ trợ")

    delegation = models.ForeignKey(Delegation, on_delete=models.CASCADE, related_name="briefings")
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(_("Loại ghi chú"), max_length=10, choices=Kind.choices)
    text = models.TextField(_("Nội dung"), max_length=20000)

    class Meta:
        ordering = ["created_at", "pk"]


class FollowUpTask(TimeStampedModel):
    class Status(models.TextChoices):
        OPEN = "open", _("Đang thực hiện")
        DONE = "done", _("Đã xong")
        CANCELLED = "cancelled", _("Đã hủy")

    delegation = models.ForeignKey(Delegation, on_delete=models.CASCADE, related_name="follow_ups")
    title = models.CharField(_("Việc cần làm"), max_length=300)
    owner = models.CharField(_("Người / đơn vị chủ trì"), max_length=200)
    due_on = models.DateField(_("Hạn"))
    status = models.CharField(_("Tình trạng"), max_length=10, choices=Status.choices, default=Status.OPEN)
    done_on = models.DateField(null=True, blank=True)
    agreement = models.ForeignKey(
        "agreements.Agreement",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("Thỏa thuận liên quan"),
    )
    request_reference = models.CharField(_("Số đặt hàng liên quan"), max_length=40, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class DelegationEvent(models.Model):
    """The delegation's own history, shown on its page (the audit trail keeps the field-level diff)."""

    delegation = models.ForeignKey(Delegation, on_delete=models.CASCADE, related_name="events")
    created_at = models.DateTimeField(auto_now_add=True)
    actor_label = models.CharField(max_length=300)
    action = models.CharField(max_length=40)
    from_state = models.CharField(max_length=20, blank=True)
    to_state = models.CharField(max_length=20, blank=True)
    text = models.TextField(blank=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.action} ({self.actor_label})"


class LeaderVisit(ScopedModel):
    """A ministry leader visiting a province, or a province's leaders received at the ministry."""

    class Direction(models.TextChoices):
        TO_PROVINCE = "to_province", _("Lãnh đạo Bộ thăm, làm việc tại tỉnh")
        TO_MINISTRY = "to_ministry", _("Lãnh đạo tỉnh làm việc tại Bộ")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Dự kiến")
        HELD = "held", _("Đã diễn ra")
        CANCELLED = "cancelled", _("Đã hủy")

    direction = models.CharField(_("Hình thức"), max_length=12, choices=Direction.choices)
    province = models.ForeignKey(
        "directory.Province", on_delete=models.PROTECT, related_name="+", verbose_name=_("Tỉnh, thành phố")
    )
    starts_on = models.DateField(_("Từ ngày"), db_index=True)
    ends_on = models.DateField(_("Đến ngày"))
    ministry_leaders = models.CharField(_("Lãnh đạo Bộ"), max_length=500)
    province_leaders = models.CharField(_("Lãnh đạo tỉnh"), max_length=500, blank=True)
    agenda = models.TextField(_("Nội dung làm việc"), max_length=20000, blank=True)
    agreed = models.TextField(_("Những nội dung đã thống nhất"), max_length=20000, blank=True)
    follow_up = models.TextField(_("Việc triển khai sau chuyến thăm"), max_length=20000, blank=True)
    status = models.CharField(_("Tình trạng"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    search_text = models.TextField(blank=True, default="")

    objects = ScopedManager.from_queryset(VisitQuerySet)()

    class Meta:
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="visit_dates_ordered",
                violation_error_message=_("Ngày kết thúc phải từ ngày bắt đầu trở đi."),
            )
        ]
        verbose_name = _("Chuyến làm việc của lãnh đạo")
        verbose_name_plural = _("Chuyến làm việc của lãnh đạo")

    def __str__(self) -> str:
        return f"{self.ministry_leaders} — {self.province.name} ({self.starts_on:%d/%m/%Y})"

    def get_absolute_url(self) -> str:
        return reverse("delegations:visit_detail", args=[self.pk])


class VisitAsk(TimeStampedModel):
    """A concrete ask the province raised during a visit; it can become a request (đặt hàng), whose number is
    kept here so the visit shows where each ask went."""

    visit = models.ForeignKey(LeaderVisit, on_delete=models.CASCADE, related_name="asks")
    text = models.TextField(_("Đề nghị của tỉnh"), max_length=5000)
    request_id = models.PositiveBigIntegerField(null=True, blank=True)
    request_number = models.CharField(max_length=40, blank=True)

    class Meta:
        ordering = ["pk"]


class Conference(ScopedModel):
    """An international conference or seminar organised by a province (Decision 06/2020/QĐ-TTg)."""

    class Format(models.TextChoices):
        IN_PERSON = "in_person", _("Trực tiếp")
        ONLINE = "online", _("Trực tuyến")
        HYBRID = "hybrid", _("Kết hợp")

    class Rank(models.TextChoices):
        MINISTER = "minister", _("Cấp Bộ trưởng trở lên")
        DEPUTY_MINISTER = "deputy_minister", _("Cấp Thứ trưởng")
        OTHER = "other", _("Dưới cấp Thứ trưởng")

    class Level(models.TextChoices):
        PM = "pm", _("Thủ tướng Chính phủ")
        CHAIR = "chair", _("Chủ tịch UBND tỉnh")

    class State(models.TextChoices):
        PLANNED = "planned", _("Đang chuẩn bị")
        SUBMITTED = "submitted", _("Đã trình hồ sơ")
        APPROVED = "approved", _("Được cho phép")
        REFUSED = "refused", _("Không được cho phép")
        REPORTED = "reported", _("Đã báo cáo kết quả")
        CANCELLED = "cancelled", _("Đã hủy")

    SENSITIVE_TOPICS = {
        "sovereignty": _("Chủ quyền, lãnh thổ"),
        "security": _("An ninh"),
        "defence": _("Quốc phòng"),
        "ethnicity": _("Dân tộc"),
        "religion": _("Tôn giáo"),
        "human_rights": _("Nhân quyền"),
        "state_secrets": _("Bí mật nhà nước"),
    }

    title = models.CharField(_("Tên hội nghị, hội thảo"), max_length=500)
    organiser = models.CharField(_("Cơ quan tổ chức"), max_length=300)
    province = models.ForeignKey(
        "directory.Province", on_delete=models.PROTECT, related_name="+", verbose_name=_("Tỉnh, thành phố")
    )
    format = models.CharField(_("Hình thức"), max_length=10, choices=Format.choices)
    venue = models.CharField(_("Địa điểm"), max_length=300, blank=True)
    starts_on = models.DateField(_("Ngày khai mạc"), db_index=True)
    ends_on = models.DateField(_("Ngày bế mạc"))
    countries = models.ManyToManyField(
        "directory.Country", blank=True, related_name="+", verbose_name=_("Nước có đại biểu tham dự")
    )
    foreign_participants = models.PositiveIntegerField(_("Số đại biểu nước ngoài"), default=0)
    top_rank = models.CharField(
        _("Cấp cao nhất của đại biểu nước ngoài"), max_length=20, choices=Rank.choices
    )
    sensitive_topics = models.JSONField(_("Nội dung nhạy cảm"), default=list, blank=True)
    funding = models.CharField(_("Nguồn kinh phí"), max_length=300, blank=True)
    approval_level = models.CharField(_("Cấp cho phép"), max_length=10, choices=Level.choices)
    dossier_due_on = models.DateField(_("Hạn trình hồ sơ"))
    dossier_rule = models.CharField(max_length=300, blank=True)
    dossier_submitted_on = models.DateField(_("Ngày trình hồ sơ"), null=True, blank=True)
    decision = models.CharField(_("Văn bản cho phép / không cho phép"), max_length=200, blank=True)
    report_due_on = models.DateField(_("Hạn báo cáo kết quả"), null=True, blank=True)
    reported_on = models.DateField(_("Ngày báo cáo"), null=True, blank=True)
    report_text = models.TextField(_("Kết quả hội nghị"), max_length=20000, blank=True)
    state = models.CharField(_("Trạng thái"), max_length=12, choices=State.choices, default=State.PLANNED)
    visibility = models.CharField(
        _("Phạm vi chia sẻ"), max_length=10, choices=Visibility.choices, default=Visibility.SHARED
    )
    search_text = models.TextField(blank=True, default="")

    objects = ScopedManager.from_queryset(ConferenceQuerySet)()

    class Meta:
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="conference_dates_ordered",
                violation_error_message=_("Ngày bế mạc phải từ ngày khai mạc trở đi."),
            )
        ]
        verbose_name = _("Hội nghị, hội thảo quốc tế")
        verbose_name_plural = _("Hội nghị, hội thảo quốc tế")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("delegations:conference_detail", args=[self.pk])


class ConferenceConsultation(models.Model):
    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="consultations")
    body = models.CharField(_("Cơ quan được lấy ý kiến"), max_length=300)
    sent_on = models.DateField(_("Ngày gửi"))
    due_on = models.DateField(_("Hạn trả lời"))
    rule = models.CharField(max_length=300, blank=True)
    replied_on = models.DateField(_("Ngày trả lời"), null=True, blank=True)
    reply = models.TextField(_("Ý kiến"), max_length=10000, blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.body
