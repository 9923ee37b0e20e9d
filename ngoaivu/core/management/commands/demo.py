from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.module_loading import import_string

from ngoaivu.core.management.commands.load_reference import load_all_reference_data


class Command(BaseCommand):
    help = "Tạo dữ liệu và tài khoản dùng thử (chạy lại không thay đổi gì)."

    def handle(self, *args: Any, **options: Any) -> None:
        load_all_reference_data()
        for path in settings.NGOAIVU_DEMO_LOADERS:
            self.stdout.write(f"Dữ liệu dùng thử: {import_string(path)()}")
        self.stdout.write(import_string(settings.NGOAIVU_DEMO_ACCOUNTS_TEXT)())
