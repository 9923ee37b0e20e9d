"""Checking the rows of an import: each row becomes an `AgreementInput` validated like a form (with lookups
loaded once per file), partners are matched against the directory, and probable duplicates are flagged against
the register and within the file. `plan` returns the rows to write and every problem found."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from ngoaivu.accounts.models import User
from ngoaivu.agreements import selectors
from ngoaivu.agreements.importer.reading import (
    COLUMNS,
    MULTILINE_COLUMNS,
    Problem,
    cell_text,
    parse_amount,
    parse_date,
    read_rows,
    split_list,
)
from ngoaivu.agreements.models import Agreement, AgreementKind, CooperationField, ImportBatch
from ngoaivu.agreements.services import AgreementInput, may_register, validate_input
from ngoaivu.core.exceptions import Forbidden
from ngoaivu.core.scoping import Action
from ngoaivu.core.text import clean_line, fold, fold_terms
from ngoaivu.directory import selectors as directory_selectors
from ngoaivu.directory import services as directory_services
from ngoaivu.directory.models import Country, Partner
from ngoaivu.directory.services import Locality

DUPLICATE_SIMILARITY = 0.8


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


class Lookups:
    """Everything a row is matched against, loaded once per import."""

    def __init__(self, actor: User) -> None:
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
        self._provinces: dict[tuple[str, bool], Locality | None] = {}

    def province(self, name: str, when: dt.date | None) -> Locality | None:
        era = when is not None and when < directory_services.MERGER_DATE
        key = (fold(name), era)
        if key not in self._provinces:
            self._provinces[key] = directory_services.province_resolve(name, as_of=when)
        return self._provinces[key]


def _similar(a: str, b: str) -> float:
    x, y = set(a.split()), set(b.split())
    return len(x & y) / len(x | y) if x and y else 0.0


def _row_input(raw: dict[str, Any], lookups: Lookups, problems: list[Problem], number: int) -> AgreementInput:
    text = {k: cell_text(v) if k in MULTILINE_COLUMNS else clean_line(cell_text(v)) for k, v in raw.items()}
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
    for part in split_list(text.get("fields", "").replace(",", ";")):
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
    actor: User,
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
        for name in split_list(cell_text(raw.get("partners"))):
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


def _flag_duplicates(actor: User, planned: list[PlannedRow], result: ImportResult, allow: bool) -> None:
    """A probable duplicate: same current province and country, the same signing date (or one missing) and
    titles sharing at least 80 % of their words. Against the register and within the file. Candidates are
    bucketed by (province, country, signing date) so that a large file is not compared row by row."""
    header = {c.key: c.header for c in COLUMNS}
    Bucket = dict[tuple[int, int, dt.date | None], list[tuple[int, str]]]
    existing: Bucket = {}
    provinces = {p.values["province"].pk for p in planned}
    countries = {p.values["country"].pk for p in planned}
    for pk, province_id, country_id, signed_on, title in selectors.duplicate_candidates(
        user=actor, province_ids=provinces, country_ids=countries
    ):
        existing.setdefault((province_id, country_id, signed_on), []).append(
            (pk, " ".join(fold_terms(title)))
        )
    undated: dict[tuple[int, int], list[tuple[int, str]]] = {}
    for (province_id, country_id, _signed), items in existing.items():
        undated.setdefault((province_id, country_id), []).extend(items)
    seen: Bucket = {}
    seen_undated: dict[tuple[int, int], list[tuple[int, str]]] = {}
    for row in planned:
        pair = (row.values["province"].pk, row.values["country"].pk)
        signed = row.values["signed_on"]
        title = " ".join(fold_terms(row.values["title_vi"]))
        sources: list[tuple[list[tuple[int, str]], bool]]
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
