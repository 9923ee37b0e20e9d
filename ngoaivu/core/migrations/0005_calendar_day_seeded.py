"""CalendarDay.seeded: rows that `load_reference` wrote and may later update or retire. The rows of databases set up
before this field are marked seeded when they still hold exactly what the reference file shipped until now; any
other row is an administrator's and stays as it is."""

import datetime as dt
from typing import Any

from django.db import migrations, models

# directory/data/calendar_vn.csv as shipped before the calendar was seeded from the `holidays` package.
SHIPPED_BEFORE = [
    ("2025-01-01", "holiday", "Tết Dương lịch", "Bộ luật Lao động 2019 Điều 112"),
    (
        "2025-01-27",
        "swapped_off",
        "Nghỉ Tết Nguyên đán Ất Tỵ (hoán đổi sang thứ Bảy 15/02/2025)",
        "Thông báo Bộ Nội vụ về nghỉ Tết Ất Tỵ 2025 (cần đối chiếu)",
    ),
    ("2025-01-28", "holiday", "Tết Nguyên đán Ất Tỵ", "Bộ luật Lao động 2019 Điều 112; thông báo Bộ Nội vụ"),
    ("2025-01-29", "holiday", "Tết Nguyên đán Ất Tỵ (mùng 1)", "Bộ luật Lao động 2019 Điều 112"),
    ("2025-01-30", "holiday", "Tết Nguyên đán Ất Tỵ", "Bộ luật Lao động 2019 Điều 112"),
    ("2025-01-31", "holiday", "Tết Nguyên đán Ất Tỵ", "Bộ luật Lao động 2019 Điều 112"),
    (
        "2025-02-15",
        "makeup_working",
        "Làm bù cho ngày 27/01/2025",
        "Thông báo Bộ Nội vụ về nghỉ Tết Ất Tỵ 2025 (cần đối chiếu)",
    ),
    ("2025-04-07", "holiday", "Giỗ Tổ Hùng Vương (10/3 âm lịch)", "Bộ luật Lao động 2019 Điều 112"),
    (
        "2025-04-26",
        "makeup_working",
        "Làm bù cho ngày 02/05/2025",
        "Thông báo Bộ Nội vụ về nghỉ 30/4–1/5/2025 (cần đối chiếu)",
    ),
    ("2025-04-30", "holiday", "Ngày Giải phóng miền Nam", "Bộ luật Lao động 2019 Điều 112"),
    ("2025-05-01", "holiday", "Ngày Quốc tế Lao động", "Bộ luật Lao động 2019 Điều 112"),
    (
        "2025-05-02",
        "swapped_off",
        "Nghỉ hoán đổi (làm bù thứ Bảy 26/04/2025)",
        "Thông báo Bộ Nội vụ về nghỉ 30/4–1/5/2025 (cần đối chiếu)",
    ),
    ("2025-09-01", "holiday", "Quốc khánh (ngày liền kề)", "Bộ luật Lao động 2019 Điều 112"),
    ("2025-09-02", "holiday", "Quốc khánh", "Bộ luật Lao động 2019 Điều 112"),
    ("2026-01-01", "holiday", "Tết Dương lịch", "Bộ luật Lao động 2019 Điều 112"),
    (
        "2026-01-02",
        "swapped_off",
        "Nghỉ hoán đổi (làm bù thứ Bảy 10/01/2026)",
        "Thông báo Bộ Nội vụ về nghỉ Tết Dương lịch 2026 (cần đối chiếu)",
    ),
    (
        "2026-01-10",
        "makeup_working",
        "Làm bù cho ngày 02/01/2026",
        "Thông báo Bộ Nội vụ về nghỉ Tết Dương lịch 2026 (cần đối chiếu)",
    ),
    (
        "2026-02-16",
        "holiday",
        "Tết Nguyên đán Bính Ngọ",
        "Bộ luật Lao động 2019 Điều 112; thông báo Bộ Nội vụ",
    ),
    ("2026-02-17", "holiday", "Tết Nguyên đán Bính Ngọ (mùng 1)", "Bộ luật Lao động 2019 Điều 112"),
    ("2026-02-18", "holiday", "Tết Nguyên đán Bính Ngọ", "Bộ luật Lao động 2019 Điều 112"),
    ("2026-02-19", "holiday", "Tết Nguyên đán Bính Ngọ", "Bộ luật Lao động 2019 Điều 112"),
    ("2026-02-20", "holiday", "Tết Nguyên đán Bính Ngọ", "Bộ luật Lao động 2019 Điều 112"),
    (
        "2026-04-27",
        "holiday",
        "Nghỉ bù Giỗ Tổ Hùng Vương (26/04/2026 là Chủ nhật)",
        "Bộ luật Lao động 2019 Điều 112",
    ),
    ("2026-04-30", "holiday", "Ngày Giải phóng miền Nam", "Bộ luật Lao động 2019 Điều 112"),
    ("2026-05-01", "holiday", "Ngày Quốc tế Lao động", "Bộ luật Lao động 2019 Điều 112"),
    ("2026-09-01", "holiday", "Quốc khánh (ngày liền kề)", "Bộ luật Lao động 2019 Điều 112"),
    ("2026-09-02", "holiday", "Quốc khánh", "Bộ luật Lao động 2019 Điều 112"),
]


def mark_seeded(apps: Any, schema_editor: Any) -> None:
    CalendarDay = apps.get_model("core", "CalendarDay")
    shipped = {dt.date.fromisoformat(d): (k, n, s) for d, k, n, s in SHIPPED_BEFORE}
    for row in CalendarDay.objects.filter(date__in=list(shipped)):
        if (row.kind, row.name, row.source) == shipped[row.date]:
            CalendarDay.objects.filter(pk=row.pk).update(seeded=True)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0004_ratecounter"),
    ]

    operations = [
        migrations.AddField(
            model_name="calendarday",
            name="seeded",
            field=models.BooleanField(default=False, verbose_name="Nạp từ dữ liệu tham chiếu"),
        ),
        migrations.RunPython(mark_seeded, migrations.RunPython.noop),
    ]
