from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ngoaivu.core.models import ScopedModel
from ngoaivu.core.scoping import ScopedManager
from ngoaivu.partnering.querysets import LocalityProfileQuerySet


class LocalityProfile(ScopedModel):
    """The profile of a Vietnamese province (one per current province, kept by the province) or of a foreign
    locality in the directory (a `Partner` of kind locality, kept by a mission or the ministry). Existing
    partnerships are not stored here: they are read from the agreements register when shown."""

    province = models.OneToOneField(
        "directory.Province",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="profile",
        verbose_name=_("Tỉnh, thành phố"),
    )
    partner = models.OneToOneField(
        "directory.Partner",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="profile",
        verbose_name=_("Địa phương nước ngoài"),
    )
    population = models.PositiveBigIntegerField(_("Dân số (người)"), null=True, blank=True)
    area_km2 = models.DecimalField(
        _("Diện tích (km²)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    figures_year = models.PositiveSmallIntegerField(_("Năm số liệu"), null=True, blank=True)
    figures_source = models.CharField(_("Nguồn số liệu"), max_length=300, blank=True)
    main_industries = models.TextField(_("Ngành kinh tế chính"), blank=True)
    strengths = models.TextField(_("Thế mạnh"), blank=True)
    fields_sought = models.ManyToManyField(
        "agreements.CooperationField", blank=True, related_name="+", verbose_name=_("Lĩnh vực muốn hợp tác")
    )
    contact_name = models.CharField(_("Đầu mối liên hệ"), max_length=200, blank=True)
    contact_title = models.CharField(_("Chức vụ, đơn vị"), max_length=300, blank=True)
    contact_email = models.EmailField(_("Thư điện tử"), blank=True)
    contact_phone = models.CharField(_("Điện thoại"), max_length=40, blank=True)
    search_text = models.TextField(blank=True, default="")

    objects = ScopedManager.from_queryset(LocalityProfileQuerySet)()

    class Meta:
        verbose_name = _("Hồ sơ địa phương")
        verbose_name_plural = _("Hồ sơ địa phương")
        constraints = [
            models.CheckConstraint(
                condition=(Q(province__isnull=False) & Q(partner__isnull=True))
                | (Q(province__isnull=True) & Q(partner__isnull=False)),
                name="partnering_profile_one_locality",
                violation_error_message=_(
                    "Hồ sơ thuộc về đúng một địa phương: một tỉnh hoặc một địa phương nước ngoài."
                ),
            ),
        ]

    def __str__(self) -> str:
        return str(self.province or self.partner)
