"""Citizen protection cases (bảo hộ công dân, issue 21): a citizen of a province in difficulty abroad, the
mission handling the case, the notification of the province of origin (1 working day, a rule as data), the
handovers between the mission, the ministry's consular unit and the province, and the actions taken.

The citizen's identity is personal data: every field of `CaseCitizen` is encrypted at rest (core.crypto),
masked unless the reader may see it, each unmasked read logged, anonymised after the retention period."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ngoaivu.consular.querysets import CitizenCaseQuerySet
from ngoaivu.core.crypto import EncryptedTextField
from ngoaivu.core.models import ScopedModel, TimeStampedModel
from ngoaivu.core.scoping import ScopedManager

CONSULAR_UNIT_CODE = "mofa-lanh-su"
"""The ministry's consular unit (Cục Lãnh sự): reads every case and acts on them; the Cục itself does not."""


class CitizenCase(ScopedModel):
    """One case. `owner_org` is the handling mission's organisation; `province` the citizen's current province
    of origin, `former_province` / `province_as_named` the province as named then (a Vĩnh Phúc citizen in 2024
    is a Phú Thọ citizen today). The summary says what happened, never who: names live in `CaseCitizen`."""

    class Kind(models.TextChoices):
        ARREST = "arrest", _("Bị bắt, tạm giữ, tạm giam")
        ACCIDENT = "accident", _("Tai nạn")
        DEATH = "death", _("Tử vong")
        TRAFFICKING = "trafficking", _("Mua bán người")
        LABOUR = "labour", _("Tranh chấp lao động")
        DISASTER = "disaster", _("Thiên tai, thảm họa")
        ILLNESS = "illness", _("Ốm đau, bệnh tật")
        DOCUMENTS = "documents", _("Mất giấy tờ")
        FRAUD = "fraud", _("Bị lừa đảo")
        OTHER = "other", _("Khác")

    class Status(models.TextChoices):
        RECEIVED = "received", _("Tiếp nhận")
        PROVINCE_NOTIFIED = "province_notified", _("Đã thông báo tỉnh")
        IN_PROGRESS = "in_progress", _("Đang xử lý")
        RESOLVED = "resolved", _("Đã giải quyết")
        CLOSED = "closed", _("Đã đóng")
        TRANSFERRED = "transferred", _("Đã chuyển giao")

    reference = models.CharField(_("Số hồ sơ"), max_length=40, unique=True)
    mission = models.ForeignKey(
        "directory.Mission",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("Cơ quan đại diện xử lý"),
    )
    country = models.ForeignKey(
        "directory.Country",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("Quốc gia xảy ra vụ việc"),
    )
    province = models.ForeignKey(
        "directory.Province",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("Tỉnh quê quán (hiện hành)"),
    )
    former_province = models.ForeignKey(
        "directory.FormerProvince",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("Tỉnh quê quán khi tiếp nhận (trước 01/07/2025)"),
    )
    province_as_named = models.CharField(_("Tên tỉnh quê quán khi tiếp nhận"), max_length=100)
    kind = models.CharField(_("Loại vụ việc"), max_length=12, choices=Kind.choices)
    incident_on = models.DateField(_("Ngày xảy ra"), null=True, blank=True)
    received_on = models.DateField(_("Ngày tiếp nhận"), db_index=True)
    summary = models.TextField(_("Tóm tắt vụ việc"), max_length=5000)
    status = models.CharField(_("Tình trạng"), max_length=20, choices=Status.choices, default=Status.RECEIVED)
    notify_due_on = models.DateField(_("Hạn thông báo tỉnh"))
    notify_rule = models.CharField(_("Quy định về hạn"), max_length=300, blank=True)
    notified_on = models.DateField(_("Ngày thông báo tỉnh"), null=True, blank=True)
    resolved_on = models.DateField(_("Ngày giải quyết"), null=True, blank=True)
    closed_on = models.DateField(_("Ngày đóng hồ sơ"), null=True, blank=True)
    outcome = models.TextField(_("Kết quả"), max_length=5000, blank=True)
    province_note = models.TextField(_("Ghi chú của tỉnh (liên hệ gia đình)"), max_length=5000, blank=True)
    personal_data_purged_on = models.DateField(_("Ngày ẩn danh hóa"), null=True, blank=True)
    search_text = models.TextField(blank=True, default="")

    objects = ScopedManager.from_queryset(CitizenCaseQuerySet)()

    class Meta:
        ordering = ["-received_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(incident_on__isnull=True)
                | models.Q(incident_on__lte=models.F("received_on")),
                name="citizen_case_incident_before_received",
                violation_error_message=_("Ngày xảy ra phải trước hoặc bằng ngày tiếp nhận."),
            ),
        ]
        indexes = [
            models.Index(fields=["owner_org", "received_on"], name="consular_owner_received"),
            models.Index(fields=["province", "received_on"], name="consular_province_received"),
        ]
        verbose_name = _("Vụ việc bảo hộ công dân")
        verbose_name_plural = _("Vụ việc bảo hộ công dân")

    def __str__(self) -> str:
        return self.reference

    @property
    def title(self) -> str:
        return self.reference

    def get_absolute_url(self) -> str:
        return reverse("consular:case_detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status not in {self.Status.CLOSED, self.Status.TRANSFERRED}


class CaseCitizen(TimeStampedModel):
    """The citizen (and the family contact): every field personal data, encrypted, masked, access-logged and
    anonymised `citizen_personal_data_retention` months after the case is closed."""

    case = models.ForeignKey(CitizenCase, on_delete=models.CASCADE, related_name="citizens")
    full_name = EncryptedTextField(_("Họ và tên"), blank=True, default="")
    birth_date = EncryptedTextField(_("Ngày sinh"), blank=True, default="")
    passport_number = EncryptedTextField(_("Số hộ chiếu"), blank=True, default="")
    phone = EncryptedTextField(_("Điện thoại"), blank=True, default="")
    address = EncryptedTextField(_("Địa chỉ tại Việt Nam"), blank=True, default="")
    family_name = EncryptedTextField(_("Người thân liên hệ"), blank=True, default="")
    family_relation = EncryptedTextField(_("Quan hệ"), blank=True, default="")
    family_phone = EncryptedTextField(_("Điện thoại người thân"), blank=True, default="")
    anonymised_on = models.DateField(_("Ngày ẩn danh hóa"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    PERSONAL_FIELDS = (
        "full_name",
        "birth_date",
        "passport_number",
        "phone",
        "address",
        "family_name",
        "family_relation",
        "family_phone",
    )

    class Meta:
        ordering = ["case_id", "pk"]
        verbose_name = _("Công dân")
        verbose_name_plural = _("Công dân")

    def __str__(self) -> str:
        return str(_("Công dân #%(n)s") % {"n": self.pk})


class CaseHandover(models.Model):
    """A handover of the case from one organisation to another (the mission, the consular unit, the province of
    origin, or another mission), accepted by the receiving organisation."""

    case = models.ForeignKey(CitizenCase, on_delete=models.CASCADE, related_name="handovers")
    from_org = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("Bên giao")
    )
    to_org = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("Bên nhận")
    )
    sent_at = models.DateTimeField(_("Thời điểm giao"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("Người giao"),
    )
    note = models.TextField(_("Ghi chú"), max_length=5000, blank=True)
    accepted_at = models.DateTimeField(_("Thời điểm nhận"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("Người nhận"),
    )

    class End(models.TextChoices):
        WITHDRAWN = "withdrawn", _("Bên giao đã rút lại")
        LAPSED = "lapsed", _("Hết hiệu lực khi vụ việc kết thúc")

    ended_at = models.DateTimeField(_("Thời điểm kết thúc"), null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("Người rút lại"),
    )
    end_reason = models.CharField(_("Lý do kết thúc"), max_length=16, choices=End.choices, blank=True)

    class Meta:
        ordering = ["sent_at", "pk"]
        verbose_name = _("Bàn giao vụ việc")
        verbose_name_plural = _("Bàn giao vụ việc")

    def __str__(self) -> str:
        return f"{self.from_org} → {self.to_org}"

    @property
    def pending(self) -> bool:
        """Waiting for the receiving organisation: neither accepted nor withdrawn/lapsed."""
        return self.accepted_at is None and self.ended_at is None


class CaseAction(models.Model):
    """What was done, by whom (organisation and person) and when: the case's action log."""

    case = models.ForeignKey(CitizenCase, on_delete=models.CASCADE, related_name="actions")
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("Đơn vị")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("Người ghi"),
    )
    done_on = models.DateField(_("Ngày thực hiện"))
    text = models.TextField(_("Việc đã làm"), max_length=5000)
    created_at = models.DateTimeField(_("Ghi lúc"), auto_now_add=True)

    class Meta:
        ordering = ["done_on", "pk"]
        verbose_name = _("Việc đã làm")
        verbose_name_plural = _("Việc đã làm")

    def __str__(self) -> str:
        return self.text[:80]
