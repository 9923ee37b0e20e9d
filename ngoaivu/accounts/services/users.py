"""Users and organisations: creation, passwords, preferences."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ngoaivu.accounts.models import Organisation, Role, User
from ngoaivu.audit import services as audit
from ngoaivu.core.actors import Actor
from ngoaivu.core.exceptions import ServiceError
from ngoaivu.core.text import clean_text, search_key, vi_sort_key


@transaction.atomic
def organisation_upsert(*, actor: Actor, code: str, defaults: dict[str, Any]) -> tuple[Organisation, bool]:
    """Create or update a reference organisation; unchanged rows are left alone (no audit row)."""
    defaults = {k: clean_text(v) if isinstance(v, str) else v for k, v in defaults.items()}
    defaults["search_text"] = search_key(code, defaults.get("name_vi", ""), defaults.get("name_en", ""))
    defaults["sort_key"] = vi_sort_key(defaults.get("name_vi", ""))
    org, outcome = audit.upsert(
        Organisation.objects, actor=actor, lookup={"code": code}, values=defaults, target_is_org=True
    )
    return org, outcome == "created"


def _user_snapshot(user: User) -> dict[str, Any]:
    data = audit.snapshot(user)
    data.pop("last_login", None)
    data["roles"] = sorted(r.code for r in user.roles.all())
    return data


def _policy_errors(password: str, user: User) -> list[str]:
    """What AUTH_PASSWORD_VALIDATORS say against `password` for `user`, in the active language."""
    try:
        validate_password(password, user)
    except ValidationError as exc:
        return list(exc.messages)
    return []


@transaction.atomic
def user_create(
    *,
    actor: Actor,
    username: str,
    password: str,
    organisation: Organisation | None,
    roles: list[str],
    full_name: str = "",
    email: str = "",
    is_superuser: bool = False,
    check_password: bool = True,
) -> User:
    username = clean_text(username)
    errors: dict[str, list[str]] = {}
    if not username:
        errors["username"] = [_("Tên đăng nhập không được để trống.")]
    elif User.objects.filter(username__iexact=username).exists():
        errors["username"] = [_("Tên đăng nhập “%(u)s” đã tồn tại.") % {"u": username}]
    unknown = sorted(set(roles) - set(Role.objects.values_list("code", flat=True)))
    if unknown:
        errors["roles"] = [_("Vai trò không tồn tại: %(r)s") % {"r": ", ".join(unknown)}]
    if organisation is None and not is_superuser:
        errors["organisation"] = [_("Người dùng phải thuộc một đơn vị.")]
    user = User(
        username=username,
        full_name=clean_text(full_name),
        email=clean_text(email),
        organisation=organisation,
        is_superuser=is_superuser,
        is_staff=is_superuser,
    )
    if check_password and not errors and (policy := _policy_errors(password, user)):
        errors["password"] = policy
    if errors:
        raise ServiceError(_("Không tạo được người dùng."), errors)
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    user.roles.set(Role.objects.filter(code__in=roles))
    audit.record(
        actor=actor,
        action="user.create",
        target=user,
        after=_user_snapshot(user),
        target_org_id=user.organisation_id,
    )
    return user


@transaction.atomic
def password_change(*, actor: User, old_password: str, new_password: str, new_password_again: str) -> None:
    """The signed-in user's own password: the current one must be right and the new one pass the policy
    (AUTH_PASSWORD_VALIDATORS). Changing it signs out the user's other sessions (Django's session hash)."""
    errors: dict[str, list[str]] = {}
    if not actor.check_password(old_password):
        errors["old_password"] = [_("Mật khẩu hiện tại không đúng.")]
    if new_password != new_password_again:
        errors["new_password_again"] = [_("Hai lần nhập mật khẩu mới không khớp.")]
    elif new_password == old_password:
        errors["new_password"] = [_("Mật khẩu mới phải khác mật khẩu hiện tại.")]
    elif policy := _policy_errors(new_password, actor):
        errors["new_password"] = policy
    if errors:
        raise ServiceError(_("Chưa đổi được mật khẩu."), errors)
    actor.set_password(new_password)
    actor.must_change_password = False
    actor.save(update_fields=["password", "must_change_password"])
    audit.record(
        actor=actor,
        action="user.password_change",
        target=actor,
        after={"password": "changed"},
        target_org_id=actor.organisation_id,
    )


@transaction.atomic
def user_set_language(*, actor: Actor, user: User, language: str) -> None:
    if language not in {"vi", "en"}:
        raise ServiceError(_("Ngôn ngữ không hợp lệ."), {"language": [_("Chọn vi hoặc en.")]})
    if user.language == language:
        return
    before = {"language": user.language}
    User.objects.filter(pk=user.pk).update(language=language)
    user.language = language
    audit.record(
        actor=actor,
        action="user.update",
        target=user,
        before=before,
        after={"language": language},
        target_org_id=user.organisation_id,
    )
