from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ngoaivu.audit.services import SystemActor
from ngoaivu.core.exceptions import ServiceError
from ngoaivu.core.models import CalendarDay
from ngoaivu.core.selectors import calendar_day_list, working_calendar
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
    help = "Lịch làm việc: add-holiday DATE NAME | add-workday DATE NAME | list YEAR | add-days DATE N [--calendar-days]"

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
