"""Economic-diplomacy figures (issue 20): the indicator catalogue (data, `data/catalogue.csv`), the values
provinces report per period, the exchange-rate table national USD totals convert with, and Excel imports."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from ngoaivu.core.models import ScopedModel, VersionedModel
from ngoaivu.core.scoping import ScopedManager
from ngoaivu.indicators.querysets import IndicatorImportQuerySet, IndicatorValueQuerySet


class Frequency(models.TextChoices):
    MONTH = "month", _("Tháng")
    QUARTER = "quarter", _("Quý")
    HALF_YEAR = "half_year", _("6 tháng")
    YEAR = "year", _("Năm")


class Indicator(VersionedModel):
    """One row of the reviewed catalogue file. Rows are loaded by `reference.load_indicator_catalogue`; the
    file is the source of truth, the table is what queries join."""

    class Unit(models.TextChoices):
        USD = "usd", _("USD")
        VND = "vnd", _("VND")
        CURRENCY = "currency", _("Tiền (theo đơn vị tiền tệ báo cáo)")
        PERSONS = "persons", _("Người")
        VISITS = "visits", _("Lượt")
        PROJECTS = "projects", _("Dự án")
        COUNT = "count", _("Số lượng")
        PERCENT = "percent", _("%")

    class Aggregation(models.TextChoices):
        SUM = "sum", _("Cộng")
        AVERAGE = "average", _("Trung bình")
        LATEST = "latest", _("Giá trị mới nhất")

    class Source(models.TextChoices):
        GSO = "gso", _("Tổng cục Thống kê (Cục Thống kê)")
        MOF_FDI = "mof_fdi", _("Bộ Tài chính — thống kê đầu tư nước ngoài")
        SBV = "sbv", _("Ngân hàng Nhà nước")
        CUSTOMS = "customs", _("Cục Hải quan")
        TOURISM = "tourism", _("Cục Du lịch Quốc gia")
        PROVINCE = "province", _("Báo cáo của tỉnh")
        NGOAIVU = "ngoaivu", _("Tính từ dữ liệu ngoaivu")

    class Computed(models.TextChoices):
        ENTERED = "", _("Nhập")
        ALWAYS = "always", _("Luôn tính từ dữ liệu ngoaivu")
        WHERE_KEPT = (
            "where_kept",
            _("Tính từ dữ liệu ngoaivu nếu tỉnh quản lý trên hệ thống, nếu không thì nhập"),
        )

    code = models.SlugField(_("Mã chỉ tiêu"), max_length=60, unique=True)
    group = models.SlugField(_("Nhóm"), max_length=40)
    name_vi = models.CharField(_("Tên chỉ tiêu"), max_length=300)
    name_en = models.CharField(_("Tên tiếng Anh"), max_length=300)
    unit = models.CharField(_("Đơn vị"), max_length=10, choices=Unit.choices)
    frequency = models.CharField(_("Kỳ"), max_length=10, choices=Frequency.choices)
    aggregation = models.CharField(_("Cách cộng các tỉnh"), max_length=10, choices=Aggregation.choices)
    source = models.CharField(_("Nguồn"), max_length=20, choices=Source.choices)
    definition_vi = models.TextField(_("Định nghĩa"), max_length=3000)
    definition_en = models.TextField(_("Định nghĩa (tiếng Anh)"), max_length=3000, blank=True)
    by_market = models.BooleanField(_("Chia theo thị trường"), default=False)
    computed = models.CharField(_("Cách có số liệu"), max_length=12, choices=Computed.choices, blank=True)
    computed_by = models.CharField(
        max_length=200,
        blank=True,
        help_text="dotted path of the function computing it (indicators/sources.py)",
    )
    sort_order = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["sort_order", "pk"]
        verbose_name = _("Chỉ tiêu")
        verbose_name_plural = _("Chỉ tiêu")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_en if get_language() == "en" and self.name_en else self.name_vi

    @property
    def is_money(self) -> bool:
        # a set of plain strings: a series reads this once per value (14,000 times for the comparison table), and
        # comparing with the enum members one by one cost 5 µs each
        return self.unit in MONEY_UNITS

    def get_absolute_url(self) -> str:
        return reverse("indicators:indicator_detail", args=[self.code])


MONEY_UNITS = frozenset({Indicator.Unit.USD.value, Indicator.Unit.VND.value, Indicator.Unit.CURRENCY.value})


class IndicatorImport(ScopedModel):
    """One Excel import of indicator values (long or wide shape), kept with its file and result."""

    class Shape(models.TextChoices):
        LONG = "long", _("Bảng dọc (tỉnh, kỳ, chỉ tiêu, giá trị)")
        WIDE = "wide", _("Bảng ngang kiểu Tổng cục Thống kê (tỉnh theo dòng, năm theo cột)")
        RATES = "rates", _("Tỷ giá (Bộ Ngoại giao)")

    class Status(models.TextChoices):
        PREVIEWED = "previewed", _("Đã kiểm tra, chưa nhập")
        IMPORTED = "imported", _("Đã nhập")
        FAILED = "failed", _("Có lỗi, không nhập")

    file = models.FileField(upload_to="imports/indicators/%Y/%m/")
    filename = models.CharField(_("Tệp"), max_length=255)
    sha256 = models.CharField(max_length=64, db_index=True)
    shape = models.CharField(_("Dạng bảng"), max_length=10, choices=Shape.choices)
    status = models.CharField(_("Trạng thái"), max_length=20, choices=Status.choices)
    row_count = models.PositiveIntegerField(_("Số dòng"), default=0)
    created_count = models.PositiveIntegerField(_("Số giá trị đã nhập"), default=0)
    errors = models.JSONField(default=list, blank=True)
    warnings = models.JSONField(default=list, blank=True)
    options = models.JSONField(default=dict, blank=True)

    objects = ScopedManager.from_queryset(IndicatorImportQuerySet)()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("Lần nhập chỉ tiêu")
        verbose_name_plural = _("Lần nhập chỉ tiêu")

    def __str__(self) -> str:
        return self.filename


class IndicatorValue(ScopedModel):
    """One figure as a province reported it: for the unit it was reported for (a former province before
    01/07/2025 stays that former province), for one period, in its own unit or currency.

    `province` is the current province the figure rolls up into (derived, for scope and current-unit views);
    `former_province` is set when the figure was reported for a pre-2025 unit. `unit_key` ("p48" or "f49")
    and `market_key` (ISO alpha-2 or "") make the one-live-value rule a plain unique constraint on both
    databases. A correction after validation is a new row that `corrects` the earlier one; the earlier one stays
    validated (and counted) until the correction is validated, then becomes `superseded` and stays readable as
    history. The open correction is the one row the one-live-value constraint lets live beside it."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Nháp")
        SUBMITTED = "submitted", _("Đã gửi Bộ")
        VALIDATED = "validated", pgettext_lazy("indicator value", "Đã xác nhận")
        RETURNED = "returned", _("Bộ trả lại")
        SUPERSEDED = "superseded", _("Đã được đính chính")

    LIVE_STATES = (Status.DRAFT, Status.SUBMITTED, Status.VALIDATED, Status.RETURNED)

    class Convention(models.TextChoices):
        CALENDAR = "calendar", _("Theo lịch (tháng, quý, năm dương lịch)")
        DECREE_09 = "decree_09_2019", _("Kỳ báo cáo theo Nghị định 09/2019/NĐ-CP (chốt số liệu ngày 14)")

    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="values", verbose_name=_("Chỉ tiêu")
    )
    province = models.ForeignKey(
        "directory.Province", on_delete=models.PROTECT, related_name="+", verbose_name=_("Tỉnh (hiện hành)")
    )
    former_province = models.ForeignKey(
        "directory.FormerProvince",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("Tỉnh khi báo cáo (trước 01/07/2025)"),
    )
    unit_key = models.CharField(max_length=4, editable=False)
    country = models.ForeignKey(
        "directory.Country",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("Thị trường"),
    )
    market_key = models.CharField(max_length=2, blank=True, default="", editable=False)
    period_kind = models.CharField(_("Loại kỳ"), max_length=10, choices=Frequency.choices)
    period_start = models.DateField(_("Từ ngày"))
    period_end = models.DateField(_("Đến ngày"))
    year = models.PositiveSmallIntegerField(
        _("Năm"), validators=[MinValueValidator(1900), MaxValueValidator(2200)], editable=False
    )
    convention = models.CharField(
        _("Quy ước kỳ"), max_length=20, choices=Convention.choices, default=Convention.CALENDAR
    )
    value = models.DecimalField(_("Giá trị"), max_digits=24, decimal_places=4)
    currency = models.CharField(_("Đơn vị tiền tệ"), max_length=3, blank=True, default="")
    source = models.CharField(_("Nguồn"), max_length=300, blank=True)
    note = models.TextField(_("Ghi chú"), max_length=3000, blank=True)
    status = models.CharField(_("Trạng thái"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    returned_reason = models.TextField(_("Lý do trả lại"), max_length=3000, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    validated_at = models.DateTimeField(null=True, blank=True)
    validated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    corrects = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="corrections",
        verbose_name=_("Đính chính giá trị"),
    )
    correction_reason = models.TextField(_("Lý do đính chính"), max_length=3000, blank=True)
    import_batch = models.ForeignKey(
        IndicatorImport, null=True, blank=True, on_delete=models.SET_NULL, related_name="values"
    )

    objects = ScopedManager.from_queryset(IndicatorValueQuerySet)()

    class Meta:
        ordering = ["-period_start", "pk"]
        indexes = [
            # the series: one indicator, grouped by year (or province), validated values only
            models.Index(
                fields=["indicator", "status", "year"],
                include=["province", "former_province", "value", "currency", "period_kind", "period_start"],
                name="indicator_value_series_idx",
            ),
            models.Index(fields=["province", "indicator", "period_start"], name="indicator_value_prov_idx"),
            models.Index(fields=["owner_org", "status", "period_start"], name="indicator_value_owner_idx"),
            # the values list in its default order (newest period first, then id), filtered by indicator or not:
            # read backwards, a page is found without sorting the table
            models.Index(fields=["indicator", "period_start", "id"], name="indicator_value_ind_period_idx"),
            models.Index(fields=["period_start", "id"], name="indicator_value_period_idx"),
            models.Index(fields=["status", "period_start", "id"], name="indicator_value_queue_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "unit_key", "market_key", "period_kind", "period_start"],
                # the open correction of a validated value lives beside it until validated
                condition=(
                    models.Q(status="validated")
                    | models.Q(status__in=["draft", "submitted", "returned"], corrects__isnull=True)
                )
                & models.Q(deleted_at__isnull=True),
                name="indicator_value_one_live",
                violation_error_message=_(
                    "Đã có giá trị của chỉ tiêu này cho tỉnh và kỳ này; hãy sửa hoặc đính chính giá trị đó."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="indicator_value_period_order",
                violation_error_message=_("Ngày kết thúc kỳ phải sau ngày bắt đầu."),
            ),
        ]
        verbose_name = _("Giá trị chỉ tiêu")
        verbose_name_plural = _("Giá trị chỉ tiêu")

    def __str__(self) -> str:
        """What the audit log shows: "<indicator> — <unit> — <period>" (no query once `indicator`,
        `province` and `former_province` are loaded, as the lists do)."""
        from ngoaivu.indicators.periods import Period

        unit = self.former_province if self.former_province_id is not None else self.province
        place = unit.name if unit is not None else self.unit_key
        return f"{self.indicator.name_vi} — {place} — {Period(self.period_kind, self.period_start).label()}"

    def get_absolute_url(self) -> str:
        return reverse("indicators:value_detail", args=[self.pk])


class ExchangeRate(VersionedModel):
    """The State Bank's central rate for one currency and period (VND per unit), entered or imported by the
    ministry. National USD totals convert through it and say which row they used."""

    currency = models.CharField(_("Đơn vị tiền tệ"), max_length=3)
    period_kind = models.CharField(_("Loại kỳ"), max_length=10, choices=Frequency.choices)
    period_start = models.DateField(_("Từ ngày"))
    period_end = models.DateField(_("Đến ngày"))
    vnd_per_unit = models.DecimalField(
        _("Số đồng cho 1 đơn vị"), max_digits=18, decimal_places=6, validators=[MinValueValidator(0)]
    )
    source = models.CharField(_("Nguồn"), max_length=300)
    note = models.CharField(_("Ghi chú"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["currency", "-period_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["currency", "period_kind", "period_start"],
                name="exchange_rate_one_per_period",
                violation_error_message=_("Đã có tỷ giá của đồng tiền này cho kỳ này."),
            ),
            models.CheckConstraint(
                condition=models.Q(vnd_per_unit__gt=0),
                name="exchange_rate_positive",
                violation_error_message=_("Tỷ giá phải lớn hơn 0."),
            ),
        ]
        verbose_name = _("Tỷ giá")
        verbose_name_plural = _("Tỷ giá")

    def __str__(self) -> str:
        return f"{self.currency} {self.period_start:%m/%Y}: {self.vnd_per_unit}"
