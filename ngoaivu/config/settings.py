"""Settings read from the environment, with safe defaults.

`NGOAIVU_DEBUG` is off unless asked (Django's debug pages: a developer's machine only).
`NGOAIVU_LOCAL=1` (written by `make run`) is a local trial: secrets generated into `var/`, static files served from
the source folders, cookies without HTTPS, but Django's DEBUG off, so a wrong address shows the site's 404 page,
never the URL patterns. `NGOAIVU_DEBUG=1` implies the local conveniences.
`DATABASE_URL` selects the database for every command (default: the SQLite file in `var/`).
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("NGOAIVU_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def _load_env_file(path: Path) -> None:
    """KEY=VALUE lines from var/ngoaivu.env (written by `make run`); real environment variables win."""
    if not path.is_file():
        return
    for line in path.read_text(encoding="utf-8").splitlines():
        key, sep, value = line.strip().partition("=")
        if sep and key and not key.startswith("#"):
            os.environ.setdefault(key.strip(), value.strip())


_load_env_file(Path(os.environ.get("NGOAIVU_ENV_FILE", VAR_DIR / "ngoaivu.env")))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("NGOAIVU_DEBUG")
# local trial conveniences (generated secrets, static files from the finders, no HTTPS), without Django's DEBUG
LOCAL = DEBUG or env_bool("NGOAIVU_LOCAL")


def _secret(name: str, dev_file: str) -> str:
    """A secret from the environment; required unless debug, where one is generated once into `var/`."""
    value = os.environ.get(name)
    if value:
        return value
    if not LOCAL:
        raise ImproperlyConfigured(f"{name} is required unless NGOAIVU_LOCAL (or NGOAIVU_DEBUG) is on.")
    path = VAR_DIR / dev_file
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret("NGOAIVU_SECRET_KEY", "dev-secret-key")
# personal data encrypted at rest (core.crypto): the first key encrypts, all decrypt
NGOAIVU_FIELD_KEYS = _secret("NGOAIVU_FIELD_KEYS", "dev-field-keys")
ALLOWED_HOSTS = [
    h.strip() for h in os.environ.get("NGOAIVU_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h
]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("NGOAIVU_CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "ngoaivu.core",
    "ngoaivu.audit",
    "ngoaivu.accounts",
    "ngoaivu.directory",
    "ngoaivu.agreements",
    "ngoaivu.indicators",
    "ngoaivu.aid",
    "ngoaivu.market_access",
    "ngoaivu.events",
    "ngoaivu.culture",
    "ngoaivu.press",
    "ngoaivu.overseas",
    "ngoaivu.consular",
    "ngoaivu.training",
    "ngoaivu.border",
    "ngoaivu.delegations",
    "ngoaivu.requests",
    "ngoaivu.reports",
    "ngoaivu.information",
    "ngoaivu.partnering",
    "ngoaivu.ingest",
    "ngoaivu.search",
    "ngoaivu.drafts",
]

MIDDLEWARE = [
    "ngoaivu.core.middleware.RequestIdMiddleware",
    "ngoaivu.core.middleware.RejectNulMiddleware",
    "ngoaivu.core.middleware.DatabaseUnavailableMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "ngoaivu.core.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "ngoaivu.drafts.middleware.SessionStatusMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "ngoaivu.accounts.middleware.UserLanguageMiddleware",
    "ngoaivu.accounts.middleware.SessionActivityMiddleware",
    "ngoaivu.accounts.middleware.RequireOrganisationMiddleware",
    "ngoaivu.accounts.middleware.AccountStepMiddleware",
    "ngoaivu.accounts.middleware.DomainErrorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "ngoaivu.accounts.middleware.SignInRedirectMiddleware",
    "ngoaivu.drafts.middleware.DraftCleanupMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "ngoaivu.config.urls"
NGOAIVU_API = "ngoaivu.config.api.api"
WSGI_APPLICATION = "ngoaivu.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "ngoaivu" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "ngoaivu.core.context_processors.site",
                "ngoaivu.accounts.context_processors.notifications",
            ],
        },
    }
]

DATABASE_URL = os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'ngoaivu.sqlite3'}")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
    }
    DATABASES["default"]["TEST"] = {
        "NAME": os.environ.get("NGOAIVU_TEST_SQLITE", str(VAR_DIR / "test.sqlite3"))
    }
else:
    DATABASES["default"]["TEST"] = {"NAME": os.environ.get("NGOAIVU_TEST_DB", "test_ngoaivu")}
    # JIT compiles a plan for 100-500 ms once its estimated cost is high: a bad trade for pages that must answer
    # in tens of milliseconds (measured: 267 ms of JIT in a 573 ms search query). Reports can turn it on locally.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"

# A read replica (PostgreSQL streaming replication) takes the heavy reads that can be a few seconds behind:
# search, Excel exports and reports (`core.db.replica_reads`). Writes and everything else use the primary.
NGOAIVU_REPLICA_DATABASE_URL = os.environ.get("NGOAIVU_REPLICA_DATABASE_URL", "")
if NGOAIVU_REPLICA_DATABASE_URL:
    DATABASES["replica"] = dj_database_url.parse(
        NGOAIVU_REPLICA_DATABASE_URL, conn_max_age=60, conn_health_checks=True
    )
    DATABASES["replica"]["OPTIONS"] = dict(DATABASES["default"].get("OPTIONS", {}))
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["ngoaivu.core.db.ReplicaRouter"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Single sign-on (OpenID Connect, docs/deployment.md "Đăng nhập một lần"): off unless NGOAIVU_OIDC_* describe
# the provider; then its backend follows ModelBackend (a person is matched by e-mail, never created).
from ngoaivu.config.oidc import BACKEND as _OIDC_BACKEND  # noqa: E402
from ngoaivu.config.oidc import oidc_settings as _oidc_settings  # noqa: E402

_OIDC = _oidc_settings(os.environ, local=LOCAL)
NGOAIVU_OIDC_ENABLED = bool(_OIDC.pop("NGOAIVU_OIDC_ENABLED"))
NGOAIVU_OIDC_LABEL = str(_OIDC.pop("NGOAIVU_OIDC_LABEL"))
globals().update(_OIDC)  # mozilla-django-oidc's OIDC_* settings
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    *([_OIDC_BACKEND] if NGOAIVU_OIDC_ENABLED else []),
]

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ("username", "full_name", "email")},
    },
    {"NAME": "ngoaivu.accounts.validators.FullNameValidator"},
    {"NAME": "ngoaivu.accounts.validators.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Lockout: failures counted per account across the login page and the token endpoint.
NGOAIVU_LOCKOUT_FAILURES = int(os.environ.get("NGOAIVU_LOCKOUT_FAILURES", "5"))
NGOAIVU_LOCKOUT_MINUTES = int(os.environ.get("NGOAIVU_LOCKOUT_MINUTES", "15"))
NGOAIVU_API_TOKEN_DAYS = int(os.environ.get("NGOAIVU_API_TOKEN_DAYS", "30"))
NGOAIVU_API_TOKEN_MAX_DAYS = int(os.environ.get("NGOAIVU_API_TOKEN_MAX_DAYS", "365"))
NGOAIVU_API_TOKENS_PER_USER = int(os.environ.get("NGOAIVU_API_TOKENS_PER_USER", "20"))
# Who must sign in with a second factor: "site_admin", a role code, or "<organisation kind>:<role>"
NGOAIVU_MFA_REQUIRED_ROLES = [
    r.strip()
    for r in os.environ.get("NGOAIVU_MFA_REQUIRED_ROLES", "site_admin,org_admin,mofa:head").split(",")
    if r.strip()
]
NGOAIVU_INVITE_LINK_HOURS = int(os.environ.get("NGOAIVU_INVITE_LINK_HOURS", "72"))
NGOAIVU_RESET_LINK_HOURS = int(os.environ.get("NGOAIVU_RESET_LINK_HOURS", "1"))
# Accounts unused this long are deactivated by the worker, after a warning e-mail this many days before
NGOAIVU_INACTIVE_DAYS = int(os.environ.get("NGOAIVU_INACTIVE_DAYS", "45"))
NGOAIVU_INACTIVE_WARNING_DAYS = int(os.environ.get("NGOAIVU_INACTIVE_WARNING_DAYS", "7"))
# Flood limits (core.ratelimit), counted in the database so every worker and server shares them; "0" turns one
# off. API: per token (or signed-in user), else per client address. Sign-in: failed or pending attempts per
# client address, checked before any password is hashed (a right password gives its attempt back).
NGOAIVU_RATE_LIMIT_API = os.environ.get("NGOAIVU_RATE_LIMIT_API", "600/minute")
NGOAIVU_RATE_LIMIT_SIGNIN = os.environ.get("NGOAIVU_RATE_LIMIT_SIGNIN", "20/minute")
# The public "forgot password" page: requests per client address, and per login typed (the worker also limits
# reset links per account with the second one)
NGOAIVU_RATE_LIMIT_RESET_ADDRESS = os.environ.get("NGOAIVU_RATE_LIMIT_RESET_ADDRESS", "10/hour")
NGOAIVU_RATE_LIMIT_RESET_ACCOUNT = os.environ.get("NGOAIVU_RATE_LIMIT_RESET_ACCOUNT", "3/hour")
# Reverse proxies whose X-Forwarded-For is believed (IPs or CIDRs, comma-separated); empty: REMOTE_ADDR only.
NGOAIVU_TRUSTED_PROXIES = [
    p.strip() for p in os.environ.get("NGOAIVU_TRUSTED_PROXIES", "").split(",") if p.strip()
]

# Sessions: idle timeout (renewed on each request) plus an absolute cap.
SESSION_COOKIE_AGE = int(os.environ.get("NGOAIVU_SESSION_IDLE_MINUTES", "15")) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
NGOAIVU_SESSION_MAX_HOURS = int(os.environ.get("NGOAIVU_SESSION_MAX_HOURS", "10"))
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

SECURE = env_bool("NGOAIVU_SECURE", default=not LOCAL)
SESSION_COOKIE_SECURE = SECURE
CSRF_COOKIE_SECURE = SECURE
if SECURE:
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
SECURE_SSL_REDIRECT = env_bool("NGOAIVU_SSL_REDIRECT", default=SECURE)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 31536000 if SECURE else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE
SECURE_HSTS_PRELOAD = SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
NGOAIVU_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "ngoaivu" / "locale"]
LANGUAGE_COOKIE_NAME = "ngoaivu_language"
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_THOUSAND_SEPARATOR = True
FORMAT_MODULE_PATH = ["ngoaivu.config.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "ngoaivu" / "static"]


def _file_storage() -> dict[str, Any]:
    """Uploaded files: the local folder MEDIA_ROOT by default; an S3-compatible bucket (AWS S3, MinIO, Ceph,
    a government cloud's object store) when NGOAIVU_S3_BUCKET is set, so several app servers share them.
    Files are private: downloads go through the app's scoped views, never public URLs."""
    bucket = os.environ.get("NGOAIVU_S3_BUCKET", "")
    if not bucket:
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    options: dict[str, Any] = {
        "bucket_name": bucket,
        "location": os.environ.get("NGOAIVU_S3_PREFIX", "media"),
        "default_acl": "private",
        "querystring_auth": True,
        "file_overwrite": False,
    }
    for env, option in (
        ("NGOAIVU_S3_ENDPOINT_URL", "endpoint_url"),
        ("NGOAIVU_S3_REGION", "region_name"),
        ("NGOAIVU_S3_ACCESS_KEY_ID", "access_key"),
        ("NGOAIVU_S3_SECRET_ACCESS_KEY", "secret_key"),
    ):
        if os.environ.get(env):
            options[option] = os.environ[env]
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}


def _cache(url: str) -> dict[str, Any]:
    """Per-process memory by default (one server); shared by every app server when NGOAIVU_CACHE_URL is
    `db` (a PostgreSQL table: nothing more to run) or `redis://host:port/n`. What is cached (inbox pages
    checked against a freshness stamp, the responsiveness report for NGOAIVU_REPORT_CACHE_SECONDS) is never
    the only copy of anything."""
    if not url:
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    if url == "db":
        return {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "ngoaivu_cache"}
    if url.startswith(("redis://", "rediss://", "unix://")):
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    raise ImproperlyConfigured("NGOAIVU_CACHE_URL must be empty, 'db' or a redis:// address.")


CACHES = {"default": _cache(os.environ.get("NGOAIVU_CACHE_URL", ""))}
STORAGES = {
    "default": _file_storage(),
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if LOCAL
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
MEDIA_ROOT = VAR_DIR / "media"
WHITENOISE_USE_FINDERS = LOCAL

EMAIL_BACKEND = os.environ.get("NGOAIVU_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("NGOAIVU_FROM_EMAIL", "ngoaivu@localhost")
EMAIL_HOST = os.environ.get("NGOAIVU_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("NGOAIVU_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("NGOAIVU_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("NGOAIVU_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("NGOAIVU_EMAIL_TLS", "0") == "1"
EMAIL_TIMEOUT = 30

NINJA_PAGINATION_MAX_PER_PAGE_SIZE = 200
NINJA_PAGINATION_PER_PAGE = 25

TASKS = {"default": {"BACKEND": os.environ.get("NGOAIVU_TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}
NGOAIVU_REFERENCE_LOADERS = [
    "ngoaivu.directory.reference.load_reference_data",
    "ngoaivu.requests.reference.load_categories",
    "ngoaivu.agreements.reference.load_agreement_reference",
    "ngoaivu.delegations.reference.load_approval_chain",
    "ngoaivu.indicators.reference.load_indicator_reference",
    "ngoaivu.market_access.reference.load_market_access_reference",
    "ngoaivu.culture.reference.load_culture_reference",
    "ngoaivu.press.reference.load_press_reference",
    "ngoaivu.consular.reference.load_consular_reference",
    "ngoaivu.training.reference.load_training_reference",
    "ngoaivu.information.reference.load_information_reference",
]
NGOAIVU_DEMO_LOADERS = [
    "ngoaivu.directory.dev.demo.load_demo",
    "ngoaivu.requests.dev.demo.load_demo_requests",
    "ngoaivu.agreements.dev.demo.load_demo_agreements",
    "ngoaivu.delegations.dev.demo.load_demo_delegations",
    "ngoaivu.indicators.dev.demo.load_demo_indicators",
    "ngoaivu.aid.dev.demo.load_demo_aid",
    "ngoaivu.market_access.dev.demo.load_demo_market_access",
    "ngoaivu.events.dev.demo.load_demo_events",
    "ngoaivu.culture.dev.demo.load_demo_culture",
    "ngoaivu.press.dev.demo.load_demo_press",
    "ngoaivu.overseas.dev.demo.load_demo_overseas",
    "ngoaivu.consular.dev.demo.load_demo_consular",
    "ngoaivu.training.dev.demo.load_demo_training",
    "ngoaivu.border.dev.demo.load_demo_border",
    "ngoaivu.ingest.dev.demo.load_demo_documents",
    # issue 23
    "ngoaivu.partnering.dev.demo_profiles.load_demo_profiles",
    "ngoaivu.partnering.dev.demo_searches.load_demo_searches",
    "ngoaivu.information.dev.demo.load_demo_information",
]
# `ngoaivu synth` also runs these (already-there check, maker) pairs, after the apps it imports itself: the
# apps above ingest in the layers (information, partnering) cannot be imported by its command
NGOAIVU_SYNTH_STEPS: list[tuple[str, str]] = [
    ("ngoaivu.partnering.dev.synth.searches_synthesized", "ngoaivu.partnering.dev.synth.synthesize_searches"),
    (
        "ngoaivu.information.dev.synth.information_synthesized",
        "ngoaivu.information.dev.synth.synthesize_information",
    ),
]
NGOAIVU_DEMO_ACCOUNTS_TEXT = "ngoaivu.directory.dev.demo.demo_accounts_text"
NGOAIVU_BASE_URL = os.environ.get("NGOAIVU_BASE_URL", "http://127.0.0.1:8000")
# (task path, seconds between runs) — enqueued by `ngoaivu worker` (core.tasks.tick)
NGOAIVU_PERIODIC_JOBS = [
    ("ngoaivu.requests.tasks.escalate_overdue_requests", 600),
    ("ngoaivu.requests.tasks.remind_and_autoclose_requests", 3600),
    ("ngoaivu.accounts.tasks.retry_notification_emails", 900),
    ("ngoaivu.agreements.tasks.remind_agreements_job", 3600),
    ("ngoaivu.delegations.tasks.remind_delegations_job", 3600),
    ("ngoaivu.events.tasks.remind_follow_ups_job", 3600),
    # issue 21
    ("ngoaivu.culture.tasks.remind_unesco_steps_job", 3600),
    ("ngoaivu.press.tasks.remind_press_answers_job", 3600),
    ("ngoaivu.consular.tasks.remind_notifications_job", 900),  # the province is told within 1 working day
    ("ngoaivu.training.tasks.remind_nominations_job", 3600),
    ("ngoaivu.border.tasks.remind_commitments_job", 3600),
    ("ngoaivu.press.tasks.purge_press_personal_data_job", 86400),
    ("ngoaivu.consular.tasks.purge_personal_data_job", 86400),
    ("ngoaivu.delegations.tasks.purge_personal_data_job", 86400),
    # daily; it reminds the administrators at most once a week (dedupe key per ISO week)
    ("ngoaivu.directory.tasks.remind_calendar_missing_job", 86400),
    ("ngoaivu.drafts.tasks.purge_drafts_job", 86400),
    ("ngoaivu.accounts.tasks.deactivate_idle_accounts_job", 86400),
    # issue 23: idempotent per person and ISO week, so a daily run sends each digest once a week
    ("ngoaivu.information.tasks.send_weekly_brief_digest", 86400),
    # once 7 days before and once on a partner search's "open until" date (dedupe key per search and date)
    ("ngoaivu.partnering.tasks.remind_search_deadlines_job", 86400),
]
NGOAIVU_SCHEDULER_SECONDS = float(os.environ.get("NGOAIVU_SCHEDULER_SECONDS", "30"))
# a worker silent this long is taken for dead and its running tasks are requeued (keep ≥ 3 scheduler ticks)
NGOAIVU_WORKER_STALE_SECONDS = int(os.environ.get("NGOAIVU_WORKER_STALE_SECONDS", "120"))
NGOAIVU_TASK_MAX_ATTEMPTS = int(os.environ.get("NGOAIVU_TASK_MAX_ATTEMPTS", "3"))
NGOAIVU_REPORT_CACHE_SECONDS = int(os.environ.get("NGOAIVU_REPORT_CACHE_SECONDS", "300"))
NGOAIVU_COUNT_CACHE_SECONDS = int(os.environ.get("NGOAIVU_COUNT_CACHE_SECONDS", "120"))
NGOAIVU_INBOX_CACHE_SECONDS = int(os.environ.get("NGOAIVU_INBOX_CACHE_SECONDS", "120"))
NGOAIVU_ESCALATION_DAYS = int(os.environ.get("NGOAIVU_ESCALATION_DAYS", "3"))
NGOAIVU_UPLOAD_MAX_BYTES = int(os.environ.get("NGOAIVU_UPLOAD_MAX_MB", "20")) * 1024 * 1024
NGOAIVU_UPLOAD_EXTENSIONS = ["pdf", "doc", "docx", "xls", "xlsx", "odt", "ods", "txt", "jpg", "jpeg", "png"]
# Every parser has a budget (core/parsing.py): a file over any of these is refused with the limit named, before
# anything is written. Seconds are wall-clock per file; rows/columns count cells really present (a sheet's
# declared dimension is ignored); expanded bytes and ratio are read from a zip's directory before parsing.
NGOAIVU_PARSE_SECONDS = float(os.environ.get("NGOAIVU_PARSE_SECONDS", "20"))
# …and all the files of one request together (the 50-file upload page): those left once it is spent are refused
NGOAIVU_PARSE_REQUEST_SECONDS = float(os.environ.get("NGOAIVU_PARSE_REQUEST_SECONDS", "60"))
NGOAIVU_PARSE_MAX_ROWS = int(os.environ.get("NGOAIVU_PARSE_MAX_ROWS", "100000"))
NGOAIVU_PARSE_MAX_COLUMNS = int(os.environ.get("NGOAIVU_PARSE_MAX_COLUMNS", "1000"))
NGOAIVU_PARSE_MAX_SHEETS = int(os.environ.get("NGOAIVU_PARSE_MAX_SHEETS", "200"))
NGOAIVU_PARSE_MAX_PAGES = int(os.environ.get("NGOAIVU_PARSE_MAX_PAGES", "1000"))
NGOAIVU_PARSE_MAX_PAGE_CONTENT_BYTES = (
    int(os.environ.get("NGOAIVU_PARSE_MAX_PAGE_CONTENT_MB", "4")) * 1024 * 1024
)
NGOAIVU_PARSE_MAX_EXPANDED_BYTES = int(os.environ.get("NGOAIVU_PARSE_MAX_EXPANDED_MB", "200")) * 1024 * 1024
NGOAIVU_PARSE_MAX_PART_BYTES = int(os.environ.get("NGOAIVU_PARSE_MAX_PART_MB", "64")) * 1024 * 1024
NGOAIVU_PARSE_MAX_RATIO = int(os.environ.get("NGOAIVU_PARSE_MAX_RATIO", "200"))
NGOAIVU_PARSE_MAX_MEMBERS = int(os.environ.get("NGOAIVU_PARSE_MAX_MEMBERS", "2000"))
NGOAIVU_PARSE_MAX_IMAGE_PIXELS = int(os.environ.get("NGOAIVU_PARSE_MAX_IMAGE_PIXELS", "100000000"))
# Characters of text one document may bring (pasted, sent to the API or read from its file): entity
# extraction runs in the request, before its transaction, at about 4 s per million characters.
NGOAIVU_DOCUMENT_MAX_CHARS = int(os.environ.get("NGOAIVU_DOCUMENT_MAX_CHARS", "1000000"))
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "ngoaivu.core.middleware.RequestIdLogFilter"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["request_id"]}
    },
    "root": {"handlers": ["console"], "level": os.environ.get("NGOAIVU_LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}
