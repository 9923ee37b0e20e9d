from __future__ import annotations

from functools import cached_property

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext_lazy as _

from ngoaivu.core.actors import Scope
from ngoaivu.core.crypto import EncryptedTextField
from ngoaivu.core.models import TimeStampedModel, VersionedModel


class Organisation(VersionedModel):
    """The ministry's department and units, a province's external-affairs body, or an overseas mission."""

    class Kind(models.TextChoices):
        MOFA = "mofa", _("Cục Ngoại vụ và Ngoại giao văn hóa")
        MOFA_UNIT = "mofa_unit", _("Đơn vị khác của Bộ Ngoại giao")
        PROVINCE = "province", _("Cơ quan ngoại vụ cấp tỉnh")
        MISSION = "mission", _("Cơ quan đại diện")

    class BodyType(models.TextChoices):
        SO_NGOAI_VU = "so_ngoai_vu", _("Sở Ngoại vụ")
        VAN_PHONG_UBND = "van_phong_ubnd", _("Văn phòng UBND tỉnh/thành phố")

    code = models.SlugField(_("Mã"), max_length=60, unique=True)
    kind = models.CharField(_("Loại"), max_length=20, choices=Kind.choices)
    name_vi = models.CharField(_("Tên tiếng Việt"), max_length=300)
    name_en = models.CharField(_("Tên tiếng Anh"), max_length=300, blank=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    province_code = models.CharField(_("Mã tỉnh (hiện hành)"), max_length=2, blank=True, db_index=True)
    body_type = models.CharField(_("Loại cơ quan"), max_length=20, choices=BodyType.choices, blank=True)
    email = models.EmailField(_("Thư điện tử"), blank=True)
    request_approval_required = models.BooleanField(
        _("Đặt hàng cần lãnh đạo duyệt trước khi gửi"),
        default=True,
        help_text=_("Hai bước: chuyên viên trình, lãnh đạo duyệt. Bỏ chọn: chuyên viên gửi thẳng."),
    )
    is_active = models.BooleanField(_("Đang hoạt động"), default=True)
    search_text = models.TextField(blank=True, default="")
    sort_key = models.CharField(max_length=600, blank=True, default="", db_index=True)

    class Meta:
        ordering = ["sort_key", "pk"]
        verbose_name = _("Đơn vị")
        verbose_name_plural = _("Đơn vị")

    def __str__(self) -> str:
        return self.name_vi

    @property
    def is_national(self) -> bool:
        return self.kind in {self.Kind.MOFA}


class Role(models.Model):
    """Roles are data: viewer, officer, head (approver), organisation admin."""

    VIEWER = "viewer"
    OFFICER = "officer"
    HEAD = "head"
    ORG_ADMIN = "org_admin"

    code = models.SlugField(_("Mã"), max_length=30, unique=True)
    name_vi = models.CharField(_("Tên"), max_length=100)
    name_en = models.CharField(_("Tên tiếng Anh"), max_length=100)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("Vai trò")
        verbose_name_plural = _("Vai trò")

    def __str__(self) -> str:
        return self.name_vi

    @property
    def label(self) -> str:
        """The role's name in the reader's language (roles are data, so not in the catalogue)."""
        from django.utils.translation import get_language

        return self.name_en if (get_language() or "").startswith("en") and self.name_en else self.name_vi


class UserQuerySet(models.QuerySet["User"]):
    def visible_to(self, user: object, action: str = "view") -> UserQuerySet:
        """The people a user may see and manage as an administrator: a site administrator sees everyone, an
        organisation administrator (`org_admin`) the users of their own organisation, anyone else nobody.
        (Colleagues named on records, such as assignees, are read through those records, not through this.)"""
        scope: Scope = getattr(user, "scope", None) or Scope()
        if not scope.active:
            return self.none()
        if scope.is_site_admin:
            return self.all()
        if scope.is_org_admin and scope.org_id is not None:
            return self.filter(organisation_id=scope.org_id)
        return self.none()


class AccountUserManager(UserManager["User"]):
    def get_queryset(self) -> UserQuerySet:
        return UserQuerySet(self.model, using=self._db)

    def visible_to(self, user: object, action: str = "view") -> UserQuerySet:
        return self.get_queryset().visible_to(user, action)


class User(AbstractUser):
    class DeactivationReason(models.TextChoices):
        ADMIN = "admin", _("Quản trị viên khóa tài khoản")
        INACTIVITY = "inactivity", _("Không sử dụng quá thời hạn")

    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
        verbose_name=_("Đơn vị"),
    )
    roles = models.ManyToManyField(Role, blank=True, related_name="users", verbose_name=_("Vai trò"))
    full_name = models.CharField(_("Họ và tên"), max_length=200, blank=True)
    position = models.CharField(_("Chức vụ"), max_length=200, blank=True)
    language = models.CharField(
        _("Ngôn ngữ"), max_length=5, default="vi", choices=[("vi", "Tiếng Việt"), ("en", "English")]
    )
    calendar_token_hash = models.CharField(max_length=64, null=True, blank=True, unique=True, editable=False)
    phone = models.CharField(_("Điện thoại"), max_length=30, blank=True)
    must_change_password = models.BooleanField(_("Phải đổi mật khẩu khi đăng nhập"), default=False)
    last_active_at = models.DateTimeField(_("Hoạt động gần nhất"), null=True, blank=True, db_index=True)
    inactivity_warned_at = models.DateTimeField(null=True, blank=True, editable=False)
    deactivated_at = models.DateTimeField(_("Khóa lúc"), null=True, blank=True)
    deactivation_reason = models.CharField(
        _("Lý do khóa"), max_length=20, choices=DeactivationReason.choices, blank=True
    )

    objects = AccountUserManager()  # type: ignore[misc]

    class Meta:
        ordering = ["username"]
        verbose_name = _("Người dùng")
        verbose_name_plural = _("Người dùng")

    def __str__(self) -> str:
        return self.full_name or self.username

    @cached_property
    def scope(self) -> Scope:
        from ngoaivu.accounts.scope import scope_for

        return scope_for(self)


class ApiToken(TimeStampedModel):
    """A Bearer token: only its SHA-256 is stored; the clear value is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("Tên"), max_length=100, default="api")
    prefix = models.CharField(max_length=12, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField(_("Hết hạn"))
    revoked_at = models.DateTimeField(_("Thu hồi lúc"), null=True, blank=True)
    revoked_reason = models.CharField(_("Lý do thu hồi"), max_length=200, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("Token API")
        verbose_name_plural = _("Token API")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"


class TotpDevice(TimeStampedModel):
    """A user's authenticator app (RFC 6238). The secret is encrypted at rest; `last_used_step` makes each code
    single-use. Unconfirmed until the first right code (`confirmed_at`)."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="totp_device")
    secret = EncryptedTextField()
    confirmed_at = models.DateTimeField(_("Kích hoạt lúc"), null=True, blank=True)
    last_used_step = models.BigIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("Xác thực hai lớp")
        verbose_name_plural = _("Xác thực hai lớp")

    def __str__(self) -> str:
        return f"TOTP ({self.user})"


class RecoveryCode(models.Model):
    """One of the ten one-time recovery codes; only a salted hash is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="recovery_codes")
    code_hash = models.CharField(max_length=128)
    created_at = models.DateTimeField(auto_now_add=True)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"recovery code {self.pk} ({self.user_id})"


class AccountLink(TimeStampedModel):
    """A one-time e-mailed link that sets a password: an invitation (72 hours) or a reset (1 hour). Only the
    token's SHA-256 is stored; a newer link of the same user revokes the older unused ones."""

    class Purpose(models.TextChoices):
        INVITE = "invite", _("Lời mời")
        RESET = "reset", _("Đặt lại mật khẩu")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="account_links")
    purpose = models.CharField(_("Loại"), max_length=10, choices=Purpose.choices)
    token_hash = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField(_("Hết hạn"))
    used_at = models.DateTimeField(_("Đã dùng lúc"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("Hủy lúc"), null=True, blank=True)
    created_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("Người gửi")
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("Liên kết đặt mật khẩu")
        verbose_name_plural = _("Liên kết đặt mật khẩu")

    def __str__(self) -> str:
        return f"{self.purpose} ({self.user_id})"


class UserSession(models.Model):
    """A signed-in browser session, so that its owner can see it and end it (the session store has no user
    index). `session_key` is the store's key; ended sessions are kept a while for the user's own history."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="signed_in_sessions")
    session_key = models.CharField(max_length=64, unique=True)
    user_agent = models.CharField(_("Thiết bị"), max_length=300, blank=True)
    ip = models.GenericIPAddressField(_("Địa chỉ"), null=True, blank=True)
    created_at = models.DateTimeField(_("Đăng nhập lúc"), auto_now_add=True)
    last_activity_at = models.DateTimeField(_("Hoạt động gần nhất"), db_index=True)
    ended_at = models.DateTimeField(_("Kết thúc lúc"), null=True, blank=True)

    class Meta:
        ordering = ["-last_activity_at", "-pk"]
        verbose_name = _("Phiên đăng nhập")
        verbose_name_plural = _("Phiên đăng nhập")

    def __str__(self) -> str:
        return f"session {self.pk} ({self.user_id})"


class LoginThrottle(models.Model):
    """Failed sign-ins per account key (folded username), shared by the login page and the token endpoint."""

    username_key = models.CharField(max_length=150, unique=True)
    failures = models.PositiveIntegerField(default=0)
    locked_until = models.DateTimeField(null=True, blank=True)
    last_failure_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.username_key}: {self.failures}"


class Notification(models.Model):
    """In-app notification (the bell) and its e-mail copy. `dedupe_key` makes each one exactly-once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=40)
    title = models.CharField(_("Tiêu đề"), max_length=300)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=500, blank=True)
    dedupe_key = models.CharField(max_length=200, unique=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)
    email_sent_at = models.DateTimeField(null=True, blank=True)
    email_attempts = models.PositiveSmallIntegerField(default=0)
    email_error = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("Thông báo")
        verbose_name_plural = _("Thông báo")

    def __str__(self) -> str:
        return self.title
