"""Foreign press visits to a province (issue 21): the press agency and its country, the reporters (personal data
protected like delegation members), topic, places and dates, the application and the deadline to answer it
(rule `press_answer`, working days), the province's answer (four eyes), the licence issued by the ministry, the
receiving unit and the accompanying officer, and the outcome (articles with their links)."""

from __future__ import annotations

from django.core.validators import URLValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ngoaivu.core.crypto import EncryptedTextField
from ngoaivu.core.models import ScopedModel, TimeStampedModel
from ngoaivu.core.scoping import ScopedManager
from ngoaivu.press.querysets import PressVisitQuerySet

DEFAULT_ISSUER = "Bộ Ngoại giao (Vụ Thông tin Báo chí)"


class PressVisit(ScopedModel):
    """One visit of foreign reporters. `owner_org` is the host province's organisation (it registers and answers
    the application); `province` its current province, `former_province` / `province_as_named` the unit as named
    then; `provinces` the other provinces on the route (they read the visit)."""

    class Status(models.TextChoices):
        RECEIVED = "received", _("Đã nhận hồ sơ")
        AGREED = "agreed", _("Đồng ý tiếp nhận")
        DECLINED = "declined", _("Không đồng ý")
        ONGOING = "ongoing", _("Đang tác nghiệp")
        DONE = "done", _("Đã kết thúc")
        REPORTED = "reported", _("Đã báo cáo kết quả")
        CANCELLED = "cancelled", _("Đã hủy")

    class Visibility(models.TextChoices):
        SHARED = "shared", _("Chia sẻ với các tỉnh")
        PRIVATE = "private", _("Chỉ tỉnh mình, tỉnh trên lộ trình và Bộ")

    outlet = models.CharField(_("Cơ quan báo chí"), max_length=300)
    country = models.ForeignKey(
        "directory.Country", on_delete=models.PROTECT, related_name="+", verbose_name=_("Quốc gia")
    )
    topic = models.CharField(_("Nội dung tác nghiệp"), max_length=500)
    places = models.CharField(_("Địa điểm tác nghiệp"), max_length=1000, blank=True)
    province = models.ForeignKey(
        "directory.Province", on_delete=models.PROTECT, related_name="+", verbose_name=_("Tỉnh (hiện hành)")
    )
    former_province = models.ForeignKey(
        "directory.FormerProvince",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("Tỉnh khi tác nghiệp (trước 01/07/2025)"),
    )
    province_as_named = models.CharField(_("Tên tỉnh khi tác nghiệp"), max_length=100)
    provinces = models.ManyToManyField(
        "directory.Province", blank=True, related_name="+", verbose_name=_("Các tỉnh khác trên lộ trình")
    )
    entry_on = models.DateField(_("Ngày nhập cảnh"), null=True, blank=True)
    starts_on = models.DateField(_("Từ ngày"), db_index=True)
    ends_on = models.DateField(_("Đến ngày"))
    received_on = models.DateField(_("Ngày nhận hồ sơ"))
    answer_due_on = models.DateField(_("Hạn trả lời"), null=True, blank=True)
    answer_rule = models.CharField(max_length=300, blank=True)
    application_late = models.BooleanField(_("Hồ sơ nộp muộn"), default=False)
    status = models.CharField(_("Tình trạng"), max_length=10, choices=Status.choices, default=Status.RECEIVED)
    answered_on = models.DateField(_("Ngày trả lời"), null=True, blank=True)
    answered_by = models.ForeignKey(
        "accounts.User",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("Lãnh đạo trả lời"),
    )
    answer_note = models.TextField(_("Ý kiến trả lời"), max_length=5000, blank=True)
    licence_number = models.CharField(_("Số giấy phép"), max_length=60, blank=True)
    licence_date = models.DateField(_("Ngày cấp phép"), null=True, blank=True)
    licence_issuer = models.CharField(_("Cơ quan cấp phép"), max_length=300, default=DEFAULT_ISSUER)
    receiving_unit = models.CharField(_("Đơn vị đón tiếp"), max_length=300, blank=True)
    accompanying_officer = models.CharField(_("Cán bộ đi cùng"), max_length=200, blank=True)
    outcome_summary = models.TextField(_("Kết quả"), max_length=20000, blank=True)
    visibility = models.CharField(
        _("Phạm vi chia sẻ"), max_length=10, choices=Visibility.choices, default=Visibility.SHARED
    )
    personal_data_purged_on = models.DateField(null=True, blank=True, editable=False)
    search_text = models.TextField(blank=True, default="")

    objects = ScopedManager.from_queryset(PressVisitQuerySet)()

    class Meta:
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="press_visit_dates_ordered",
                violation_error_message=_("Ngày kết thúc phải từ ngày bắt đầu trở đi."),
            ),
        ]
        indexes = [models.Index(fields=["owner_org", "starts_on"], name="press_owner_starts")]
        verbose_name = _("Đoàn phóng viên nước ngoài")
        verbose_name_plural = _("Đoàn phóng viên nước ngoài")

    def __str__(self) -> str:
        return f"{self.outlet}: {self.topic}"

    @property
    def title(self) -> str:
        return str(self)

    @property
    def is_licensed(self) -> bool:
        return bool(self.licence_number) and self.status in LICENSED_STATUSES

    def get_absolute_url(self) -> str:
        return reverse("press:visit_detail", args=[self.pk])


LICENSED_STATUSES = (
    PressVisit.Status.AGREED,
    PressVisit.Status.ONGOING,
    PressVisit.Status.DONE,
    PressVisit.Status.REPORTED,
)
"""A visit counts as licensed ("cấp phép cho hơn 1100 đoàn") with a licence number in one of these states."""


class Reporter(TimeStampedModel):
    """A member of the visit. Passport number and birth date are personal data: encrypted at rest, masked for
    anyone without the right, each unmasked read logged, anonymised after the retention rule."""

    class Role(models.TextChoices):
        REPORTER = "reporter", _("Phóng viên")
        CAMERAMAN = "cameraman", _("Quay phim")
        PHOTOGRAPHER = "photographer", _("Nhiếp ảnh")
        PRODUCER = "producer", _("Biên tập, sản xuất")
        TECHNICIAN = "technician", _("Kỹ thuật viên")
        INTERPRETER = "interpreter", _("Phiên dịch")
        OTHER = "other", _("Khác")

    visit = models.ForeignKey(PressVisit, on_delete=models.CASCADE, related_name="reporters")
    full_name = models.CharField(_("Họ và tên"), max_length=200)
    role = models.CharField(_("Chức danh"), max_length=12, choices=Role.choices, default=Role.REPORTER)
    nationality = models.ForeignKey(
        "directory.Country",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("Quốc tịch"),
    )
    passport_number = EncryptedTextField(_("Số hộ chiếu"), blank=True, default="")
    birth_date = EncryptedTextField(_("Ngày sinh"), blank=True, default="")  # ISO date, encrypted
    anonymised_on = models.DateField(null=True, blank=True)

    PERSONAL_FIELDS = ("passport_number", "birth_date")

    class Meta:
        ordering = ["visit_id", "pk"]
        verbose_name = _("Phóng viên")
        verbose_name_plural = _("Phóng viên")

    def __str__(self) -> str:
        return self.full_name


class Article(TimeStampedModel):
    """A piece published after the visit (the outcome): title, outlet, date and link (http or https only)."""

    visit = models.ForeignKey(PressVisit, on_delete=models.CASCADE, related_name="articles")
    title = models.CharField(_("Tên bài"), max_length=500)
    outlet = models.CharField(_("Cơ quan đăng"), max_length=300, blank=True)
    published_on = models.DateField(_("Ngày đăng"), null=True, blank=True)
    url = models.URLField(
        _("Đường dẫn"), max_length=1000, blank=True, validators=[URLValidator(schemes=["http", "https"])]
    )

    class Meta:
        ordering = ["visit_id", "published_on", "pk"]
        verbose_name = _("Bài viết")
        verbose_name_plural = _("Bài viết")

    def __str__(self) -> str:
        return self.title


class ReporterImport(TimeStampedModel):
    """An Excel file of reporters for one visit: previewed (rows and row errors), then confirmed all at once.
    The parsed rows hold personal data, so they are kept encrypted; a file (by SHA-256) is taken once per visit."""

    class Status(models.TextChoices):
        PREVIEW = "preview", _("Xem trước")
        CONFIRMED = "confirmed", _("Đã nhập")
        DISCARDED = "discarded", _("Đã bỏ")

    visit = models.ForeignKey(PressVisit, on_delete=models.CASCADE, related_name="imports")
    file_name = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PREVIEW)
    rows = EncryptedTextField(blank=True, default="")  # JSON of the valid rows (personal data)
    errors = models.JSONField(default=list, blank=True)  # [{"row", "column", "problem"}] — no personal data
    row_count = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["visit", "sha256"],
                condition=models.Q(status="confirmed"),
                name="press_import_file_once",
            )
        ]

    def __str__(self) -> str:
        return self.file_name
