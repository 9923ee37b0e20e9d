"""Who acts: the `Actor` every service takes, and the `Scope` that says what its organisation and roles allow.

`Scope` lives here, below every app, so that `visible_to(user, …)` in core and the audit's `SystemActor` can
name it; `accounts.scope.scope_for` computes it for a person. The organisation-kind and role codes are the
values of `accounts.models.Organisation.Kind` and `Role`; `accounts/tests/test_scope.py` checks they agree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

KIND_MOFA = "mofa"
KIND_MOFA_UNIT = "mofa_unit"
KIND_PROVINCE = "province"
KIND_MISSION = "mission"

ROLE_VIEWER = "viewer"
ROLE_OFFICER = "officer"
ROLE_HEAD = "head"
ROLE_ORG_ADMIN = "org_admin"

WRITE_ROLES = frozenset({ROLE_OFFICER, ROLE_HEAD, ROLE_ORG_ADMIN})


@dataclass(frozen=True)
class Scope:
    active: bool = False
    user_id: int | None = None
    org_id: int | None = None
    org_kind: str = ""
    org_code: str = (
        ""  # accounts.Organisation.code: which ministry unit (the consular unit, the overseas committee)
    )
    province_code: str = ""
    roles: frozenset[str] = field(default_factory=frozenset)
    is_site_admin: bool = False

    @property
    def is_national(self) -> bool:
        return self.active and (self.is_site_admin or self.org_kind == KIND_MOFA)

    @property
    def is_ministry(self) -> bool:
        return self.org_kind in {KIND_MOFA, KIND_MOFA_UNIT}

    @property
    def is_province(self) -> bool:
        return self.org_kind == KIND_PROVINCE

    @property
    def is_mission(self) -> bool:
        return self.org_kind == KIND_MISSION

    @property
    def can_write(self) -> bool:
        return self.active and (self.is_site_admin or bool(self.roles & WRITE_ROLES))

    @property
    def can_approve(self) -> bool:
        return self.active and (self.is_site_admin or ROLE_HEAD in self.roles)

    @property
    def is_org_admin(self) -> bool:
        return self.active and (self.is_site_admin or ROLE_ORG_ADMIN in self.roles)


NO_SCOPE = Scope()
"""No organisation, inactive, anonymous or not a person: sees and may do nothing through `visible_to`."""


@runtime_checkable
class Actor(Protocol):
    """Whoever a service acts for: a signed-in `accounts.User`, or an `audit.SystemActor` (a command, an
    import, a scheduled job). Services record it in the audit and ask its `scope` what it may do; a system
    actor's scope is `NO_SCOPE`, so jobs read through `objects.system(reason=…)`, never `visible_to`."""

    @property
    def pk(self) -> int | None: ...

    @property
    def is_authenticated(self) -> bool: ...

    @property
    def scope(self) -> Scope: ...
