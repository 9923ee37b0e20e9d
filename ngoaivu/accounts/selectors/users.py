"""An organisation's people as its administrators see them: the list with its filters, one person, their live
API tokens, and the audit of changes to people. Everything starts from `User.objects.visible_to` (a site
administrator: everyone; an org_admin: their own organisation; anyone else: nobody)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from ninja import FilterSchema
from pydantic import Field

from ngoaivu.accounts.models import ApiToken, Role, TotpDevice, User
from ngoaivu.accounts.selectors.audit import EventFilters, events_in_order
from ngoaivu.audit.models import AuditEvent
from ngoaivu.audit.selectors import ReadableEvents
from ngoaivu.core.actors import Actor
from ngoaivu.core.exceptions import NotFound
from ngoaivu.core.lists import order
from ngoaivu.core.text import fold_terms

USER_SORTS: dict[str, tuple[str, ...]] = {
    "name": ("full_name", "username"),
    "username": ("username",),
    "organisation": ("organisation__sort_key", "username"),
    "last_login": ("last_login",),
}
LAST_LOGIN_DAYS = {"over_30": 30, "over_45": 45}


class UserFilters(FilterSchema):
    q: Annotated[str | None, Field(max_length=200, description="tên đăng nhập, họ tên hoặc thư điện tử")] = (
        None
    )
    role: Annotated[
        str | None, Field(max_length=30, description="mã vai trò: viewer, officer, head, org_admin")
    ] = None
    active: Literal["yes", "no"] | None = None
    last_login: Literal["never", "over_30", "over_45"] | None = Field(
        None, description="never: chưa đăng nhập; over_30 / over_45: lần cuối quá 30 / 45 ngày trước"
    )
    organisation: Annotated[str | None, Field(max_length=60, description="mã đơn vị (quản trị hệ thống)")] = (
        None
    )
    sort: Annotated[
        str | None, Field(max_length=30, description="name, username, organisation, last_login; - giảm dần")
    ] = None

    def filter_q(self, value: str | None) -> Q:
        return Q()  # folded in Python by `user_list`: the user table has no folded column

    def filter_role(self, value: str | None) -> Q:
        return Q(roles__code=value) if value else Q()

    def filter_active(self, value: str | None) -> Q:
        return Q(is_active=value == "yes") if value else Q()

    def filter_last_login(self, value: str | None) -> Q:
        if not value:
            return Q()
        if value == "never":
            return Q(last_login__isnull=True)
        return Q(last_login__lt=timezone.now() - dt.timedelta(days=LAST_LOGIN_DAYS[value]))

    def filter_organisation(self, value: str | None) -> Q:
        return Q(organisation__code=value) if value else Q()

    def filter_sort(self, value: str | None) -> Q:
        return Q()


def _with_mfa(qs: QuerySet[User]) -> QuerySet[User]:
    confirmed = TotpDevice.objects.filter(user_id=OuterRef("pk"), confirmed_at__isnull=False)
    return qs.annotate(mfa_on=Exists(confirmed))


def _matching_ids(qs: QuerySet[User], text: str) -> list[int]:
    """The people of `qs` whose username, full name or e-mail hold every folded term of `text` (the last one
    as a word start, as `core.lists.text_q`). Folded here, the same on both databases; an organisation has at
    most a few thousand people, read as three short columns."""
    terms = fold_terms(text)
    found = []
    for pk, username, full_name, email in qs.values_list("pk", "username", "full_name", "email"):
        words = fold_terms(f"{username} {full_name} {email}")
        if all(t in words for t in terms[:-1]) and any(w.startswith(terms[-1]) for w in words):
            found.append(pk)
    return found


def user_list(*, user: Actor, filters: UserFilters) -> QuerySet[User]:
    """The people the administrator manages, filtered and sorted; roles and organisation fetched with them
    (two queries whatever the page size)."""
    qs: QuerySet[User] = filters.filter(User.objects.visible_to(user))
    if fold_terms(filters.q):
        qs = qs.filter(pk__in=_matching_ids(qs, filters.q or ""))
    qs = _with_mfa(qs.select_related("organisation").prefetch_related("roles"))
    return order(qs, filters.sort, USER_SORTS, "name")


def user_get(*, user: Actor, pk: int) -> User:
    """One person the administrator manages; anyone else (another organisation, or a reader who administers
    nobody) is not found."""
    if not -(2**63) <= pk < 2**63:
        raise NotFound()
    found = (
        _with_mfa(User.objects.visible_to(user).select_related("organisation").prefetch_related("roles"))
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise NotFound()
    return found


def user_tokens(*, user: Actor, target: User) -> QuerySet[ApiToken]:
    """The live API tokens of a person the administrator manages (for revoking a lost one). A site
    administrator's tokens are listed to site administrators only (only they may revoke them)."""
    found = User.objects.visible_to(user).filter(pk=target.pk or 0).values("is_superuser", "is_staff").first()
    if found is None:
        raise NotFound()
    if (found["is_superuser"] or found["is_staff"]) and not user.scope.is_site_admin and target.pk != user.pk:
        return ApiToken.objects.none()
    return ApiToken.objects.filter(
        user_id=target.pk, revoked_at__isnull=True, expires_at__gt=timezone.now()
    ).order_by("-created_at", "-pk")


def role_choices() -> list[tuple[str, str]]:
    return [(r.code, r.label) for r in Role.objects.order_by("pk")]


class UserChangeFilters(EventFilters):
    actor: Annotated[str | None, Field(max_length=150, description="tên đăng nhập của người thực hiện")] = (
        None
    )


def user_change_events(*, user: Actor, filters: UserChangeFilters) -> QuerySet[AuditEvent]:
    """Changes to people: an org_admin sees those of their own organisation's people (whoever made them), a
    site administrator everyone's; anyone else nothing."""
    scope = user.scope
    if not scope.is_org_admin:
        return AuditEvent.objects.none()
    qs = AuditEvent.objects.visible_to(user).filter(target_type=User._meta.label_lower)
    if not scope.is_site_admin:
        qs = qs.filter(target_org_id=scope.org_id)
    return events_in_order(filters.filter(qs).select_related("organisation"), filters)


def user_change_rows(*, user: Actor, filters: UserChangeFilters) -> ReadableEvents:
    """`user_change_events` with the audit log's words (`AUDIT_COLUMNS`), page by page."""
    return ReadableEvents(user_change_events(user=user, filters=filters), user)
