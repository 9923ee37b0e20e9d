"""Backup → wipe → restore gives identical data and files, on SQLite and PostgreSQL alike (make test runs
both); damaged archives and non-empty databases are refused and change nothing."""

from __future__ import annotations

import datetime as dt
import gzip
import io

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from ngoaivu.core import backup
from ngoaivu.core.testing.world import make_agreement, make_delegation

pytestmark = pytest.mark.django_db


def snapshot() -> dict[str, list[tuple]]:
    """Every row of every table as Python values (encrypted fields decrypted), ordered by primary key."""
    data = {}
    for model in backup._models():
        fields = [f.attname for f in model._meta.concrete_fields]
        data[model._meta.label_lower] = [
            tuple(getattr(obj, f) for f in fields) for obj in model._base_manager.order_by("pk")
        ]
    return data


@pytest.fixture
def filled(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    from ngoaivu.agreements import services as agreement_services
    from ngoaivu.ingest import services as ingest_services

    agreement = make_agreement(world, "A", marker="Thỏa thuận sao lưu")
    from django.core.files.uploadedfile import SimpleUploadedFile

    agreement_services.file_add(
        actor=world.users["a_editor"],
        agreement_id=agreement.pk,
        upload=SimpleUploadedFile("ban-ky.pdf", b"%PDF-1.4 signed text"),
        kind="signed_text",
        label="Bản ký",
    )
    make_delegation(world, "A", marker="Đoàn sao lưu")
    ingest_services.document_create(
        actor=world.users["a_editor"],
        data=ingest_services.DocumentInput(),
        upload=ingest_services.Upload("tin.txt", "Đà Nẵng đón đoàn Nhật Bản ngày 2/5/2026.".encode()),
    )
    return tmp_path


def test_backup_wipe_restore_gives_identical_data_and_files(filled):
    before = snapshot()
    media_before = {
        p.relative_to(filled / "media"): p.read_bytes() for p in (filled / "media").rglob("*") if p.is_file()
    }
    assert len(media_before) == 2
    archive = filled / "sao-luu.tar.gz"
    out = io.StringIO()
    call_command("backup", str(archive), stdout=out)
    assert "backup:" in out.getvalue()
    assert (filled / "sao-luu.tar.gz.sha256").read_text().split()[0] == backup.sha256_file(archive)
    raw = gzip.decompress(archive.read_bytes())
    assert b"B7654321" not in raw  # passport numbers stay encrypted inside the backup

    with pytest.raises(CommandError, match="đã có dữ liệu"):
        call_command("restore", str(archive))

    backup.wipe()
    for path in (filled / "media").rglob("*"):
        if path.is_file():
            path.unlink()
    assert not apps.get_model("accounts.User").objects.exists()

    call_command("restore", str(archive), stdout=io.StringIO())
    after = snapshot()
    for label in before:
        for row_before, row_after in zip(before[label], after[label], strict=False):
            assert row_before == row_after, label
    assert after == before
    media_after = {
        p.relative_to(filled / "media"): p.read_bytes() for p in (filled / "media").rglob("*") if p.is_file()
    }
    assert media_after == media_before
    member = apps.get_model("delegations.Member").objects.exclude(passport_number="").first()
    assert member.passport_number == "B7654321"


def test_restore_with_force_replaces_a_database_that_has_data(filled):
    before = snapshot()
    archive = filled / "a.tar.gz"
    backup.backup(archive)
    apps.get_model("directory.ProvinceAlias").objects.create(alias_key="moi", alias="Mới")
    backup.restore(archive, force=True)
    assert snapshot() == before


def test_a_damaged_archive_is_refused_and_nothing_changes(filled):
    archive = filled / "b.tar.gz"
    backup.backup(archive)
    before = snapshot()
    data = bytearray(archive.read_bytes())
    data[len(data) // 2] ^= 0xFF
    archive.write_bytes(bytes(data))
    with pytest.raises(CommandError, match="không khớp"):
        call_command("restore", str(archive), "--force")
    assert snapshot() == before
    archive.unlink()
    with pytest.raises(CommandError, match="Không có tệp"):
        call_command("restore", str(archive))


def test_an_archive_from_other_migrations_is_refused(filled):
    archive = filled / "c.tar.gz"
    backup.backup(archive)
    manifest = backup.verify(archive)
    assert manifest["database"] == connection.vendor
    assert manifest["counts"]["accounts.user"] >= 8
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO django_migrations (app, name, applied) VALUES (%s, %s, %s)",
            ["search", "9999_future", dt.datetime.now(dt.UTC)],
        )
    with pytest.raises(backup.BackupError, match="khác phiên bản"):
        backup.restore(archive, force=True)


def test_verify_only_reports_the_contents(filled):
    archive = filled / "d.tar.gz"
    backup.backup(archive)
    out = io.StringIO()
    call_command("restore", str(archive), "--verify-only", stdout=out)
    assert "hợp lệ" in out.getvalue()
