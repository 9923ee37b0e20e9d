from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from ngoaivu.directory.reference import load_reference_data


class Command(BaseCommand):
    help = "Nạp dữ liệu danh mục (tỉnh, quốc gia, cơ quan đại diện, lịch làm việc) từ các tệp trong kho mã."

    def handle(self, *args: Any, **options: Any) -> None:
        written = load_reference_data()
        changed = {k: v for k, v in written.items() if v}
        self.stdout.write(f"Dữ liệu danh mục: {changed or 'không có thay đổi'}")
