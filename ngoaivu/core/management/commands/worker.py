from __future__ import annotations

import os
import socket
import threading
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand

from ngoaivu.core.models import WorkerBeat
from ngoaivu.core.tasks import run_scheduler


class Command(BaseCommand):
    help = "Chạy tác vụ nền (django-tasks db_worker) và lịch định kỳ (nhắc hạn, gửi lại thư)."

    def handle(self, *args: Any, **options: Any) -> None:
        worker_id = f"{socket.gethostname()[:40]}-{os.getpid()}"
        stop = threading.Event()
        scheduler = threading.Thread(
            target=run_scheduler,
            args=(stop,),
            kwargs={"worker_id": worker_id},
            daemon=True,
            name="ngoaivu-scheduler",
        )
        scheduler.start()
        self.stdout.write(f"ngoaivu worker {worker_id}: db_worker + scheduler")
        try:
            call_command("db_worker", "--queue-name", "default", "--worker-id", worker_id)
        finally:
            stop.set()
            scheduler.join(timeout=10)
            WorkerBeat.objects.filter(worker_id=worker_id).delete()
