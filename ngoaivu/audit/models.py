from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ngoaivu.audit.querysets import AuditEventQuerySet
from ngoaivu.core.scoping import ScopedManager


class AppendOnlyError(Exception):
    pass


class AppendOnlyModel(models.Model):
    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError(f"{self._meta.label} rows are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise AppendOnlyError(f"{self._meta.label} rows are append-only")


class AuditEvent(AppendOnlyModel):
    """One change to one record: who, when, from which request, and the fields before and after."""

    class Verb(models.TextChoices):
        CREATE = "create", _("Tạo mới")
        UPDATE = "update", _("Sửa")
        DELETE = "delete", _("Xóa")
        ACTION = "action", _("Thao tác")

    created_at = models.DateTimeField(_("Thời điểm"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("Người thực hiện"),
    )
    actor_label = models.CharField(_("Người thực hiện"), max_length=150)
    organisation = models.ForeignKey(
        "accounts.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("Đơn vị"),
    )
    verb = models.CharField(_("Loại thay đổi"), max_length=10, choices=Verb.choices)
    action = models.CharField(_("Thao tác"), max_length=80)
    target_type = models.CharField(_("Loại bản ghi"), max_length=80, db_index=True)
    target_id = models.CharField(_("Mã bản ghi"), max_length=64)
    target_repr = models.CharField(_("Bản ghi"), max_length=300)
    target_org_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    parent_type = models.CharField(max_length=80, blank=True)
    parent_id = models.CharField(max_length=64, blank=True)
    changes = models.JSONField(_("Thay đổi"), default=dict)
    request_id = models.CharField(_("Mã yêu cầu"), max_length=64, blank=True, db_index=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    channel = models.CharField(_("Kênh"), max_length=20, default="system")
    search_text = models.TextField(blank=True, default="")

    objects = ScopedManager.from_queryset(AuditEventQuerySet)()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["target_type", "target_id"], name="audit_target_idx")]
        verbose_name = _("Nhật ký thay đổi")
        verbose_name_plural = _("Nhật ký thay đổi")

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.target_repr}"


class AccessEvent(AppendOnlyModel):
    """Logins, failures, lockouts, denials, personal-data reads and exports."""

    class Kind(models.TextChoices):
        LOGIN = "login", _("Đăng nhập")
        LOGIN_FAILED = "login_failed", _("Đăng nhập sai")
        LOCKED = "locked", _("Khóa tài khoản")
        LOGOUT = "logout", _("Đăng xuất")
        TOKEN = "token", _("Cấp token API")
        DENIED = "denied", _("Từ chối truy cập")
        EXPORT = "export", _("Xuất dữ liệu")
        PERSONAL_DATA = "personal_data", _("Xem dữ liệu cá nhân")

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    username = models.CharField(max_length=150, blank=True)
    path = models.CharField(max_length=500, blank=True)
    detail = models.CharField(max_length=500, blank=True)
    request_id = models.CharField(max_length=64, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("Nhật ký truy cập")
        verbose_name_plural = _("Nhật ký truy cập")

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.kind} {self.username}"
