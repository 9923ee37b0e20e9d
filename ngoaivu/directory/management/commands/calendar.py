from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from ngoaivu.audit.services import SystemActor
from ngoaivu.core.calendar import uncovered_years
from ngoaivu.core.exceptions import ServiceError
from ngoaivu.core.models import CalendarDay
from ngoaivu.core.selectors import calendar_day_list, calendar_missing_years, covered_years, working_calendar
from ngoaivu.directory.services import calendar_day_set

ACTOR = SystemActor("cli:calendar")


def _date(value: str) -> dt.date:
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(value, fmt).date()  # noqa: DTZ007 - a calendar date, no time zone
        except ValueError:
            continue
    raise CommandError(f"Ngày không hợp lệ: {value!r} (dùng YYYY-MM-DD hoặc dd/mm/yyyy)")


class Command(BaseCommand):
    help = (
        "Lịch làm việc: add-holiday DATE NAME | add-workday DATE NAME | list YEAR | add-days DATE N "
        "[--calendar-days] | check [--today DATE]"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        for name in ("add-holiday", "add-workday"):
            p = sub.add_parser(name)
            p.add_argument("date")
            p.add_argument("name", nargs="+")
            p.add_argument("--source", default="")
        p = sub.add_parser("list")
        p.add_argument("year", type=int)
        p = sub.add_parser("add-days")
        p.add_argument("date")
        p.add_argument("n", type=int)
        p.add_argument("--calendar-days", action="store_true")
        p = sub.add_parser(
            "check", help="exit 1 when this year, or from 1 October next year, has no holidays"
        )
        p.add_argument("--today", default="", help="the day to check as (default: today)")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action in ("add-holiday", "add-workday"):
            kind = CalendarDay.Kind.HOLIDAY if action == "add-holiday" else CalendarDay.Kind.MAKEUP_WORKING
            try:
                day = calendar_day_set(
                    actor=ACTOR,
                    day=_date(options["date"]),
                    kind=kind,
                    name=" ".join(options["name"]),
                    source=options["source"],
                )
            except ServiceError as exc:
                raise CommandError("; ".join(f"{k}: {' '.join(v)}" for k, v in exc.errors.items())) from exc
            self.stdout.write(f"{day.date.isoformat()} {day.kind} {day.name}")
        elif action == "list":
            if not 1900 <= options["year"] <= 2200:
                raise CommandError("Năm không hợp lệ")
            for day in calendar_day_list(year=options["year"]):
                self.stdout.write(f"{day.date.isoformat()}\t{day.kind}\t{day.name}")
            if options["year"] not in covered_years():
                self.stderr.write(
                    f"Năm {options['year']} chưa có ngày nghỉ lễ: hạn trong năm này chỉ tính tạm theo thứ Hai–thứ Sáu."
                )
        elif action == "check":
            self._check(_date(options["today"]) if options["today"] else timezone.localdate())
        else:
            n = options["n"]
            if not 0 <= n <= 3650:
                raise CommandError("N phải từ 0 đến 3650")
            cal = working_calendar()
            start = _date(options["date"])
            result = (
                cal.add_calendar_days(start, n)
                if options["calendar_days"]
                else cal.add_working_days(start, n)
            )
            self.stdout.write(result.isoformat())
            missing = uncovered_years(min(start, result), max(start, result), covered_years())
            if missing:
                years = ", ".join(str(y) for y in missing)
                self.stderr.write(
                    f"Tạm tính: năm {years} chưa có ngày nghỉ lễ trong lịch (chỉ tính thứ Hai–thứ Sáu)."
                )

    def _check(self, today: dt.date) -> None:
        covered = sorted(covered_years())
        self.stdout.write("Năm đã có lịch nghỉ lễ: " + (", ".join(str(y) for y in covered) or "không có"))
        missing = calendar_missing_years(today)
        if missing:
            years = ", ".join(str(y) for y in missing)
            raise CommandError(
                f"Lịch làm việc chưa có ngày nghỉ lễ năm {years}: hạn rơi vào năm đó chỉ được tính tạm. "
                "Cập nhật gói holidays và ngoaivu setup, hoặc thêm bằng ngoaivu calendar add-holiday.",
                returncode=1,
            )
        self.stdout.write("Đủ lịch nghỉ lễ cho năm nay" + (" và năm sau." if today.month >= 10 else "."))
