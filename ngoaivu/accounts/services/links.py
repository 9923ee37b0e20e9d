"""One-time links that set a password, sent by e-mail: an invitation (a new account, 72 hours) and a reset
(1 hour; sent by an administrator or asked for on the public "forgot password" page).

Only the SHA-256 of a link's token is stored (`AccountLink.token_hash`); the raw token exists in memory, in the
e-mail and in the person's browser, nowhere else. A link is single-use, and a newer link of the same user revokes
every older unused one ("links die when a newer one is sent").
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import secrets
from functools import partial
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ngoaivu.accounts.models import AccountLink, LoginThrottle, User
from ngoaivu.accounts.services.auth import _throttle_key
from ngoaivu.accounts.services.users import _policy_errors
from ngoaivu.audit import services as audit
from ngoaivu.audit.services import REDACTED, SystemActor
from ngoaivu.core import context, ratelimit
from ngoaivu.core.actors import Actor
from ngoaivu.core.exceptions import ServiceError
from ngoaivu.core.tasks import enqueue_on_commit
from ngoaivu.core.text import clean_line, clean_text, fold

logger = logging.getLogger(__name__)

FORGOT_PAGE = SystemActor("forgot-password")
"""The actor of a reset asked for on the public page: nobody is signed in, and the asker is not proven to be the
account's owner until the link is used."""
LOCAL_TIME = ZoneInfo("Asia/Ho_Chi_Minh")
MAX_ACCOUNTS_PER_LOGIN = (
    5  # an e-mail address shared by several accounts: each gets its own link, at most these
)


def token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()


def link_url(raw: str) -> str:
    """The absolute address the e-mail carries (NGOAIVU_BASE_URL + the token page)."""
    return f"{settings.NGOAIVU_BASE_URL.rstrip('/')}{reverse('accounts:password_set', args=[raw])}"


def local_time_text(when: dt.datetime) -> str:
    return timezone.localtime(when, LOCAL_TIME).strftime("%d/%m/%Y %H:%M")


def _sender_text(actor: Actor) -> str:
    if isinstance(actor, User):
        name = actor.full_name or actor.username
        org = actor.organisation.name_vi if actor.organisation_id and actor.organisation else ""
        return f"{name} ({org})" if org else name
    return ""


def _mail(link: AccountLink, raw: str, actor: Actor) -> tuple[str, str]:
    """Subject and body of a link's e-mail, in the user's language (Vietnamese unless they chose English)."""
    user = link.user
    values = {
        "name": user.full_name or user.username,
        "username": user.username,
        "url": link_url(raw),
        "expiry": local_time_text(link.expires_at),
        "sender": _sender_text(actor),
    }
    with translation.override(user.language or settings.LANGUAGE_CODE):
        if link.purpose == AccountLink.Purpose.INVITE:
            subject = _("Lời mời sử dụng hệ thống quản lý công tác ngoại vụ")
            who = (
                _("%(sender)s đã tạo cho bạn một tài khoản") % values
                if values["sender"]
                else _("Một tài khoản đã được tạo cho bạn")
            )
            lines = [
                _("Chào %(name)s,") % values,
                "",
                who
                + " "
                + _("trên hệ thống quản lý công tác ngoại vụ, tên đăng nhập: %(username)s.") % values,
                _("Để bắt đầu, hãy mở liên kết dưới đây và đặt mật khẩu của bạn:"),
                "",
                values["url"],
                "",
                _(
                    "Liên kết chỉ dùng được một lần và hết hạn lúc %(expiry)s (giờ Việt Nam). Khi liên kết hết "
                    "hạn, hãy đề nghị quản trị viên đơn vị gửi lại lời mời."
                )
                % values,
                "",
                _(
                    "Nếu bạn không chờ đợi thư này, đừng mở liên kết; hãy báo cho quản trị viên đơn vị của bạn. "
                    "Không ai dùng được tài khoản khi chưa đặt mật khẩu qua liên kết."
                ),
            ]
        else:
            subject = _("Đặt lại mật khẩu hệ thống quản lý công tác ngoại vụ")
            who = (
                _("%(sender)s đã yêu cầu đặt lại mật khẩu cho tài khoản %(username)s của bạn.") % values
                if values["sender"]
                else _(
                    "Có người (có thể là chính bạn) đã yêu cầu đặt lại mật khẩu cho tài khoản %(username)s "
                    "trên trang “Quên mật khẩu”."
                )
                % values
            )
            lines = [
                _("Chào %(name)s,") % values,
                "",
                who,
                _("Để đặt mật khẩu mới, hãy mở liên kết dưới đây:"),
                "",
                values["url"],
                "",
                _(
                    "Liên kết chỉ dùng được một lần và hết hạn lúc %(expiry)s (giờ Việt Nam). Đặt mật khẩu mới "
                    "sẽ đăng xuất mọi phiên khác và thu hồi các token API của bạn."
                )
                % values,
                "",
                _(
                    "Nếu bạn không yêu cầu, hãy bỏ qua thư này: mật khẩu hiện tại vẫn giữ nguyên. Nếu nhận "
                    "nhiều thư như vậy, hãy báo cho quản trị viên đơn vị của bạn."
                ),
            ]
    return f"[ngoaivu] {clean_line(subject)}"[:255], "\n".join(lines)


def _deliver(link_id: int, raw: str, actor: Actor) -> None:
    """Runs after the link's transaction commits. A failed send is logged and audited; the link stays valid
    (nothing else would reach the person anyway), so the administrator can simply send a new one."""
    link = AccountLink.objects.select_related("user", "user__organisation").filter(pk=link_id).first()
    if link is None or not link.user.email:
        return
    try:
        subject, body = _mail(link, raw, actor)
        send_mail(subject, body, None, [link.user.email])
    except Exception as exc:  # any backend error: recorded, the sender is told by the audit row
        logger.warning("account link %s (%s) e-mail failed: %s", link.pk, link.purpose, exc)
        with transaction.atomic():
            audit.record(
                actor=audit.SYSTEM,
                action="user.link_mail_failed",
                target=link.user,
                before={"link": link.purpose},
                after={"link": link.purpose, "error": str(exc)[:200]},
                target_org_id=link.user.organisation_id,
            )


@transaction.atomic
def _link_send(*, actor: Actor, user: User, purpose: str, hours: int) -> AccountLink:
    """Makes the link and sends it after commit.

    The e-mail is sent by `transaction.on_commit` in this process rather than by a queued task: a task's
    arguments are stored in the task table, and the raw token must never be stored anywhere. The callback
    closes over the token in memory only. (The public forgot-password page still answers at once: it queues
    `password_reset_request_job` with the login, and the worker calls this.)"""
    locked = User.objects.select_for_update().filter(pk=user.pk).first()
    if locked is None:
        raise ServiceError(_("Không tìm thấy người dùng."))
    if not locked.is_active:
        raise ServiceError(
            _("Tài khoản %(u)s đang bị khóa; hãy mở lại tài khoản trước khi gửi liên kết.") % {"u": user},
            {"is_active": [_("Tài khoản đang bị khóa.")]},
        )
    if not locked.email:
        raise ServiceError(
            _("Không gửi được liên kết: tài khoản %(u)s chưa có thư điện tử.") % {"u": user},
            {"email": [_("Hãy nhập thư điện tử của người dùng trước.")]},
        )
    now = timezone.now()
    revoked = AccountLink.objects.filter(user=locked, used_at__isnull=True, revoked_at__isnull=True).update(
        revoked_at=now, updated_at=now
    )
    raw = secrets.token_urlsafe(32)
    link = AccountLink.objects.create(
        user=locked,
        purpose=purpose,
        token_hash=token_hash(raw),
        expires_at=now + dt.timedelta(hours=hours),
        created_by=actor if isinstance(actor, User) else None,
    )
    audit.record(
        actor=actor,
        action="user.invite_link" if purpose == AccountLink.Purpose.INVITE else "user.reset_link",
        target=locked,
        after={
            "link": purpose,
            "token": REDACTED,
            "expires_at": link.expires_at.isoformat(),
            "email": locked.email,
            "older_links_revoked": revoked,
        },
        target_org_id=locked.organisation_id,
    )
    transaction.on_commit(partial(_deliver, link.pk, raw, actor))
    return link


def invitation_send(*, actor: Actor, user: User) -> AccountLink:
    """An invitation to a new account: a link valid NGOAIVU_INVITE_LINK_HOURS (72) that sets the first password."""
    return _link_send(
        actor=actor, user=user, purpose=AccountLink.Purpose.INVITE, hours=settings.NGOAIVU_INVITE_LINK_HOURS
    )


def password_reset_send(*, actor: Actor, user: User) -> AccountLink:
    """A password reset link valid NGOAIVU_RESET_LINK_HOURS (1). The current password keeps working until the
    link is used."""
    return _link_send(
        actor=actor, user=user, purpose=AccountLink.Purpose.RESET, hours=settings.NGOAIVU_RESET_LINK_HOURS
    )


def reset_limited_message(retry_after: int) -> str:
    minutes = max(1, (retry_after + 59) // 60)
    return _(
        "Đã có quá nhiều yêu cầu đặt lại mật khẩu từ địa chỉ này hoặc cho tài khoản này. Xin thử lại sau "
        "%(m)d phút."
    ) % {"m": minutes}


def password_reset_request(*, login: str) -> None:
    """The public "forgot password" page: the same answer and the same work whoever `login` names.

    Counted per client address and per login typed (NGOAIVU_RATE_LIMIT_RESET_ADDRESS / _ACCOUNT; over either,
    `RateLimited`, 429). Then a job is queued with the login whether or not an account matches: the
    look-up, the link and the e-mail happen in the worker, so neither the answer nor its timing tells whether
    the account exists. The job limits links per account again (the same account reached by username and by
    e-mail counts once)."""
    login = clean_text(login)[:254]
    key = fold(login)[:150]
    ip = context.current().ip
    address_rate = ratelimit.parse_rate(settings.NGOAIVU_RATE_LIMIT_RESET_ADDRESS)
    account_rate = ratelimit.parse_rate(settings.NGOAIVU_RATE_LIMIT_RESET_ACCOUNT)
    for counter_key, rate in (
        (f"reset:ip:{ip}", address_rate if ip else None),
        (f"reset:login:{key}", account_rate),
    ):
        counted = ratelimit.hit(counter_key, rate)
        if counted is not None and not counted.allowed:
            raise ratelimit.RateLimited(counted.retry_after)
    if key:
        enqueue_on_commit("ngoaivu.accounts.tasks.password_reset_request_job", login)


def password_reset_for_login(login: str) -> int:
    """The worker's half of `password_reset_request`: a reset link to each active account whose username or
    e-mail is `login` (case-insensitive) and that has an e-mail address; returns how many were sent."""
    login = clean_text(login)
    if not login:
        return 0
    users = list(
        User.objects.filter(Q(username__iexact=login) | Q(email__iexact=login), is_active=True)
        .exclude(email="")
        .order_by("pk")[:MAX_ACCOUNTS_PER_LOGIN]
    )
    account_rate = ratelimit.parse_rate(settings.NGOAIVU_RATE_LIMIT_RESET_ACCOUNT)
    sent = 0
    for user in users:
        counted = ratelimit.hit(f"reset:user:{user.pk}", account_rate)
        if counted is not None and not counted.allowed:
            logger.info("reset link for user %s not sent: per-account limit", user.pk)
            continue
        password_reset_send(actor=FORGOT_PAGE, user=user)
        sent += 1
    return sent


def _valid(link: AccountLink | None, now: dt.datetime) -> bool:
    return (
        link is not None
        and link.used_at is None
        and link.revoked_at is None
        and link.expires_at > now
        and link.user.is_active
    )


def link_get(raw: str | None) -> AccountLink | None:
    """The link `raw` opens, or None when it does not exist or is used, revoked (replaced), expired, or its
    account is deactivated."""
    if not raw or len(raw) > 200:
        return None
    link = AccountLink.objects.select_related("user").filter(token_hash=token_hash(raw)).first()
    return link if _valid(link, timezone.now()) else None


def link_get_by_hash(digest: str | None) -> AccountLink | None:
    """`link_get` for a token already hashed (`token_hash`): what the password page keeps in the session
    between the e-mailed address and the form, so that the raw token is stored nowhere, not even there."""
    if not digest or len(digest) != 64:
        return None
    link = AccountLink.objects.select_related("user").filter(token_hash=digest).first()
    return link if _valid(link, timezone.now()) else None


def links_revoke(user: User) -> int:
    """Every unused, unrevoked link of `user` dies (the number revoked): called when the address it was mailed
    to is no longer theirs (e-mail changed), and with every other credential (`security.credentials_revoke`:
    deactivation, password change or reset), so that a link does not outlive the state it was sent in (a
    reactivated account does not revive it). The caller records the audit row."""
    now = timezone.now()
    return AccountLink.objects.filter(
        user_id=user.pk or 0, used_at__isnull=True, revoked_at__isnull=True
    ).update(revoked_at=now, updated_at=now)


def link_invalid_message() -> str:
    return _(
        "Liên kết này không còn dùng được: đã được dùng, đã hết hạn, hoặc đã có liên kết mới hơn thay thế."
    )


@transaction.atomic
def password_set_by_link(
    *, new_password: str, new_password_again: str, raw: str | None = None, digest: str | None = None
) -> User:
    """Sets the password of the link's user and spends the link (named by its raw token, or by its hash
    `digest` as the password page keeps it). The link row is locked (select_for_update), so of two parallel
    submits only one finds it unused. A reset also revokes the user's other credentials (sessions, API tokens,
    calendar feed, other links: `security.credentials_revoke`) and clears the sign-in lockout."""
    if digest is None and raw and len(raw) <= 200:
        digest = token_hash(raw)
    link = (
        AccountLink.objects.select_for_update().filter(token_hash=digest).first()
        if digest and len(digest) == 64
        else None
    )
    now = timezone.now()
    if link is not None:
        link.user = User.objects.select_for_update().get(pk=link.user_id)
    if link is None or not _valid(link, now):
        raise ServiceError(link_invalid_message())
    user = link.user
    errors: dict[str, list[str]] = {}
    if new_password != new_password_again:
        errors["new_password_again"] = [_("Hai lần nhập mật khẩu mới không khớp.")]
    elif policy := _policy_errors(new_password, user):
        errors["new_password"] = policy
    if errors:
        raise ServiceError(_("Chưa đặt được mật khẩu."), errors)
    before: dict[str, Any] = {"must_change_password": user.must_change_password}
    user.set_password(new_password)
    user.must_change_password = False
    user.save(update_fields=["password", "must_change_password"])
    link.used_at = now
    link.save(update_fields=["used_at", "updated_at"])
    LoginThrottle.objects.filter(username_key=_throttle_key(user.username)).update(
        failures=0, locked_until=None
    )
    audit.record(
        actor=user,
        action="user.password_set",
        target=user,
        before=before,
        after={"must_change_password": False, "password": "changed", "link": link.purpose},
        target_org_id=user.organisation_id,
    )
    if link.purpose == AccountLink.Purpose.RESET:
        from ngoaivu.accounts.services.security import credentials_revoke

        credentials_revoke(actor=user, user=user, reason=_("Đặt lại mật khẩu qua liên kết"))
    return user
