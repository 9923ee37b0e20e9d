"""Reporters of a visit in bulk from Excel: a downloadable template, an upload that is parsed within a budget
(size, rows, seconds: `core.parsing`) into a preview with every row's problems (row, column, problem, in
Vietnamese), then a confirmation that adds all the rows or none. The same file is taken once per visit."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import io
import json
import re
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from ngoaivu.audit import services as audit
from ngoaivu.core.actors import Actor
from ngoaivu.core.exceptions import NotFound, ServiceError, StateConflict
from ngoaivu.core.parsing import Budget, ParseRefused, open_workbook, sheet_rows
from ngoaivu.core.scoping import Action, get_for_action
from ngoaivu.core.text import clean_text, fold
from ngoaivu.core.xlsx import write_workbook
from ngoaivu.directory.models import Country
from ngoaivu.directory.selectors import country_name_index
from ngoaivu.press import personal
from ngoaivu.press.models import PressVisit, Reporter, ReporterImport

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = personal.MAX_REPORTERS
HEADER = [
    "Họ và tên",
    "Chức danh",
    "Quốc tịch (tên hoặc mã ISO, vd. Nhật Bản, JP)",
    "Số hộ chiếu",
    "Ngày sinh (dd/mm/yyyy)",
]
FIELD_NAMES = ["Họ và tên", "Chức danh", "Quốc tịch", "Số hộ chiếu", "Ngày sinh"]
"""The column names a row problem starts with (the header without its hint)."""
COLUMNS = ["A", "B", "C", "D", "E"]
FIELD_COLUMN = {"full_name": 0, "role": 1, "nationality": 2, "passport_number": 3, "birth_date": 4}


def template_bytes() -> bytes:
    """The template: the header row and one example row (to be replaced)."""
    buffer = io.BytesIO()
    write_workbook(
        buffer,
        title="Phong vien",
        header=HEADER,
        rows=[["Tanaka Hiroshi", str(Reporter.Role.REPORTER.label), "Nhật Bản", "TK1234567", "15/04/1985"]],
    )
    return buffer.getvalue()


@dataclass(frozen=True)
class RowProblem:
    row: int
    column: str
    problem: str


def _role(value: Any) -> str:
    text = clean_text(str(value or "")).strip()
    if not text:
        return Reporter.Role.REPORTER
    folded = text.casefold()
    for code, label in Reporter.Role.choices:
        if folded in {code, str(label).casefold()}:
            return code
    return f"?{text[:40]}"


def _date(value: Any) -> tuple[dt.date | None, bool]:
    """(date, ok): a date cell, "dd/mm/yyyy" or "yyyy-mm-dd"; empty is (None, True)."""
    if value is None or value == "":
        return None, True
    if isinstance(value, dt.datetime):
        return value.date(), True
    if isinstance(value, dt.date):
        return value, True
    text = clean_text(str(value)).strip()
    m = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", text)
    try:
        if m:
            return dt.date(int(m[3]), int(m[2]), int(m[1])), True
        return dt.date.fromisoformat(text), True
    except ValueError:
        return None, False


def _nationality(value: Any, countries: dict[str, Country], names: dict[str, str]) -> str:
    """The ISO alpha-2 of a nationality typed as a code ("JP", "JPN") or a name, Vietnamese or English, with or
    without diacritics ("Nhật Bản", "nhat ban", "Japan"); the text itself when it matches nothing."""
    text = clean_text(str(value or "")).strip()
    if not text or text.upper() in countries:
        return text.upper()
    return names.get(fold(text), text)


def _cell(values: tuple[Any, ...], i: int) -> Any:
    return values[i] if i < len(values) else None


def parse(data: bytes) -> tuple[list[dict[str, Any]], list[RowProblem]]:
    """Rows (JSON-ready) and problems. Refuses (ParseRefused) a file over the budget or not a workbook."""
    if len(data) > MAX_BYTES:
        raise ParseRefused(_("Tệp lớn quá 2 MB."))
    budget = dataclasses.replace(Budget.current(), max_rows=MAX_ROWS + 50, max_columns=30, max_sheets=5)
    workbook = open_workbook(data, budget)
    try:
        sheet = workbook.worksheets[0]
        deadline = budget.deadline()
        countries = {c.iso2: c for c in Country.objects.all()}
        names = country_name_index()
        rows: list[dict[str, Any]] = []
        problems: list[RowProblem] = []
        for number, values in sheet_rows(sheet, budget, deadline):
            if number == 1:
                continue  # the header
            if len(rows) + len({p.row for p in problems}) >= MAX_ROWS:
                raise ParseRefused(_("Tệp có quá %(n)d phóng viên.") % {"n": MAX_ROWS})
            birth, ok = _date(_cell(values, 4))
            row_problems: list[RowProblem] = []
            if not ok:
                row_problems.append(
                    RowProblem(number, COLUMNS[4], _("Ngày sinh không đọc được (dd/mm/yyyy)."))
                )
            role = _role(_cell(values, 1))
            if role.startswith("?"):
                row_problems.append(
                    RowProblem(
                        number, COLUMNS[1], _("Chức danh “%(r)s” không có trong danh mục.") % {"r": role[1:]}
                    )
                )
                role = Reporter.Role.OTHER
            item = personal.ReporterInput(
                full_name=str(_cell(values, 0) or ""),
                role=role,
                nationality=_nationality(_cell(values, 2), countries, names),
                passport_number=str(_cell(values, 3) or ""),
                birth_date=birth,
            )
            checked, errors = personal.check_reporter(item, countries)
            for field, messages in errors.items():
                for message in messages:
                    i = FIELD_COLUMN.get(field, 0)
                    row_problems.append(RowProblem(number, COLUMNS[i], f"{FIELD_NAMES[i]}: {message}"))
            if row_problems:
                problems.extend(row_problems)
                continue
            rows.append(
                {
                    "row": number,
                    "full_name": checked["full_name"],
                    "role": checked["role"],
                    "nationality": item.nationality.strip().upper(),
                    "passport_number": checked["passport_number"],
                    "birth_date": checked["birth_date"],
                }
            )
    finally:
        workbook.close()
    if not rows and not problems:
        problems.append(RowProblem(2, "A", _("Tệp không có dòng phóng viên nào dưới dòng tiêu đề.")))
    return rows, problems


def import_preview(*, actor: Actor, visit_id: int, file_name: str, data: bytes) -> ReporterImport:
    """Parse the file (outside any transaction: the budget bounds it) and keep its rows for the preview."""
    visit = get_for_action(PressVisit, actor, Action.CHANGE, pk=visit_id)
    digest = hashlib.sha256(data).hexdigest()
    if ReporterImport.objects.filter(
        visit=visit, sha256=digest, status=ReporterImport.Status.CONFIRMED
    ).exists():
        raise ServiceError(
            _("Tệp này đã được nhập cho đoàn này."), {"file": [_("Tệp này đã được nhập cho đoàn này.")]}
        )
    try:
        rows, problems = parse(data)
    except ParseRefused as exc:
        raise ServiceError(str(exc), {"file": [str(exc)]}) from exc
    return ReporterImport.objects.create(
        visit=visit,
        file_name=clean_text(file_name)[:255] or "reporters.xlsx",
        sha256=digest,
        rows=json.dumps(rows, ensure_ascii=False),
        errors=[dataclasses.asdict(p) for p in problems],
        row_count=len(rows) + len({p.row for p in problems}),
        created_by_id=actor.pk if actor.is_authenticated else None,
    )


def import_get(*, actor: Actor, visit_id: int, batch_id: int) -> ReporterImport:
    visit = get_for_action(PressVisit, actor, Action.CHANGE, pk=visit_id)
    batch = ReporterImport.objects.filter(visit=visit, pk=batch_id).first() if 0 < batch_id < 2**63 else None
    if batch is None:
        raise NotFound()
    return batch


def preview_rows(batch: ReporterImport) -> list[dict[str, Any]]:
    return list(json.loads(batch.rows or "[]"))


@transaction.atomic
def import_confirm(*, actor: Actor, visit_id: int, batch_id: int) -> int:
    """Add every row of a previewed file with no problem, or none; the same file is confirmed once."""
    batch = import_get(actor=actor, visit_id=visit_id, batch_id=batch_id)
    batch = ReporterImport.objects.select_for_update().get(pk=batch.pk)
    if batch.status != ReporterImport.Status.PREVIEW:
        raise StateConflict(_("Tệp này đã được xử lý."))
    if batch.errors:
        raise ServiceError(_("Tệp còn lỗi: sửa tệp rồi tải lên lại."))
    rows = [
        personal.ReporterInput(
            full_name=r["full_name"],
            role=r["role"],
            nationality=r["nationality"],
            passport_number=r["passport_number"],
            birth_date=dt.date.fromisoformat(r["birth_date"]) if r["birth_date"] else None,
        )
        for r in preview_rows(batch)
    ]
    personal.reporters_add(actor=actor, visit_id=visit_id, rows=rows, source=f"excel:{batch.file_name}")
    batch.status = ReporterImport.Status.CONFIRMED
    batch.rows = ""  # the reporters hold the data now
    try:
        with transaction.atomic():
            batch.save(update_fields=["status", "rows", "updated_at"])
    except IntegrityError as exc:
        raise ServiceError(
            _("Tệp này đã được nhập cho đoàn này."), {"file": [_("Tệp này đã được nhập cho đoàn này.")]}
        ) from exc
    audit.record(
        actor=actor,
        action="press_visit.reporters_import",
        target=batch.visit,
        after={"file": batch.file_name, "sha256": batch.sha256, "reporters": len(rows)},
    )
    return len(rows)
