"""The one NinjaAPI at /api/v1/: auth, error bodies and the routers of every app."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError
from ninja.renderers import JSONRenderer
from ninja.security import HttpBearer, SessionAuth

from ngoaivu.accounts.api import router as accounts_router
from ngoaivu.accounts.api.mfa import (
    MfaEnrolmentRequired,
    PasswordChangeRequired,
    SessionRequired,
    enrolment_gate,
    enrolment_required_problem,
    mark_bearer,
    password_change_gate,
    password_change_required_problem,
    session_required_problem,
)
from ngoaivu.accounts.services import api_token_user
from ngoaivu.agreements.api import router as agreements_router
from ngoaivu.aid.api import router as aid_router
from ngoaivu.audit import services as audit
from ngoaivu.audit.models import AccessEvent
from ngoaivu.border.api import router as border_router
from ngoaivu.consular.api import router as consular_router
from ngoaivu.core.exceptions import (
    Forbidden,
    NotFound,
    PreconditionRequired,
    ServiceError,
    StaleObject,
    StateConflict,
)
from ngoaivu.core.problems import problem_response
from ngoaivu.core.ratelimit import ApiFloodLimit, api_refused_unauthenticated, api_throttled
from ngoaivu.culture.api import router as culture_router
from ngoaivu.delegations.api import router as delegations_router
from ngoaivu.directory.api import router as directory_router
from ngoaivu.events.api import router as events_router
from ngoaivu.indicators.api import router as indicators_router
from ngoaivu.information.api import router as information_router
from ngoaivu.ingest.api import router as ingest_router
from ngoaivu.market_access.api import router as market_access_router
from ngoaivu.overseas.api import router as overseas_router
from ngoaivu.partnering.api import router as partnering_router
from ngoaivu.press.api import router as press_router
from ngoaivu.reports.api import router as reports_router
from ngoaivu.requests.api import router as requests_router
from ngoaivu.search.api import router as search_router
from ngoaivu.training.api import router as training_router


class BearerAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = api_token_user(token)
        if user is None or not user.scope.active:
            return None
        request.user = user
        mark_bearer(request)  # some operations want a browser session (`require_session`)
        password_change_gate(request, user)  # a user who must change the password: 403 but GET /me
        enrolment_gate(request, user)  # a user who must enrol in two-factor sign-in: 403 until done
        return user


class ActiveSessionAuth(SessionAuth):
    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        if user is None or not user.is_active or not user.scope.active:
            return None
        password_change_gate(request, user)
        enrolment_gate(request, user)
        return user


class Utf8JSONRenderer(JSONRenderer):
    json_dumps_params = {"ensure_ascii": False}


api = NinjaAPI(
    renderer=Utf8JSONRenderer(),
    title="ngoaivu API",
    version="1",
    description="API của nền tảng ngoại vụ địa phương. Xác thực: `Authorization: Bearer <token>` "
    "(lấy từ POST /api/v1/auth/token) hoặc phiên đăng nhập trình duyệt (kèm CSRF).",
    auth=[BearerAuth(), ActiveSessionAuth()],
    throttle=[ApiFloodLimit()],  # NGOAIVU_RATE_LIMIT_API per user, else per address: 429 with Retry-After
    urls_namespace="api",
)


@api.exception_handler(Throttled)
def _throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
    return api_throttled(request, exc)


problem = problem_response


@api.exception_handler(MfaEnrolmentRequired)
def _mfa_enrolment_required(request: HttpRequest, exc: MfaEnrolmentRequired) -> HttpResponse:
    return enrolment_required_problem(request)


@api.exception_handler(PasswordChangeRequired)
def _password_change_required(request: HttpRequest, exc: PasswordChangeRequired) -> HttpResponse:
    return password_change_required_problem(request)


@api.exception_handler(SessionRequired)
def _session_required(request: HttpRequest, exc: SessionRequired) -> HttpResponse:
    return session_required_problem(request)


@api.exception_handler(NotFound)
def _not_found(request: HttpRequest, exc: NotFound) -> HttpResponse:
    return problem(
        request,
        404,
        "not_found",
        _("Không tìm thấy"),
        _("Bản ghi không tồn tại hoặc nằm ngoài phạm vi của bạn."),
    )


@api.exception_handler(Forbidden)
def _forbidden(request: HttpRequest, exc: Forbidden) -> HttpResponse:
    audit.access(kind=AccessEvent.Kind.DENIED, user=getattr(request, "auth", None), path=request.path)
    # a refusal with a reason (four eyes: "you submitted it") says why; a bare one keeps the generic text
    detail = str(exc) or _("Vai trò của bạn không cho phép thao tác này.")
    return problem(request, 403, "forbidden", _("Không được phép"), detail)


@api.exception_handler(ServiceError)
def _service_error(request: HttpRequest, exc: ServiceError) -> HttpResponse:
    errors = [{"field": f, "message": str(m)} for f, msgs in exc.errors.items() for m in msgs]
    return problem(request, 422, "invalid_input", _("Dữ liệu không hợp lệ"), exc.message, errors)


@api.exception_handler(StaleObject)
def _stale(request: HttpRequest, exc: StaleObject) -> HttpResponse:
    return problem(
        request,
        412,
        "stale_version",
        _("Bản ghi đã thay đổi"),
        _("Bản ghi đã được người khác sửa; hãy đọc lại (phiên bản hiện tại: %(v)s) rồi gửi lại.")
        % {"v": exc.current_version},
    )


@api.exception_handler(PreconditionRequired)
def _precondition_required(request: HttpRequest, exc: PreconditionRequired) -> HttpResponse:
    return problem(
        request,
        428,
        "precondition_required",
        _("Thiếu If-Match"),
        _("Gửi If-Match với ETag nhận được khi đọc bản ghi."),
    )


@api.exception_handler(StateConflict)
def _conflict(request: HttpRequest, exc: StateConflict) -> HttpResponse:
    return problem(request, 409, "state_conflict", _("Không thực hiện được ở trạng thái hiện tại"), str(exc))


@api.exception_handler(ValidationError)
def _validation(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = []
    for err in exc.errors:
        loc = [str(x) for x in err.get("loc", []) if x not in {"body", "query", "path", "payload", "filters"}]
        errors.append({"field": ".".join(loc), "message": str(err.get("msg", ""))})
    return problem(
        request,
        422,
        "invalid_input",
        _("Dữ liệu không hợp lệ"),
        _("Kiểm tra các trường được nêu trong danh sách lỗi."),
        errors,
    )


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    if flooded := api_refused_unauthenticated(request):
        return flooded
    response = problem(
        request,
        401,
        "unauthenticated",
        _("Chưa xác thực"),
        _("Gửi Authorization: Bearer <token> hoặc đăng nhập."),
    )
    response["WWW-Authenticate"] = "Bearer"
    return response


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return problem(request, exc.status_code, "http_error", str(exc), str(exc))


api.add_router("/", accounts_router)
api.add_router("/", directory_router)
api.add_router("/", requests_router)
api.add_router("/", agreements_router)
api.add_router("/", delegations_router)
api.add_router("/", indicators_router)
api.add_router("/", aid_router)
api.add_router("/", market_access_router)
api.add_router("/", events_router)
api.add_router("/", culture_router)
api.add_router("/", press_router)
api.add_router("/", overseas_router)
api.add_router("/", consular_router)
api.add_router("/", training_router)
api.add_router("/", border_router)
api.add_router("/", ingest_router)
api.add_router("/", search_router)
api.add_router("/", reports_router)
api.add_router("/", information_router)
api.add_router("/", partnering_router)
