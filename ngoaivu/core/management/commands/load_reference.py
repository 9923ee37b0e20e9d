from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.module_loading import import_string


def load_all_reference_data() -> dict[str, int]:
    """Every app's reference loader, in the order of settings.NGOAIVU_REFERENCE_LOADERS (idempotent)."""
    written: dict[str, int] = {}
    for path in settings.NGOAIVU_REFERENCE_LOADERS:
        written.update(import_string(path)())
    return written


class Command(BaseCommand):
    help = "Nạp dữ liệu danh mục (tỉnh, quốc gia, cơ quan đại diện, lịch làm việc, lĩnh vực đặt hàng) từ các tệp trong kho mã."

    def handle(self, *args: Any, **options: Any) -> None:
        changed = {k: v for k, v in load_all_reference_data().items() if v}
        self.stdout.write(f"Dữ liệu danh mục: {changed or 'không có thay đổi'}")
