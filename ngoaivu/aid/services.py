"""Writes of the aid app: projects (create, edit), their yearly planned/actual figures, their reports.
Every write is scoped (`get_for_action`), validated with Vietnamese messages naming the field, versioned,
audited; the search index follows the saved row (`core.versioning` signal)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from ngoaivu.accounts.models import User
from ngoaivu.agreements.models import CooperationField
from ngoaivu.agreements.services.agreement_files import check_upload
from ngoaivu.aid.models import CURRENCIES, AidProject, AidReport, AidYear
from ngoaivu.audit import services as audit
from ngoaivu.core import files
from ngoaivu.core.actors import Actor
from ngoaivu.core.exceptions import Forbidden, ServiceError
from ngoaivu.core.scoping import Action, get_for_action
from ngoaivu.core.text import clean_line, clean_text, search_key
from ngoaivu.core.versioning import save_versioned
from ngoaivu.directory.models import Country, FormerProvince, Partner, Province

MAX_AMOUNT = Decimal("1e15")
MERGER_DAY = dt.date(2025, 7, 1)  # Resolution 202/2025/QH15: 63 provincial units became 34


@dataclass(frozen=True)
class ProjectInput:
    title: str
    ngo_id: int
    commitment: Decimal
    currency: str = "USD"
    status: str = AidProject.Status.PROPOSED
    country: str = ""  # ISO alpha-2; empty: the NGO's country
    fields: tuple[str, ...] = ()  # CooperationField codes
    provinces: tuple[str, ...] = ()  # current province codes besides the owner's own
    localities: str = ""
    former_province: str = ""  # pre-2025 code as the approval named it
    province_as_named: str = ""
    approval_number: str = ""
    approval_date: dt.date | None = None
    approving_body: str = ""
    start_on: dt.date | None = None
    end_on: dt.date | None = None
    description: str = ""


@dataclass(frozen=True)
class YearInput:
    year: int
    planned: Decimal | None = None
    actual: Decimal | None = None


@dataclass(frozen=True)
class ReportInput:
    reported_on: dt.date
    title: str
    summary: str = ""


def _user(actor: Actor) -> User | None:
    """The person behind a write (None for a system actor), for created_by / updated_by."""
    return actor if isinstance(actor, User) else None


def may_create(actor: Actor) -> bool:
    """Province officers and heads record their province's projects."""
    scope = actor.scope
    return bool(scope.can_write and scope.is_province and scope.org_id)


def _fail(errors: dict[str, list[str]], message: str) -> None:
    if errors:
        raise ServiceError(message, errors)


def _amount(
    errors: dict[str, list[str]], name: str, value: Decimal | None, *, required: bool
) -> Decimal | None:
    if value is None:
        if required:
            errors.setdefault(name, []).append(_("Không được để trống."))
        return None
    if value < 0:
        errors.setdefault(name, []).append(_("Không được âm."))
    elif value >= MAX_AMOUNT:
        errors.setdefault(name, []).append(_("Số quá lớn."))
    return value.quantize(Decimal("0.01"))


def _values(actor: Actor, province: Province, data: ProjectInput) -> tuple[dict[str, Any], dict[str, Any]]:
    """The project's own fields and its many-to-many sets, validated; raises ServiceError naming each field."""
    errors: dict[str, list[str]] = {}
    title = clean_line(data.title)
    if not title:
        errors["title"] = [_("Tên dự án: không được để trống.")]
    elif len(title) > 500:
        errors["title"] = [_("Tên dự án: tối đa 500 ký tự.")]
    ngo = (
        Partner.objects.visible_to(actor, Action.VIEW)
        .filter(pk=data.ngo_id)
        .select_related("country")
        .first()
    )
    if ngo is None:
        errors["ngo"] = [_("Tổ chức PCPNN: không có trong danh bạ đối tác.")]
    elif ngo.kind != Partner.Kind.NGO:
        errors["ngo"] = [_("Tổ chức PCPNN: đối tác này không phải tổ chức phi chính phủ.")]
    country = None
    if data.country:
        country = Country.objects.filter(iso2=data.country.strip().upper()).first()
        if country is None:
            errors["country"] = [_("Quốc gia: mã không có trong danh mục.")]
    elif ngo is not None:
        country = ngo.country
    if data.currency not in dict(CURRENCIES):
        errors["currency"] = [_("Tiền tệ: chọn một loại trong danh sách.")]
    if data.status not in AidProject.Status.values:
        errors["status"] = [_("Tình trạng: không hợp lệ.")]
    commitment = _amount(errors, "commitment", data.commitment, required=True)
    if data.start_on and data.end_on and data.end_on < data.start_on:
        errors["end_on"] = [_("Ngày kết thúc phải từ ngày bắt đầu trở đi.")]
    wanted_fields = {c for c in data.fields if c}
    fields = list(CooperationField.objects.filter(code__in=wanted_fields))
    if len(fields) != len(wanted_fields):
        errors["fields"] = [_("Lĩnh vực: có mã không có trong danh mục.")]
    wanted_provinces = {c for c in data.provinces if c} | {province.code}
    provinces = list(Province.objects.filter(code__in=wanted_provinces))
    if len(provinces) != len(wanted_provinces):
        errors["provinces"] = [_("Tỉnh thực hiện: có mã không có trong danh mục.")]
    former = None
    if not data.former_province and data.approval_date is not None and data.approval_date < MERGER_DAY:
        # approved before the merger: by the unit of that time with the province's code, as named then
        former = FormerProvince.objects.filter(code=province.code, successor=province).first()
    if data.former_province:
        former = FormerProvince.objects.filter(code=data.former_province).first()
        if former is None:
            errors["former_province"] = [_("Tỉnh khi phê duyệt: mã không có trong danh mục.")]
        elif former.successor_id != province.pk:
            errors["former_province"] = [
                _("Tỉnh khi phê duyệt: %(f)s nay không thuộc %(p)s.") % {"f": former.name, "p": province.name}
            ]
        elif data.approval_date is not None and data.approval_date >= MERGER_DAY:
            errors["former_province"] = [
                _(
                    "Tỉnh khi phê duyệt: phê duyệt từ 01/07/2025 thì ghi theo tỉnh hiện hành, không theo %(f)s."
                )
                % {"f": former.name}
            ]
    texts = {
        "localities": (data.localities, 1000),
        "province_as_named": (data.province_as_named, 100),
        "approval_number": (data.approval_number, 60),
        "approving_body": (data.approving_body, 300),
    }
    values: dict[str, Any] = {}
    for name, (value, limit) in texts.items():
        values[name] = clean_line(value)
        if len(values[name]) > limit:
            errors[name] = [_("Tối đa %(n)d ký tự.") % {"n": limit}]
    description = clean_text(data.description)
    if len(description) > 20000:
        errors["description"] = [_("Tối đa %(n)d ký tự.") % {"n": 20000}]
    _fail(errors, _("Chưa lưu được dự án."))
    if not values["province_as_named"]:
        values["province_as_named"] = former.name if former is not None else province.name
    values.update(
        title=title,
        ngo=ngo,
        country=country,
        commitment=commitment,
        currency=data.currency,
        status=data.status,
        former_province=former,
        approval_date=data.approval_date,
        start_on=data.start_on,
        end_on=data.end_on,
        description=description,
    )
    return values, {"fields": fields, "provinces": provinces}


def _search_text(project: AidProject, ngo: Partner) -> str:
    return search_key(
        project.title,
        ngo.name,
        ngo.name_vi,
        ngo.abbreviation,
        project.province_as_named,
        project.localities,
        project.approval_number,
    )


def _check(project: AidProject) -> None:
    try:
        project.full_clean(exclude=["owner_org", "created_by", "updated_by", "search_text"])
    except ValidationError as exc:
        raise ServiceError(_("Chưa lưu được dự án."), exc.message_dict) from exc


@transaction.atomic
def project_create(*, actor: Actor, data: ProjectInput, years: tuple[YearInput, ...] = ()) -> AidProject:
    if not may_create(actor):
        raise Forbidden()
    province = Province.objects.filter(code=actor.scope.province_code).first()
    if province is None:
        raise Forbidden()
    values, sets = _values(actor, province, data)
    kept = _checked_years(years)
    user = _user(actor)
    org_id = actor.scope.org_id
    if org_id is None:
        raise Forbidden()
    project = AidProject(owner_org_id=org_id, province=province, created_by=user, updated_by=user, **values)
    project.search_text = _search_text(project, values["ngo"])
    _check(project)
    save_versioned(project, None)
    project.fields.set(sets["fields"])
    project.provinces.set(sets["provinces"])
    _write_years(project, kept)
    audit.record(actor=actor, action="aid_project.create", target=project, after=_snapshot(project))
    return project


@transaction.atomic
def project_update(
    *, actor: Actor, project_id: int, expected_version: int | None, data: ProjectInput
) -> AidProject:
    project = get_for_action(AidProject, actor, Action.CHANGE, pk=project_id)
    values, sets = _values(actor, project.province, data)
    before = _snapshot(project)
    for name, value in values.items():
        setattr(project, name, value)
    project.updated_by = _user(actor)
    project.search_text = _search_text(project, values["ngo"])
    _check(project)
    save_versioned(project, expected_version)
    project.fields.set(sets["fields"])
    project.provinces.set(sets["provinces"])
    audit.record(
        actor=actor, action="aid_project.update", target=project, before=before, after=_snapshot(project)
    )
    return project


def _snapshot(project: AidProject) -> dict[str, Any]:
    snap = audit.snapshot(project)
    snap.pop("search_text", None)
    if project.pk:
        snap["fields"] = sorted(project.fields.values_list("code", flat=True))
        snap["provinces"] = sorted(project.provinces.values_list("code", flat=True))
        snap["years"] = [
            [
                y.year,
                str(y.planned) if y.planned is not None else None,
                str(y.actual) if y.actual is not None else None,
            ]
            for y in project.years.order_by("year")
        ]
    return snap


def _checked_years(rows: list[YearInput] | tuple[YearInput, ...]) -> list[YearInput]:
    """The rows to keep (a row with neither figure is dropped), or ServiceError naming each bad row."""
    errors: dict[str, list[str]] = {}
    seen: set[int] = set()
    kept: list[YearInput] = []
    for row in rows:
        if row.planned is None and row.actual is None:
            continue
        if not 1990 <= row.year <= 2100:
            errors.setdefault("years", []).append(_("Năm %(y)s: phải từ 1990 đến 2100.") % {"y": row.year})
            continue
        if row.year in seen:
            errors.setdefault("years", []).append(_("Năm %(y)d: ghi hai lần.") % {"y": row.year})
            continue
        seen.add(row.year)
        for name, value in (("planned", row.planned), ("actual", row.actual)):
            if value is not None and (value < 0 or value >= MAX_AMOUNT):
                label = _("kế hoạch") if name == "planned" else _("thực tế")
                errors.setdefault("years", []).append(
                    _("Năm %(y)d, %(l)s: phải là số không âm.") % {"y": row.year, "l": label}
                )
        kept.append(row)
    _fail(errors, _("Chưa lưu được số liệu theo năm."))
    return sorted(kept, key=lambda r: r.year)


def _write_years(project: AidProject, rows: list[YearInput]) -> None:
    project.years.all().delete()
    AidYear.objects.bulk_create(
        [
            AidYear(
                project=project,
                year=r.year,
                planned=None if r.planned is None else r.planned.quantize(Decimal("0.01")),
                actual=None if r.actual is None else r.actual.quantize(Decimal("0.01")),
            )
            for r in rows
        ]
    )


@transaction.atomic
def years_set(
    *, actor: Actor, project_id: int, expected_version: int | None, rows: list[YearInput]
) -> AidProject:
    """Replace the project's yearly figures (planned and actual disbursement, in the project's currency). The
    project's version moves, so two people editing the table at once do not overwrite each other."""
    project = get_for_action(AidProject, actor, Action.CHANGE, pk=project_id)
    kept = _checked_years(rows)
    before = _snapshot(project)
    project.updated_by = _user(actor)
    save_versioned(project, expected_version)
    _write_years(project, kept)
    audit.record(
        actor=actor, action="aid_project.years", target=project, before=before, after=_snapshot(project)
    )
    return project


@files.atomic()  # a failed write deletes the file it stored
def report_add(
    *, actor: Actor, project_id: int, data: ReportInput, upload: UploadedFile | None = None
) -> AidReport:
    """A report of the project (a new row beside it: nothing the editor read is overwritten)."""
    project = get_for_action(AidProject, actor, Action.CHANGE, pk=project_id)
    errors: dict[str, list[str]] = {}
    title = clean_line(data.title)
    if not title:
        errors["title"] = [_("Tiêu đề: không được để trống.")]
    elif len(title) > 300:
        errors["title"] = [_("Tiêu đề: tối đa 300 ký tự.")]
    summary = clean_text(data.summary)
    if len(summary) > 10000:
        errors["summary"] = [_("Tối đa %(n)d ký tự.") % {"n": 10000}]
    _fail(errors, _("Chưa lưu được báo cáo."))
    user = _user(actor)
    report = AidReport(
        project=project, reported_on=data.reported_on, title=title, summary=summary, uploaded_by=user
    )
    if upload is not None:
        name = check_upload(upload)
        report.name = name
        report.size = upload.size or 0
        report.sha256 = files.sha256_of(upload)
        files.store(report.file, name, upload)
    report.save()
    audit.record(
        actor=actor,
        action="aid_project.report_add",
        target=report,
        parent=project,
        after={"title": title, "reported_on": data.reported_on.isoformat(), "file": report.name},
        target_org_id=project.owner_org_id,
    )
    return report
