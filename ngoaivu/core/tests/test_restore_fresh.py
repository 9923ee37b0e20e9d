"""Issue 16 §5: `ngoaivu restore FILE` into a fresh database (never migrated) migrates it to the backup's
migrations first, then restores; a database that holds data is still refused without --force.

The restore runs as the real command in its own process, against a new SQLite file, whichever database the
suite runs on: the backup is taken from the suite's database."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from ngoaivu.core import backup
from ngoaivu.core.testing.world import make_delegation

pytestmark = pytest.mark.django_db

MANAGE = Path(settings.BASE_DIR) / "manage.py"


def _restore(database: Path, archive: Path, var: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "ngoaivu.config.test_settings",
        "DATABASE_URL": f"sqlite:///{database}",
        "NGOAIVU_VAR_DIR": str(var),
        "NGOAIVU_S3_BUCKET": "",
    }
    return subprocess.run(
        [sys.executable, str(MANAGE), "restore", str(archive), *extra],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def _count(database: Path, table: str, where: str = "") -> int:
    with sqlite3.connect(database) as db:
        return int(db.execute(f"SELECT count(*) FROM {table} {where}").fetchone()[0])


def test_restore_into_a_fresh_database_migrates_it_first(world, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    make_delegation(world, "A", marker="DOANKHOIPHUC9")
    archive = tmp_path / "sao-luu.tar.gz"
    backup.backup(archive)
    manifest = backup.verify(archive)
    fresh = tmp_path / "moi.sqlite3"

    done = _restore(fresh, archive, tmp_path / "var")

    assert done.returncode == 0, done.stderr[-3000:]
    assert "restore:" in done.stdout
    with sqlite3.connect(fresh) as db:
        applied = sorted(list(r) for r in db.execute("SELECT app, name FROM django_migrations"))
    assert applied == manifest["migrations"]
    assert _count(fresh, "accounts_user") == manifest["counts"]["accounts.user"]
    assert _count(fresh, "delegations_delegation", "WHERE title = 'DOANKHOIPHUC9'") == 1

    again = _restore(fresh, archive, tmp_path / "var")  # now it holds data: refused, as before
    assert again.returncode != 0
    assert "đã có dữ liệu" in again.stderr
