"""An organisation's people, for its administrators (org_admin) and site administrators: the list (filters,
export), adding someone by invitation, one person's page (details, roles, actions, tokens, history) and the
audit of changes to people. A signed-in non-administrator is refused (403) on the list pages; a person outside
the reader's `User.objects.visible_to` is not found (404) on every page of theirs."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from ngoaivu.accounts import selectors, services
from ngoaivu.accounts.forms import ConfirmForm, UserFieldsForm, UserInviteForm
from ngoaivu.accounts.models import Organisation, User
from ngoaivu.accounts.selectors import UserChangeFilters, UserFilters
from ngoaivu.accounts.services.users import credentials_manageable
from ngoaivu.accounts.views.auth import AUDIT_COLUMNS
from ngoaivu.accounts.web import signed_in
from ngoaivu.audit import services as audit
from ngoaivu.audit.models import AccessEvent
from ngoaivu.core.columns import Column
from ngoaivu.core.exceptions import Forbidden
from ngoaivu.core.lists import parse_filters
from ngoaivu.core.web import list_page, run_action, save_form


def _administrator(request: HttpRequest) -> User:
    user = signed_in(request)
    if not user.scope.is_org_admin:
        raise Forbidden(_("Chỉ quản trị viên đơn vị mới quản lý được người dùng."))
    return user


def _detail_url(user: User) -> str:
    return reverse("accounts:user_detail", args=[user.pk])


def user_status(user: User) -> str:
    if user.is_active:
        return str(_("Đang hoạt động"))
    reason = user.get_deactivation_reason_display()
    return str(_("Đã khóa (%(r)s)") % {"r": reason}) if reason else str(_("Đã khóa"))


USER_COLUMNS = [
    Column(
        "full_name", _lazy("Họ và tên"), lambda u: u.full_name or u.username, sort="name", link=_detail_url
    ),
    Column("username", _lazy("Tên đăng nhập"), lambda u: u.username, sort="username"),
    Column(
        "organisation",
        _lazy("Đơn vị"),
        lambda u: u.organisation.name_vi if u.organisation else "",
        sort="organisation",
    ),
    Column("position", _lazy("Chức vụ"), lambda u: u.position),
    Column("email", _lazy("Thư điện tử"), lambda u: u.email),
    Column("phone", _lazy("Điện thoại"), lambda u: u.phone),
    Column("roles", _lazy("Vai trò"), lambda u: ", ".join(r.label for r in u.roles.all())),
    Column("status", _lazy("Trạng thái"), user_status),
    Column("last_login", _lazy("Đăng nhập gần nhất"), lambda u: u.last_login, sort="last_login"),
    Column("mfa", _lazy("Xác thực hai lớp"), lambda u: _("Bật") if getattr(u, "mfa_on", False) else _("Tắt")),
]

LAST_LOGIN_CHOICES = [
    ("never", _lazy("Chưa đăng nhập lần nào")),
    ("over_30", _lazy("Hơn 30 ngày trước")),
    ("over_45", _lazy("Hơn 45 ngày trước")),
]
ACTIVE_CHOICES = [("yes", _lazy("Đang hoạt động")), ("no", _lazy("Đã khóa"))]


@login_required
def user_list(request: HttpRequest) -> HttpResponseBase:
    admin = _administrator(request)
    filters = parse_filters(UserFilters, request.GET).filters
    fields: list[dict[str, Any]] = [
        {"name": "q", "label": _("Tìm kiếm"), "type": "search", "current": filters.q},
        {"name": "role", "label": _("Vai trò"), "choices": selectors.role_choices(), "current": filters.role},
        {"name": "active", "label": _("Trạng thái"), "choices": ACTIVE_CHOICES, "current": filters.active},
        {
            "name": "last_login",
            "label": _("Đăng nhập gần nhất"),
            "choices": LAST_LOGIN_CHOICES,
            "current": filters.last_login,
        },
    ]
    if admin.scope.is_site_admin:
        organisations = Organisation.objects.order_by("sort_key", "pk").values_list("code", "name_vi")
        fields.append(
            {
                "name": "organisation",
                "label": _("Đơn vị"),
                "choices": list(organisations),
                "current": filters.organisation,
            }
        )

    def exported(_filters: Any) -> None:
        audit.access(kind=AccessEvent.Kind.EXPORT, user=admin, path=request.path, detail="accounts.user")

    return list_page(
        request,
        title=_("Người dùng"),
        filters_schema=UserFilters,
        queryset=lambda f: selectors.user_list(user=admin, filters=f),
        # one organisation's administrator needs no organisation column
        columns=USER_COLUMNS
        if admin.scope.is_site_admin
        else [c for c in USER_COLUMNS if c.key != "organisation"],
        export_stem="nguoi-dung",
        filter_fields=fields,
        actions=[
            {"url": reverse("accounts:user_create"), "label": _("Thêm người dùng")},
            {"url": reverse("accounts:user_changes"), "label": _("Nhật ký thay đổi người dùng")},
        ],
        on_export=exported,
    )


@login_required
def user_create(request: HttpRequest) -> HttpResponseBase:
    admin = _administrator(request)
    form = UserInviteForm(
        request.POST or None,
        role_choices=selectors.role_choices(),
        givable=services.givable_roles(admin),
        choose_organisation=admin.scope.is_site_admin,
    )

    def invite(data: dict[str, Any]) -> User:
        return services.user_invite(
            actor=admin,
            organisation=data.get("organisation"),
            username=data["username"],
            full_name=data["full_name"],
            position=data["position"],
            email=data["email"],
            phone=data["phone"],
            roles=data["roles"],
        )

    saved = save_form(
        request,
        form,
        invite,
        done=lambda u: _("Đã thêm %(u)s và gửi thư mời đặt mật khẩu đến %(e)s.") % {"u": u, "e": u.email},
    )
    if saved.ok and saved.result is not None:
        return redirect("accounts:user_detail", pk=saved.result.pk)
    return render(
        request,
        "accounts/users/form.html",
        {"title": _("Thêm người dùng"), "form": form},
        status=saved.status,
    )


@login_required
def user_detail(request: HttpRequest, pk: int) -> HttpResponseBase:
    admin = signed_in(request)
    target = selectors.user_get(user=admin, pk=pk)  # 404 outside the reader's organisation
    admin = _administrator(request)
    held = frozenset(r.code for r in target.roles.all())
    form = UserFieldsForm(
        request.POST or None,
        initial={
            "full_name": target.full_name,
            "position": target.position,
            "email": target.email,
            "phone": target.phone,
            "roles": sorted(held),
        },
        role_choices=selectors.role_choices(),
        givable=services.givable_roles(admin),
        held=held,
    )
    manageable = credentials_manageable(admin, target)
    if not manageable:  # only a site administrator changes this person's e-mail (the service says 403)
        form.fields["email"].disabled = True
        form.fields["email"].help_text = _("Chỉ quản trị hệ thống mới đổi được thư điện tử của người này.")
    saved = save_form(
        request,
        form,
        lambda data: services.user_update(actor=admin, user=target, **data),
        done=_("Đã lưu thay đổi của %(u)s.") % {"u": target},
    )
    if saved.ok:
        return redirect("accounts:user_detail", pk=target.pk)
    return render(
        request,
        "accounts/users/detail.html",
        {
            "title": str(target),
            "target_user": target,
            "form": form,
            "tokens": selectors.user_tokens(user=admin, target=target),
            "events": selectors.audit_events_for(user=admin, target=target, limit=50),
            "is_self": target.pk == admin.pk,
            # a site administrator's account is changed by site administrators only (the services say 403)
            "can_act": admin.scope.is_site_admin or not (target.is_superuser or target.is_staff),
            "has_password": target.has_usable_password(),
            # e-mail, links, two-factor reset, required change: not on someone holding a role the admin
            # cannot give, nor on another org_admin (services.users.credentials_manageable)
            "can_manage_credentials": manageable,
        },
        status=saved.status,
    )


def _action(
    do: Callable[[User, User], Any], done: Callable[[User], str]
) -> Callable[[HttpRequest, int], HttpResponseBase]:
    """A POST-only action button of the person's page: the person is read through `visible_to` (404), the
    service runs and says what happened; back to the person's page."""

    @login_required
    @require_POST
    def view(request: HttpRequest, pk: int) -> HttpResponseBase:
        admin = signed_in(request)
        target = selectors.user_get(user=admin, pk=pk)
        admin = _administrator(request)
        run_action(request, ConfirmForm(request.POST), lambda _data: do(admin, target), done=done(target))
        return redirect("accounts:user_detail", pk=target.pk)

    return view


user_deactivate = _action(
    lambda admin, target: services.user_deactivate(actor=admin, user=target),
    lambda t: (
        _("Đã khóa tài khoản %(u)s; các token API và phiên đăng nhập của người này đã bị thu hồi.") % {"u": t}
    ),
)
user_reactivate = _action(
    lambda admin, target: services.user_reactivate(actor=admin, user=target),
    lambda t: _("Đã mở khóa tài khoản %(u)s.") % {"u": t},
)
user_require_password_change = _action(
    lambda admin, target: services.user_require_password_change(actor=admin, user=target),
    lambda t: _("%(u)s sẽ phải đổi mật khẩu ở lần dùng tiếp theo.") % {"u": t},
)
user_mfa_reset = _action(
    lambda admin, target: services.user_mfa_reset(actor=admin, user=target),
    lambda t: _("Đã đặt lại xác thực hai lớp của %(u)s.") % {"u": t},
)
user_send_password_reset = _action(
    lambda admin, target: services.user_send_password_reset(actor=admin, user=target),
    lambda t: _("Đã gửi liên kết đặt mật khẩu đến %(e)s.") % {"e": t.email},
)


# the organisation is the reader's own (its sentence names who acted): the column only squeezed the others
USER_CHANGE_COLUMNS = [c for c in AUDIT_COLUMNS if c.key != "organisation"]


@login_required
def user_changes(request: HttpRequest) -> HttpResponseBase:
    admin = _administrator(request)
    filters = parse_filters(UserChangeFilters, request.GET).filters
    return list_page(
        request,
        title=_("Nhật ký thay đổi người dùng"),
        filters_schema=UserChangeFilters,
        queryset=lambda f: selectors.user_change_rows(user=admin, filters=f),
        columns=USER_CHANGE_COLUMNS,
        export_stem="nhat-ky-nguoi-dung",
        filter_fields=[
            {"name": "actor", "label": _("Người thực hiện"), "type": "text", "current": filters.actor},
            {"name": "date_from", "label": _("Từ ngày"), "type": "date", "current": filters.date_from},
            {"name": "date_to", "label": _("Đến ngày"), "type": "date", "current": filters.date_to},
        ],
        actions=[{"url": reverse("accounts:user_list"), "label": _("Người dùng")}],
    )


urlpatterns = [
    path("users/", user_list, name="user_list"),
    path("users/new/", user_create, name="user_create"),
    path("users/changes/", user_changes, name="user_changes"),
    path("users/<int:pk>/", user_detail, name="user_detail"),
    path("users/<int:pk>/deactivate/", user_deactivate, name="user_deactivate"),
    path("users/<int:pk>/reactivate/", user_reactivate, name="user_reactivate"),
    path(
        "users/<int:pk>/require-password-change/",
        user_require_password_change,
        name="user_require_password_change",
    ),
    path("users/<int:pk>/reset-mfa/", user_mfa_reset, name="user_mfa_reset"),
    path("users/<int:pk>/send-password-reset/", user_send_password_reset, name="user_send_password_reset"),
]
