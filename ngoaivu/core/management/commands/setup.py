from __future__ import annotations

import os
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "migrate + reference data (+ demo data unless --no-demo). Idempotent."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--no-demo", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        call_command("createcachetable", verbosity=0)  # only when NGOAIVU_CACHE_URL=db
        call_command("load_reference")
        if not options["no_demo"]:
            call_command("demo")
        call_command("search", "rebuild", "--missing-only", verbosity=0)
        port = os.environ.get("PORT", "8000")
        self.stdout.write(
            f"Địa chỉ / address: http://127.0.0.1:{port}/  ·  API: http://127.0.0.1:{port}/api/v1/docs"
        )
