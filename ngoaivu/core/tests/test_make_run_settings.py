"""`make run` is a local trial with Django's DEBUG off: a wrong address shows the site's 404 page, never the
URL patterns (issue 18: a 404 as laichau listed them), while secrets are generated and static files served."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]

CHILD = r"""
import django
from django.conf import settings
django.setup()
from django.test import Client
from django.test.utils import setup_test_environment
setup_test_environment()
assert settings.DEBUG is False, "make run must not turn on Django's DEBUG"
assert settings.LOCAL and settings.WHITENOISE_USE_FINDERS and not settings.SESSION_COOKIE_SECURE
client = Client(HTTP_HOST="127.0.0.1")
response = client.get("/no-such-page/at-all/")
assert response.status_code == 404, response.status_code
names = [t.name for t in response.templates]
assert "404.html" in names, names
body = response.content.decode()
assert "Không tìm thấy" in body
assert "URLconf" not in body and "Using the URLconf" not in body and "technical_404" not in str(names)
static = client.get("/static/js/pickers.js")
assert static.status_code == 200, static.status_code
print("OK")
"""


def _make_run_env_file() -> str:
    """The ngoaivu.env that `make run` writes, read from the Makefile so this test follows it."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    match = re.search(r"printf '([^']*)' > \$\(VAR\)/ngoaivu\.env", makefile)
    assert match, "make run no longer writes ngoaivu.env with printf"
    return match.group(1).replace("\\n", "\n")


def test_make_run_settings_show_the_sites_404_page_not_djangos_debug_page(tmp_path):
    content = _make_run_env_file()
    assert "NGOAIVU_DEBUG=1" not in content
    assert "NGOAIVU_LOCAL=1" in content
    (tmp_path / "ngoaivu.env").write_text(content, encoding="utf-8")
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("NGOAIVU_", "DJANGO_")) and k != "DATABASE_URL"
    }
    env.update(
        DJANGO_SETTINGS_MODULE="ngoaivu.config.settings",
        NGOAIVU_VAR_DIR=str(tmp_path),
        DATABASE_URL=f"sqlite:///{tmp_path / 'trial.sqlite3'}",
    )
    result = subprocess.run(
        [sys.executable, "-c", CHILD], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.strip().endswith("OK")
    assert (tmp_path / "dev-secret-key").exists()  # the trial's secret key was generated into its var/
