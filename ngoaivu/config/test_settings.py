import os

os.environ.setdefault("NGOAIVU_ENV_FILE", "/nonexistent")
os.environ.setdefault("NGOAIVU_DEBUG", "0")
os.environ.setdefault("NGOAIVU_SECRET_KEY", "test-only-secret-key-not-for-production-0123456789abcdef")
os.environ.setdefault("NGOAIVU_SECURE", "0")
os.environ.setdefault("NGOAIVU_FIELD_KEYS", "test-only-field-key-0123456789abcdefghijklmnop")

from ngoaivu.config.settings import *  # noqa: F403
from ngoaivu.config.settings import STORAGES

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
WHITENOISE_USE_FINDERS = True
ALLOWED_HOSTS = ["*"]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
NGOAIVU_COUNT_CACHE_SECONDS = 0  # list totals counted each time; the count cache has its own test
NGOAIVU_INBOX_CACHE_SECONDS = 0  # the inbox cache has its own tests
NGOAIVU_REPORT_CACHE_SECONDS = 0  # tests see every write at once; the cache has its own test
NGOAIVU_RATE_LIMIT_API = "0"  # off: the suite sends far more; core/tests/test_rate_limits.py turns them on
NGOAIVU_RATE_LIMIT_SIGNIN = "0"
# Off for the suite, whose fixtures sign in site administrators and ministry heads without an authenticator;
# the two-factor tests turn the production default back on (accounts/tests/test_mfa*.py).
NGOAIVU_MFA_REQUIRED_ROLES = []
