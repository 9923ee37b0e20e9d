"""`scope_for(user)`: what a user's organisation and roles allow, computed once per request."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ngoaivu.accounts.models import Organisation, Role

WRITE_ROLES = frozenset({Role.OFFICER, Role.HEAD, Role.ORG_ADMIN})


@dataclass(frozen=True)
class Scope:
    active: bool = False
    user_id: int | None = None
    org_id: int | None = None
    org_kind: str = ""
    province_code: str = ""
    roles: frozenset[str] = field(default_factory=frozenset)
    is_site_admin: bool = False

    @property
    def is_national(self) -> bool:
        return self.active and (self.is_site_admin or self.org_kind == Organisation.Kind.MOFA)

    @property
    def is_ministry(self) -> bool:
        return self.org_kind in {Organisation.Kind.MOFA, Organisation.Kind.MOFA_UNIT}

    @property
    def is_province(self) -> bool:
        return self.org_kind == Organisation.Kind.PROVINCE

    @property
    def is_mission(self) -> bool:
        return self.org_kind == Organisation.Kind.MISSION

    @property
    def can_write(self) -> bool:
        return self.active and (self.is_site_admin or bool(self.roles & WRITE_ROLES))

    @property
    def can_approve(self) -> bool:
        return self.active and (self.is_site_admin or Role.HEAD in self.roles)

    @property
    def is_org_admin(self) -> bool:
        return self.active and (self.is_site_admin or Role.ORG_ADMIN in self.roles)


NO_SCOPE = Scope()


def scope_for(user: Any) -> Scope:
    """No organisation (and not a site admin), inactive or anonymous: no access at all."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return NO_SCOPE
    org = user.organisation
    if user.is_superuser:
        return Scope(
            active=True,
            user_id=user.pk,
            org_id=org.pk if org else None,
            org_kind=org.kind if org else "",
            province_code=org.province_code if org else "",
            roles=frozenset(r.code for r in user.roles.all()),
            is_site_admin=True,
        )
    if org is None or not org.is_active:
        return NO_SCOPE
    return Scope(
        active=True,
        user_id=user.pk,
        org_id=org.pk,
        org_kind=org.kind,
        province_code=org.province_code,
        roles=frozenset(r.code for r in user.roles.all()),
    )
