from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from ninja import Schema
from pydantic import Field

from ngoaivu.core.schemas import Line


class TokenIn(Schema):
    username: Line = Field(..., min_length=1, max_length=150)
    password: str = Field(..., min_length=1, max_length=256)
    otp: str | None = Field(
        None,
        max_length=64,
        description="mã xác thực hai lớp (6 chữ số) hoặc mã khôi phục, khi tài khoản đã bật",
    )
    name: Line | None = Field(None, max_length=100, description="tên để nhận biết token (mặc định: api)")
    expires_in_days: int | None = Field(
        None, ge=1, le=365, description="số ngày hiệu lực (mặc định 30, tối đa 365)"
    )


class RevokedTokenOut(Schema):
    name: str
    prefix: str


class TokenOut(Schema):
    token: str = Field(..., description="chỉ trả về một lần; chỉ lưu mã băm")
    name: str
    prefix: str
    expires_at: str
    revoked_token: RevokedTokenOut | None = Field(
        None, description="token cũ bị thu hồi để giữ giới hạn số token còn hiệu lực của một người, nếu có"
    )


def token_out(new: Any) -> dict[str, Any]:
    """The answer to a token just made (a `services.tokens.NewToken`): the secret, once, and the token pushed
    out by the per-user cap."""
    revoked = new.revoked
    return {
        "token": new.raw,
        "name": new.token.name,
        "prefix": new.token.prefix,
        "expires_at": new.token.expires_at.isoformat(),
        "revoked_token": {"name": revoked.name, "prefix": revoked.prefix} if revoked else None,
    }


class OrganisationRef(Schema):
    code: str
    kind: str
    name: str


class MeOut(Schema):
    username: str
    full_name: str
    email: str
    organisation: OrganisationRef | None
    organisation_code: str | None
    roles: list[str]
    is_site_admin: bool
    language: str
    calendar_feed: bool = Field(
        ...,
        description="đã có đường dẫn lịch cá nhân (iCalendar) chưa; tạo bằng POST /api/v1/me/calendar-feed "
        "(đường dẫn chỉ trả về một lần)",
    )


# --- an organisation's people (/api/v1/users, accounts/api/users.py) ---------------------------------------


class ManagedUserOut(Schema):
    """A person as their organisation's administrator sees them (never a password, token or feed)."""

    id: int
    username: str
    full_name: str
    position: str
    email: str
    phone: str
    organisation: str | None = Field(None, description="mã đơn vị")
    roles: list[str] = Field(..., description="mã vai trò, theo thứ tự chữ cái")
    is_active: bool
    deactivated_at: dt.datetime | None
    deactivation_reason: str = Field(..., description="admin, inactivity, hoặc rỗng")
    last_login: dt.datetime | None
    must_change_password: bool
    has_password: bool = Field(..., description="false: chưa nhận lời mời")
    mfa_enabled: bool

    @staticmethod
    def resolve_organisation(obj: Any) -> str | None:
        return obj.organisation.code if obj.organisation_id else None

    @staticmethod
    def resolve_roles(obj: Any) -> list[str]:
        return sorted(r.code for r in obj.roles.all())

    @staticmethod
    def resolve_has_password(obj: Any) -> bool:
        return bool(obj.has_usable_password())

    @staticmethod
    def resolve_mfa_enabled(obj: Any) -> bool:
        return bool(getattr(obj, "mfa_on", False))


class UserInviteIn(Schema):
    username: Line = Field(..., max_length=150)
    full_name: Line = Field(..., max_length=200)
    position: Line = Field("", max_length=200)
    email: Line = Field(..., max_length=254)
    phone: Line = Field("", max_length=30)
    roles: list[Annotated[str, Field(max_length=30)]] = Field(default_factory=list, max_length=10)
    organisation: Line | None = Field(
        None,
        max_length=60,
        description="mã đơn vị; chỉ quản trị hệ thống chọn, mặc định đơn vị của người gửi",
    )


class UserPatchIn(Schema):
    full_name: Line | None = Field(None, max_length=200)
    position: Line | None = Field(None, max_length=200)
    email: Line | None = Field(None, max_length=254)
    phone: Line | None = Field(None, max_length=30)
    roles: list[Annotated[str, Field(max_length=30)]] | None = Field(None, max_length=10)


class UserLinkSentOut(Schema):
    link: str = Field(..., description="invite (thư mời gửi lại) hoặc reset (liên kết đặt lại mật khẩu)")


# --- the user's tokens, sessions and calendar feed (accounts/api/security.py) -------------------------------


class TokenCreateIn(Schema):
    name: Line = Field(..., min_length=1, max_length=100, description="tên để nhận biết token")
    expires_in_days: int | None = Field(
        None, ge=1, le=365, description="số ngày hiệu lực (mặc định 30, tối đa 365); hoặc dùng expires_on"
    )
    expires_on: dt.date | None = Field(None, description="ngày cuối cùng token còn hiệu lực (tối đa một năm)")


class TokenInfoOut(Schema):
    """A token as listed: never its secret (only a hash is stored)."""

    id: int
    name: str
    prefix: str
    created_at: dt.datetime
    last_used_at: dt.datetime | None
    expires_at: dt.datetime
    revoked_at: dt.datetime | None
    revoked_reason: str
    state: str = Field(..., description="active | expired | revoked")


class SessionOut(Schema):
    id: int
    device: str = Field(..., description="trình duyệt và hệ điều hành, đọc từ User-Agent")
    user_agent: str
    ip: str | None
    created_at: dt.datetime
    last_activity_at: dt.datetime
    current: bool = Field(..., description="phiên của chính yêu cầu này (khi gọi API bằng phiên trình duyệt)")


class SessionsEndedOut(Schema):
    ended: int


class CalendarFeedOut(Schema):
    url: str = Field(
        ..., description="đường dẫn lịch iCalendar; chỉ trả về một lần, đường dẫn cũ ngừng hoạt động"
    )
