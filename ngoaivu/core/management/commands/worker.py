from __future__ import annotations

import threading
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand

from ngoaivu.core.tasks import run_scheduler


class Command(BaseCommand):
    help = "Chạy tác vụ nền (django-tasks db_worker) và lịch định kỳ (nhắc hạn, gửi lại thư)."

    def handle(self, *args: Any, **options: Any) -> None:
        stop = threading.Event()
        scheduler = threading.Thread(
            target=run_scheduler, args=(stop,), daemon=True, name="ngoaivu-scheduler"
        )
        scheduler.start()
        self.stdout.write("ngoaivu worker: db_worker + scheduler")
        try:
            call_command("db_worker", "--queue-name", "default")
        finally:
            stop.set()
