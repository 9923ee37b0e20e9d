from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ngoaivu.core.models import ScopedModel
from ngoaivu.core.scoping import ScopedManager
from ngoaivu.partnering.querysets import LocalityProfileQuerySet, PartnerSearchQuerySet, ProposalQuerySet

# shown instead of a directory partner's name to a reader who may not see that partner (DOMAIN §2)
MASKED_PARTNER = _("đối tác chưa chia sẻ (bạn không xem được)")


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


class SuggestionWeight(models.Model):
    """A weight of the suggestion score (data, seeded from `data/suggestion_weights.csv`, edited in the admin):
    each reason a candidate gets adds `count × weight` points, shown beside the reason."""

    key = models.SlugField(_("Mã"), max_length=40, unique=True)
    weight = models.PositiveSmallIntegerField(_("Trọng số"), default=1)
    label = models.CharField(_("Tên"), max_length=200)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "pk"]
        verbose_name = _("Trọng số gợi ý đối tác")
        verbose_name_plural = _("Trọng số gợi ý đối tác")

    def __str__(self) -> str:
        return f"{self.label} ({self.weight})"


class PartnerSearch(ScopedModel):
    """A partner search. Outbound: a province (the owner) seeks a foreign partner in `countries`. Inbound: a
    foreign locality or firm (`seeker`, a directory partner) seeks a Vietnamese partner, entered by a mission or
    the ministry (the owner). Closed with an outcome: an agreement of the register or a reason."""

    class Direction(models.TextChoices):
        OUTBOUND = "outbound", _("Tỉnh tìm đối tác nước ngoài")
        INBOUND = "inbound", _("Đối tác nước ngoài tìm đối tác Việt Nam")

    class PartnerKind(models.TextChoices):
        LOCALITY = "locality", _("Địa phương")
        COMPANY = "company", _("Doanh nghiệp")
        UNIVERSITY = "university", _("Trường đại học, viện nghiên cứu")
        NGO = "ngo", _("Tổ chức phi chính phủ")

    class State(models.TextChoices):
        DRAFT = "draft", _("Nháp")
        OPEN = "open", _("Đang tìm")
        CLOSED = "closed", _("Đã đóng")

    class Visibility(models.TextChoices):
        SHARED = "shared", _("Chia sẻ với các tỉnh")
        PRIVATE = "private", _("Chỉ đơn vị mình, Bộ và cơ quan đại diện liên quan")

    direction = models.CharField(_("Chiều tìm kiếm"), max_length=10, choices=Direction.choices)
    title = models.CharField(_("Tiêu đề"), max_length=300)
    province = models.ForeignKey(
        "directory.Province",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("Tỉnh, thành phố tìm đối tác"),
    )
    seeker = models.ForeignKey(
        "directory.Partner",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("Đối tác nước ngoài tìm đối tác Việt Nam"),
    )
    partner_kind = models.CharField(_("Loại đối tác cần tìm"), max_length=12, choices=PartnerKind.choices)
    fields = models.ManyToManyField(
        "agreements.CooperationField", blank=True, related_name="+", verbose_name=_("Lĩnh vực")
    )
    countries = models.ManyToManyField("directory.Country", related_name="+", verbose_name=_("Quốc gia"))
    offers = models.TextField(_("Điều có thể đóng góp"), max_length=5000, blank=True)
    wants = models.TextField(_("Điều mong muốn"), max_length=5000)
    open_until = models.DateField(_("Tìm đến ngày"), null=True, blank=True)
    state = models.CharField(_("Trạng thái"), max_length=8, choices=State.choices, default=State.DRAFT)
    visibility = models.CharField(
        _("Phạm vi chia sẻ"), max_length=10, choices=Visibility.choices, default=Visibility.SHARED
    )
    opened_on = models.DateField(_("Ngày đăng"), null=True, blank=True)
    closed_on = models.DateField(_("Ngày đóng"), null=True, blank=True)
    outcome_agreement = models.ForeignKey(
        "agreements.Agreement",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("Thỏa thuận đạt được"),
    )
    close_reason = models.TextField(_("Lý do đóng"), max_length=2000, blank=True)
    search_text = models.TextField(blank=True, default="")

    objects = ScopedManager.from_queryset(PartnerSearchQuerySet)()

    class Meta:
        ordering = ["-opened_on", "-pk"]
        indexes = [
            models.Index(fields=["state", "open_until"], name="psearch_state_until_idx"),
            models.Index(fields=["owner_org", "state"], name="psearch_owner_state_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(Q(direction="outbound") & Q(province__isnull=False) & Q(seeker__isnull=True))
                | (Q(direction="inbound") & Q(seeker__isnull=False)),
                name="partnering_search_side",
                violation_error_message=_(
                    "Tìm đối tác nước ngoài: ghi tỉnh tìm; đối tác nước ngoài tìm: ghi đối tác nước ngoài."
                ),
            ),
        ]
        verbose_name = _("Tìm kiếm đối tác")
        verbose_name_plural = _("Tìm kiếm đối tác")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("partnering:search_detail", args=[self.pk])

    @property
    def days_left(self) -> int | None:
        """Days from today to `open_until` (negative once passed); None without a date or once closed."""
        if self.open_until is None or self.state == self.State.CLOSED:
            return None
        return (self.open_until - timezone.localdate()).days

    @property
    def until_note(self) -> str:
        """ "còn N ngày", "hết hạn hôm nay" or "quá hạn N ngày" for a search not closed with an end date."""
        left = self.days_left
        if left is None:
            return ""
        if left > 0:
            return gettext("còn %(n)d ngày") % {"n": left}
        if left == 0:
            return gettext("hết hạn hôm nay")
        return gettext("quá hạn %(n)d ngày") % {"n": -left}

    @property
    def shown_seeker(self) -> Any:
        """The seeker when the reader may see it now (`seeker_readable`, annotated by the selectors for the
        reader); None otherwise, and when not annotated (masked by default)."""
        return self.seeker if self.seeker_id and getattr(self, "seeker_readable", False) else None

    @property
    def seeker_label(self) -> str:
        """Who seeks: the province, the seeker's name when the reader may see it, else a masked phrase."""
        if self.province_id:
            return str(self.province)
        seeker = self.shown_seeker
        if seeker is not None:
            return str(seeker.name_vi or seeker.name)
        return str(MASKED_PARTNER) if self.seeker_id else ""


class Proposal(models.Model):
    """A candidate for a search: a directory partner (outbound) or a Vietnamese province (inbound), proposed by
    a mission or the ministry. Each state it reaches is dated (`<state>_on`) and audited; the search's owner
    moves it, and whoever proposed it never shortlists it (four eyes)."""

    class State(models.TextChoices):
        PROPOSED = "proposed", _("Được đề xuất")
        SHORTLISTED = "shortlisted", _("Vào danh sách ngắn")
        CONTACTED = "contacted", _("Đã liên hệ")
        MET = "met", _("Đã gặp")
        AGREEMENT = "agreement", _("Đã ký thỏa thuận")
        DECLINED = "declined", _("Không tiếp tục")

    search = models.ForeignKey(PartnerSearch, on_delete=models.CASCADE, related_name="proposals")
    partner = models.ForeignKey(
        "directory.Partner",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("Đối tác nước ngoài"),
    )
    province = models.ForeignKey(
        "directory.Province",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("Tỉnh, thành phố"),
    )
    note = models.TextField(_("Lý do đề xuất"), max_length=3000, blank=True)
    state = models.CharField(_("Trạng thái"), max_length=12, choices=State.choices, default=State.PROPOSED)
    decline_reason = models.TextField(_("Lý do không tiếp tục"), max_length=2000, blank=True)
    from_suggestion = models.BooleanField(_("Từ gợi ý"), default=False)
    proposer_org = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("Đơn vị đề xuất")
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    proposed_on = models.DateField(_("Ngày đề xuất"))
    shortlisted_on = models.DateField(_("Ngày vào danh sách ngắn"), null=True, blank=True)
    contacted_on = models.DateField(_("Ngày liên hệ"), null=True, blank=True)
    met_on = models.DateField(_("Ngày gặp"), null=True, blank=True)
    agreement_on = models.DateField(_("Ngày ký thỏa thuận"), null=True, blank=True)
    declined_on = models.DateField(_("Ngày dừng"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = models.Manager.from_queryset(ProposalQuerySet)()

    class Meta:
        ordering = ["proposed_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(partner__isnull=False) & Q(province__isnull=True))
                | (Q(partner__isnull=True) & Q(province__isnull=False)),
                name="partnering_proposal_one_candidate",
                violation_error_message=_("Ứng viên là một đối tác nước ngoài hoặc một tỉnh."),
            ),
            models.UniqueConstraint(fields=["search", "partner"], name="partnering_proposal_unique_partner"),
            models.UniqueConstraint(
                fields=["search", "province"], name="partnering_proposal_unique_province"
            ),
        ]
        indexes = [models.Index(fields=["search", "state"], name="proposal_search_state_idx")]
        verbose_name = _("Ứng viên đề xuất")
        verbose_name_plural = _("Ứng viên đề xuất")

    def __str__(self) -> str:
        return self.candidate_name

    @property
    def shown_partner(self) -> Any:
        """The candidate partner when the reader may see it now (`partner_readable`, annotated by
        `selectors.search_proposals` for the reader); None otherwise (masked by default)."""
        return self.partner if self.partner_id and getattr(self, "partner_readable", False) else None

    @property
    def shown_name(self) -> str:
        """The candidate's name for the reader: the province, the partner it may see, else a masked phrase."""
        if not self.partner_id:
            return str(self.province or "")
        partner = self.shown_partner
        return str(partner.name_vi or partner.name) if partner is not None else str(MASKED_PARTNER)

    @property
    def candidate_name(self) -> str:
        if self.partner_id:
            p = self.partner
            return p.name_vi or p.name if p else ""
        return str(self.province or "")
