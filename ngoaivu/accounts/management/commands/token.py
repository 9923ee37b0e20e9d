from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ngoaivu.accounts.models import User
from ngoaivu.accounts.services import api_token_create
from ngoaivu.audit.services import SystemActor


class Command(BaseCommand):
    help = "Cấp token API cho một người dùng và in ra (chỉ một lần)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--days", type=int, default=None)
        parser.add_argument("--name", default="cli")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"], is_active=True).first()
        if user is None:
            raise CommandError(f"Không có người dùng đang hoạt động tên {options['username']!r}")
        if options["days"] is not None and not 1 <= options["days"] <= 366:
            raise CommandError("--days phải từ 1 đến 366")
        _token, raw = api_token_create(
            actor=SystemActor("cli:token"), user=user, name=options["name"], days=options["days"]
        )
        self.stdout.write(raw)
