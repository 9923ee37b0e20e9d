"""/api/v1/users: an organisation's people, for its administrators (org_admin) and site administrators.
Anyone else gets 403 on the list and on invitations, and 404 for any person (as for a person of another
organisation). Users carry no `version` (Django's user table), so the writes take no If-Match: the updates
write only the fields sent, and the actions are state switches re-checked under a row lock
(config/tests/test_if_match.py lists them with that reason)."""

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Status
from ninja.pagination import paginate

from ngoaivu.accounts import selectors, services
from ngoaivu.accounts.models import Organisation, User
from ngoaivu.accounts.schemas import ManagedUserOut, UserInviteIn, UserLinkSentOut, UserPatchIn
from ngoaivu.accounts.selectors import UserFilters
from ngoaivu.accounts.web import api_user
from ngoaivu.core.exceptions import Forbidden, ServiceError
from ngoaivu.core.lists import BoundedPageNumberPagination
from ngoaivu.core.schemas import ERRORS

router = Router(tags=["accounts"])


def _administrator(request: HttpRequest) -> User:
    user = api_user(request)
    if not user.scope.is_org_admin:
        raise Forbidden("Chỉ quản trị viên đơn vị mới quản lý được người dùng.")
    return user


@router.get(
    "/users",
    response={200: list[ManagedUserOut], **ERRORS},
    operation_id="accounts_user_list",
    summary="Người dùng của đơn vị (quản trị viên đơn vị)",
)
@paginate(BoundedPageNumberPagination)
def user_list(request: HttpRequest, filters: Query[UserFilters]) -> Any:
    return selectors.user_list(user=_administrator(request), filters=filters)


@router.post(
    "/users",
    response={201: ManagedUserOut, **ERRORS},
    operation_id="accounts_user_create",
    summary="Thêm người dùng và gửi thư mời đặt mật khẩu",
)
def user_create(request: HttpRequest, payload: UserInviteIn) -> Status[User]:
    admin = _administrator(request)
    organisation = None
    if payload.organisation:
        organisation = Organisation.objects.filter(code=payload.organisation).first()
        if organisation is None:
            raise ServiceError(
                "Chưa thêm được người dùng.", {"organisation": ["Mã đơn vị không có trong danh mục."]}
            )
    user = services.user_invite(
        actor=admin,
        organisation=organisation,
        username=payload.username,
        full_name=payload.full_name,
        position=payload.position,
        email=payload.email,
        phone=payload.phone,
        roles=payload.roles,
    )
    return Status(201, selectors.user_get(user=admin, pk=user.pk))


@router.get(
    "/users/{int:user_id}",
    response={200: ManagedUserOut, **ERRORS},
    operation_id="accounts_user_get",
)
def user_get(request: HttpRequest, user_id: int) -> User:
    return selectors.user_get(user=api_user(request), pk=user_id)


@router.patch(
    "/users/{int:user_id}",
    response={200: ManagedUserOut, **ERRORS},
    operation_id="accounts_user_update",
    summary="Sửa thông tin, vai trò của người dùng (chỉ các trường gửi lên)",
)
def user_update(request: HttpRequest, user_id: int, payload: UserPatchIn) -> User:
    actor = api_user(request)
    target = selectors.user_get(user=actor, pk=user_id)
    services.user_update(
        actor=actor,
        user=target,
        full_name=target.full_name if payload.full_name is None else payload.full_name,
        position=target.position if payload.position is None else payload.position,
        email=target.email if payload.email is None else payload.email,
        phone=target.phone if payload.phone is None else payload.phone,
        roles=sorted(r.code for r in target.roles.all()) if payload.roles is None else payload.roles,
    )
    return selectors.user_get(user=actor, pk=user_id)


def _act(request: HttpRequest, user_id: int, service: Any) -> User:
    actor = api_user(request)
    target = selectors.user_get(user=actor, pk=user_id)  # 404 outside the caller's organisation
    service(actor=actor, user=target)
    return selectors.user_get(user=actor, pk=user_id)


@router.post(
    "/users/{int:user_id}/deactivate",
    response={200: ManagedUserOut, **ERRORS},
    operation_id="accounts_user_deactivate",
    summary="Khóa tài khoản (thu hồi token API, phiên đăng nhập)",
)
def user_deactivate(request: HttpRequest, user_id: int) -> User:
    return _act(request, user_id, services.user_deactivate)


@router.post(
    "/users/{int:user_id}/reactivate",
    response={200: ManagedUserOut, **ERRORS},
    operation_id="accounts_user_reactivate",
    summary="Mở khóa tài khoản",
)
def user_reactivate(request: HttpRequest, user_id: int) -> User:
    return _act(request, user_id, services.user_reactivate)


@router.post(
    "/users/{int:user_id}/require-password-change",
    response={200: ManagedUserOut, **ERRORS},
    operation_id="accounts_user_require_password_change",
    summary="Yêu cầu đổi mật khẩu ở lần dùng tiếp theo",
)
def user_require_password_change(request: HttpRequest, user_id: int) -> User:
    return _act(request, user_id, services.user_require_password_change)


@router.post(
    "/users/{int:user_id}/reset-mfa",
    response={200: ManagedUserOut, **ERRORS},
    operation_id="accounts_user_mfa_reset",
    summary="Đặt lại xác thực hai lớp",
)
def user_mfa_reset(request: HttpRequest, user_id: int) -> User:
    return _act(request, user_id, services.user_mfa_reset)


@router.post(
    "/users/{int:user_id}/send-password-reset",
    response={200: UserLinkSentOut, **ERRORS},
    operation_id="accounts_user_send_password_reset",
    summary="Gửi liên kết đặt lại mật khẩu (hoặc gửi lại thư mời)",
)
def user_send_password_reset(request: HttpRequest, user_id: int) -> dict[str, str]:
    actor = api_user(request)
    target = selectors.user_get(user=actor, pk=user_id)
    return {"link": services.user_send_password_reset(actor=actor, user=target)}
