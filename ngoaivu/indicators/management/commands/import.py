"""`ngoaivu import agreements|indicators FILE.xlsx --user NAME [--dry-run]` and `--template OUT.xlsx`.

One command for every Excel import. It lives in the indicators app, the higher of the two, so it may call
both importers (agreements sit below indicators in the layer contract and never import upward)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ngoaivu.accounts.models import User
from ngoaivu.agreements import importer as agreements_importer
from ngoaivu.core.exceptions import Forbidden, ServiceError, StateConflict
from ngoaivu.indicators import importer as indicators_importer


def _progress(done: int, total: int) -> None:
    width = 30
    filled = int(width * done / max(total, 1))
    sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done:>7,}/{total:,}")
    if done >= total:
        sys.stderr.write("\n")


class Command(BaseCommand):
    help = (
        "Nhập dữ liệu từ Excel: ngoaivu import agreements|indicators FILE.xlsx --user TÊN [--dry-run]; "
        "thỏa thuận: [--create-partners] [--allow-duplicates]; chỉ tiêu: [--shape long|wide|rates] [--submit]; "
        "mẫu: ngoaivu import agreements|indicators --template OUT.xlsx [--shape …]"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("what", choices=["agreements", "indicators"])
        parser.add_argument("file", nargs="?", help="the .xlsx file to import")
        parser.add_argument("--template", metavar="OUT", help="write the empty template to OUT and stop")
        parser.add_argument("--user", help="who imports (their organisation owns what is imported)")
        parser.add_argument("--dry-run", action="store_true", help="check and report; write nothing")
        parser.add_argument(
            "--create-partners", action="store_true", help="agreements: add partners not in the directory"
        )
        parser.add_argument(
            "--allow-duplicates",
            action="store_true",
            help="agreements: import rows that look like existing agreements",
        )
        parser.add_argument(
            "--shape",
            choices=list(indicators_importer.SHAPES),
            default="long",
            help="indicators: long (one row per figure), wide (GSO: provinces × years), rates (exchange rates)",
        )
        parser.add_argument(
            "--submit", action="store_true", help="indicators: send the values to the ministry (not drafts)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        what = options["what"]
        if options["template"]:
            if what == "agreements":
                agreements_importer.write_template(options["template"])
            else:
                indicators_importer.write_template(options["template"], options["shape"])
            self.stdout.write(f"template written to {options['template']}")
            return
        if not options["file"]:
            raise CommandError("give the file to import, or --template OUT")
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        user = User.objects.filter(username=options["user"] or "", is_active=True).first()
        if user is None:
            raise CommandError(
                f"--user must name an active user; their organisation owns the imported {what}"
            )
        if what == "agreements":
            self._agreements(user, path, options)
        else:
            self._indicators(user, path, options)

    def _report_problems(self, result: Any) -> None:
        for warning in result.warnings:
            self.stdout.write(f"cảnh báo — {warning}")
        if not result.ok:
            for problem in result.errors:
                self.stderr.write(str(problem))
            raise CommandError(
                f"{len(result.errors)} lỗi trong {result.rows} dòng; không nhập dòng nào / "
                f"{len(result.errors)} problems in {result.rows} rows; nothing imported"
            )

    def _agreements(self, user: User, path: Path, options: dict[str, Any]) -> None:
        try:
            result = agreements_importer.run_import(
                actor=user,
                content=path.read_bytes(),
                filename=path.name,
                dry_run=options["dry_run"],
                create_partners=options["create_partners"],
                allow_duplicates=options["allow_duplicates"],
                progress=_progress,
            )
        except Forbidden as exc:
            raise CommandError(f"{user.username} may not import agreements (a province officer may)") from exc
        except StateConflict as exc:
            raise CommandError(str(exc)) from exc
        self._report_problems(result)
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

    def _indicators(self, user: User, path: Path, options: dict[str, Any]) -> None:
        shape = options["shape"]
        noun = "tỷ giá" if shape == "rates" else "giá trị"
        noun_en = "rates" if shape == "rates" else "values"
        try:
            result = indicators_importer.run_import(
                actor=user,
                content=path.read_bytes(),
                filename=path.name,
                shape=shape,
                dry_run=options["dry_run"],
                submit=options["submit"],
                progress=_progress,
            )
        except Forbidden as exc:
            who = "the ministry" if shape == "rates" else "a province officer"
            raise CommandError(f"{user.username} may not import indicator {noun_en} ({who} may)") from exc
        except (StateConflict, ServiceError) as exc:
            raise CommandError(str(exc)) from exc
        self._report_problems(result)
        if result.dry_run:
            self.stdout.write(
                f"dry run: {result.rows} ô/dòng đã đọc, sẽ nhập {result.created} {noun}; chưa ghi gì / "
                f"{result.rows} cells or rows read, {result.created} {noun_en} would be imported; nothing written"
            )
        else:
            batch = result.batch
            self.stdout.write(
                f"đã nhập {result.created} {noun} (lần nhập {batch.pk if batch else '?'}) trong "
                f"{result.seconds:.1f}s / imported {result.created} {noun_en} in {result.seconds:.1f}s"
            )
