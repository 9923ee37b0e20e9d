from __future__ import annotations

from typing import Any

from ninja import Schema
from pydantic import Field

from ngoaivu.core.schemas import Line


class TokenIn(Schema):
    username: Line = Field(..., min_length=1, max_length=150)
    password: str = Field(..., min_length=1, max_length=256)
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
