from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ngoaivu.core import backup


class Command(BaseCommand):
    help = (
        "Khôi phục từ bản sao lưu vào cơ sở dữ liệu chưa có dữ liệu (cơ sở dữ liệu mới được migrate trước): "
        "ngoaivu restore FILE [--force] (kiểm tra mã SHA-256 trước; lỗi thì không thay đổi gì)"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")
        parser.add_argument(
            "--force", action="store_true", help="thay thế cả khi cơ sở dữ liệu đã có dữ liệu"
        )
        parser.add_argument("--verify-only", action="store_true", help="chỉ kiểm tra tệp, không khôi phục")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        try:
            if options["verify_only"]:
                manifest = backup.verify(path)
                self.stdout.write(
                    f"restore: {path} hợp lệ — {sum(manifest['counts'].values())} dòng, {manifest['files']} tệp, "
                    f"tạo lúc {manifest['created_at']}"
                )
                return
            result = backup.restore(
                path,
                force=options["force"],
                say=lambda m: self.stderr.write(m) if options["verbosity"] > 1 else None,
            )
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"restore: {result['rows']} dòng, {result['files']} tệp từ bản sao lưu lúc {result['created_at']}"
        )
