"""Border cooperation (issue 21): the mechanisms a border province keeps with its foreign neighbours (bilateral
with a Lao, Cambodian or Chinese province; multilateral such as the 7 northern provinces with Yunnan and
Guangxi; decentralised cooperation such as Vietnam–France), their meetings, and the commitments made there —
each a follow-up with an owner and a due date, reported on at the next meeting."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ngoaivu.border.querysets import BorderMechanismQuerySet, BorderMeetingQuerySet
from ngoaivu.core.models import ScopedModel, VersionedModel
from ngoaivu.core.scoping import ScopedManager


class BorderMechanism(ScopedModel):
    """One cooperation mechanism. `owner_org` is the lead province's organisation or the ministry's National
    Boundary Commission (`mofa-bien-gioi`); `provinces` the Vietnamese member provinces (current, 34), with
    `former_provinces` / `members_as_named` the provinces as named when the mechanism was founded (Hà Giang in
    2010 is Tuyên Quang today)."""

    class Kind(models.TextChoices):
        BILATERAL = "bilateral", _("Song phương")
        MULTILATERAL = "multilateral", _("Đa phương")
        DECENTRALISED = "decentralised", _("Hợp tác phi tập trung")

    class Level(models.TextChoices):
        LEADERS = "leaders", _("Lãnh đạo cấp tỉnh")
        SECRETARIES = "secretaries", _("Bí thư, lãnh đạo chủ chốt")
        DEPARTMENT = "department", _("Cấp sở, ngành")
        BORDER_GATE = "border_gate", _("Cấp cửa khẩu")
        WORKING_GROUP = "working_group", _("Nhóm công tác")
        OTHER = "other", _("Khác")

    class Cycle(models.TextChoices):
        YEARLY = "yearly", _("Hằng năm")
        TWICE_YEARLY = "twice_yearly", _("Hai lần một năm")
        TWO_YEARS = "two_years", _("Hai năm một lần")
        IRREGULAR = "irregular", _("Không định kỳ")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Đang hoạt động")
        DORMANT = "dormant", _("Tạm ngưng")
        ENDED = "ended", _("Đã chấm dứt")

    name_vi = models.CharField(_("Tên cơ chế"), max_length=500)
    name_en = models.CharField(_("Tên tiếng Anh"), max_length=500, blank=True)
    kind = models.CharField(_("Loại cơ chế"), max_length=16, choices=Kind.choices)
    level = models.CharField(_("Cấp"), max_length=16, choices=Level.choices)
    provinces = models.ManyToManyField(
        "directory.Province", related_name="+", verbose_name=_("Tỉnh thành viên (hiện hành)")
    )
    former_provinces = models.ManyToManyField(
        "directory.FormerProvince",
        blank=True,
        related_name="+",
        verbose_name=_("Tỉnh thành viên khi thành lập"),
    )
    members_as_named = models.CharField(_("Tỉnh thành viên (tên khi thành lập)"), max_length=1000)
    countries = models.ManyToManyField(
        "directory.Country", related_name="+", verbose_name=_("Quốc gia đối tác")
    )
    founded_on = models.DateField(_("Ngày thành lập"), null=True, blank=True, db_index=True)
    founding_doc_number = models.CharField(_("Số, ký hiệu văn bản thành lập"), max_length=100, blank=True)
    founding_doc_date = models.DateField(_("Ngày văn bản thành lập"), null=True, blank=True)
    founding_doc_title = models.CharField(_("Trích yếu văn bản thành lập"), max_length=500, blank=True)
    cycle = models.CharField(_("Định kỳ họp"), max_length=16, choices=Cycle.choices, default=Cycle.YEARLY)
    status = models.CharField(_("Tình trạng"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    description = models.TextField(_("Mô tả"), max_length=20000, blank=True)
    agreements = models.ManyToManyField(
        "agreements.Agreement", blank=True, related_name="+", verbose_name=_("Thỏa thuận liên quan biên giới")
    )
    search_text = models.TextField(blank=True, default="")

    objects = ScopedManager.from_queryset(BorderMechanismQuerySet)()

    class Meta:
        ordering = ["name_vi", "pk"]
        indexes = [models.Index(fields=["owner_org", "status"], name="border_mech_owner_status")]
        verbose_name = _("Cơ chế hợp tác biên giới")
        verbose_name_plural = _("Cơ chế hợp tác biên giới")

    def __str__(self) -> str:
        return self.name_vi

    @property
    def title(self) -> str:
        return self.name_vi

    def get_absolute_url(self) -> str:
        return reverse("border:mechanism_detail", args=[self.pk])


class ForeignMember(models.Model):
    """A foreign member of a mechanism: a partner of the directory (kind foreign locality) where one exists,
    else its name and country as written (Yunnan, Savannakhet, the Oregon state …)."""

    mechanism = models.ForeignKey(BorderMechanism, on_delete=models.CASCADE, related_name="foreign_members")
    partner = models.ForeignKey(
        "directory.Partner",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("Đối tác trong danh bạ"),
    )
    name = models.CharField(_("Tên địa phương, tổ chức nước ngoài"), max_length=300)
    country = models.ForeignKey(
        "directory.Country", on_delete=models.PROTECT, related_name="+", verbose_name=_("Quốc gia")
    )

    class Meta:
        ordering = ["mechanism_id", "pk"]
        verbose_name = _("Thành viên nước ngoài")
        verbose_name_plural = _("Thành viên nước ngoài")

    def __str__(self) -> str:
        return self.name


class BorderMeeting(ScopedModel):
    """A meeting of a mechanism (annual conference, working group, joint committee). Its `owner_org` is the
    mechanism's (kept equal by the services) so the audit log, the search index and the scope read it alone."""

    class Kind(models.TextChoices):
        CONFERENCE = "conference", _("Hội nghị thường niên")
        WORKING_GROUP = "working_group", _("Nhóm công tác")
        JOINT_COMMITTEE = "joint_committee", _("Ủy ban công tác liên hợp")
        OTHER = "other", _("Khác")

    class Host(models.TextChoices):
        VIETNAM = "vietnam", _("Phía Việt Nam")
        FOREIGN = "foreign", _("Phía nước ngoài")
        ONLINE = "online", _("Trực tuyến")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Dự kiến")
        HELD = "held", _("Đã họp")
        MINUTES = "minutes", _("Đã có biên bản")
        CANCELLED = "cancelled", _("Đã hủy")

    mechanism = models.ForeignKey(
        BorderMechanism, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("Cơ chế")
    )
    title = models.CharField(_("Tên cuộc họp"), max_length=500)
    kind = models.CharField(_("Loại cuộc họp"), max_length=16, choices=Kind.choices)
    starts_on = models.DateField(_("Ngày bắt đầu"), db_index=True)
    ends_on = models.DateField(_("Ngày kết thúc"))
    place = models.CharField(_("Địa điểm"), max_length=300, blank=True)
    host = models.CharField(_("Bên đăng cai"), max_length=10, choices=Host.choices)
    delegations = models.TextField(_("Thành phần đoàn (trưởng đoàn, số người)"), max_length=5000, blank=True)
    status = models.CharField(_("Tình trạng"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    minutes_number = models.CharField(_("Số biên bản"), max_length=100, blank=True)
    minutes_signed_on = models.DateField(_("Ngày ký biên bản"), null=True, blank=True)
    summary = models.TextField(_("Kết quả chính"), max_length=20000, blank=True)
    cancel_reason = models.CharField(_("Lý do hủy"), max_length=500, blank=True)
    search_text = models.TextField(blank=True, default="")

    objects = ScopedManager.from_queryset(BorderMeetingQuerySet)()

    class Meta:
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="border_meeting_dates_ordered",
                violation_error_message=_("Ngày kết thúc phải từ ngày bắt đầu trở đi."),
            ),
        ]
        indexes = [models.Index(fields=["mechanism", "starts_on"], name="border_meeting_mech_starts")]
        verbose_name = _("Cuộc họp hợp tác biên giới")
        verbose_name_plural = _("Cuộc họp hợp tác biên giới")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("border:meeting_detail", args=[self.pk])


class Commitment(VersionedModel):
    """What a meeting agreed to do: an owner (organisation and/or person), a due date (the meeting's choice, or
    the `border_commitment_reminder` rule's default counted from the meeting), a status and progress notes; the
    next meeting of the mechanism shows it ("reported at the next meeting")."""

    class Status(models.TextChoices):
        OPEN = "open", _("Đang thực hiện")
        DONE = "done", _("Đã hoàn thành")
        DROPPED = "dropped", _("Không thực hiện")

    meeting = models.ForeignKey(BorderMeeting, on_delete=models.CASCADE, related_name="commitments")
    text = models.CharField(_("Nội dung cam kết"), max_length=1000)
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
    due_rule = models.CharField(_("Căn cứ tính hạn"), max_length=300, blank=True)
    status = models.CharField(_("Tình trạng"), max_length=10, choices=Status.choices, default=Status.OPEN)
    done_on = models.DateField(_("Ngày hoàn thành"), null=True, blank=True)
    drop_reason = models.CharField(_("Lý do không thực hiện"), max_length=1000, blank=True)
    progress = models.TextField(_("Tiến độ"), max_length=5000, blank=True)
    added_by_org = models.ForeignKey(
        "accounts.Organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    search_text = models.TextField(blank=True, default="")

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="dropped") | ~models.Q(drop_reason=""),
                name="border_commitment_drop_has_reason",
                violation_error_message=_("Ghi lý do không thực hiện."),
            ),
        ]
        verbose_name = _("Cam kết tại cuộc họp")
        verbose_name_plural = _("Cam kết tại cuộc họp")

    def __str__(self) -> str:
        return self.text

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class BorderFile(models.Model):
    """A document of a mechanism (its founding document) or of a meeting (its minutes), checked like every
    upload (`agreements.services.agreement_files.check_upload`)."""

    class Kind(models.TextChoices):
        FOUNDING = "founding", _("Văn bản thành lập")
        MINUTES = "minutes", _("Biên bản cuộc họp")
        OTHER = "other", _("Tài liệu khác")

    mechanism = models.ForeignKey(BorderMechanism, on_delete=models.CASCADE, related_name="files")
    meeting = models.ForeignKey(
        BorderMeeting, null=True, blank=True, on_delete=models.CASCADE, related_name="files"
    )
    kind = models.CharField(_("Loại tài liệu"), max_length=10, choices=Kind.choices)
    file = models.FileField(upload_to="border/%Y/%m/")
    name = models.CharField(max_length=255)
    size = models.PositiveBigIntegerField(default=0)
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("Tài liệu hợp tác biên giới")
        verbose_name_plural = _("Tài liệu hợp tác biên giới")

    def __str__(self) -> str:
        return self.name
