from __future__ import annotations

import os
import sys
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ngoaivu.search import services
from ngoaivu.search.registry import kinds


class Command(BaseCommand):
    help = "Chỉ mục tìm kiếm: ngoaivu search rebuild [--kind request]"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["rebuild"])
        parser.add_argument("--kind", action="append", default=[], help="chỉ loại này (lặp lại được)")
        parser.add_argument(
            "--missing-only",
            action="store_true",
            help="chỉ các bản ghi chưa có trong chỉ mục (sau khi nạp hàng loạt)",
        )
        parser.add_argument(
            "--jobs",
            type=int,
            default=0,
            help="số tiến trình song song (PostgreSQL; mặc định: số nhân CPU, tối đa 4)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        unknown = sorted(set(options["kind"]) - set(kinds()))
        if unknown:
            raise CommandError(
                f"Loại không có trong chỉ mục: {', '.join(unknown)} (có: {', '.join(kinds())})"
            )
        started = time.monotonic()
        last = [0.0]
        tty = sys.stdout.isatty()

        def progress(kind: str, done: int, total: int) -> None:
            now = time.monotonic()
            if done != total and now - last[0] < 1:
                return
            last[0] = now
            width = 30
            filled = int(width * done / max(total, 1))
            bar = "#" * filled + "-" * (width - filled)
            line = f"{kind:<12} [{bar}] {done:>9,}/{total:,}".replace(",", ".")
            self.stdout.write(
                ("\r" + line) if tty and done != total else line, ending="" if tty and done != total else "\n"
            )

        if options["jobs"] < 0:
            raise CommandError("--jobs: cần một số không âm")
        jobs = options["jobs"] or min(os.cpu_count() or 1, 4)
        counts = services.rebuild(
            only=options["kind"] or None,
            missing_only=options["missing_only"],
            progress=progress,
            jobs=jobs,
        )
        total = sum(counts.values())
        self.stdout.write(f"search rebuild: {total} bản ghi trong {time.monotonic() - started:.1f} s")
