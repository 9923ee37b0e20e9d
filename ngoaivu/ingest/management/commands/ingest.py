from __future__ import annotations

import json
import uuid
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from ngoaivu.core import context
from ngoaivu.ingest import services
from ngoaivu.ingest.models import Document

STATUS_VI = {"added": "đã thêm", "would_add": "sẽ thêm", "duplicate": "bỏ qua (trùng)", "error": "lỗi"}


class Command(BaseCommand):
    help = (
        "Nạp tin, báo cáo vào thư viện tài liệu: ngoaivu ingest PATH... --user TÊN "
        "[--kind news|report|official|other] [--private] [--dry-run] [--json]"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", help="tệp hoặc thư mục")
        parser.add_argument(
            "--user", required=True, help="tài khoản ghi nhận (đơn vị của tài khoản sở hữu tài liệu)"
        )
        parser.add_argument("--kind", choices=Document.Kind.values, default=Document.Kind.NEWS)
        parser.add_argument(
            "--private", action="store_true", help="chỉ đơn vị mình xem (mặc định: dùng chung)"
        )
        parser.add_argument("--dry-run", action="store_true", help="đọc, kiểm tra, báo cáo; không lưu gì")
        parser.add_argument("--json", action="store_true", help="mỗi tệp một dòng JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        user = get_user_model().objects.filter(username=options["user"], is_active=True).first()
        if user is None:
            raise CommandError(f"Không có tài khoản đang hoạt động: {options['user']}")
        if not user.scope.can_write or user.scope.org_id is None:  # type: ignore[attr-defined]
            raise CommandError(
                f"Tài khoản {user.get_username()} không được thêm tài liệu (cần đơn vị và quyền ghi)."
            )

        def progress(i: int, total: int, r: services.IngestResult) -> None:
            if options["json"]:
                self.stdout.write(json.dumps(r.__dict__, ensure_ascii=False))
            else:
                tail = f" — {r.message}" if r.message else ""
                self.stdout.write(f"[{i}/{total}] {r.path}: {STATUS_VI[r.status]}{tail}")

        token = context.set_context(
            context.RequestContext(request_id=f"cli-{uuid.uuid4().hex[:12]}", channel="cli")
        )
        try:
            report = services.ingest_files(
                actor=user,
                paths=options["paths"],
                kind=options["kind"],
                visibility=Document.Visibility.PRIVATE if options["private"] else Document.Visibility.SHARED,
                dry_run=options["dry_run"],
                progress=progress,
            )
        finally:
            context.reset_context(token)
        added = report.count("would_add" if options["dry_run"] else "added")
        summary = (
            f"ingest: {len(report.results)} tệp — {added} {'sẽ thêm' if options['dry_run'] else 'đã thêm'}, "
            f"{report.count('duplicate')} trùng, {report.count('error')} lỗi"
        )
        (self.stderr if options["json"] else self.stdout).write(summary)
        if report.count("error"):
            raise SystemExit(1 if added or report.count("duplicate") else 2)
