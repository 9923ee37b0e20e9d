from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ngoaivu.ingest import entities
from ngoaivu.ingest.textract import ExtractError, extract_text


class Command(BaseCommand):
    help = (
        "Trích thực thể (tỉnh, quốc gia, tổ chức, người, ngày, số tiền) từ tệp: "
        "ngoaivu extract FILE... --format json [--date YYYY-MM-DD]"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+")
        parser.add_argument("--format", choices=["json"], default="json")
        parser.add_argument("--date", help="ngày của văn bản (quyết định tên tỉnh thuộc thời kỳ nào)")

    def handle(self, *args: Any, **options: Any) -> None:
        on = None
        if options["date"]:
            try:
                on = dt.date.fromisoformat(options["date"])
            except ValueError as exc:
                raise CommandError(f"--date phải có dạng YYYY-MM-DD: {options['date']}") from exc
        failures = 0
        for name in options["files"]:
            line: dict[str, Any] = {"file": name}
            try:
                data = Path(name).read_bytes()
                text = extract_text(data, name).text
                line["entities"] = [e.as_dict() for e in entities.extract(text, on=on)]
            except (OSError, ExtractError) as exc:
                failures += 1
                line["entities"] = []
                line["error"] = (
                    str(exc) if isinstance(exc, ExtractError) else f"Không đọc được tệp: {exc.strerror}"
                )
            self.stdout.write(json.dumps(line, ensure_ascii=False))
        if failures:
            raise SystemExit(1)
