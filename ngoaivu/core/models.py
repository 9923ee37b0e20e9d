from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ngoaivu.core.scoping import ScopedManager


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("Tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("Cập nhật lúc"), auto_now=True, db_index=True)  # lists' count stamp

    class Meta:
        abstract = True


class VersionedModel(TimeStampedModel):
    """Optimistic concurrency: writes go through `core.versioning.save_versioned`."""

    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True


class ScopedModel(VersionedModel):
    """An organisation-owned record: soft-deleted, versioned, read only through `visible_to`."""

    owner_org = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("Đơn vị sở hữu")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("Người tạo"),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("Người sửa"),
    )
    deleted_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects: Any = ScopedManager()

    class Meta:
        abstract = True


class CalendarDay(models.Model):
    """An exception to the Monday–Friday rule in Vietnam's working-day calendar (DOMAIN.md §5).

    Days not listed follow the weekday rule: Monday–Friday working, Saturday–Sunday off.
    """

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("Ngày lễ, Tết")
        SWAPPED_OFF = "swapped_off", _("Nghỉ bù / hoán đổi")
        MAKEUP_WORKING = "makeup_working", _("Ngày làm bù")

    date = models.DateField(_("Ngày"), unique=True)
    kind = models.CharField(_("Loại"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("Tên"), max_length=200)
    source = models.CharField(_("Căn cứ"), max_length=300, blank=True)
    # True while the row is as `load_reference` wrote it (the `holidays` package or the local file): a later
    # load may update or retire it. An administrator's own row (or edit) is False and is never touched.
    seeded = models.BooleanField(_("Nạp từ dữ liệu tham chiếu"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("Ngày trong lịch làm việc")
        verbose_name_plural = _("Lịch làm việc")

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.name}"

    @property
    def is_working(self) -> bool:
        return self.kind == self.Kind.MAKEUP_WORKING


class JobRun(models.Model):
    """When each periodic job was last enqueued (see core.tasks.tick)."""

    name = models.CharField(max_length=200, unique=True)
    last_run_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.name


class WorkerBeat(models.Model):
    """A background worker's last sign of life (written by `ngoaivu worker`'s scheduler thread): a task left
    running by a worker that stopped beating is put back in the queue (core.tasks.requeue_orphans)."""

    worker_id = models.CharField(max_length=64, unique=True)
    seen_at = models.DateTimeField()

    def __str__(self) -> str:
        return self.worker_id


class RateCounter(models.Model):
    """Requests counted in the current fixed window for one key (`scope:who`), shared by every worker and app
    server because it is a row (core.ratelimit). A key's row is reused window after window; rows of windows
    that have ended are purged now and then."""

    key = models.CharField(max_length=200, unique=True)
    window_end = models.BigIntegerField()  # Unix seconds at which the counted window ends
    hits = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.key}: {self.hits}"
