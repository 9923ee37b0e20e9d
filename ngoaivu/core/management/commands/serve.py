from __future__ import annotations

import os
import sys
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Serve ngoaivu with gunicorn (production WSGI server) and WhiteNoise for static files."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument("--workers", type=int, default=int(os.environ.get("NGOAIVU_WORKERS", "3")))
        parser.add_argument("--threads", type=int, default=int(os.environ.get("NGOAIVU_THREADS", "4")))

    def handle(self, *args: Any, **options: Any) -> None:
        if not 0 < options["port"] < 65536:
            self.stderr.write("Cổng không hợp lệ / invalid port")
            sys.exit(2)
        if not settings.DEBUG:
            call_command("collectstatic", interactive=False, verbosity=0)
        bind = f"{options['host']}:{options['port']}"
        self.stdout.write(f"ngoaivu: http://{bind}/  (gunicorn, {options['workers']} workers)")
        argv = [
            sys.executable,
            "-m",
            "gunicorn",
            "ngoaivu.config.wsgi:application",
            "--bind",
            bind,
            "--workers",
            str(options["workers"]),
            "--threads",
            str(options["threads"]),
            "--access-logfile",
            "-",
            "--forwarded-allow-ips",
            os.environ.get("NGOAIVU_FORWARDED_ALLOW_IPS", "127.0.0.1"),
        ]
        sys.stdout.flush()
        os.execv(sys.executable, argv)  # noqa: S606 - replaces this process with gunicorn, fixed argv
