"""Users and organisations: creation, passwords, preferences."""

from __future__ import annotations

import datetime as dt
import logging
import re
from functools import partial
from typing import Any

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ngoaivu.accounts.models import Organisation, Role, TotpDevice, User
from ngoaivu.audit import services as audit
from ngoaivu.core.actors import Actor
from ngoaivu.core.exceptions import Forbidden, NotFound, ServiceError
from ngoaivu.core.text import clean_line, clean_text, search_key, vi_sort_key

logger = logging.getLogger(__name__)


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
    for secret in ("last_login", "calendar_token", "calendar_token_hash"):
        data.pop(secret, None)
    # Django's own columns this project does not use (the name is full_name; is_staff follows is_superuser) and
    # the idle job's bookkeeping: listed in every history as "Tên: — → —" they only hid what changed
    for unused in ("first_name", "last_name", "is_staff", "date_joined", "inactivity_warned_at"):
        data.pop(unused, None)
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
def password_change(
    *,
    actor: User,
    old_password: str,
    new_password: str,
    new_password_again: str,
    keep_session_key: str | None = None,
) -> None:
    """The signed-in user's own password: the current one must be right and the new one pass the policy
    (AUTH_PASSWORD_VALIDATORS). Whoever knew the old password may have made other ways in: every other
    signed-in session ends (all but `keep_session_key`, the browser making the change), the API tokens and the
    calendar feed are revoked (`security.credentials_revoke`)."""
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
    from ngoaivu.accounts.services.security import credentials_revoke

    credentials_revoke(actor=actor, user=actor, reason="password_change", keep_session_key=keep_session_key)


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


# --- an organisation's people, managed by its administrators (org_admin) or a site administrator -------------

GUARDED_ROLES = (Role.HEAD, Role.ORG_ADMIN)
"""Roles an organisation must keep at least one active holder of: someone approves, someone administers."""

ADMIN_FIELDS = (
    "username",
    "full_name",
    "position",
    "email",
    "phone",
    "organisation",
    "is_active",
    "must_change_password",
    "deactivated_at",
    "deactivation_reason",
)
PHONE_RE = re.compile(r"^[0-9+().\- ]{0,30}$")


def _admin_snapshot(user: User) -> dict[str, Any]:
    """What an administrator changes on a person, for the audit (never secrets such as feed tokens)."""
    data = {name: value for name, value in audit.snapshot(user).items() if name in ADMIN_FIELDS}
    data["roles"] = sorted(r.code for r in user.roles.all())
    return data


def _require_admin(actor: Actor) -> None:
    """Only organisation administrators and site administrators manage people (403 for anyone else)."""
    if not actor.scope.is_org_admin:
        raise Forbidden(_("Chỉ quản trị viên đơn vị mới quản lý được người dùng."))


def _managed(actor: Actor, user: User) -> User:
    """The target re-read through `visible_to` and locked: another organisation's user is not found (404), a
    site administrator's account is changed only by a site administrator (403). The organisation row is locked
    too, so that two administrators cannot each remove one of its last two heads at the same moment."""
    visible = User.objects.visible_to(actor).filter(pk=user.pk or 0).values("organisation_id").first()
    if visible is None:
        raise NotFound()
    if visible["organisation_id"] is not None:
        list(Organisation.objects.select_for_update().filter(pk=visible["organisation_id"]).values_list("pk"))
    target = User.objects.visible_to(actor).select_for_update().filter(pk=user.pk or 0).first()
    if target is None:
        raise NotFound()
    _require_admin(actor)
    if (target.is_superuser or target.is_staff) and not actor.scope.is_site_admin:
        raise Forbidden(_("Chỉ quản trị hệ thống mới sửa được tài khoản quản trị hệ thống."))
    return target


def givable_roles(actor: Actor) -> list[str]:
    """The role codes `actor` may give or take away: a site administrator any, anyone else only those they
    hold themselves (an org_admin without `head` cannot make a head), and `viewer`, whose reading of the
    organisation's records every administrator already has."""
    codes = list(Role.objects.order_by("pk").values_list("code", flat=True))
    scope = actor.scope
    if scope.is_site_admin:
        return codes
    if not scope.is_org_admin:
        return []
    return [c for c in codes if c in scope.roles or c == Role.VIEWER]


def credentials_manageable(actor: Actor, target: User) -> bool:
    """Whether `actor` may act on how `target` signs in (a new e-mail, a reset link, a two-factor reset, a
    required password change): a site administrator always; anyone else only for a person holding no role
    outside `givable_roles(actor)` and who is not another org_admin. Else an org_admin who is not a head
    could take over a head's account, or another administrator's, through its e-mail or password."""
    if actor.scope.is_site_admin:
        return True
    held = {r.code for r in target.roles.all()}
    return not (held - set(givable_roles(actor)) or (Role.ORG_ADMIN in held and target.pk != actor.pk))


def _require_outranking(actor: Actor, target: User, what: str) -> None:
    """`credentials_manageable`, or 403 naming the action."""
    if not credentials_manageable(actor, target):
        raise Forbidden(
            _(
                "Chỉ quản trị hệ thống mới %(what)s của “%(u)s”: người này có vai trò mà bạn không trao được, "
                "hoặc là quản trị viên đơn vị khác."
            )
            % {"what": what, "u": target}
        )


def mask_email(email: str) -> str:
    """`an@example.org` → `a***@example.org`: enough for the owner to recognise, not to write to."""
    local, _at, domain = email.partition("@")
    return f"{local[:1]}***@{domain}" if domain else f"{email[:1]}***"


def _email_change_notice(
    user_id: int, old_email: str, new_email: str, actor: Actor, when: dt.datetime
) -> None:
    """Runs after commit: the OLD address is told its account now answers to another address (who changed it,
    when, the new one masked), so that a takeover by e-mail change does not go unnoticed. A failed send is
    logged; the change stands."""
    from ngoaivu.accounts.services.links import LOCAL_TIME, _sender_text

    user = User.objects.filter(pk=user_id).first()
    if user is None or not old_email:
        return
    values = {
        "name": user.full_name or user.username,
        "username": user.username,
        "sender": _sender_text(actor) or str(actor),
        "when": timezone.localtime(when, LOCAL_TIME).strftime("%d/%m/%Y %H:%M"),
        "new": mask_email(new_email),
    }
    with translation.override(user.language or settings.LANGUAGE_CODE):
        subject = _("Thư điện tử của tài khoản %(username)s đã được thay đổi") % values
        body = "\n".join(
            [
                _("Chào %(name)s,") % values,
                "",
                _(
                    "%(sender)s đã đổi thư điện tử của tài khoản %(username)s trên hệ thống quản lý công tác ngoại "
                    "vụ lúc %(when)s (giờ Việt Nam) thành %(new)s. Thư mời và thư đặt lại mật khẩu từ nay gửi "
                    "đến địa chỉ mới; các liên kết chưa dùng đã gửi đến địa chỉ này không còn hiệu lực."
                )
                % values,
                "",
                _("Nếu bạn không biết về thay đổi này, hãy báo ngay cho quản trị viên đơn vị của bạn."),
            ]
        )
    try:
        send_mail(f"[ngoaivu] {clean_line(subject)}"[:255], body, None, [old_email])
    except Exception as exc:  # any backend error: logged, the change itself stands
        logger.warning("e-mail change notice for user %s failed: %s", user_id, exc)


def _role_errors(actor: Actor, current: set[str], wanted: set[str]) -> list[str]:
    known = set(Role.objects.values_list("code", flat=True))
    if unknown := sorted(wanted - known):
        return [_("Vai trò không tồn tại: %(r)s.") % {"r": ", ".join(unknown)}]
    changed = (wanted ^ current) - set(givable_roles(actor))
    if changed:
        names = ", ".join(str(r) for r in Role.objects.filter(code__in=changed).order_by("pk"))
        return [_("Bạn không thể trao hoặc bỏ vai trò mà chính bạn không có: %(r)s.") % {"r": names}]
    return []


def _last_holder_errors(user: User, losing: set[str]) -> list[str]:
    """The roles of `losing` that `user` is the last active holder of in their organisation."""
    if user.organisation_id is None or not user.is_active:
        return []
    errors = []
    for code in GUARDED_ROLES:
        if code not in losing:
            continue
        others = (
            User.objects.filter(organisation_id=user.organisation_id, is_active=True, roles__code=code)
            .exclude(pk=user.pk)
            .exists()
        )
        if not others:
            role = Role.objects.filter(code=code).first()
            errors.append(
                _(
                    "“%(u)s” là người cuối cùng còn hoạt động có vai trò “%(r)s” của đơn vị; hãy trao vai trò này "
                    "cho người khác trước."
                )
                % {"u": user, "r": role or code}
            )
    return errors


def _contact_errors(
    *, email: str, phone: str, full_name: str, exclude_pk: int | None
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not full_name:
        errors["full_name"] = [_("Họ và tên không được để trống.")]
    if not email:
        errors["email"] = [_("Thư điện tử không được để trống: thư mời và thư đặt lại mật khẩu gửi đến đây.")]
    else:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = [_("Thư điện tử “%(e)s” không hợp lệ.") % {"e": email}]
        else:
            taken = User.objects.filter(email__iexact=email)
            if exclude_pk is not None:
                taken = taken.exclude(pk=exclude_pk)
            if taken.exists():
                errors["email"] = [_("Thư điện tử “%(e)s” đã được dùng cho tài khoản khác.") % {"e": email}]
    if not PHONE_RE.match(phone):
        errors["phone"] = [_("Điện thoại chỉ gồm chữ số, dấu cách và + ( ) . - (tối đa 30 ký tự).")]
    return errors


def _audit_change(actor: Actor, action: str, user: User, before: dict[str, Any]) -> None:
    audit.record(
        actor=actor,
        action=action,
        target=user,
        before=before,
        after=_admin_snapshot(user),
        verb="action" if action != "user.update" else None,
        target_org_id=user.organisation_id,
    )


@transaction.atomic
def user_invite(
    *,
    actor: Actor,
    organisation: Organisation | None,
    username: str,
    full_name: str,
    position: str,
    email: str,
    phone: str,
    roles: list[str],
) -> User:
    """A new person in an organisation, invited by e-mail: the account is active but has no password until
    they follow the invitation link (`links.invitation_send`). An org_admin adds people to their own
    organisation only; a site administrator to any. Nobody is made a site administrator here."""
    _require_admin(actor)
    scope = actor.scope
    username, full_name, position = clean_line(username), clean_line(full_name), clean_line(position)
    email, phone = clean_line(email), clean_line(phone)
    errors = _contact_errors(email=email, phone=phone, full_name=full_name, exclude_pk=None)
    if not username:
        errors["username"] = [_("Tên đăng nhập không được để trống.")]
    elif User.objects.filter(username__iexact=username).exists():
        errors["username"] = [_("Tên đăng nhập “%(u)s” đã tồn tại.") % {"u": username}]
    if organisation is None:
        organisation = Organisation.objects.filter(pk=scope.org_id or 0).first()
    if organisation is None:
        errors["organisation"] = [_("Người dùng phải thuộc một đơn vị.")]
    elif not scope.is_site_admin and organisation.pk != scope.org_id:
        errors["organisation"] = [_("Bạn chỉ thêm được người dùng vào đơn vị của mình.")]
    elif not organisation.is_active:
        errors["organisation"] = [_("Đơn vị “%(o)s” đã ngừng hoạt động.") % {"o": organisation}]
    if role_errors := _role_errors(actor, set(), set(roles)):
        errors["roles"] = role_errors
    user = User(
        username=username,
        full_name=full_name,
        position=position,
        email=email,
        phone=phone,
        organisation=organisation,
        is_active=True,
        is_superuser=False,
        is_staff=False,
        last_active_at=timezone.now(),  # the idle-account job counts from the invitation
    )
    user.set_unusable_password()
    if not errors:
        try:
            user.full_clean(exclude=["password"])
        except ValidationError as exc:
            errors.update({k: list(v) for k, v in exc.message_dict.items()})
    if errors:
        raise ServiceError(_("Chưa thêm được người dùng."), errors)
    user.save()
    user.roles.set(Role.objects.filter(code__in=roles))
    audit.record(
        actor=actor,
        action="user.invite",
        target=user,
        after=_admin_snapshot(user),
        target_org_id=user.organisation_id,
    )
    from ngoaivu.accounts.services.links import invitation_send

    invitation_send(actor=actor, user=user)
    return user


@transaction.atomic
def user_update(
    *,
    actor: Actor,
    user: User,
    full_name: str,
    position: str,
    email: str,
    phone: str,
    roles: list[str],
) -> User:
    """An administrator edits a person's details and roles (never the organisation, the username, or site
    administration). Roles the actor does not hold cannot be given or taken away; an organisation keeps at least
    one active head and one active org_admin. A new e-mail (`_require_outranking`) revokes the person's unused
    links and is told to the old address after commit."""
    target = _managed(actor, user)
    before = _admin_snapshot(target)
    full_name, position, email, phone = (clean_line(v) for v in (full_name, position, email, phone))
    old_email = target.email
    email_changed = email.casefold() != old_email.casefold()
    if email_changed:
        _require_outranking(actor, target, _("đổi được thư điện tử"))
    errors = _contact_errors(email=email, phone=phone, full_name=full_name, exclude_pk=target.pk)
    current = set(before["roles"])
    wanted = set(roles)
    role_errors = _role_errors(actor, current, wanted) or _last_holder_errors(target, current - wanted)
    if role_errors:
        errors["roles"] = role_errors
    if errors:
        raise ServiceError(_("Chưa lưu được thay đổi của người dùng."), errors)
    target.full_name, target.position, target.email, target.phone = full_name, position, email, phone
    try:
        target.full_clean(exclude=["password"])
    except ValidationError as exc:
        raise ServiceError(
            _("Chưa lưu được thay đổi của người dùng."), {k: list(v) for k, v in exc.message_dict.items()}
        ) from exc
    target.save(update_fields=["full_name", "position", "email", "phone"])
    if wanted != current:
        target.roles.set(Role.objects.filter(code__in=wanted))
    if _admin_snapshot(target) != before:
        _audit_change(actor, "user.update", target, before)
    if email_changed:
        # a link mailed to the old address must not set the password any more (a mistyped address included)
        from ngoaivu.accounts.services.links import links_revoke

        links_revoke(target)
        transaction.on_commit(
            partial(_email_change_notice, target.pk, old_email, email, actor, timezone.now())
        )
    return target


@transaction.atomic
def user_deactivate(*, actor: Actor, user: User) -> User:
    """Switch a person off (never deleted: the audit trail keeps them). Their API tokens, calendar feed and
    signed-in sessions end at once. Nobody switches themselves off, nor an organisation's last active head or
    org_admin."""
    target = _managed(actor, user)
    if target.pk == actor.pk:
        raise ServiceError(
            _("Không khóa được tài khoản."), {"user": [_("Bạn không thể tự khóa tài khoản của chính mình.")]}
        )
    if not target.is_active:
        raise ServiceError(_("Không khóa được tài khoản."), {"user": [_("Tài khoản này đã bị khóa.")]})
    before = _admin_snapshot(target)
    if errors := _last_holder_errors(target, set(before["roles"])):
        raise ServiceError(_("Không khóa được tài khoản."), {"roles": errors})
    target.is_active = False
    target.deactivated_at = timezone.now()
    target.deactivation_reason = User.DeactivationReason.ADMIN
    target.save(update_fields=["is_active", "deactivated_at", "deactivation_reason"])
    _audit_change(actor, "user.deactivate", target, before)
    from ngoaivu.accounts.services.security import credentials_revoke

    credentials_revoke(actor=actor, user=target, reason=_("Tài khoản bị quản trị viên khóa"))
    return target


@transaction.atomic
def user_reactivate(*, actor: Actor, user: User) -> User:
    """Switch a person back on. Their activity clock restarts now, so the idle-account job does not switch
    them off again at once."""
    target = _managed(actor, user)
    if target.is_active:
        raise ServiceError(_("Không mở khóa được tài khoản."), {"user": [_("Tài khoản này đang hoạt động.")]})
    before = _admin_snapshot(target)
    target.is_active = True
    target.deactivated_at = None
    target.deactivation_reason = ""
    target.last_active_at = timezone.now()
    target.inactivity_warned_at = None
    target.save(
        update_fields=[
            "is_active",
            "deactivated_at",
            "deactivation_reason",
            "last_active_at",
            "inactivity_warned_at",
        ]
    )
    _audit_change(actor, "user.reactivate", target, before)
    return target


@transaction.atomic
def user_require_password_change(*, actor: Actor, user: User) -> User:
    """At their next page the person must choose a new password before anything else (AccountStepMiddleware)."""
    target = _managed(actor, user)
    _require_outranking(actor, target, _("yêu cầu được đổi mật khẩu"))
    if target.must_change_password:
        return target
    before = _admin_snapshot(target)
    target.must_change_password = True
    target.save(update_fields=["must_change_password"])
    _audit_change(actor, "user.require_password_change", target, before)
    return target


@transaction.atomic
def user_mfa_reset(*, actor: Actor, user: User) -> User:
    """A person who lost their authenticator and recovery codes: the device and codes go, and they enrol again
    at their next sign-in (when their roles require it) or may sign in with the password alone."""
    target = _managed(actor, user)
    if target.pk == actor.pk:  # without the password: a stolen session must not remove the second factor
        raise Forbidden(_("Hãy tự quản lý xác thực hai lớp của bạn trên trang Xác thực hai lớp."))
    _require_outranking(actor, target, _("đặt lại được xác thực hai lớp"))
    if not TotpDevice.objects.filter(user_id=target.pk).exists():
        raise ServiceError(
            _("Không đặt lại được xác thực hai lớp."),
            {"mfa": [_("Người dùng này chưa bật xác thực hai lớp.")]},
        )
    from ngoaivu.accounts.services.mfa import mfa_reset

    mfa_reset(actor=actor, user=target)
    audit.record(
        actor=actor,
        action="user.mfa_reset",
        target=target,
        before={"mfa": True},
        after={"mfa": False},
        verb="action",
        target_org_id=target.organisation_id,
    )
    return target


@transaction.atomic
def user_send_password_reset(*, actor: Actor, user: User) -> str:
    """E-mail the person a link to set their password: the invitation again when they have never set one, else
    a password-reset link. A newer link revokes the older unused ones. Returns the kind of link sent."""
    target = _managed(actor, user)
    _require_outranking(actor, target, _("gửi được liên kết đặt mật khẩu"))
    if not target.is_active:
        raise ServiceError(
            _("Không gửi được liên kết."), {"user": [_("Tài khoản đang bị khóa; hãy mở khóa trước.")]}
        )
    if not target.email:
        raise ServiceError(
            _("Không gửi được liên kết."), {"email": [_("Người dùng này chưa có thư điện tử.")]}
        )
    from ngoaivu.accounts.services.links import invitation_send, password_reset_send

    if target.has_usable_password():
        password_reset_send(actor=actor, user=target)  # audited there (user.reset_link), with the actor
        return "reset"
    invitation_send(actor=actor, user=target)  # audited there (user.invite_link)
    return "invite"
