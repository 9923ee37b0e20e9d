from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from ngoaivu.accounts.models import User
from ngoaivu.accounts.services import api_token_create
from ngoaivu.audit.services import SystemActor
from ngoaivu.core.exceptions import ServiceError


class Command(BaseCommand):
    help = "Cấp token API cho một người dùng và in ra (chỉ một lần)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help=f"số ngày hiệu lực (mặc định {settings.NGOAIVU_API_TOKEN_DAYS}, "
            f"tối đa {settings.NGOAIVU_API_TOKEN_MAX_DAYS})",
        )
        parser.add_argument("--name", default="cli")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"], is_active=True).first()
        if user is None:
            raise CommandError(f"Không có người dùng đang hoạt động tên {options['username']!r}")
        try:
            new = api_token_create(
                actor=SystemActor("cli:token"), user=user, name=options["name"], days=options["days"]
            )
        except ServiceError as exc:
            problems = " ".join(m for messages in exc.errors.values() for m in messages)
            raise CommandError(f"--days: {problems}" if problems else exc.message) from exc
        if new.revoked is not None:  # the secret alone goes to stdout, so that scripts can capture it
            self.stderr.write(
                f"Đã thu hồi token cũ nhất chưa dùng “{new.revoked.name}” ({new.revoked.prefix}…) "
                f"vì mỗi người chỉ giữ tối đa {settings.NGOAIVU_API_TOKENS_PER_USER} token còn hiệu lực."
            )
        self.stdout.write(new.raw)
