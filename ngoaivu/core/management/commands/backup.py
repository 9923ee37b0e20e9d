from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ngoaivu.core import backup


class Command(BaseCommand):
    help = "Sao lưu cơ sở dữ liệu và tệp đính kèm: ngoaivu backup FILE.tar.gz (kèm FILE.tar.gz.sha256)"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if path.exists() and path.is_dir():
            raise CommandError(f"{path} là thư mục; cần tên tệp, vd. sao-luu.tar.gz")
        try:
            result = backup.backup(
                path, say=lambda m: self.stderr.write(m) if options["verbosity"] > 1 else None
            )
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"backup: {result['rows']} dòng, {result['files']} tệp → {path} ({result['bytes']} byte), "
            f"sha256 {result['sha256']}"
        )
