"""Pages of the aid app: the project list (+ xlsx), detail, create/edit, yearly figures, reports, summary."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from ngoaivu.accounts.models import User
from ngoaivu.accounts.selectors import audit_events_for
from ngoaivu.accounts.web import signed_in
from ngoaivu.aid import selectors, services
from ngoaivu.aid.columns import PROJECT_COLUMNS, SUMMARY_COLUMNS, amount, money
from ngoaivu.aid.filters import AidProjectFilters
from ngoaivu.aid.forms import ProjectForm, ReportForm, YearsForm
from ngoaivu.aid.models import AidProject
from ngoaivu.audit import services as audit
from ngoaivu.audit.models import AccessEvent
from ngoaivu.core.columns import xlsx_response
from ngoaivu.core.exceptions import Forbidden
from ngoaivu.core.inputs import input_from
from ngoaivu.core.lists import parse_filters
from ngoaivu.core.scoping import Action, can
from ngoaivu.core.web import list_page, save_form
from ngoaivu.directory import selectors as directory


def _filter_fields(user: User, filters: AidProjectFilters) -> list[dict[str, Any]]:
    return [
        {"name": "q", "label": _("Tìm kiếm"), "type": "search", "current": filters.q},
        {
            "name": "status",
            "label": _("Tình trạng"),
            "choices": AidProject.Status.choices,
            "current": filters.status,
        },
        {
            "name": "country",
            "label": _("Quốc gia"),
            "choices": directory.country_code_choices(foreign_only=True),
            "current": filters.country,
        },
        {
            "name": "ngo",
            "label": _("Tổ chức PCPNN"),
            "choices": [(str(k), v) for k, v in selectors.ngo_filter_choices(user=user)],
            "current": str(filters.ngo or ""),
        },
        {
            "name": "province",
            "label": _("Tỉnh thực hiện"),
            "choices": directory.province_code_choices(),
            "current": filters.province,
        },
        {"name": "year", "label": _("Năm thực hiện"), "type": "number", "current": filters.year or ""},
    ]


def _tabs(user: User) -> list[dict[str, str]]:
    tabs = []
    if services.may_create(user):
        tabs.append({"url": reverse("aid:project_create"), "label": _("Ghi dự án mới")})
    tabs.append({"url": reverse("aid:summary"), "label": _("Kế hoạch và thực tế giải ngân")})
    return tabs


@login_required
def project_list(request: HttpRequest) -> HttpResponseBase:
    user = signed_in(request)
    filters = parse_filters(AidProjectFilters, request.GET).filters
    return list_page(
        request,
        title=_("Viện trợ phi chính phủ nước ngoài"),
        filters_schema=AidProjectFilters,
        queryset=lambda f: selectors.project_list(
            user=user, filters=f, action=Action.EXPORT if request.GET.get("format") == "xlsx" else Action.VIEW
        ),
        columns=PROJECT_COLUMNS,
        export_stem="vien-tro-pcpnn",
        filter_fields=_filter_fields(user, filters),
        actions=_tabs(user),
        on_export=lambda f: _exported(request, user),
    )


def _exported(request: HttpRequest, user: User) -> None:
    """Exports are logged (ARCHITECTURE §1: AccessEvent for exports), with the filters in the path."""
    audit.access(kind=AccessEvent.Kind.EXPORT, user=user, path=request.get_full_path())


def _form(request: HttpRequest, user: User, initial: dict[str, Any]) -> ProjectForm:
    return ProjectForm(
        request.POST or None,
        initial=initial,
        ngos=selectors.ngo_choices(user=user),
        countries=directory.country_code_choices(foreign_only=True),
        fields=selectors.field_choices(),
        provinces=directory.province_code_choices(),
        formers=selectors.former_choices(province_code=user.scope.province_code),
    )


def _project_input(data: dict[str, Any]) -> services.ProjectInput:
    return input_from(
        services.ProjectInput,
        data,
        fields=tuple(data["field_codes"]),
        provinces=tuple(data["provinces"]),
        country=data["country"] or "",
        former_province=data["former_province"] or "",
    )


@login_required
def project_form(request: HttpRequest, pk: int | None = None) -> HttpResponseBase:
    user = signed_in(request)
    project = None
    initial: dict[str, Any] = {"currency": "USD", "status": AidProject.Status.PROPOSED}
    if pk is not None:
        project = selectors.project_get(user=user, pk=pk, action=Action.CHANGE)
        initial = {**selectors.project_values(project), "version": project.version}
        initial["field_codes"] = list(initial.pop("fields"))
        initial["provinces"] = list(initial["provinces"])
    elif not services.may_create(user):
        raise Forbidden()
    form = _form(request, user, initial)

    def save(data: dict[str, Any]) -> AidProject:
        if project is None:
            return services.project_create(actor=user, data=_project_input(data))
        return services.project_update(
            actor=user, project_id=project.pk, expected_version=data["version"], data=_project_input(data)
        )

    saved = save_form(request, form, save, done=_("Đã lưu dự án."))
    if saved.result is not None:
        return redirect(saved.result)
    return render(
        request,
        "aid/project_form.html",
        {
            "title": _("Ghi dự án viện trợ PCPNN")
            if project is None
            else _("Sửa: %(t)s") % {"t": project.title},
            "form": form,
            "back": reverse("aid:project_list") if project is None else project.get_absolute_url(),
        },
        status=saved.status,
    )


@login_required
def project_detail(request: HttpRequest, pk: int) -> HttpResponseBase:
    user = signed_in(request)
    project = selectors.project_get(user=user, pk=pk)
    years = list(project.years.all())
    planned = sum((y.planned or Decimal(0) for y in years), start=Decimal(0))
    actual = sum((y.actual or Decimal(0) for y in years), start=Decimal(0))
    return render(
        request,
        "aid/project_detail.html",
        {
            "title": project.title,
            "project": project,
            "commitment": money(project.commitment, project.currency),
            "years": [
                (
                    y.year,
                    amount(y.planned),
                    amount(y.actual),
                    selectors.rate(y.planned, y.actual),
                )
                for y in years
            ],
            "total": (amount(planned), amount(actual), selectors.rate(planned, actual)) if years else None,
            "reports": list(project.reports.all()),
            "can_change": can(user, Action.CHANGE, project),
            "events": audit_events_for(user=user, target=project),
        },
    )


@login_required
def years_form(request: HttpRequest, pk: int) -> HttpResponseBase:
    user = signed_in(request)
    project = selectors.project_get(user=user, pk=pk, action=Action.CHANGE)
    existing = {y.year: y for y in project.years.all()}
    span: set[int] = set(existing)
    if project.start_on and project.end_on and project.end_on.year - project.start_on.year <= 30:
        span |= set(range(project.start_on.year, project.end_on.year + 1))
    years = sorted(span)
    initial: dict[str, Any] = {"version": project.version}
    for year, row in existing.items():
        initial[f"planned_{year}"] = row.planned
        initial[f"actual_{year}"] = row.actual
    form = YearsForm(request.POST or None, years=years, initial=initial)

    def save(data: dict[str, Any]) -> AidProject:
        rows = [services.YearInput(year=y, planned=p, actual=a) for y, p, a in form.year_values()]
        return services.years_set(
            actor=user, project_id=project.pk, expected_version=data["version"], rows=rows
        )

    saved = save_form(request, form, save, done=_("Đã lưu số liệu giải ngân theo năm."))
    if saved.result is not None:
        return redirect(saved.result)
    return render(
        request,
        "aid/years_form.html",
        {
            "title": _("Giải ngân theo năm: %(t)s") % {"t": project.title},
            "project": project,
            "form": form,
        },
        status=saved.status,
    )


@login_required
def report_form(request: HttpRequest, pk: int) -> HttpResponseBase:
    user = signed_in(request)
    project = selectors.project_get(user=user, pk=pk, action=Action.CHANGE)
    form = ReportForm(request.POST or None, request.FILES or None)

    def save(data: dict[str, Any]) -> AidProject:
        services.report_add(
            actor=user,
            project_id=project.pk,
            data=input_from(services.ReportInput, data),
            upload=data.get("file"),
        )
        return project

    saved = save_form(request, form, save, done=_("Đã thêm báo cáo."))
    if saved.result is not None:
        return redirect(saved.result)
    return render(
        request,
        "aid/report_form.html",
        {"title": _("Thêm báo cáo: %(t)s") % {"t": project.title}, "project": project, "form": form},
        status=saved.status,
    )


@login_required
def report_file(request: HttpRequest, pk: int, report_id: int) -> HttpResponseBase:
    project = selectors.project_get(user=signed_in(request), pk=pk)
    report = project.reports.filter(pk=report_id).first()
    if report is None or not report.file:
        raise Http404()
    return FileResponse(report.file.open("rb"), as_attachment=True, filename=report.name)


@login_required
def summary(request: HttpRequest) -> HttpResponseBase:
    user = signed_in(request)
    parsed = parse_filters(AidProjectFilters, request.GET)
    filters = parsed.filters
    by_year = selectors.summary_by_year(user=user, filters=filters)
    by_donor = selectors.summary_by_donor(user=user, filters=filters)
    usd = selectors.usd_totals(by_year)
    title = _("Kế hoạch và thực tế giải ngân viện trợ PCPNN")
    if request.GET.get("format") == "xlsx":
        _exported(request, user)
        rows: list[tuple[str, Any]] = [(str(_("Theo năm")), r) for r in by_year]
        rows += [(str(_("Tổng quy đổi USD")), r) for r in usd]
        rows += [(str(_("Theo nhà tài trợ")), r) for r in by_donor]
        return xlsx_response(
            rows, SUMMARY_COLUMNS, title=title, filename_stem="vien-tro-pcpnn-ke-hoach-thuc-te"
        )
    params = request.GET.copy()
    params["format"] = "xlsx"
    return render(
        request,
        "aid/summary.html",
        {
            "title": title,
            "by_year": [(r, amount(r.planned), amount(r.actual)) for r in by_year],
            "usd": [(r, amount(r.planned), amount(r.actual)) for r in usd],
            "by_donor": [(r, amount(r.planned), amount(r.actual)) for r in by_donor],
            "filter_fields": _filter_fields(user, filters),
            "filter_errors": parsed.errors,
            "export_query": params.urlencode(),
        },
    )
