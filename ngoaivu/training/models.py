"""Training and courses (issue 21): courses of the ministry, the Diplomatic Academy or a province, the
provinces' nominations of their officials (within a quota, approved by the province's head — four eyes —,
accepted by the organiser, then attended or absent, with results and certificates), the trainees' history, and
training schemes with targets per period. Reports count participations (lượt): attended nominations."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ngoaivu.core.crypto import EncryptedTextField
from ngoaivu.core.models import ScopedModel, TimeStampedModel
from ngoaivu.core.scoping import ScopedManager
from ngoaivu.training.querysets import (
    CourseQuerySet,
    NominationQuerySet,
    NominationUploadQuerySet,
    SchemeQuerySet,
    TraineeQuerySet,
)


class Topic(models.Model):
    """A training topic, reference data (`training/data/topics.csv`, loaded by `ngoaivu setup`)."""

    code = models.SlugField(_("Mã"), max_length=40, unique=True)
    name_vi = models.CharField(_("Tên"), max_length=200)
    name_en = models.CharField(_("Tên tiếng Anh"), max_length=200, blank=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("Chủ đề đào tạo")
        verbose_name_plural = _("Chủ đề đào tạo")

    def __str__(self) -> str:
        return self.name_vi


class Course(ScopedModel):
    """A course or training session. `owner_org` is the organisation that records and runs it (the ministry
    for its own and the Diplomatic Academy's courses, or a province); `organiser_org` / `organiser_name` name
    the organiser as written."""

    class OrganiserKind(models.TextChoices):
        MINISTRY = "ministry", _("Bộ Ngoại giao")
        ACADEMY = "academy", _("Học viện Ngoại giao")
        PROVINCE = "province", _("Tỉnh, thành phố")
        OTHER = "other", _("Khác")

    class Format(models.TextChoices):
        IN_PERSON = "in_person", _("Trực tiếp")
        ONLINE = "online", _("Trực tuyến")
        HYBRID = "hybrid", _("Kết hợp")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Dự kiến")
        OPEN = "open", _("Đang nhận cử cán bộ")
        CLOSED = "closed", _("Đã hết hạn cử")
        ONGOING = "ongoing", _("Đang diễn ra")
        COMPLETED = "completed", _("Đã kết thúc")
        CANCELLED = "cancelled", _("Đã hủy")

    class Visibility(models.TextChoices):
        SHARED = "shared", _("Chia sẻ với các tỉnh")
        PRIVATE = "private", _("Chỉ đơn vị mình và Bộ")

    title = models.CharField(_("Tên khóa học"), max_length=500)
    organiser_kind = models.CharField(_("Loại đơn vị tổ chức"), max_length=10, choices=OrganiserKind.choices)
    organiser_org = models.ForeignKey(
        "accounts.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("Đơn vị tổ chức (trong hệ thống)"),
    )
    organiser_name = models.CharField(_("Đơn vị tổ chức"), max_length=300)
    topic = models.ForeignKey(Topic, on_delete=models.PROTECT, related_name="+", verbose_name=_("Chủ đề"))
    starts_on = models.DateField(_("Ngày bắt đầu"), db_index=True)
    ends_on = models.DateField(_("Ngày kết thúc"))
    hours = models.PositiveSmallIntegerField(_("Số giờ"), null=True, blank=True)
    format = models.CharField(_("Hình thức"), max_length=10, choices=Format.choices, default=Format.IN_PERSON)
    place = models.CharField(_("Địa điểm"), max_length=300, blank=True)
    capacity = models.PositiveIntegerField(_("Số học viên tối đa"), null=True, blank=True)
    nomination_deadline = models.DateField(_("Hạn cử cán bộ"), null=True, blank=True)
    deadline_rule = models.CharField(_("Quy tắc tính hạn"), max_length=200, blank=True)
    status = models.CharField(_("Tình trạng"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    description = models.TextField(_("Nội dung"), max_length=20000, blank=True)
    visibility = models.CharField(
        _("Phạm vi chia sẻ"), max_length=10, choices=Visibility.choices, default=Visibility.SHARED
    )
    search_text = models.TextField(blank=True, default="")

    objects = ScopedManager.from_queryset(CourseQuerySet)()

    class Meta:
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="training_course_dates_ordered",
                violation_error_message=_("Ngày kết thúc phải từ ngày bắt đầu trở đi."),
            ),
        ]
        indexes = [models.Index(fields=["owner_org", "starts_on"], name="training_course_owner_starts")]
        verbose_name = _("Khóa đào tạo")
        verbose_name_plural = _("Khóa đào tạo")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("training:course_detail", args=[self.pk])


class Quota(models.Model):
    """How many officials a province may nominate to a course (no row: limited only by the capacity)."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="quotas")
    org = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("Tỉnh, thành phố")
    )
    places = models.PositiveIntegerField(_("Số suất"))

    class Meta:
        ordering = ["course_id", "org__code"]
        constraints = [models.UniqueConstraint(fields=["course", "org"], name="training_quota_unique_org")]
        verbose_name = _("Phân bổ chỉ tiêu")
        verbose_name_plural = _("Phân bổ chỉ tiêu")

    def __str__(self) -> str:
        return f"{self.org_id}: {self.places}"


class Trainee(ScopedModel):
    """A person trained, kept once per province so that the history follows them across courses.
    `owner_org` is the person's province; e-mail and phone are personal data (encrypted, masked outside the
    person's province and the organisers of the person's courses)."""

    full_name = models.CharField(_("Họ và tên"), max_length=200)
    position = models.CharField(_("Chức vụ"), max_length=200, blank=True)
    unit = models.CharField(_("Đơn vị công tác"), max_length=300, blank=True)
    email = EncryptedTextField(_("Thư điện tử"), blank=True, default="")
    phone = EncryptedTextField(_("Điện thoại"), blank=True, default="")
    identity_key = models.CharField(max_length=600, db_index=True)
    sort_key = models.CharField(max_length=600, blank=True, default="", db_index=True)
    search_text = models.TextField(blank=True, default="")

    objects = ScopedManager.from_queryset(TraineeQuerySet)()

    class Meta:
        ordering = ["sort_key", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner_org", "identity_key"], name="training_trainee_unique_person"
            )
        ]
        verbose_name = _("Học viên")
        verbose_name_plural = _("Học viên")

    def __str__(self) -> str:
        return self.full_name

    def get_absolute_url(self) -> str:
        return reverse("training:trainee_detail", args=[self.pk])


class Nomination(ScopedModel):
    """A province's nomination of one trainee to one course. `owner_org` is the nominating province's
    organisation. States: proposed → approved (by a head of the province who did not propose it) → accepted
    by the organiser | declined → attended | absent; a result (passed/failed, score) and certificate after."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Đề xuất, chờ lãnh đạo duyệt")
        APPROVED = "approved", _("Lãnh đạo tỉnh đã duyệt")
        ACCEPTED = "accepted", _("Đơn vị tổ chức đã nhận")
        DECLINED = "declined", _("Không được nhận")
        ATTENDED = "attended", _("Đã tham dự")
        ABSENT = "absent", _("Vắng mặt")

    class Result(models.TextChoices):
        PASSED = "passed", _("Đạt")
        FAILED = "failed", _("Không đạt")

    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="nominations")
    trainee = models.ForeignKey(Trainee, on_delete=models.PROTECT, related_name="nominations")
    province = models.ForeignKey(
        "directory.Province", on_delete=models.PROTECT, related_name="+", verbose_name=_("Tỉnh cử")
    )
    status = models.CharField(_("Tình trạng"), max_length=10, choices=Status.choices, default=Status.PROPOSED)
    approved_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.CharField(_("Lý do không nhận"), max_length=500, blank=True)
    result = models.CharField(_("Kết quả"), max_length=10, choices=Result.choices, blank=True)
    score = models.DecimalField(_("Điểm"), max_digits=5, decimal_places=2, null=True, blank=True)
    certificate_number = models.CharField(_("Số chứng chỉ"), max_length=60, blank=True)
    certificate_date = models.DateField(_("Ngày cấp chứng chỉ"), null=True, blank=True)
    note = models.CharField(_("Ghi chú"), max_length=500, blank=True)

    objects = ScopedManager.from_queryset(NominationQuerySet)()

    class Meta:
        ordering = ["course_id", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["course", "trainee"],
                condition=models.Q(deleted_at__isnull=True),
                name="training_nomination_once_per_course",
            )
        ]
        indexes = [models.Index(fields=["course", "owner_org", "status"], name="training_nom_course_org")]
        verbose_name = _("Cử cán bộ đi học")
        verbose_name_plural = _("Cử cán bộ đi học")

    def __str__(self) -> str:
        return f"{self.trainee_id} → {self.course_id}"

    def get_absolute_url(self) -> str:
        return reverse("training:course_detail", args=[self.course_id]) + f"#nomination-{self.pk}"


COUNTED = (
    Nomination.Status.PROPOSED,
    Nomination.Status.APPROVED,
    Nomination.Status.ACCEPTED,
    Nomination.Status.ATTENDED,
    Nomination.Status.ABSENT,
)
"""Nominations that take a place of the province's quota (a declined one gives it back)."""


class NominationUpload(ScopedModel):
    """One Excel file of nominations for a course (previewed, then confirmed all or nothing), by SHA-256: the
    same file is refused twice for the same course. The previewed rows hold personal data (e-mails, phones):
    kept encrypted, and emptied once confirmed or discarded."""

    class Status(models.TextChoices):
        PREVIEWED = "previewed", _("Đã kiểm tra, chưa nhập")
        IMPORTED = "imported", _("Đã nhập")
        FAILED = "failed", _("Có lỗi, không nhập")

    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="+")
    filename = models.CharField(_("Tệp"), max_length=255)
    sha256 = models.CharField(max_length=64, db_index=True)
    status = models.CharField(_("Trạng thái"), max_length=10, choices=Status.choices)
    rows = EncryptedTextField(blank=True, default="")  # JSON of the valid rows (personal data), emptied after
    errors = models.JSONField(default=list, blank=True)
    created_count = models.PositiveIntegerField(default=0)

    objects = ScopedManager.from_queryset(NominationUploadQuerySet)()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("Tệp cử cán bộ")
        verbose_name_plural = _("Tệp cử cán bộ")

    def __str__(self) -> str:
        return self.filename


class TrainingScheme(ScopedModel):
    """A training scheme (đề án) with targets per period, e.g. "Đề án … giai đoạn 2016–2020"."""

    title = models.CharField(_("Tên đề án"), max_length=500)
    year_from = models.PositiveSmallIntegerField(_("Từ năm"))
    year_to = models.PositiveSmallIntegerField(_("Đến năm"))
    decision = models.CharField(_("Quyết định phê duyệt"), max_length=200, blank=True)
    description = models.TextField(_("Nội dung"), max_length=20000, blank=True)

    objects = ScopedManager.from_queryset(SchemeQuerySet)()

    class Meta:
        ordering = ["-year_from", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(year_to__gte=models.F("year_from")),
                name="training_scheme_years_ordered",
                violation_error_message=_("Năm kết thúc phải từ năm bắt đầu trở đi."),
            ),
        ]
        verbose_name = _("Đề án đào tạo")
        verbose_name_plural = _("Đề án đào tạo")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("training:scheme_detail", args=[self.pk])


class SchemeTarget(TimeStampedModel):
    """A target of a scheme: participations (lượt) per topic (empty: all topics) and per province (empty:
    the whole country)."""

    scheme = models.ForeignKey(TrainingScheme, on_delete=models.CASCADE, related_name="targets")
    topic = models.ForeignKey(
        Topic, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("Chủ đề")
    )
    province = models.ForeignKey(
        "directory.Province",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("Tỉnh, thành phố"),
    )
    participations = models.PositiveIntegerField(_("Chỉ tiêu (lượt)"))

    class Meta:
        ordering = ["scheme_id", "pk"]
        verbose_name = _("Chỉ tiêu đề án")
        verbose_name_plural = _("Chỉ tiêu đề án")

    def __str__(self) -> str:
        return f"{self.scheme_id}: {self.participations}"
