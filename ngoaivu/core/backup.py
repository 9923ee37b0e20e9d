"""`ngoaivu backup FILE` and `ngoaivu restore FILE`: the whole database and the uploaded files in one
compressed archive with checksums, taken from one consistent snapshot while the site keeps serving.

The archive is a gzip-compressed tar: `manifest.json` (format, time, database, migrations applied, row counts,
SHA-256 of every other member), `data/<app>.<model>.jsonl` (Django's JSON-lines serialisation with microseconds; encrypted
fields stay encrypted; many-to-many links as the rows of their own tables) and `media/<name>` for every file a model points to, read through the storage API (local disk or
S3-compatible alike). `FILE.sha256` next to it holds the checksum of the whole archive. Restoring checks every
checksum and the migrations, migrates a fresh (never migrated) database to the backup's migrations first,
refuses a database that holds data unless forced, and replaces everything in one transaction: it either completes
or leaves the database as it was."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import tarfile
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from django.apps import apps
from django.core import serializers
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction
from django.db.migrations.recorder import MigrationRecorder

FORMAT = 1
Say = Callable[[str], None]


class BackupError(Exception):
    pass


class FullPrecisionEncoder(DjangoJSONEncoder):
    """Django's encoder cuts times to milliseconds; a backup keeps the microseconds."""

    def default(self, o: Any) -> Any:
        if isinstance(o, dt.datetime | dt.time):
            return o.isoformat()
        return super().default(o)


def _models() -> list[type[models.Model]]:
    """Every concrete model that owns a table, parents before children (so a reader can follow the order)."""
    found = [m for m in apps.get_models(include_auto_created=True) if m._meta.managed and not m._meta.proxy]
    ordered = serializers.sort_dependencies([(None, found)], allow_cycles=True)
    rest = [m for m in found if m not in ordered]
    return [*ordered, *rest]


def _label(model: type[models.Model]) -> str:
    return model._meta.label_lower


def _file_fields(model: type[models.Model]) -> list[models.FileField]:
    return [f for f in model._meta.concrete_fields if isinstance(f, models.FileField)]


def _migrations() -> list[list[str]]:
    return sorted([app, name] for app, name in MigrationRecorder(connection).applied_migrations())


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def backup(path: Path, *, say: Say | None = None) -> dict[str, Any]:
    """Write the archive to `path` (via a temporary file, renamed when complete) and `path.sha256`."""
    report = say or (lambda message: None)
    path = Path(path)
    counts: dict[str, int] = {}
    checksums: dict[str, str] = {}
    media: set[str] = set()
    with tempfile.TemporaryDirectory() as work:
        staging = Path(work)
        outermost = not connection.in_atomic_block
        with transaction.atomic():
            if connection.vendor == "postgresql" and outermost:
                with connection.cursor() as cursor:  # one snapshot for every table, without blocking writers
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            migrations = _migrations()
            for model in _models():
                name = f"data/{_label(model)}.jsonl"
                target = staging / name
                target.parent.mkdir(parents=True, exist_ok=True)
                manager = model._base_manager
                with target.open("w", encoding="utf-8") as fh:
                    serializers.serialize(
                        "jsonl",
                        manager.order_by("pk").iterator(chunk_size=2000),
                        stream=fh,
                        cls=FullPrecisionEncoder,
                        fields=[f.name for f in model._meta.concrete_fields if not f.primary_key],
                    )
                counts[_label(model)] = manager.count()
                for field in _file_fields(model):
                    media.update(
                        n for n in manager.exclude(**{field.name: ""}).values_list(field.name, flat=True) if n
                    )
                report(f"{_label(model)}: {counts[_label(model)]}")
            for name in sorted(media):
                target = staging / "media" / name
                target.parent.mkdir(parents=True, exist_ok=True)
                try:
                    with default_storage.open(name, "rb") as src:
                        target.write_bytes(src.read())
                except FileNotFoundError as exc:
                    raise BackupError(f"Tệp đính kèm không còn trong kho lưu trữ: {name}") from exc
        for staged in sorted(p for p in staging.rglob("*") if p.is_file()):
            checksums[staged.relative_to(staging).as_posix()] = sha256_file(staged)
        manifest = {
            "format": FORMAT,
            "created_at": dt.datetime.now(dt.UTC).isoformat(),
            "database": connection.vendor,
            "migrations": migrations,
            "counts": counts,
            "files": len(media),
            "sha256": checksums,
        }
        partial = path.with_name(path.name + ".partial")
        with tarfile.open(partial, "w:gz") as tar:
            data = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
            for name in sorted(checksums):
                tar.add(staging / name, arcname=name)
        partial.replace(path)
    digest = sha256_file(path)
    path.with_name(path.name + ".sha256").write_text(f"{digest}  {path.name}\n", encoding="utf-8")
    return {"rows": sum(counts.values()), "files": len(media), "sha256": digest, "bytes": path.stat().st_size}


def _has_data() -> bool:
    """A database holds data when anyone could have entered something: users, organisations, audit events."""
    for label in ("accounts.User", "accounts.Organisation", "audit.AuditEvent"):
        if apps.get_model(label)._base_manager.exists():
            return True
    return False


def verify(path: Path) -> dict[str, Any]:
    """Check the archive against `FILE.sha256` and every member against the manifest; return the manifest."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"Không có tệp sao lưu: {path}")
    sidecar = path.with_name(path.name + ".sha256")
    if not sidecar.is_file():
        raise BackupError(f"Thiếu tệp kiểm tra {sidecar.name}: không xác minh được bản sao lưu.")
    expected = sidecar.read_text(encoding="utf-8").split()[0]
    if sha256_file(path) != expected:
        raise BackupError("Mã kiểm tra (SHA-256) của tệp sao lưu không khớp: tệp đã hỏng hoặc bị sửa.")
    try:
        with tarfile.open(path, "r:gz") as tar:
            manifest = json.loads(_read_member(tar, "manifest.json"))
            names = {m.name for m in tar.getmembers() if m.isfile()} - {"manifest.json"}
            if names != set(manifest["sha256"]):
                raise BackupError("Danh sách tệp trong bản sao lưu không khớp với manifest.")
            for name, digest in manifest["sha256"].items():
                if _hash_member(tar, name) != digest:
                    raise BackupError(f"Mã kiểm tra không khớp: {name}")
    except (tarfile.TarError, OSError, KeyError, ValueError) as exc:
        raise BackupError(f"Tệp sao lưu không đọc được: {exc}") from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Định dạng sao lưu {manifest.get('format')} không được hỗ trợ (cần {FORMAT}).")
    return dict(manifest)


def _open_member(tar: tarfile.TarFile, name: str) -> Any:
    member = tar.extractfile(name)
    if member is None:
        raise BackupError(f"Thiếu {name} trong bản sao lưu.")
    return member


def _read_member(tar: tarfile.TarFile, name: str) -> bytes:
    return bytes(_open_member(tar, name).read())


def _hash_member(tar: tarfile.TarFile, name: str) -> str:
    digest = hashlib.sha256()
    member = _open_member(tar, name)
    for block in iter(lambda: member.read(1 << 20), b""):
        digest.update(block)
    return digest.hexdigest()


def _is_fresh() -> bool:
    """A database nothing was ever done to: no migration recorded and none of the project's tables."""
    if MigrationRecorder(connection).has_table() and _migrations():
        return False
    existing = set(connection.introspection.table_names())
    return not existing & {m._meta.db_table for m in _models()}


def _migrate_to(recorded: list[list[str]], report: Say) -> None:
    """Bring a fresh database to exactly the migrations of the backup (not the code's newest): each app to the
    last of its migrations the backup lists, the apps it does not list left out. The code must know every one
    of them; otherwise the backup belongs to another version of the code."""
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    graph = executor.loader.graph
    wanted = {(app, name) for app, name in recorded}
    if unknown := sorted(wanted - set(graph.nodes)):
        raise BackupError(
            "Bản sao lưu có migration mà mã nguồn này không có: khôi phục bằng bản mã nguồn của bản sao lưu. "
            f"{unknown[:5]}"
        )
    targets: list[tuple[str, str | None]] = []
    for app in sorted({app for app, _ in graph.nodes}):
        mine = {node for node in wanted if node[0] == app}
        leaves = [node for node in mine if not any(node in graph.node_map[o].parents for o in mine)]
        targets.extend(leaves or [(app, None)])
    report(f"migrate: {len(wanted)} migration")
    executor.migrate(targets)


def restore(path: Path, *, force: bool = False, say: Say | None = None) -> dict[str, Any]:
    """Verify the archive, then replace the database's contents with it. A fresh database (never migrated) is
    first migrated to the backup's migrations; a database that holds data is refused unless `force`."""
    report = say or (lambda message: None)
    manifest = verify(path)
    fresh = _is_fresh()
    if fresh:
        _migrate_to(manifest["migrations"], report)
    current = _migrations()
    if current != manifest["migrations"]:
        missing = sorted({tuple(m) for m in manifest["migrations"]} - {tuple(m) for m in current})
        extra = sorted({tuple(m) for m in current} - {tuple(m) for m in manifest["migrations"]})
        raise BackupError(
            "Cơ sở dữ liệu khác phiên bản với bản sao lưu: chạy `ngoaivu migrate` trên bản mã nguồn của bản sao lưu. "
            f"Thiếu: {missing[:5]}; thừa: {extra[:5]}"
        )
    if not fresh and _has_data() and not force:  # a fresh database holds only what its migrations seeded
        raise BackupError(
            "Cơ sở dữ liệu đã có dữ liệu; khôi phục sẽ thay thế toàn bộ. Dùng --force nếu chắc chắn."
        )
    restored = 0
    with tarfile.open(path, "r:gz") as tar, transaction.atomic():
        wipe()
        with connection.constraint_checks_disabled():
            for model in _models():
                name = f"data/{_label(model)}.jsonl"
                if name not in manifest["sha256"]:
                    continue
                for obj in _objects(_open_member(tar, name)):
                    obj.save()
                    restored += 1
                report(f"{_label(model)}: {manifest['counts'].get(_label(model), 0)}")
        connection.check_constraints()
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), _models()):
                cursor.execute(sql)
        for name in manifest["sha256"]:
            if name.startswith("media/"):
                stored = name.removeprefix("media/")
                if default_storage.exists(stored):
                    default_storage.delete(stored)
                saved = default_storage.save(stored, ContentFile(_read_member(tar, name)))
                if saved != stored:
                    raise BackupError(f"Không ghi được tệp đính kèm đúng tên: {stored}")
    return {"rows": restored, "files": manifest["files"], "created_at": manifest["created_at"]}


def wipe() -> None:
    """Empty every table of the project (not the migration records), in the caller's transaction."""
    tables = [m._meta.db_table for m in _models()]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SET CONSTRAINTS ALL IMMEDIATE"
            )  # TRUNCATE refuses while deferred checks are pending
        for sql in connection.ops.sql_flush(no_style(), tables, allow_cascade=True):
            cursor.execute(sql)
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def _objects(member: Any) -> Iterator[Any]:
    stream = io.TextIOWrapper(member, encoding="utf-8")
    yield from serializers.deserialize("jsonl", stream, ignorenonexistent=False)
