from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from ngoaivu.agreements.querysets import AgreementQuerySet, ImportBatchQuerySet
from ngoaivu.core.models import ScopedModel, TimeStampedModel
from ngoaivu.core.scoping import ScopedManager


class BilingualName(models.Model):
    code = models.SlugField(_("Mã"), max_length=40, unique=True)
    name_vi = models.CharField(_("Tên"), max_length=200)
    name_en = models.CharField(_("Tên tiếng Anh"), max_length=200)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        abstract = True
        ordering = ["sort_order", "pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_en if get_language() == "en" and self.name_en else self.name_vi


class AgreementKind(BilingualName):
    """Kinds are data (DOMAIN.md §4): whether the kind needs written opinions before signing and the
    post-signing report to the Prime Minister (Law 70/2020) is part of the row, not of the code."""

    legal_basis = models.CharField(_("Căn cứ"), max_length=300, blank=True)
    needs_consultation = models.BooleanField(_("Phải lấy ý kiến trước khi ký"), default=False)
    needs_pm_report = models.BooleanField(_("Phải báo cáo Thủ tướng sau khi ký"), default=False)

    class Meta(BilingualName.Meta):
        verbose_name = _("Loại thỏa thuận")
        verbose_name_plural = _("Loại thỏa thuận")


class CooperationField(BilingualName):
    class Meta(BilingualName.Meta):
        verbose_name = _("Lĩnh vực hợp tác")
        verbose_name_plural = _("Lĩnh vực hợp tác")


class DeadlineRule(TimeStampedModel):
    """A legal or project deadline as data (DOMAIN.md §5). `province_code` empty = the national rule; a row
    with a province code overrides it for that province. Due dates keep the text of the rule that made them,
    so editing a rule never silently moves an existing deadline."""

    class Key(models.TextChoices):
        CONSULTATION_REPLY = "consultation_reply", _("Cơ quan được lấy ý kiến trả lời")
        PM_OPINION = "pm_opinion", _("Ý kiến Thủ tướng khi có ý kiến khác nhau")
        POST_SIGNING_REPORT = "post_signing_report", _("Báo cáo Thủ tướng (gửi Bộ Ngoại giao) sau khi ký")
        DORMANT_AFTER = "dormant_after", _("Coi là “ngủ đông” khi không có hoạt động")
        ROADMAP_MISSING = "roadmap_missing", _("Chưa có lộ trình sau khi ký")
        EXPIRY_REMINDERS = "expiry_reminders", _("Nhắc trước ngày hết hiệu lực")
        MILESTONE_REMINDER = "milestone_reminder", _("Nhắc trước hạn mốc lộ trình")
        DELEGATION_REPORT = "delegation_report", _("Báo cáo kết quả đoàn ra sau khi về nước")
        FOLLOW_UP_REMINDER = "follow_up_reminder", _("Nhắc trước hạn việc cần làm sau chuyến đi")
        PASSPORT_VALIDITY = "passport_validity", _("Hộ chiếu còn hạn sau ngày về ít nhất")
        PERSONAL_DATA_RETENTION = (
            "personal_data_retention",
            _("Giữ dữ liệu cá nhân thành viên đoàn sau chuyến đi"),
        )
        CONFERENCE_DOSSIER_PM = (
            "conference_dossier_pm",
            _("Hồ sơ hội nghị quốc tế trình Thủ tướng: trước ngày khai mạc"),
        )
        CONFERENCE_DOSSIER_CHAIR = (
            "conference_dossier_chair",
            _("Hồ sơ hội nghị quốc tế trình Chủ tịch UBND tỉnh: trước ngày khai mạc"),
        )
        CONFERENCE_CONSULTATION_REPLY = (
            "conference_consultation_reply",
            _("Cơ quan được lấy ý kiến về hội nghị trả lời"),
        )
        CONFERENCE_REPORT = "conference_report", _("Báo cáo kết quả hội nghị sau khi bế mạc")
        # issue 21: rules of the culture, press, consular, training and border apps
        UNESCO_STEP_REMINDER = "unesco_step_reminder", _("Nhắc trước hạn bước tiếp theo của hồ sơ UNESCO")
        PRESS_APPLICATION = (
            "press_application",
            _("Phóng viên nước ngoài nộp hồ sơ trước ngày nhập cảnh ít nhất"),
        )
        PRESS_ANSWER = "press_answer", _("Trả lời đề nghị hoạt động báo chí của phóng viên nước ngoài")
        PRESS_PERSONAL_DATA_RETENTION = (
            "press_personal_data_retention",
            _("Giữ dữ liệu cá nhân phóng viên sau chuyến thăm"),
        )
        CITIZEN_CASE_NOTIFY_PROVINCE = (
            "citizen_case_notify_province",
            _("Báo tỉnh có công dân cần bảo hộ sau khi tiếp nhận vụ việc"),
        )
        CITIZEN_PERSONAL_DATA_RETENTION = (
            "citizen_personal_data_retention",
            _("Giữ dữ liệu cá nhân công dân sau khi kết thúc vụ việc"),
        )
        TRAINING_NOMINATION_REMINDER = (
            "training_nomination_reminder",
            _("Nhắc trước hạn cử cán bộ tham gia khóa đào tạo"),
        )
        BORDER_COMMITMENT_REMINDER = (
            "border_commitment_reminder",
            _("Nhắc trước hạn việc đã thống nhất tại cuộc họp hợp tác biên giới"),
        )

    class Unit(models.TextChoices):
        WORKING = "working", _("ngày làm việc")
        CALENDAR = "calendar", _("ngày")
        MONTHS = "months", _("tháng")

    key = models.CharField(_("Quy tắc"), max_length=40, choices=Key.choices)
    province_code = models.CharField(_("Áp dụng cho tỉnh"), max_length=2, blank=True, default="")
    days = models.PositiveSmallIntegerField(_("Số"), validators=[MaxValueValidator(3650)])
    unit = models.CharField(_("Đơn vị"), max_length=10, choices=Unit.choices)
    reminder_days = models.CharField(
        _("Nhắc trước (ngày, cách nhau bởi dấu phẩy)"), max_length=60, blank=True, default=""
    )
    source = models.CharField(_("Căn cứ"), max_length=300, blank=True)
    status = models.CharField(_("Tình trạng căn cứ"), max_length=40, blank=True)

    class Meta:
        ordering = ["key", "province_code"]
        constraints = [
            models.UniqueConstraint(fields=["key", "province_code"], name="deadline_rule_unique_key_province")
        ]
        verbose_name = _("Quy tắc thời hạn")
        verbose_name_plural = _("Quy tắc thời hạn")

    def __str__(self) -> str:
        where = f" ({_('tỉnh mã')} {self.province_code})" if self.province_code else ""
        return f"{self.get_key_display()}{where}: {self.days} {self.get_unit_display()}"

    def describe(self) -> str:
        return f"{self.get_key_display()}: {self.days} {self.get_unit_display()} ({self.source})"

    def reminder_list(self) -> list[int]:
        return sorted({int(d) for d in self.reminder_days.split(",") if d.strip().isdigit()}, reverse=True)


class ImportBatch(ScopedModel):
    """One Excel import: the file (by SHA-256), its rows and outcome — the change set an import is audited as."""

    class Status(models.TextChoices):
        PREVIEWED = "previewed", _("Đã kiểm tra, chưa nhập")
        IMPORTED = "imported", _("Đã nhập")
        FAILED = "failed", _("Có lỗi, không nhập")

    file = models.FileField(upload_to="imports/%Y/%m/")
    filename = models.CharField(_("Tệp"), max_length=255)
    sha256 = models.CharField(max_length=64, db_index=True)
    status = models.CharField(_("Trạng thái"), max_length=20, choices=Status.choices)
    row_count = models.PositiveIntegerField(_("Số dòng"), default=0)
    created_count = models.PositiveIntegerField(_("Số thỏa thuận đã nhập"), default=0)
    partners_created = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)
    warnings = models.JSONField(default=list, blank=True)
    options = models.JSONField(default=dict, blank=True)

    objects = ScopedManager.from_queryset(ImportBatchQuerySet)()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("Lần nhập Excel")
        verbose_name_plural = _("Lần nhập Excel")

    def __str__(self) -> str:
        return f"{self.filename} ({self.created_at:%d/%m/%Y %H:%M})" if self.created_at else self.filename


class Agreement(ScopedModel):
    """An international agreement, MOU or sister-city relation of a province. `owner_org` is the province's
    organisation; `province` the current province, `former_province` the unit as named at signing."""

    class State(models.TextChoices):
        PROPOSED = "proposed", _("Đề xuất")
        IN_CONSULTATION = "in_consultation", _("Đang lấy ý kiến")
        OBJECTED = "objected", _("Có ý kiến khác")
        SUBMITTED_TO_PM = "submitted_to_pm", _("Trình Thủ tướng")
        APPROVED = "approved", _("Được chấp thuận ký")
        REFUSED = "refused", _("Không chấp thuận")
        SIGNED = "signed", _("Đã ký")
        REPORTED = "reported", _("Đã báo cáo sau ký")
        IN_IMPLEMENTATION = "in_implementation", _("Đang triển khai")
        SUSPENDED = "suspended", _("Tạm đình chỉ")
        EXPIRED = "expired", _("Hết hiệu lực")
        TERMINATED = "terminated", _("Chấm dứt")
        RENEWED = "renewed", _("Đã ký mới thay thế")

    SIGNED_STATES = (State.SIGNED, State.REPORTED, State.IN_IMPLEMENTATION)
    ENDED_STATES = (State.REFUSED, State.EXPIRED, State.TERMINATED, State.RENEWED)

    class Visibility(models.TextChoices):
        SHARED = "shared", _("Chia sẻ với các tỉnh")
        PRIVATE = "private", _("Chỉ tỉnh mình và Bộ")

    class ExpiryDecision(models.TextChoices):
        EXTEND = "extend", _("Gia hạn")
        RENEW = "renew", _("Ký mới thay thế")
        LAPSE = "lapse", _("Để hết hiệu lực")

    kind = models.ForeignKey(AgreementKind, on_delete=models.PROTECT, verbose_name=_("Loại thỏa thuận"))
    title_vi = models.CharField(_("Tên thỏa thuận (tiếng Việt)"), max_length=500)
    title_foreign = models.CharField(_("Tên bằng tiếng nước ngoài"), max_length=500, blank=True)
    foreign_language = models.CharField(_("Ngôn ngữ của đối tác"), max_length=50, blank=True)
    province = models.ForeignKey(
        "directory.Province", on_delete=models.PROTECT, related_name="+", verbose_name=_("Tỉnh (hiện hành)")
    )
    former_province = models.ForeignKey(
        "directory.FormerProvince",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("Tỉnh khi ký (trước 01/07/2025)"),
    )
    province_as_named = models.CharField(_("Tên tỉnh khi ký"), max_length=100)
    vn_party = models.CharField(_("Bên Việt Nam ký"), max_length=300, blank=True)
    country = models.ForeignKey(
        "directory.Country", on_delete=models.PROTECT, related_name="+", verbose_name=_("Quốc gia")
    )
    partners = models.ManyToManyField(
        "directory.Partner", blank=True, related_name="+", verbose_name=_("Đối tác nước ngoài")
    )
    fields = models.ManyToManyField(
        "agreements.CooperationField", blank=True, verbose_name=_("Lĩnh vực hợp tác")
    )
    description = models.TextField(_("Nội dung chính"), max_length=20000, blank=True)
    signed_on = models.DateField(_("Ngày ký"), null=True, blank=True, db_index=True)
    signed_place = models.CharField(_("Nơi ký"), max_length=200, blank=True)
    valid_from = models.DateField(_("Hiệu lực từ"), null=True, blank=True)
    valid_until = models.DateField(
        _("Hiệu lực đến"), null=True, blank=True, help_text=_("Trống: không thời hạn")
    )
    renewal_terms = models.TextField(_("Điều khoản gia hạn"), max_length=5000, blank=True)
    signatories_vn = models.CharField(_("Người ký phía Việt Nam"), max_length=300, blank=True)
    signatories_foreign = models.CharField(_("Người ký phía nước ngoài"), max_length=300, blank=True)
    budget = models.DecimalField(
        _("Kinh phí dự kiến (VND)"), max_digits=18, decimal_places=0, null=True, blank=True
    )
    state = models.CharField(_("Trạng thái"), max_length=20, choices=State.choices, default=State.PROPOSED)
    visibility = models.CharField(
        _("Phạm vi chia sẻ"), max_length=10, choices=Visibility.choices, default=Visibility.SHARED
    )
    dossier_complete_on = models.DateField(_("Ngày hồ sơ đầy đủ"), null=True, blank=True)
    report_number = models.CharField(_("Số báo cáo Thủ tướng"), max_length=60, blank=True)
    reported_on = models.DateField(_("Ngày báo cáo"), null=True, blank=True)
    renews = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="renewals",
        verbose_name=_("Thay thế / gia hạn thỏa thuận"),
    )
    expiry_decision = models.CharField(
        _("Quyết định khi hết hạn"), max_length=10, choices=ExpiryDecision.choices, blank=True
    )
    expiry_decision_reason = models.TextField(_("Lý do"), max_length=5000, blank=True)
    expiry_decision_on = models.DateField(null=True, blank=True)
    end_reason = models.TextField(_("Lý do chấm dứt / tạm đình chỉ"), max_length=5000, blank=True)
    last_activity_on = models.DateField(
        _("Hoạt động gần nhất"),
        null=True,
        blank=True,
        db_index=True,
        help_text="milestone progress, recorded activity or update; dormancy is computed from it",
    )
    has_roadmap = models.BooleanField(
        default=False,
        editable=False,
        help_text="set when the first milestone is added; read by the dormant rule",
    )
    import_batch = models.ForeignKey(
        ImportBatch, null=True, blank=True, on_delete=models.SET_NULL, related_name="agreements"
    )
    search_text = models.TextField(blank=True, default="")
    sort_key = models.CharField(max_length=600, blank=True, default="")

    objects = ScopedManager.from_queryset(AgreementQuerySet)()

    class Meta:
        ordering = ["-signed_on", "-pk"]
        indexes = [
            # (x, signed_on, id) read backwards gives a filtered page in the list's order without sorting
            models.Index(
                fields=["owner_org", "signed_on", "id"],
                include=["state", "deleted_at"],
                name="agreement_owner_signed_idx",
            ),
            # covers the dormant rule, so counting dormant agreements reads the index only (PostgreSQL; 37 → 8 ms)
            models.Index(
                fields=["state", "last_activity_on"],
                include=["signed_on", "has_roadmap", "deleted_at", "province"],
                name="agreement_state_activity_idx",
            ),
            models.Index(
                fields=["province", "signed_on", "id"],
                include=["state", "deleted_at"],
                name="agreement_province_signed_idx",
            ),
            models.Index(
                fields=["country", "signed_on", "id"],
                include=["state", "deleted_at"],
                name="agreement_country_signed_idx",
            ),
            models.Index(fields=["valid_until"], name="agreement_valid_until_idx"),
            models.Index(fields=["signed_on", "id"], name="agreement_signed_id_idx"),
            # lets PostgreSQL count the live register from the index alone (16 → 5 ms at national scale)
            models.Index(
                fields=["id"], condition=models.Q(deleted_at__isnull=True), name="agreement_live_idx"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_until__isnull=True)
                | models.Q(valid_from__isnull=True)
                | models.Q(valid_until__gte=models.F("valid_from")),
                name="agreement_validity_order",
                violation_error_message=_("Ngày hết hiệu lực phải sau ngày có hiệu lực."),
            )
        ]
        verbose_name = _("Thỏa thuận quốc tế")
        verbose_name_plural = _("Thỏa thuận quốc tế")

    def __str__(self) -> str:
        return self.title_vi

    def get_absolute_url(self) -> str:
        return reverse("agreements:agreement_detail", args=[self.pk])

    @property
    def is_signed(self) -> bool:
        return self.state in self.SIGNED_STATES


class LegalStep(models.Model):
    """One step of the legal checklist with its deadline (DOMAIN.md §5)."""

    class Kind(models.TextChoices):
        CONSULTATION = "consultation", _("Lấy ý kiến")
        PM_OPINION = "pm_opinion", _("Trình Thủ tướng cho ý kiến")
        POST_SIGNING_REPORT = "post_signing_report", _("Báo cáo Thủ tướng, gửi Bộ Ngoại giao")

    class Outcome(models.TextChoices):
        AGREE = "agree", _("Đồng ý")
        OBJECT = "object", _("Có ý kiến khác")
        APPROVED = "approved", _("Chấp thuận")
        REFUSED = "refused", _("Không chấp thuận")
        DONE = "done", _("Đã thực hiện")

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="legal_steps")
    kind = models.CharField(_("Bước"), max_length=30, choices=Kind.choices)
    body = models.CharField(_("Cơ quan"), max_length=300)
    body_org = models.ForeignKey(
        "accounts.Organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    started_on = models.DateField(_("Ngày bắt đầu tính"))
    due_on = models.DateField(_("Hạn"), db_index=True)
    rule = models.CharField(_("Quy tắc áp dụng"), max_length=300)
    done_on = models.DateField(_("Ngày hoàn thành"), null=True, blank=True)
    outcome = models.CharField(_("Kết quả"), max_length=20, choices=Outcome.choices, blank=True)
    note = models.TextField(_("Ý kiến / ghi chú"), max_length=10000, blank=True)
    document_number = models.CharField(_("Số văn bản"), max_length=60, blank=True)
    # four eyes: a step addressed to an organisation is answered by it in ngoaivu; an answer the owner records
    # from the paper letter says so, with the letter (number above, scan here) and who recorded it
    from_paper = models.BooleanField(_("Ghi nhận từ văn bản"), default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    document = models.ForeignKey(
        "AgreementFile", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    updated_at = models.DateTimeField(auto_now=True, db_index=True)  # the stamp of cached counts

    class Meta:
        ordering = ["started_on", "pk"]
        verbose_name = _("Bước pháp lý")
        verbose_name_plural = _("Bước pháp lý")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.body}"

    @property
    def is_open(self) -> bool:
        return self.done_on is None


class Milestone(models.Model):
    """A roadmap milestone or activity of a signed agreement."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Kế hoạch")
        IN_PROGRESS = "in_progress", _("Đang thực hiện")
        DONE = "done", _("Hoàn thành")
        CANCELLED = "cancelled", _("Hủy")

    OPEN = (Status.PLANNED, Status.IN_PROGRESS)

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("Mốc / hoạt động"), max_length=300)
    owner = models.CharField(_("Đơn vị / người chủ trì"), max_length=200)
    due_on = models.DateField(_("Hạn"), db_index=True)
    status = models.CharField(_("Tình trạng"), max_length=20, choices=Status.choices, default=Status.PLANNED)
    progress = models.PositiveSmallIntegerField(
        _("Tiến độ (%)"), default=0, validators=[MaxValueValidator(100)]
    )
    evidence = models.TextField(
        _("Kết quả, minh chứng"),
        max_length=10000,
        blank=True,
        help_text=_("Văn bản, số đặt hàng (ĐH-…), đoàn công tác, đường dẫn liên quan"),
    )
    done_on = models.DateField(_("Ngày hoàn thành"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)  # the stamp of cached counts

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__lte=100),
                name="milestone_progress_0_100",
                violation_error_message=_("Tiến độ từ 0 đến 100 %."),
            )
        ]
        verbose_name = _("Mốc lộ trình")
        verbose_name_plural = _("Lộ trình triển khai")

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN


class AgreementFile(models.Model):
    """An uploaded text (signed text, translation, evidence). A new upload under the same kind and label is a
    new version; earlier versions stay downloadable."""

    class Kind(models.TextChoices):
        SIGNED_TEXT = "signed_text", _("Văn bản đã ký")
        TRANSLATION = "translation", _("Bản dịch")
        DOSSIER = "dossier", _("Hồ sơ")
        EVIDENCE = "evidence", _("Minh chứng triển khai")
        OPINION = "opinion", _("Văn bản trả lời ý kiến")
        OTHER = "other", _("Khác")

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="files")
    milestone = models.ForeignKey(
        Milestone, null=True, blank=True, on_delete=models.SET_NULL, related_name="files"
    )
    kind = models.CharField(_("Loại tài liệu"), max_length=20, choices=Kind.choices)
    label = models.CharField(_("Tên tài liệu"), max_length=200)
    version = models.PositiveSmallIntegerField(default=1)
    file = models.FileField(upload_to="agreements/%Y/%m/")
    name = models.CharField(max_length=255)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "label", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "kind", "label", "version"], name="agreement_file_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.label} v{self.version}"


class AgreementEvent(models.Model):
    """History of an agreement: state changes, legal steps, recorded activities (meetings, exchanges)."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_label = models.CharField(max_length=150)
    action = models.CharField(max_length=40)
    from_state = models.CharField(max_length=20, blank=True)
    to_state = models.CharField(max_length=20, blank=True)
    happened_on = models.DateField(_("Ngày"))
    text = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-happened_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.action} {self.agreement_id}"
