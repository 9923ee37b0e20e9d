from __future__ import annotations

import getpass
import os
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ngoaivu.accounts.models import Organisation
from ngoaivu.accounts.services import user_create
from ngoaivu.audit.services import SystemActor
from ngoaivu.core.exceptions import ServiceError


class Command(BaseCommand):
    help = "Tạo người dùng: createuser USERNAME --org CODE --role officer [--role head] (mật khẩu hỏi hoặc NGOAIVU_PASSWORD)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--org", help="mã đơn vị, ví dụ tinh-48, mofa, cqdd-jp-tokyo")
        parser.add_argument("--role", action="append", default=[], help="viewer | officer | head | org_admin")
        parser.add_argument("--full-name", default="")
        parser.add_argument("--email", default="")
        parser.add_argument("--site-admin", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        org = None
        if options["org"]:
            org = Organisation.objects.filter(code=options["org"]).first()
            if org is None:
                raise CommandError(f"Không có đơn vị mã {options['org']!r}")
        password = os.environ.get("NGOAIVU_PASSWORD") or getpass.getpass("Mật khẩu: ")
        try:
            user = user_create(
                actor=SystemActor("cli:createuser"),
                username=options["username"],
                password=password,
                organisation=org,
                roles=options["role"],
                full_name=options["full_name"],
                email=options["email"],
                is_superuser=options["site_admin"],
            )
        except ServiceError as exc:
            raise CommandError("; ".join(f"{k}: {' '.join(v)}" for k, v in exc.errors.items())) from exc
        self.stdout.write(f"Đã tạo {user.username} ({org.code if org else 'site admin'})")
