from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ngoaivu.accounts.models import User
from ngoaivu.agreements import importer
from ngoaivu.core.exceptions import Forbidden, StateConflict


class Command(BaseCommand):
    help = (
        "Nhập dữ liệu từ Excel: ngoaivu import agreements FILE.xlsx --user TÊN [--dry-run] "
        "[--create-partners] [--allow-duplicates]; mẫu: ngoaivu import agreements --template OUT.xlsx"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("what", choices=["agreements"])
        parser.add_argument("file", nargs="?", help="the .xlsx file to import")
        parser.add_argument("--template", metavar="OUT", help="write the empty template to OUT and stop")
        parser.add_argument("--user", help="who imports (their province owns the agreements)")
        parser.add_argument("--dry-run", action="store_true", help="check and report; write nothing")
        parser.add_argument(
            "--create-partners", action="store_true", help="add partners not in the directory"
        )
        parser.add_argument(
            "--allow-duplicates", action="store_true", help="import rows that look like existing agreements"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["template"]:
            importer.write_template(options["template"])
            self.stdout.write(f"template written to {options['template']}")
            return
        if not options["file"]:
            raise CommandError("give the file to import, or --template OUT")
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        user = User.objects.filter(username=options["user"] or "", is_active=True).first()
        if user is None:
            raise CommandError("--user must name an active user; their province owns the imported agreements")

        def progress(done: int, total: int) -> None:
            width = 30
            filled = int(width * done / max(total, 1))
            sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done:>7,}/{total:,}")
            if done >= total:
                sys.stderr.write("\n")

        try:
            result = importer.run_import(
                actor=user,
                content=path.read_bytes(),
                filename=path.name,
                dry_run=options["dry_run"],
                create_partners=options["create_partners"],
                allow_duplicates=options["allow_duplicates"],
                progress=progress,
            )
        except Forbidden as exc:
            raise CommandError(f"{user.username} may not import agreements (a province officer may)") from exc
        except StateConflict as exc:
            raise CommandError(str(exc)) from exc
        for warning in result.warnings:
            self.stdout.write(f"cảnh báo — {warning}")
        if not result.ok:
            for problem in result.errors:
                self.stderr.write(str(problem))
            raise CommandError(
                f"{len(result.errors)} lỗi trong {result.rows} dòng; không nhập dòng nào / "
                f"{len(result.errors)} problems in {result.rows} rows; nothing imported"
            )
        if result.partners_to_create:
            self.stdout.write("đối tác mới: " + "; ".join(result.partners_to_create))
        if result.dry_run:
            self.stdout.write(
                f"dry run: {result.rows} dòng hợp lệ, sẽ nhập {result.created} thỏa thuận; chưa ghi gì / "
                f"{result.rows} rows valid, {result.created} agreements would be imported; nothing written"
            )
        else:
            batch = result.batch
            self.stdout.write(
                f"đã nhập {result.created} thỏa thuận (lần nhập {batch.pk if batch else '?'}) trong "
                f"{result.seconds:.1f}s / imported {result.created} agreements in {result.seconds:.1f}s"
            )
