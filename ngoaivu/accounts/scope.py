"""`scope_for(user)`: what a user's organisation and roles allow, computed once per request."""

from __future__ import annotations

from typing import Any

from ngoaivu.core.actors import NO_SCOPE, WRITE_ROLES, Scope

__all__ = ["NO_SCOPE", "WRITE_ROLES", "Scope", "scope_for"]


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
            org_code=org.code if org else "",
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
        org_code=org.code,
        province_code=org.province_code,
        roles=frozenset(r.code for r in user.roles.all()),
    )
