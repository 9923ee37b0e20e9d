"""Excel import of agreements (`ngoaivu import agreements`, and the upload page).

The whole file is read and checked first; any bad row stops the import and every problem is listed with its
Excel row number (`dòng 2` is the first data row) and column. Then everything is written in one transaction,
so a killed import leaves nothing behind. One `ImportBatch` and one audit event per created row (with the batch
as parent) make the import reviewable as one change set."""

from __future__ import annotations

import datetime as dt
import decimal
import hashlib
import re
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, BinaryIO

from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from ngoaivu.agreements import selectors
from ngoaivu.agreements.models import (
    Agreement,
    AgreementEvent,
    AgreementKind,
    CooperationField,
    DeadlineRule,
    ImportBatch,
    LegalStep,
)
from ngoaivu.agreements.services import (
    AgreementInput,
    index_agreement,
    may_register,
    owner_for,
    validate_input,
)
from ngoaivu.audit import services as audit
from ngoaivu.audit.models import AuditEvent
from ngoaivu.core import context, files
from ngoaivu.core.exceptions import Forbidden, StateConflict
from ngoaivu.core.parsing import Budget, ParseRefused, open_workbook, sheet_rows
from ngoaivu.core.scoping import Action, get_for_action
from ngoaivu.core.tasks import enqueue_on_commit
from ngoaivu.core.text import clean_line, clean_text, fold, fold_terms, search_key
from ngoaivu.directory import selectors as directory_selectors
from ngoaivu.directory import services as directory_services
from ngoaivu.directory.models import Country, Partner, Province

MAX_ROWS = 50_000
MAX_BYTES = 30 * 1024 * 1024
DUPLICATE_SIMILARITY = 0.8


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    required: bool
    help: str


COLUMNS = [
    Column("kind", "Loại thỏa thuận", True, "Mã hoặc tên loại: provincial, department, mou, sister_city"),
    Column("title_vi", "Tên thỏa thuận (tiếng Việt)", True, "Tối đa 500 ký tự"),
    Column("title_foreign", "Tên bằng tiếng nước ngoài", False, ""),
    Column("province", "Tỉnh, thành phố (tên khi ký)", True, "Có dấu hoặc không dấu; được ghi tên tỉnh cũ"),
    Column("vn_party", "Bên Việt Nam ký", False, "Ví dụ: UBND tỉnh Vĩnh Phúc; Sở Công Thương"),
    Column("country", "Quốc gia", True, "Tên tiếng Việt, tiếng Anh hoặc mã ISO (JP, KR…)"),
    Column("partners", "Đối tác nước ngoài", False, "Tên như trong danh bạ; nhiều đối tác cách nhau bởi ;"),
    Column("fields", "Lĩnh vực hợp tác", False, "Mã hoặc tên; cách nhau bởi ;"),
    Column("signed_on", "Ngày ký", False, "dd/mm/yyyy"),
    Column("signed_place", "Nơi ký", False, ""),
    Column("valid_from", "Hiệu lực từ", False, "dd/mm/yyyy"),
    Column("valid_until", "Hiệu lực đến", False, "dd/mm/yyyy; để trống nếu không thời hạn"),
    Column("renewal_terms", "Điều khoản gia hạn", False, ""),
    Column("signatories_vn", "Người ký phía Việt Nam", False, ""),
    Column("signatories_foreign", "Người ký phía nước ngoài", False, ""),
    Column("budget", "Kinh phí dự kiến (VND)", False, "Số, ví dụ 1.500.000.000"),
    Column("state", "Trạng thái", False, "Để trống: đã ký nếu có ngày ký, nếu không là đề xuất"),
    Column("description", "Nội dung chính", False, ""),
]
BY_FOLDED_HEADER = {fold(c.header): c for c in COLUMNS} | {c.key: c for c in COLUMNS}
# Cells that may hold several lines (lists split on ";" or a line break, free text); the others are one line.
MULTILINE_COLUMNS = frozenset({"partners", "fields", "renewal_terms", "description"})


@dataclass
class Problem:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        where = _("dòng %(r)d") % {"r": self.row} if self.row else _("tệp")
        return f"{where}, {self.column}: {self.message}" if self.column else f"{where}: {self.message}"

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "message": self.message}


@dataclass
class PlannedRow:
    row: int
    data: AgreementInput
    values: dict[str, Any]
    partner_ids: list[int]
    new_partners: list[tuple[str, int]]
    field_ids: list[int]


@dataclass
class ImportResult:
    rows: int = 0
    created: int = 0
    partners_to_create: list[str] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    dry_run: bool = True
    batch: ImportBatch | None = None
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.errors


# --- template ---------------------------------------------------------------------------------------------


def write_template(out: BinaryIO | str) -> None:
    """The documented template: the data sheet with its header row, and a sheet explaining each column with the
    accepted values (kinds, fields, states) and an example."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Thỏa thuận"
    ws.append([c.header for c in COLUMNS])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for i, col in enumerate(COLUMNS, start=1):
        ws.column_dimensions[ws.cell(1, i).column_letter].width = max(16, min(40, len(col.header) + 4))
    guide = wb.create_sheet("Hướng dẫn")
    guide.append(["Cột", "Bắt buộc", "Cách ghi"])
    for cell in guide[1]:
        cell.font = Font(bold=True)
    for col in COLUMNS:
        guide.append([col.header, "x" if col.required else "", col.help])
    guide.append([])
    guide.append(["Loại thỏa thuận (mã — tên)"])
    for kind in AgreementKind.objects.order_by("sort_order"):
        guide.append([kind.code, kind.name_vi])
    guide.append([])
    guide.append(["Lĩnh vực hợp tác (mã — tên)"])
    for f in CooperationField.objects.order_by("sort_order"):
        guide.append([f.code, f.name_vi])
    guide.append([])
    guide.append(["Trạng thái (mã — tên)"])
    for code in ("proposed", "signed", "reported", "in_implementation", "expired", "terminated"):
        guide.append([code, str(Agreement.State(code).label)])
    guide.append([])
    guide.append(["Ví dụ một dòng"])
    guide.append(
        [
            "mou",
            "Bản ghi nhớ hợp tác xúc tiến đầu tư",
            "Memorandum of Understanding on Investment Promotion",
            "Vinh Phuc",
            "UBND tỉnh Vĩnh Phúc",
            "Nhật Bản",
            "JETRO",
            "investment; trade",
            "15/03/2022",
            "Vĩnh Phúc",
            "15/03/2022",
            "14/03/2027",
            "Tự động gia hạn 5 năm",
            "Chủ tịch UBND tỉnh",
            "Trưởng đại diện JETRO Hà Nội",
            "",
            "",
            "",
        ]
    )
    wb.save(out)


# --- reading ----------------------------------------------------------------------------------------------


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return clean_text(str(value))


DATE_RE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")


def parse_date(value: Any) -> dt.date | None:
    """Excel dates, dd/mm/yyyy (also with . or -) and ISO yyyy-mm-dd; ValueError for anything else."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = _cell_text(value)
    if not text:
        return None
    if m := DATE_RE.match(text):
        return dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    return dt.date.fromisoformat(text)


def parse_amount(value: Any) -> decimal.Decimal:
    """A VND amount as written in Vietnamese spreadsheets ("1.500.000.000", "1 500 000 000") or a number cell."""
    if isinstance(value, int | float):
        return decimal.Decimal(str(value)).quantize(decimal.Decimal(1))
    text = _cell_text(value).replace(" ", "").replace("\u00a0", "")
    if not re.fullmatch(r"\d{1,3}(\.\d{3})*|\d+", text):
        raise ValueError(text)
    return decimal.Decimal(text.replace(".", ""))


def _split(text: str) -> list[str]:
    return [p for p in (clean_text(x) for x in re.split(r"[;\n]", text)) if p]


def read_rows(content: bytes, filename: str = "") -> tuple[list[tuple[int, dict[str, Any]]], list[Problem]]:
    """Rows keyed by column key, each with its Excel row number; or the problems of the file itself.

    Read within the parser budget (`core.parsing`): the container is checked before openpyxl opens it, only
    cells really present are read (never the sheet's declared dimension), and rows, columns and seconds are
    bounded, so a hostile workbook is refused in milliseconds with the limit named."""
    shown = clean_text(filename)[:120] or "import.xlsx"
    if len(content) > MAX_BYTES:
        return [], [Problem(0, "", _("Tệp lớn hơn %(m)d MB.") % {"m": MAX_BYTES // (1024 * 1024)})]
    if not content:
        return [], [Problem(0, "", _("Không đọc được tệp Excel “%(f)s”: tệp rỗng.") % {"f": shown})]
    budget = Budget.current()
    try:
        deadline = budget.deadline()
        wb = open_workbook(content, budget)
    except ParseRefused as exc:
        return [], [_unreadable(shown, exc)]
    try:
        if not wb.worksheets:
            return [], [Problem(0, "", _("Tệp không có dòng tiêu đề."))]
        rows = sheet_rows(wb.worksheets[0], budget, deadline)
        first = next(rows, None)
        if first is None:
            return [], [Problem(0, "", _("Tệp không có dòng tiêu đề."))]
        header_row, header = first
        columns: dict[int, Column] = {}
        problems: list[Problem] = []
        for i, title in enumerate(header):
            col = BY_FOLDED_HEADER.get(fold(_cell_text(title)))
            if col is not None:
                columns[i] = col
            elif _cell_text(title):
                problems.append(Problem(header_row, _cell_text(title), _("Cột không có trong mẫu.")))
        missing = [c.header for c in COLUMNS if c.required and c not in columns.values()]
        for header_name in missing:
            problems.append(Problem(header_row, header_name, _("Thiếu cột bắt buộc.")))
        if problems:
            return [], problems
        found: list[tuple[int, dict[str, Any]]] = []
        for number, values in rows:
            if all(v is None or _cell_text(v) == "" for v in values):
                continue
            if len(found) >= MAX_ROWS:
                return [], [Problem(number, "", _("Tệp có quá %(n)d dòng.") % {"n": MAX_ROWS})]
            found.append(
                (number, {col.key: values[i] if i < len(values) else None for i, col in columns.items()})
            )
        if not found:
            return [], [Problem(0, "", _("Tệp không có dòng dữ liệu nào."))]
        return found, []
    except ParseRefused as exc:
        return [], [_unreadable(shown, exc)]
    finally:
        wb.close()


def _unreadable(filename: str, exc: ParseRefused) -> Problem:
    return Problem(0, "", _("Không đọc được tệp Excel “%(f)s”: %(e)s") % {"f": filename, "e": exc})


# --- planning ---------------------------------------------------------------------------------------------


class Lookups:
    """Everything a row is matched against, loaded once per import."""

    def __init__(self, actor: Any) -> None:
        self.kinds = {k.code: k for k in AgreementKind.objects.all()}
        self.kind_names = {fold(k.name_vi): k.code for k in self.kinds.values()} | {
            fold(k.name_en): k.code for k in self.kinds.values()
        }
        self.fields = {f.code: f for f in CooperationField.objects.all()}
        self.field_names = {fold(f.name_vi): f.code for f in self.fields.values()} | {
            fold(f.name_en): f.code for f in self.fields.values()
        }
        self.countries = {c.iso2: c for c in Country.objects.all()}
        self.country_names = directory_selectors.country_name_index()
        self.states = {fold(str(label)): value for value, label in Agreement.State.choices} | {
            value: value for value in Agreement.State.values
        }
        self.partners: dict[tuple[int, str], int] = {}
        for pk, country_id, *names in Partner.objects.visible_to(actor, Action.VIEW).values_list(
            "pk", "country_id", "name", "name_vi", "abbreviation"
        ):
            for name in names:
                if name:
                    self.partners.setdefault((country_id, fold(name)), pk)
        self._provinces: dict[tuple[str, bool], Any] = {}

    def province(self, name: str, when: dt.date | None) -> Any:
        era = when is not None and when < directory_services.MERGER_DATE
        key = (fold(name), era)
        if key not in self._provinces:
            self._provinces[key] = directory_services.province_resolve(name, as_of=when)
        return self._provinces[key]


def _similar(a: str, b: str) -> float:
    x, y = set(a.split()), set(b.split())
    return len(x & y) / len(x | y) if x and y else 0.0


def _row_input(raw: dict[str, Any], lookups: Lookups, problems: list[Problem], number: int) -> AgreementInput:
    text = {k: _cell_text(v) if k in MULTILINE_COLUMNS else clean_line(_cell_text(v)) for k, v in raw.items()}
    header = {c.key: c.header for c in COLUMNS}

    def bad(key: str, message: str) -> None:
        problems.append(Problem(number, header[key], message))

    dates: dict[str, dt.date | None] = {}
    for key in ("signed_on", "valid_from", "valid_until"):
        try:
            dates[key] = parse_date(raw.get(key))
        except ValueError:
            dates[key] = None
            bad(key, _("Ngày “%(v)s” không đúng dạng dd/mm/yyyy.") % {"v": text.get(key, "")})
    kind_text = text.get("kind", "")
    kind = kind_text if kind_text in lookups.kinds else lookups.kind_names.get(fold(kind_text), kind_text)
    country_text = text.get("country", "")
    country = lookups.country_names.get(fold(country_text), country_text)
    field_codes = []
    for part in _split(text.get("fields", "").replace(",", ";")):
        code = part if part in lookups.fields else lookups.field_names.get(fold(part), part)
        field_codes.append(code)
    budget = None
    if text.get("budget"):
        try:
            budget = parse_amount(raw.get("budget"))
        except (ValueError, ArithmeticError):
            bad("budget", _("Kinh phí “%(v)s” không phải là số.") % {"v": text["budget"]})
    state_text = text.get("state", "")
    state = (
        lookups.states.get(fold(state_text), state_text)
        if state_text
        else (Agreement.State.IN_IMPLEMENTATION if dates["signed_on"] else Agreement.State.PROPOSED)
    )
    if not text.get("province"):
        bad("province", _("Không được để trống."))
    return AgreementInput(
        kind=kind,
        title_vi=text.get("title_vi", ""),
        title_foreign=text.get("title_foreign", ""),
        province=text.get("province", "") or "?",
        vn_party=text.get("vn_party", ""),
        country=country,
        fields=tuple(dict.fromkeys(field_codes)),
        description=text.get("description", ""),
        signed_on=dates["signed_on"],
        signed_place=text.get("signed_place", ""),
        valid_from=dates["valid_from"],
        valid_until=dates["valid_until"],
        renewal_terms=text.get("renewal_terms", ""),
        signatories_vn=text.get("signatories_vn", ""),
        signatories_foreign=text.get("signatories_foreign", ""),
        budget=budget,
        state=state,
    )


def plan(
    actor: Any,
    content: bytes,
    *,
    create_partners: bool = False,
    allow_duplicates: bool = False,
    progress: Callable[[int, int], None] | None = None,
    filename: str = "",
) -> tuple[list[PlannedRow], ImportResult]:
    result = ImportResult()
    if not may_register(actor):
        raise Forbidden()
    rows, problems = read_rows(content, filename)
    result.rows = len(rows)
    if problems:
        result.errors = problems
        return [], result
    lookups = Lookups(actor)
    header = {c.key: c.header for c in COLUMNS}
    planned: list[PlannedRow] = []
    new_partner_names: dict[tuple[int, str], str] = {}
    for i, (number, raw) in enumerate(rows):
        row_problems: list[Problem] = []
        data = _row_input(raw, lookups, row_problems, number)
        checked, errors = validate_input(
            data,
            actor,
            kinds=lookups.kinds,
            countries=lookups.countries,
            fields_by_code=lookups.fields,
            resolve_province=lookups.province,
        )
        if data.province == "?":
            errors.pop("province", None)
        for key, messages in errors.items():
            for message in messages:
                row_problems.append(Problem(number, header.get(key, key), message))
        country = checked.values.get("country")
        partner_ids: list[int] = []
        new_partners: list[tuple[str, int]] = []
        for name in _split(_cell_text(raw.get("partners"))):
            if country is None:
                break
            if len(name) > 300:
                row_problems.append(Problem(number, header["partners"], _("Tên đối tác quá dài.")))
                continue
            pk = lookups.partners.get((country.pk, fold(name)))
            if pk is not None:
                partner_ids.append(pk)
            elif create_partners:
                new_partners.append((name, country.pk))
                new_partner_names.setdefault((country.pk, fold(name)), name)
            else:
                row_problems.append(
                    Problem(
                        number,
                        header["partners"],
                        _(
                            "Không tìm thấy đối tác “%(p)s” (%(c)s) trong danh bạ; thêm vào danh bạ hoặc chọn "
                            "“tạo đối tác mới khi chưa có”."
                        )
                        % {"p": name, "c": country.name_vi},
                    )
                )
        result.errors.extend(row_problems)
        if not row_problems:
            planned.append(
                PlannedRow(
                    number,
                    data,
                    checked.values,
                    list(dict.fromkeys(partner_ids)),
                    new_partners,
                    [f.pk for f in checked.fields],
                )
            )
        if progress is not None and (i + 1) % 1000 == 0:
            progress(i + 1, len(rows))
    _flag_duplicates(actor, planned, result, allow_duplicates)
    result.partners_to_create = sorted(new_partner_names.values())
    return planned, result


def _flag_duplicates(actor: Any, planned: list[PlannedRow], result: ImportResult, allow: bool) -> None:
    """A probable duplicate: same current province and country, the same signing date (or one missing) and
    titles sharing at least 80 % of their words. Against the register and within the file. Candidates are
    bucketed by (province, country, signing date) so that a large file is not compared row by row."""
    header = {c.key: c.header for c in COLUMNS}
    Bucket = dict[tuple[int, int, dt.date | None], list[tuple[Any, str]]]
    existing: Bucket = {}
    provinces = {p.values["province"].pk for p in planned}
    countries = {p.values["country"].pk for p in planned}
    for pk, province_id, country_id, signed_on, title in selectors.duplicate_candidates(
        user=actor, province_ids=provinces, country_ids=countries
    ):
        existing.setdefault((province_id, country_id, signed_on), []).append(
            (pk, " ".join(fold_terms(title)))
        )
    undated: dict[tuple[int, int], list[tuple[Any, str]]] = {}
    for (province_id, country_id, _signed), items in existing.items():
        undated.setdefault((province_id, country_id), []).extend(items)
    seen: Bucket = {}
    seen_undated: dict[tuple[int, int], list[tuple[Any, str]]] = {}
    for row in planned:
        pair = (row.values["province"].pk, row.values["country"].pk)
        signed = row.values["signed_on"]
        title = " ".join(fold_terms(row.values["title_vi"]))
        sources: list[tuple[list[tuple[Any, str]], bool]]
        if signed is None:
            sources = [(undated.get(pair, []), True), (seen_undated.get(pair, []), False)]
        else:
            sources = [
                (existing.get((*pair, signed), []) + existing.get((*pair, None), []), True),
                (seen.get((*pair, signed), []) + seen.get((*pair, None), []), False),
            ]
        for candidates, in_register in sources:
            match = next((other for other, text in candidates if _is_similar(title, text)), None)
            if match is None:
                continue
            message = (
                _("Có thể trùng thỏa thuận đã có trong sổ (mã %(id)s).") % {"id": match}
                if in_register
                else _("Có thể trùng dòng %(r)s trong tệp.") % {"r": match}
            )
            problem = Problem(row.row, header["title_vi"], message)
            (result.warnings if in_register and allow else result.errors).append(problem)
            break
        seen.setdefault((*pair, signed), []).append((row.row, title))
        seen_undated.setdefault(pair, []).append((row.row, title))


def _is_similar(title: str, other: str) -> bool:
    return _similar(title, other) >= DUPLICATE_SIMILARITY


# --- writing ----------------------------------------------------------------------------------------------


def _chunks(items: list[Any], size: int) -> Iterator[list[Any]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def run_import(
    *,
    actor: Any,
    content: bytes,
    filename: str,
    dry_run: bool = False,
    create_partners: bool = False,
    allow_duplicates: bool = False,
    progress: Callable[[int, int], None] | None = None,
    batch: ImportBatch | None = None,
) -> ImportResult:
    """Check the whole file; if anything is wrong, or on a dry run, write nothing (a failed real run records
    the failed batch and its errors). Otherwise write every row in one transaction."""
    started = timezone.now()
    planned, result = plan(
        actor,
        content,
        create_partners=create_partners,
        allow_duplicates=allow_duplicates,
        progress=progress,
        filename=filename,
    )
    result.dry_run = dry_run
    if dry_run:
        result.created = len(planned) if result.ok else 0
        result.seconds = (timezone.now() - started).total_seconds()
        return result
    digest = hashlib.sha256(content).hexdigest()
    ctx = context.current()
    token = context.set_context(context.RequestContext(ctx.request_id or uuid.uuid4().hex, ctx.ip, "import"))
    try:
        result.batch = _run_in_transaction(actor, planned, result, content, filename, digest, batch, progress)
    finally:
        context.reset_context(token)
    result.seconds = (timezone.now() - started).total_seconds()
    return result


def _run_in_transaction(
    actor: Any,
    planned: list[PlannedRow],
    result: ImportResult,
    content: bytes,
    filename: str,
    digest: str,
    batch: ImportBatch | None,
    progress: Callable[[int, int], None] | None,
) -> ImportBatch:
    with files.atomic():  # a failed write deletes the copy of the file it stored
        if result.ok:
            return _write(actor, planned, result, content, filename, digest, batch, progress)
        return _save_batch(actor, batch, content, filename, digest, ImportBatch.Status.FAILED, result)


def _save_batch(
    actor: Any,
    batch: ImportBatch | None,
    content: bytes,
    filename: str,
    digest: str,
    status: str,
    result: ImportResult,
    created: int = 0,
    partners_created: int = 0,
) -> ImportBatch:
    if batch is None:
        batch = ImportBatch(owner_org_id=actor.scope.org_id or _owner_any(actor), created_by=_user(actor))
        if status != ImportBatch.Status.FAILED:  # a refused file is recorded (name, hash, errors), not kept
            files.store(batch.file, f"{digest[:16]}.xlsx", ContentFile(content))
    batch.filename = clean_text(filename)[:255] or "import.xlsx"
    batch.sha256 = digest
    batch.status = status
    batch.row_count = result.rows
    batch.created_count = created
    batch.partners_created = partners_created
    batch.errors = [p.as_dict() for p in result.errors[:2000]]
    batch.warnings = [p.as_dict() for p in result.warnings[:2000]]
    batch.updated_by = _user(actor)
    batch.save()
    return batch


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def _owner_any(actor: Any) -> int:
    province = Province.objects.order_by("code").first()
    if province is None:
        raise Forbidden()
    return owner_for(actor, province)


def preview_batch(
    *, actor: Any, content: bytes, filename: str, create_partners: bool, allow_duplicates: bool
) -> tuple[ImportBatch, ImportResult]:
    """The upload page: check the file, keep it with its result, import nothing yet."""
    result = run_import(
        actor=actor,
        content=content,
        filename=filename,
        dry_run=True,
        create_partners=create_partners,
        allow_duplicates=allow_duplicates,
    )
    digest = hashlib.sha256(content).hexdigest()
    with files.atomic():
        status = ImportBatch.Status.PREVIEWED if result.ok else ImportBatch.Status.FAILED
        batch = _save_batch(actor, None, content, filename, digest, status, result)
        batch.options = {"create_partners": create_partners, "allow_duplicates": allow_duplicates}
        batch.save(update_fields=["options"])
        audit.record(
            actor=actor, action="agreement_import.preview", target=batch, after=audit.snapshot(batch)
        )
    return batch, result


def confirm_batch(*, actor: Any, batch_id: int) -> ImportResult:
    """Import a previewed file. The same file cannot be imported twice."""
    batch = get_for_action(ImportBatch, actor, Action.CHANGE, pk=batch_id)
    if batch.status != ImportBatch.Status.PREVIEWED:
        raise StateConflict(_("Lần nhập này đã được xử lý (%(s)s).") % {"s": batch.get_status_display()})
    with batch.file.open("rb") as fh:
        content = fh.read()
    return run_import(
        actor=actor,
        content=content,
        filename=batch.filename,
        batch=batch,
        create_partners=bool(batch.options.get("create_partners")),
        allow_duplicates=bool(batch.options.get("allow_duplicates")),
    )


def _write(
    actor: Any,
    planned: list[PlannedRow],
    result: ImportResult,
    content: bytes,
    filename: str,
    digest: str,
    batch: ImportBatch | None,
    progress: Callable[[int, int], None] | None,
) -> ImportBatch:
    already = ImportBatch.objects.visible_to(actor, Action.VIEW).filter(
        sha256=digest, status=ImportBatch.Status.IMPORTED
    )
    if already.exists():
        raise StateConflict(
            _("Tệp này đã được nhập trước đây (lần nhập %(id)s).") % {"id": already.first().pk}
        )
    batch = _save_batch(actor, batch, content, filename, digest, ImportBatch.Status.IMPORTED, result)
    partner_pks: dict[tuple[int, str], int] = {}
    for row in planned:  # each new partner once, spelled as it first appears in the file
        for name, country_id in row.new_partners:
            if (country_id, fold(name)) not in partner_pks:
                partner = directory_services.partner_create(
                    actor=actor,
                    data={"kind": "other", "name": name, "country_id": country_id, "visibility": "shared"},
                )
                partner_pks[(country_id, fold(name))] = partner.pk
    user = _user(actor)
    today = timezone.localdate()
    agreements: list[Agreement] = []
    partner_names = dict(
        Partner.objects.visible_to(actor, Action.VIEW)
        .filter(pk__in={pk for row in planned for pk in row.partner_ids} | set(partner_pks.values()))
        .values_list("pk", "name")
    )
    for row in planned:
        values = dict(row.values)
        agreement = Agreement(
            owner_org_id=owner_for(actor, values["province"]),
            created_by=user,
            updated_by=user,
            import_batch=batch,
            **values,
        )
        agreement.last_activity_on = agreement.signed_on or today
        row.partner_ids += [partner_pks[(cid, fold(n))] for n, cid in row.new_partners]
        partners = [Partner(name=partner_names.get(pk, "")) for pk in row.partner_ids]
        index_agreement(agreement, partners)
        agreements.append(agreement)
    created: list[Agreement] = []
    for chunk in _chunks(agreements, 1000):
        created.extend(Agreement.objects.system(reason="bulk import").bulk_create(chunk))
        if progress is not None:
            progress(len(created), len(agreements))
    through_partners = Agreement.partners.through
    through_fields = Agreement.fields.through
    links_p = [
        through_partners(agreement_id=a.pk, partner_id=p)
        for a, r in zip(created, planned, strict=True)
        for p in dict.fromkeys(r.partner_ids)
    ]
    links_f = [
        through_fields(agreement_id=a.pk, cooperationfield_id=f)
        for a, r in zip(created, planned, strict=True)
        for f in r.field_ids
    ]
    through_partners.objects.bulk_create(links_p, batch_size=2000)
    through_fields.objects.bulk_create(links_f, batch_size=2000)
    label = audit.actor_label(actor)
    AgreementEvent.objects.bulk_create(
        [
            AgreementEvent(
                agreement_id=a.pk,
                actor=user,
                actor_label=label,
                action="import",
                from_state="-",
                to_state=a.state,
                happened_on=today,
                text=batch.filename,
            )
            for a in created
        ],
        batch_size=2000,
    )
    steps = []
    for a in created:
        if a.state == Agreement.State.SIGNED and a.kind.needs_pm_report and a.signed_on:
            rule = selectors.rule_for(DeadlineRule.Key.POST_SIGNING_REPORT, a.province.code)
            steps.append(
                LegalStep(
                    agreement_id=a.pk,
                    kind=LegalStep.Kind.POST_SIGNING_REPORT,
                    body=_("Thủ tướng Chính phủ (gửi Bộ Ngoại giao)"),
                    started_on=a.signed_on,
                    due_on=selectors.due_date(rule, a.signed_on),
                    rule=rule.describe()[:300],
                )
            )
    LegalStep.objects.bulk_create(steps, batch_size=2000)
    ctx = context.current()
    AuditEvent.objects.bulk_create(
        [
            AuditEvent(
                actor=user,
                actor_label=label,
                organisation_id=getattr(actor, "organisation_id", None),
                verb=AuditEvent.Verb.CREATE,
                action="agreement.import",
                target_type="agreements.agreement",
                target_id=str(a.pk),
                target_repr=str(a)[:300],
                target_org_id=a.owner_org_id,
                parent_type="agreements.importbatch",
                parent_id=str(batch.pk),
                changes=audit.diff({}, audit.snapshot(a)),
                request_id=ctx.request_id,
                ip=ctx.ip,
                channel=ctx.channel,
                search_text=search_key(label, "agreement.import", str(a)),
            )
            for a in created
        ],
        batch_size=1000,
    )
    # bulk inserts send no signals: the search index is told once, after the import commits
    enqueue_on_commit("ngoaivu.search.tasks.reindex_many", "agreement", [a.pk for a in created])
    batch.created_count = len(created)
    batch.partners_created = len(partner_pks)
    batch.save(update_fields=["created_count", "partners_created"])
    audit.record(actor=actor, action="agreement_import.run", target=batch, after=audit.snapshot(batch))
    result.created = len(created)
    return batch
