from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from ngoaivu.directory.demo import DEMO_PASSWORD, DEMO_USERS, load_demo
from ngoaivu.directory.reference import load_reference_data


def demo_accounts_text() -> str:
    lines = ["Tài khoản dùng thử / demo accounts (mật khẩu / password: " + DEMO_PASSWORD + "):"]
    for username, org, roles, name, _su in DEMO_USERS:
        lines.append(f"  {username:<12} {org:<16} {','.join(roles):<28} {name}")
    lines.append(
        "CẢNH BÁO: chỉ để dùng thử, không dùng trên máy chủ thật. / WARNING: for trying it out only."
    )
    return "\n".join(lines)


class Command(BaseCommand):
    help = "Tạo dữ liệu và tài khoản dùng thử (chạy lại không thay đổi gì)."

    def handle(self, *args: Any, **options: Any) -> None:
        load_reference_data()
        created = load_demo()
        self.stdout.write(f"Dữ liệu dùng thử: {created}")
        self.stdout.write(demo_accounts_text())
