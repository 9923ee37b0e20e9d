from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.utils.module_loading import import_string


class Command(BaseCommand):
    help = "Write the OpenAPI document of /api/v1/ to a file (docs/api/openapi.json)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path")

    def handle(self, *args: Any, **options: Any) -> None:
        api = import_string(settings.NGOAIVU_API)
        schema = api.get_openapi_schema(path_prefix="/api/v1/")
        Path(options["path"]).write_text(
            json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8"
        )
        self.stdout.write(f"OpenAPI → {options['path']}")
