"""Bulk nominations from Excel: a province lists its officials for a course (the template), the file is read
within the parser budget and checked row by row (row, column, problem — in Vietnamese) and on the whole (the
quota), shown as a preview, then confirmed all or nothing. The same file (SHA-256) is refused twice for the same
course and province."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import Any, BinaryIO

from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from ngoaivu.audit import services as audit
from ngoaivu.core.actors import Actor
from ngoaivu.core.exceptions import NotFound, ServiceError, StateConflict
from ngoaivu.core.parsing import Budget, ParseRefused, open_workbook, sheet_rows
from ngoaivu.core.scoping import Action, get_for_action
from ngoaivu.core.text import clean_text, fold
from ngoaivu.training import services
from ngoaivu.training.models import Course, Nomination, NominationUpload

MAX_ROWS = 500
MAX_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    required: bool
    help: str


COLUMNS = [
    Column("full_name", "Họ và tên", True, "Họ tên đầy đủ, có dấu"),
    Column("position", "Chức vụ", False, "Ví dụ: Chuyên viên, Phó Giám đốc Sở"),
    Column("unit", "Đơn vị công tác", False, "Ví dụ: Sở Ngoại vụ; Văn phòng UBND tỉnh"),
    Column("email", "Thư điện tử", False, "Dữ liệu cá nhân: chỉ tỉnh mình và đơn vị tổ chức xem được"),
    Column("phone", "Điện thoại", False, "Dữ liệu cá nhân"),
    Column("note", "Ghi chú", False, ""),
]
BY_HEADER = {fold(c.header): c for c in COLUMNS} | {c.key: c for c in COLUMNS}
LABELS = {c.key: c.header for c in COLUMNS}


def write_template(out: BinaryIO | str) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "Danh sách cử"
    ws.append([c.header for c in COLUMNS])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for i, col in enumerate(COLUMNS, start=1):
        ws.column_dimensions[ws.cell(1, i).column_letter].width = max(18, len(col.header) + 4)
    guide = wb.create_sheet("Hướng dẫn")
    guide.append(["Cột", "Bắt buộc", "Cách ghi"])
    for cell in guide[1]:
        cell.font = Font(bold=True)
    for col in COLUMNS:
        guide.append([col.header, "x" if col.required else "", col.help])
    guide.append([])
    guide.append(["Ví dụ một dòng"])
    guide.append(["Nguyễn Văn An", "Chuyên viên", "Sở Ngoại vụ", "an.nv@example.gov.vn", "0905 123 456", ""])
    guide.append([])
    guide.append(["Cả tệp được nhập hoặc không dòng nào; số người không vượt số suất còn lại của tỉnh."])
    wb.save(out)


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return clean_text(str(value))


def read_rows(content: bytes) -> tuple[list[tuple[int, dict[str, str]]], list[dict[str, Any]]]:
    """(Excel row number, values by column key), or the problems of the file itself."""

    def problem(row: int, column: str, message: str) -> dict[str, Any]:
        return {"row": row, "column": column, "message": message}

    if len(content) > MAX_BYTES:
        return [], [problem(0, "", _("Tệp lớn hơn %(m)d MB.") % {"m": MAX_BYTES // (1024 * 1024)})]
    if not content:
        return [], [problem(0, "", _("Tệp rỗng."))]
    budget = Budget.current()
    try:
        deadline = budget.deadline()
        wb = open_workbook(content, budget)
    except ParseRefused as exc:
        return [], [problem(0, "", _("Không đọc được tệp Excel: %(e)s") % {"e": exc})]
    try:
        if not wb.worksheets:
            return [], [problem(0, "", _("Tệp không có dòng tiêu đề."))]
        rows = sheet_rows(wb.worksheets[0], budget, deadline)
        first = next(rows, None)
        if first is None:
            return [], [problem(0, "", _("Tệp không có dòng tiêu đề."))]
        header_row, header = first
        columns: dict[int, Column] = {}
        problems = []
        for i, title in enumerate(header):
            col = BY_HEADER.get(fold(_text(title)))
            if col is not None:
                columns[i] = col
            elif _text(title):
                problems.append(problem(header_row, _text(title)[:60], _("Cột không có trong mẫu.")))
        for col in COLUMNS:
            if col.required and col not in columns.values():
                problems.append(problem(header_row, col.header, _("Thiếu cột bắt buộc.")))
        if problems:
            return [], problems
        found: list[tuple[int, dict[str, str]]] = []
        for number, values in rows:
            if all(_text(v) == "" for v in values):
                continue
            if len(found) >= MAX_ROWS:
                return [], [problem(number, "", _("Tệp có quá %(n)d dòng.") % {"n": MAX_ROWS})]
            found.append(
                (number, {c.key: _text(values[i]) if i < len(values) else "" for i, c in columns.items()})
            )
        if not found:
            return [], [problem(0, "", _("Tệp không có dòng dữ liệu nào."))]
        return found, []
    except ParseRefused as exc:
        return [], [problem(0, "", _("Không đọc được tệp Excel: %(e)s") % {"e": exc})]
    finally:
        wb.close()


def check_rows(
    actor: Actor, course: Course, rows: list[tuple[int, dict[str, str]]]
) -> tuple[list[dict[str, str]], list[dict[str, Any]]]:
    """Each row's problems (row, column header, message), duplicates in the file or already nominated, and the
    quota on the whole file."""
    org_id = actor.scope.org_id
    problems: list[dict[str, Any]] = []
    clean: list[dict[str, str]] = []
    seen: dict[str, int] = {}
    nominated = set(
        Nomination.objects.system(reason="training import: the course was reached through its scope")
        .filter(course=course, owner_org_id=org_id, deleted_at__isnull=True)
        .values_list("trainee__identity_key", flat=True)
    )
    for number, raw in rows:
        data = services.TraineeInput(**{c.key: raw.get(c.key, "") for c in COLUMNS})
        values, errors = services.trainee_errors(data)
        for key, messages in errors.items():
            for message in messages:
                problems.append({"row": number, "column": LABELS.get(key, key), "message": str(message)})
        if errors:
            continue
        key = services.identity_key(values["full_name"], values["email"], values["unit"])
        if key in seen:
            problems.append(
                {
                    "row": number,
                    "column": LABELS["full_name"],
                    "message": _("Trùng với dòng %(r)d.") % {"r": seen[key]},
                }
            )
            continue
        seen[key] = number
        if key in nominated:
            problems.append(
                {"row": number, "column": LABELS["full_name"], "message": _("Đã được cử vào khóa học này.")}
            )
            continue
        clean.append({k: values[k] for k in ("full_name", "position", "unit", "email", "phone", "note")})
    assert org_id is not None
    left = services.places_left(course, org_id)
    if left is not None and len(rows) > left:
        problems.append(
            {
                "row": 0,
                "column": "",
                "message": _("Vượt chỉ tiêu: tỉnh còn %(l)d suất, tệp có %(n)d người.")
                % {"l": left, "n": len(rows)},
            }
        )
    return clean, problems


@transaction.atomic
def preview(*, actor: Actor, course_id: int, filename: str, content: bytes) -> NominationUpload:
    """Read and check the file; keep the rows to confirm (status previewed) or the problems (failed)."""
    course = services.nominating_course(actor, course_id)
    digest = hashlib.sha256(content).hexdigest()
    if (
        NominationUpload.objects.system(reason="training import: the course was reached through its scope")
        .filter(
            course=course,
            owner_org_id=actor.scope.org_id,
            sha256=digest,
            status=NominationUpload.Status.IMPORTED,
        )
        .exists()
    ):
        raise ServiceError(_("Tệp này đã được nhập cho khóa học này."), {"file": [_("Tệp đã được nhập.")]})
    rows, problems = read_rows(content)
    clean: list[dict[str, str]] = []
    if not problems:
        clean, problems = check_rows(actor, course, rows)
    user_id = actor.pk if actor.is_authenticated else None
    upload = NominationUpload(
        owner_org_id=services.org_of(actor),
        created_by_id=user_id,
        updated_by_id=user_id,
        course=course,
        filename=clean_text(filename)[:255] or "nominations.xlsx",
        sha256=digest,
        status=NominationUpload.Status.FAILED if problems else NominationUpload.Status.PREVIEWED,
        rows="" if problems else json.dumps(clean, ensure_ascii=False),
        errors=problems,
    )
    upload.save()
    return upload


@transaction.atomic
def confirm(*, actor: Actor, upload_id: int) -> NominationUpload:
    """Create every nomination of a previewed file, or none; its problems are then kept on it."""
    upload = get_for_action(NominationUpload, actor, Action.CHANGE, pk=upload_id)
    if upload.status != NominationUpload.Status.PREVIEWED:
        raise StateConflict(_("Tệp này không còn chờ xác nhận (%(s)s).") % {"s": upload.get_status_display()})
    if (
        NominationUpload.objects.system(reason="training import: the course was reached through its scope")
        .filter(
            course_id=upload.course_id,
            owner_org_id=upload.owner_org_id,
            sha256=upload.sha256,
            status=NominationUpload.Status.IMPORTED,
        )
        .exists()
    ):
        raise ServiceError(_("Tệp này đã được nhập cho khóa học này."), {"file": [_("Tệp đã được nhập.")]})
    rows = preview_rows(upload)
    if not rows:
        raise StateConflict(_("Bản kiểm tra này không còn dữ liệu: tải tệp lên và kiểm tra lại."))
    made = services.nominations_create_many(actor=actor, course_id=upload.course_id, rows=rows)
    upload.status = NominationUpload.Status.IMPORTED
    upload.created_count = len(made)
    upload.rows = ""  # the nominations hold the data now
    upload.save(update_fields=["status", "created_count", "rows", "updated_at"])
    audit.record(
        actor=actor,
        action="training_nomination.import",
        target=upload,
        after={"course": upload.course_id, "created": len(made), "sha256": upload.sha256},
    )
    return upload


def preview_rows(upload: NominationUpload) -> list[dict[str, Any]]:
    """The rows of a previewed file (decrypted), empty once confirmed or discarded."""
    return list(json.loads(upload.rows or "[]"))


@transaction.atomic
def discard(*, actor: Actor, upload_id: int) -> NominationUpload:
    """The province drops a previewed file: its rows (personal data) are emptied, nothing is imported."""
    upload = get_for_action(NominationUpload, actor, Action.CHANGE, pk=upload_id)
    if upload.status != NominationUpload.Status.PREVIEWED:
        raise StateConflict(_("Tệp này không còn chờ xác nhận (%(s)s).") % {"s": upload.get_status_display()})
    upload.status = NominationUpload.Status.FAILED
    upload.rows = ""
    upload.save(update_fields=["status", "rows", "updated_at"])
    return upload


STALE_AFTER = dt.timedelta(days=1)


def purge_stale_previews(now: dt.datetime | None = None) -> int:
    """Empty the rows of previews left unconfirmed for a day (personal data is not kept for nothing)."""
    from django.utils import timezone

    cutoff = (now or timezone.now()) - STALE_AFTER
    return (
        NominationUpload.objects.system(reason="empty stale nomination previews (personal data)")
        .filter(status=NominationUpload.Status.PREVIEWED, created_at__lt=cutoff)
        .update(status=NominationUpload.Status.FAILED, rows="")
    )


def upload_get(*, user: Actor, pk: int) -> NominationUpload:
    if not 0 < pk < 2**63:
        raise NotFound()
    return get_for_action(NominationUpload, user, Action.VIEW, pk=pk)
