"""Two-factor sign-in (TOTP, RFC 6238) and recovery codes. Who must use it is a setting
(NGOAIVU_MFA_REQUIRED_ROLES): `site_admin`, a role code (`org_admin`), or `<organisation kind>:<role>`
(`mofa:head`, the heads of the ministry's department).

Codes from an authenticator are checked by pyotp with one step (30 s) of tolerance either side for clocks that
drift; each accepted step is remembered on the device (`last_used_step`), so a code that was seen once — over a
shoulder, in a proxy log — cannot be used again, nor any older one. Lockout (wrong codes count with wrong
passwords) lives in `services.auth`, which calls `mfa_verify`."""

from __future__ import annotations

import hashlib
import hmac
import importlib
import secrets
import unicodedata

import pyotp
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ngoaivu.accounts.models import RecoveryCode, TotpDevice, User
from ngoaivu.audit import services as audit
from ngoaivu.core.actors import Actor
from ngoaivu.core.exceptions import NotFound, ServiceError, StateConflict

ISSUER = "ngoaivu"
RECOVERY_CODE_COUNT = 10
# 31 symbols without look-alikes (no 0/o, 1/l/i): 12 of them carry about 59 bits
RECOVERY_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"
RECOVERY_GROUPS = 3
RECOVERY_GROUP_LENGTH = 4
VALID_WINDOW = 1


class MfaAlreadyEnabled(StateConflict):
    """Enrolment asked for while a confirmed authenticator exists: it must be disabled (or reset) first."""


class MfaNotStarted(StateConflict):
    """A confirmation without an enrolment in progress."""


def mfa_required(user: User) -> bool:
    """Whether this user must sign in with a second factor (and so must enrol before doing anything else)."""
    scope = user.scope
    if not scope.active:
        return False
    for entry in settings.NGOAIVU_MFA_REQUIRED_ROLES:
        if entry == "site_admin":
            if scope.is_site_admin:
                return True
        elif ":" in entry:
            kind, role = entry.split(":", 1)
            if scope.org_kind == kind and role in scope.roles:
                return True
        elif entry in scope.roles:
            return True
    return False


def mfa_enabled(user: User) -> bool:
    """Whether the user has a confirmed authenticator (so signing in asks for a code)."""
    return TotpDevice.objects.filter(user_id=user.pk or 0, confirmed_at__isnull=False).exists()


def otpauth_uri(secret: str, user: User) -> str:
    """The `otpauth://totp/...` URI an authenticator app reads from the QR code."""
    return pyotp.TOTP(secret).provisioning_uri(name=user.get_username(), issuer_name=ISSUER)


def secret_groups(secret: str) -> str:
    """The secret in groups of four, for typing it into an app by hand."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def normalise_code(raw: str) -> str:
    """What a person typed, as compared: NFC, any script's digits as ASCII digits, lower case, without the
    spaces and dashes people add while copying ("123 456", "ab12-cd34-ef56")."""
    text = unicodedata.normalize("NFC", raw or "")
    out = []
    for ch in text:
        if ch.isspace() or ch in "-‐‑‒–—_":
            continue
        digit = unicodedata.digit(ch, None) if not ch.isascii() else None
        out.append(str(digit) if digit is not None else ch.lower())
    return "".join(out)[:64]


def _hash_recovery_code(code: str, salt: str | None = None) -> str:
    """A salted SHA-256 of a recovery code. A fast hash is enough here, unlike for passwords: the codes are
    random (about 59 bits each, never chosen by a person), so a stolen table cannot be reversed by guessing in
    any useful time, and online guesses go through the sign-in lockout. A slow hash would cost a second per
    sign-in with ten codes to compare."""
    salt = salt or secrets.token_hex(8)
    digest = hashlib.sha256(f"{salt}:{code}".encode()).hexdigest()
    return f"sha256${salt}${digest}"


def _recovery_code_matches(code: str, stored: str) -> bool:
    try:
        _algorithm, salt, _digest = stored.split("$", 2)
    except ValueError:
        return False
    return hmac.compare_digest(_hash_recovery_code(code, salt), stored)


def _new_recovery_code() -> str:
    return "-".join(
        "".join(secrets.choice(RECOVERY_ALPHABET) for _i in range(RECOVERY_GROUP_LENGTH))
        for _g in range(RECOVERY_GROUPS)
    )


def _replace_recovery_codes(user: User) -> list[str]:
    RecoveryCode.objects.filter(user_id=user.pk).delete()
    codes = [_new_recovery_code() for _i in range(RECOVERY_CODE_COUNT)]
    RecoveryCode.objects.bulk_create(
        [RecoveryCode(user=user, code_hash=_hash_recovery_code(normalise_code(c))) for c in codes]
    )
    return codes


def _matching_step(secret: str, code: str, after_step: int | None) -> int | None:
    """The time step (now, or one either side) whose code is `code` and is newer than the last one used."""
    if len(code) != 6 or not code.isdigit():
        return None
    totp = pyotp.TOTP(secret)
    current = totp.timecode(timezone.now())
    for step in range(current - VALID_WINDOW, current + VALID_WINDOW + 1):
        if after_step is not None and step <= after_step:
            continue
        if hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


@transaction.atomic
def mfa_enrol_start(*, actor: Actor, user: User) -> tuple[TotpDevice, str, str]:
    """A new secret for the user's authenticator app, unconfirmed until a right code comes back. Replaces an
    enrolment left unfinished; refuses while one is confirmed (disabling or an administrator's reset comes
    first, so that a stolen session cannot quietly move the second factor to another phone)."""
    device = TotpDevice.objects.select_for_update().filter(user_id=user.pk).first()
    if device is not None and device.confirmed_at is not None:
        raise MfaAlreadyEnabled(
            _("Xác thực hai lớp đã được bật. Hãy tắt nó trước khi đăng ký thiết bị khác.")
        )
    secret = pyotp.random_base32()
    if device is None:
        device = TotpDevice.objects.create(user=user, secret=secret)
    else:
        device.secret = secret
        device.last_used_step = None
        device.save(update_fields=["secret", "last_used_step", "updated_at"])
    audit.record(
        actor=actor,
        action="mfa.enrol",
        target=user,
        after={"mfa_secret": audit.REDACTED},
        target_org_id=user.organisation_id,
    )
    return device, secret, otpauth_uri(secret, user)


def invalid_code_message() -> str:
    return _("Mã xác thực không đúng hoặc đã hết hạn. Hãy nhập mã 6 chữ số đang hiện trên ứng dụng.")


@transaction.atomic
def mfa_enrol_confirm(*, actor: Actor, user: User, code: str) -> list[str]:
    """The first right code proves the app holds the secret: the device is confirmed and ten recovery codes
    are made, returned here in clear once (only their hashes are kept)."""
    device = TotpDevice.objects.select_for_update().filter(user_id=user.pk).first()
    if device is None:
        raise MfaNotStarted(_("Chưa bắt đầu đăng ký xác thực hai lớp."))
    if device.confirmed_at is not None:
        raise MfaAlreadyEnabled(_("Xác thực hai lớp đã được bật."))
    step = _matching_step(device.secret, normalise_code(code), device.last_used_step)
    if step is None:
        raise ServiceError(invalid_code_message(), {"code": [invalid_code_message()]})
    device.confirmed_at = timezone.now()
    device.last_used_step = step
    device.save(update_fields=["confirmed_at", "last_used_step", "updated_at"])
    codes = _replace_recovery_codes(user)
    audit.record(
        actor=actor,
        action="mfa.confirm",
        target=user,
        before={"mfa_enabled": False},
        after={"mfa_enabled": True, "mfa_recovery_codes": audit.REDACTED},
        target_org_id=user.organisation_id,
    )
    return codes


@transaction.atomic
def mfa_verify(*, user: User, code: str) -> bool:
    """A second factor at sign-in: a current code from the app, accepted once (its time step must be newer
    than the last accepted one, checked and stored under the device's row lock so two parallel requests
    cannot both use it), or an unused recovery code, which is then spent. Counting wrong codes is the
    caller's job (`services.auth.verify_code_with_lockout`)."""
    device = (
        TotpDevice.objects.select_for_update()
        .filter(user_id=user.pk or 0, confirmed_at__isnull=False)
        .first()
    )
    if device is None:
        return False
    typed = normalise_code(code)
    if not typed:
        return False
    step = _matching_step(device.secret, typed, device.last_used_step)
    if step is not None:
        device.last_used_step = step
        device.save(update_fields=["last_used_step", "updated_at"])
        return True
    for recovery in RecoveryCode.objects.select_for_update().filter(user_id=user.pk, used_at__isnull=True):
        if _recovery_code_matches(typed, recovery.code_hash):
            recovery.used_at = timezone.now()
            recovery.save(update_fields=["used_at"])
            left = RecoveryCode.objects.filter(user_id=user.pk, used_at__isnull=True).count()
            audit.record(
                actor=user,
                action="mfa.recovery_used",
                target=user,
                before={"mfa_recovery_codes_left": left + 1},
                after={"mfa_recovery_codes_left": left},
                target_org_id=user.organisation_id,
            )
            return True
    return False


def recovery_codes_regenerate(*, actor: Actor, user: User, password: str) -> list[str]:
    """Ten new recovery codes; the old ones, used or not, stop working. The password is asked again and
    checked under the sign-in lockout (as for switching two-factor off): a session left open must not be
    enough to walk away with working recovery codes."""
    if not TotpDevice.objects.filter(user_id=user.pk, confirmed_at__isnull=False).exists():
        raise NotFound()
    from ngoaivu.accounts.services.auth import password_recheck  # auth imports this module

    password_recheck(user=user, password=password)
    return _regenerate(actor=actor, user=user)


@transaction.atomic
def _regenerate(*, actor: Actor, user: User) -> list[str]:
    left = RecoveryCode.objects.filter(user_id=user.pk, used_at__isnull=True).count()
    codes = _replace_recovery_codes(user)
    audit.record(
        actor=actor,
        action="mfa.recovery_regenerate",
        target=user,
        before={"mfa_recovery_codes_left": left},
        after={"mfa_recovery_codes_left": len(codes)},
        target_org_id=user.organisation_id,
    )
    return codes


def _remove_second_factor(user: User) -> bool:
    had_device = TotpDevice.objects.filter(user_id=user.pk).delete()[0] > 0
    RecoveryCode.objects.filter(user_id=user.pk).delete()
    return had_device


def mfa_disable(*, actor: Actor, user: User, password: str, session_key: str | None = None) -> None:
    """The user switches two-factor sign-in off. Not for roles that require it; the password is asked again
    (a session left open is not enough) and checked under the sign-in lockout, so wrong guesses here lock the
    account like wrong passwords on the sign-in page (not inside the write's transaction: a refusal must not
    roll the count back). Like a password change, it then ends the user's other sessions and revokes their
    API tokens and calendar feed (`security.credentials_revoke`), keeping `session_key`."""
    if mfa_required(user):
        raise ServiceError(
            _("Vai trò của bạn bắt buộc xác thực hai lớp nên không thể tắt."),
            {"password": [_("Vai trò của bạn bắt buộc xác thực hai lớp nên không thể tắt.")]},
        )
    from ngoaivu.accounts.services.auth import password_recheck  # auth imports this module

    password_recheck(user=user, password=password)
    _disable(actor=actor, user=user, session_key=session_key)


@transaction.atomic
def _disable(*, actor: Actor, user: User, session_key: str | None) -> None:
    if not _remove_second_factor(user):
        raise NotFound()
    audit.record(
        actor=actor,
        action="mfa.disable",
        target=user,
        before={"mfa_enabled": True},
        after={"mfa_enabled": False},
        target_org_id=user.organisation_id,
    )
    _revoke_credentials(user, actor=user, reason="mfa_disabled", keep_session_key=session_key)


def _revoke_credentials(user: User, *, actor: Actor, reason: str, keep_session_key: str | None) -> None:
    """Slice D's `credentials_revoke`, imported when called (it arrives in the same issue)."""
    try:
        module = importlib.import_module("ngoaivu.accounts.services.security")
    except ImportError:  # pragma: no cover - until services.security lands
        return
    credentials_revoke = getattr(module, "credentials_revoke", None)
    if credentials_revoke is not None:
        credentials_revoke(actor=actor, user=user, reason=reason, keep_session_key=keep_session_key)


@transaction.atomic
def mfa_reset(*, actor: Actor, user: User) -> None:
    """An administrator removes a user's authenticator and recovery codes (a lost phone): the user enrols
    again at the next sign-in if the role requires it. The phone may have been stolen rather than lost, so
    the user's sessions, API tokens and calendar feed end too. Who may do this is checked by the caller."""
    had_device = _remove_second_factor(user)
    audit.record(
        actor=actor,
        action="mfa.reset",
        target=user,
        before={"mfa_enabled": had_device},
        after={"mfa_enabled": False},
        target_org_id=user.organisation_id,
    )
    _revoke_credentials(user, actor=actor, reason="mfa_reset", keep_session_key=None)
