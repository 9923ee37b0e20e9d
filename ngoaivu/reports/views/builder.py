"""The report builder's pages (issue 22): choose a report (kind, period — a Decree 09/2019 preset or free dates —,
the province or mission, the format), preview it (each section's figures read-only, its narrative editable,
the proposals for a province's report), export it ("Xuất": a job in the worker), follow its progress on the
run's page (HTMX polling, no inline script) and download it; and the list of past runs.

The forms live here (the only pages that use them); the figures are counted by `reports.figures.build`, the
writes are `reports.services`, the reads `reports.selectors.runs`."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ngoaivu.accounts.web import signed_in
from ngoaivu.audit import services as audit
from ngoaivu.audit.models import AccessEvent
from ngoaivu.core.columns import Column, display
from ngoaivu.core.exceptions import Forbidden, ServiceError
from ngoaivu.core.forms import BaseForm, DateInput
from ngoaivu.core.lists import parse_filters
from ngoaivu.core.web import is_htmx, list_page
from ngoaivu.reports import figures, periods, services
from ngoaivu.reports.content import ReportContent
from ngoaivu.reports.documents import pdf
from ngoaivu.reports.documents.vietnamese import MAX_SYMBOL_CHARS, default_symbol, figure_value
from ngoaivu.reports.models import ReportRun
from ngoaivu.reports.selectors import runs as selectors

FREE = "free"
NARRATIVE = "narrative_"
ORIGINAL = "original_"


def _presets(today: dt.date) -> dict[str, periods.Preset]:
    return {p.key: p for p in periods.presets(today)}


class ChooseForm(BaseForm):
    """Step 1: which report. A preset fills the dates on the server (no script); "free" takes the dates typed."""

    kind = forms.ChoiceField(
        label=gettext_lazy("Loại báo cáo"),
        error_messages={"invalid_choice": gettext_lazy("Chọn loại báo cáo trong danh sách.")},
    )
    preset = forms.ChoiceField(
        label=gettext_lazy("Kỳ báo cáo"),
        required=False,
        error_messages={"invalid_choice": gettext_lazy("Chọn một kỳ báo cáo trong danh sách.")},
    )
    date_from = forms.DateField(label=gettext_lazy("Từ ngày"), required=False, widget=DateInput())
    date_to = forms.DateField(label=gettext_lazy("Đến ngày"), required=False, widget=DateInput())
    organisation = forms.TypedChoiceField(
        label=gettext_lazy("Tỉnh, thành phố / cơ quan đại diện"),
        required=False,
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": gettext_lazy("Chọn một đơn vị trong danh sách.")},
    )
    format = forms.ChoiceField(
        label=gettext_lazy("Định dạng"),
        choices=ReportRun.Format.choices,
        error_messages={"invalid_choice": gettext_lazy("Chọn Word (.docx), PDF hoặc Excel.")},
    )

    def __init__(self, data: Any, *, user: Any, today: dt.date) -> None:
        super().__init__(data)
        self.presets = _presets(today)
        self.fields["kind"].choices = selectors.kinds_for(user)  # type: ignore[attr-defined]
        self.fields["preset"].choices = [  # type: ignore[attr-defined]
            *((key, p.label) for key, p in self.presets.items()),
            (FREE, _("Tự chọn ngày (nhập Từ ngày – Đến ngày)")),
        ]
        self.fields["preset"].initial = "six_monthly"
        orgs: list[tuple[Any, Any]] = []
        for kind in (ReportRun.Kind.PROVINCE_PERIODIC, ReportRun.Kind.MISSION_SUPPORT):
            choices = selectors.organisation_choices(user, kind)
            if choices:
                orgs.append((ReportRun.Kind(kind).label, choices))
        self.fields["organisation"].choices = [  # type: ignore[attr-defined]
            ("", _("— đơn vị của tôi / không áp dụng —")),
            *orgs,
        ]
        self.fields["organisation"].help_text = _(
            "Cho báo cáo định kỳ của tỉnh hoặc báo cáo của cơ quan đại diện; báo cáo tổng kết toàn quốc không cần."
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        key = data.get("preset") or ""
        if key and key != FREE and key in self.presets:
            period = self.presets[key].period
            data["date_from"], data["date_to"], data["label"] = period.start, period.end, period.label
        else:
            data["label"] = ""
            if not data.get("date_from"):
                self.add_error("date_from", _("Nhập ngày bắt đầu hoặc chọn một kỳ báo cáo."))
            if not data.get("date_to"):
                self.add_error("date_to", _("Nhập ngày kết thúc hoặc chọn một kỳ báo cáo."))
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            raise ValidationError(_("Ngày kết thúc phải từ ngày bắt đầu trở đi."))
        return data

    def run_input(self, posted: Any = None) -> services.RunInput:
        d = self.cleaned_data
        narratives: dict[str, str] = {}
        extra: dict[str, str] = {}
        if posted is not None:
            # a narrative left as prefilled is not kept: the job writes the skeleton again from the figures it
            # counts, so the text never quotes a number the records no longer give
            narratives = {
                k[len(NARRATIVE) :]: v
                for k, v in posted.items()
                if k.startswith(NARRATIVE)
                and " ".join(v.split()) != " ".join(posted.get(ORIGINAL + k, "").split())
            }
            extra = {k: posted.get(k, "") for k in ("proposals", "signer_title", "signer_name", "symbol")}
        return services.RunInput(
            kind=d["kind"],
            period_from=d["date_from"],
            period_to=d["date_to"],
            format=d["format"],
            organisation_id=d.get("organisation"),
            period_label=d.get("label", ""),
            narratives=narratives,
            **extra,
        )


def _preview_sections(content: ReportContent, posted: Any) -> list[dict[str, Any]]:
    """What the preview shows per section: its figures as they will be printed, its tables, its narrative (the
    officers' text when they posted one, else the prefilled skeleton)."""
    shown = []
    for section in content.sections:
        name = f"{NARRATIVE}{section.key}"
        shown.append(
            {
                "section": section,
                "field": name,
                "original": ORIGINAL + name,
                "skeleton": section.narrative,
                "narrative": posted.get(name, section.narrative) if posted is not None else section.narrative,
                "figures": [(f, figure_value(f)) for f in section.figures],
            }
        )
    return shown


def _preview(
    request: HttpRequest,
    form: ChooseForm,
    user: Any,
    *,
    posted: Any = None,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    data = form.run_input()
    try:
        organisation = services.validate(user, data)
    except ServiceError as exc:
        form.apply_service_errors({_FIELDS.get(k, k): v for k, v in exc.errors.items()})
        if not exc.errors:
            form.add_error(None, exc.message)
        return _choose(request, form, status=400)
    assert data.period_from is not None and data.period_to is not None  # noqa: PT018 - validate() checked
    content = figures.build(
        data.kind,
        actor=user,
        period_from=data.period_from,
        period_to=data.period_to,
        organisation=organisation,
    )
    context = {
        "title": _("Xem trước báo cáo"),
        "form": form,
        "content": content,
        "sections": _preview_sections(content, posted),
        "kind_label": ReportRun.Kind(data.kind).label,
        "format_label": ReportRun.Format(data.format).label,
        "organisation": organisation,
        "period_label": data.period_label,
        "with_proposals": data.kind == ReportRun.Kind.PROVINCE_PERIODIC,
        "proposals": posted.get("proposals", content.proposals) if posted is not None else content.proposals,
        "signer_title": posted.get("signer_title", content.signer_title)
        if posted is not None
        else content.signer_title,
        "signer_name": posted.get("signer_name", content.signer_name)
        if posted is not None
        else content.signer_name,
        "symbol": posted.get("symbol", "")
        if posted is not None
        else default_symbol(content.kind, content.issuing_body or ""),
        "symbol_max": MAX_SYMBOL_CHARS,
        "error": error,
    }
    return render(request, "reports/builder_preview.html", context, status=status)


_FIELDS = {"from": "date_from", "to": "date_to"}


def _choose(request: HttpRequest, form: ChooseForm, *, status: int = 200) -> HttpResponse:
    context = {
        "title": _("Lập báo cáo"),
        "form": form,
        "pdf_missing": pdf.UNAVAILABLE if not pdf.available() else "",
        "runs_url": reverse("reports:run_list"),
    }
    return render(request, "reports/builder.html", context, status=status)


@login_required
def builder(request: HttpRequest) -> HttpResponseBase:
    """GET without a kind: the choice. GET with one ("Xem trước"): the preview. POST ("Xuất"): the job."""
    user = signed_in(request)
    today = timezone.localdate()
    if not selectors.kinds_for(user):
        raise Forbidden()
    if request.method == "POST":
        form = ChooseForm(request.POST, user=user, today=today)
        if not form.is_valid():
            return _choose(request, form, status=400)
        try:
            run = services.report_run_create(actor=user, data=form.run_input(request.POST))
        except ServiceError as exc:
            message = exc.as_text() if exc.errors else exc.message
            return _preview(request, form, user, posted=request.POST, error=message, status=400)
        return redirect("reports:run_detail", run_id=run.pk)
    if "kind" not in request.GET:
        return _choose(request, ChooseForm(None, user=user, today=today))
    form = ChooseForm(request.GET, user=user, today=today)
    if not form.is_valid():
        return _choose(request, form, status=400)
    return _preview(request, form, user)


@login_required
def run_detail(request: HttpRequest, run_id: int) -> HttpResponseBase:
    """The run: its parameters, progress (the status block polls itself every 2 s while the job runs) and,
    when done, the download and the document in the library."""
    run = selectors.run_get(user=signed_in(request), pk=run_id)
    context = {"title": str(run), "run": run}
    template = "reports/run_status.html" if is_htmx(request) else "reports/run_detail.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@login_required
def run_download(request: HttpRequest, run_id: int) -> HttpResponseBase:
    user = signed_in(request)
    run = selectors.run_get(user=user, pk=run_id)
    if run.status != ReportRun.Status.DONE or not run.file:
        raise Http404()
    audit.access(kind=AccessEvent.Kind.EXPORT, user=user, path=request.get_full_path())
    return FileResponse(
        run.file.open("rb"), as_attachment=True, filename=run.file_name or services.file_name(run)
    )


def _who(run: ReportRun) -> str:
    return str(run.created_by) if run.created_by else ""


RUN_COLUMNS = [
    Column(
        "kind",
        gettext_lazy("Loại báo cáo"),
        lambda r: display(r, "kind"),
        sort="kind",
        link=lambda r: reverse("reports:run_detail", args=[r.pk]),
    ),
    Column("created", gettext_lazy("Yêu cầu lúc"), lambda r: r.created_at, sort="created"),
    Column(
        "organisation",
        gettext_lazy("Đơn vị được báo cáo"),
        lambda r: r.organisation.name_vi if r.organisation else "",
    ),
    Column("period", gettext_lazy("Kỳ báo cáo"), lambda r: r.period_label),
    Column("from", gettext_lazy("Từ ngày"), lambda r: r.period_from, sort="period"),
    Column("to", gettext_lazy("Đến ngày"), lambda r: r.period_to),
    Column("format", gettext_lazy("Định dạng"), lambda r: display(r, "format")),
    Column("status", gettext_lazy("Trạng thái"), lambda r: display(r, "status"), sort="status"),
    Column("who", gettext_lazy("Người yêu cầu"), _who),
    Column("owner", gettext_lazy("Đơn vị yêu cầu"), lambda r: r.owner_org.name_vi),
]


def _exported(request: HttpRequest, user: Any) -> None:
    """Exports are logged (ARCHITECTURE §1: AccessEvent for exports), with the filters in the path."""
    audit.access(kind=AccessEvent.Kind.EXPORT, user=user, path=request.get_full_path())


@login_required
def run_list(request: HttpRequest) -> HttpResponseBase:
    user = signed_in(request)
    filters = parse_filters(selectors.RunFilters, request.GET).filters
    actions = (
        [{"url": reverse("reports:builder"), "label": _("Lập báo cáo mới")}]
        if selectors.kinds_for(user)
        else []
    )
    return list_page(
        request,
        title=_("Báo cáo đã lập"),
        filters_schema=selectors.RunFilters,
        queryset=lambda f: selectors.run_list(user=user, filters=f),
        columns=RUN_COLUMNS,
        export_stem="bao-cao-da-lap",
        filter_fields=[
            {
                "name": "kind",
                "label": _("Loại báo cáo"),
                "choices": selectors.kinds_seen(user),
                "current": filters.kind,
            },
            {
                "name": "status",
                "label": _("Trạng thái"),
                "choices": ReportRun.Status.choices,
                "current": filters.status,
            },
            {
                "name": "output",
                "label": _("Định dạng"),
                "choices": ReportRun.Format.choices,
                "current": filters.output,
            },
            {
                "name": "date_from",
                "label": _("Yêu cầu từ ngày"),
                "type": "date",
                "current": filters.date_from,
            },
            {"name": "date_to", "label": _("Yêu cầu đến ngày"), "type": "date", "current": filters.date_to},
        ],
        actions=actions,
        on_export=lambda f: _exported(request, user),
    )


urlpatterns = [
    path("builder/", builder, name="builder"),
    path("runs/", run_list, name="run_list"),
    path("runs/<int:run_id>/", run_detail, name="run_detail"),
    path("runs/<int:run_id>/download/", run_download, name="run_download"),
]
